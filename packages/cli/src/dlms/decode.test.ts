import { readFileSync } from 'node:fs';
import { fromHex } from '@gridmeter/codec';
import { describe, expect, it } from 'vitest';
import { decodeDlms } from './decode.js';
import type { ApduNode, HdlcFrameNode, WrapperFrameNode } from './report.js';

/** Third-party vectors beside the checkout (../shared/vectors/dlms), never copied into the project. */
const VECTORS = new URL('../../../../../shared/vectors/dlms/', import.meta.url);

interface Message {
  readonly dir: 'TX' | 'RX';
  readonly hex: string;
  readonly dlms_cosem_independent_decrypt?: string;
}
interface Session {
  readonly name: string;
  readonly description: string;
  readonly messages: readonly Message[];
}

const captures = JSON.parse(readFileSync(new URL('captures/loopback-sessions.json', VECTORS), 'utf8')) as {
  sessions: Session[];
};
const suite0 = JSON.parse(readFileSync(new URL('security-suite0-vectors.json', VECTORS), 'utf8')) as {
  udp_general_glo_ciphering_data_notifications: Array<{
    wrapper_udp_hex: string;
    general_glo_ciphering: { system_title_hex: string; invocation_counter: number };
    'plaintext_apdu_hex (decrypted here by dlms_cosem)': string;
  }>;
};

function session(namePart: string): Session {
  const s = captures.sessions.find((x) => x.name.includes(namePart));
  if (!s) throw new Error(`no session ${namePart}`);
  return s;
}

function stream(s: Session): Uint8Array {
  return fromHex(s.messages.map((m) => m.hex).join(''));
}

/** Keys spelled in the session description ("Keys: EK 0001… , AK D0D1…"). */
function keysFrom(description: string) {
  const ek = /EK ([0-9A-F]{32})/.exec(description)?.[1];
  const ak = /AK ([0-9A-F]{32})/.exec(description)?.[1];
  if (!ek || !ak) throw new Error('no keys in the description');
  return { encryptionKey: fromHex(ek), authenticationKey: fromHex(ak) };
}

const wrapperApdu = (item: unknown): ApduNode => (item as WrapperFrameNode).apdu!;
// biome-ignore lint/suspicious/noExplicitAny: the decoded APDU is a JSON tree, read field by field
const json = (node: ApduNode | undefined): any => node?.decoded;

describe('decodeDlms on the Gurux wrapper session', () => {
  const s = session('gurux-c-client__gurux-c-server__wrapper-tcp-4063__no-security');
  const report = decodeDlms(stream(s));

  it('finds every wrapper frame of the TCP stream, in order, at its offset', () => {
    expect(report.layer).toBe('wrapper');
    expect(report.items).toHaveLength(s.messages.length);
    let offset = 0;
    report.items.forEach((item, i) => {
      const frame = item as WrapperFrameNode;
      expect(frame.offset).toBe(offset);
      expect(frame.length).toBe(s.messages[i]!.hex.length / 2);
      expect(frame.source).toBe(s.messages[i]!.dir === 'TX' ? 16 : 1);
      offset += frame.length;
    });
  });

  it('decodes the AARQ, AARE, GETs and RLRQ/RLRE with names', () => {
    const types = report.items.map((i) => wrapperApdu(i).type);
    expect(types.slice(0, 4)).toEqual(['aarq', 'aare', 'get-request-normal', 'get-response-with-datablock']);
    expect(types.slice(-2)).toEqual(['rlrq', 'rlre']);
    const aare = json(wrapperApdu(report.items[1]));
    expect(aare.resultName).toBe('accepted');
    expect(aare.userInformation.negotiatedConformance.bits).toContain('get');
    expect(json(wrapperApdu(report.items[2])).attribute.obis).toBe('0.0.40.0.0.255');
  });

  it('shows the malformed clock response: the date-time and its 18 trailing bytes', () => {
    const clock = wrapperApdu(report.items.at(-3));
    expect(clock.type).toBe('get-response-normal');
    // The caveat of the capture: a valid date-time, then '09 0f 09 0c <12 bytes> 09 0f'.
    expect(json(clock).result.data.dateTime).toMatch(/^2026-11-22T/);
    expect(clock.trailing?.length).toBe(18);
    expect(clock.trailing?.hex).toMatch(/^090f090c[0-9a-f]{24}090f$/);
    expect(clock.trailing?.offset).toBe(clock.offset + clock.length);
    expect(clock.trailing?.asData?.[0]).toMatchObject({ type: 'octet-string' });
    expect(report.ok).toBe(false);
  });
});

describe('decodeDlms on the Gurux HDLC session', () => {
  const s = session('gurux-python-client__gurux-c-server__hdlc');
  const report = decodeDlms(stream(s));
  const frames = report.items as HdlcFrameNode[];

  it('decodes every HDLC frame and reassembles segmented I-frames into one GET-Response block', () => {
    expect(report.layer).toBe('hdlc');
    expect(frames).toHaveLength(s.messages.length);
    expect(frames[0]).toMatchObject({ type: 'SNRM', destination: '1', source: '16' });
    expect(frames[1]).toMatchObject({ type: 'UA', parameters: { windowSizeReceive: 1 } });
    const joined = frames.find((f) => f.reassembledFrom !== undefined)!;
    expect(joined.reassembledFrom).toHaveLength(4);
    expect(joined.apdu?.type).toBe('get-response-with-datablock');
    expect(json(joined.apdu)).toMatchObject({ blockNumber: 1, lastBlock: false });
    // The same server sent the same first block over the wrapper: its APDU is the expected value.
    const viaWrapper = session('gurux-c-client__gurux-c-server__wrapper-tcp-4063').messages[3]!.hex.slice(16);
    expect(joined.apdu?.hex).toBe(viaWrapper);
    expect(joined.apdu?.error).toBeUndefined();
  });

  it('strips the LLC header and reports its direction', () => {
    const aarq = frames[2]!;
    expect(aarq.llc).toBe('command');
    expect(aarq.apdu?.type).toBe('aarq');
    expect(aarq.apdu?.offset).toBe(aarq.offset + 11);
    expect(frames[3]!.llc).toBe('response');
  });
});

describe('decodeDlms deciphering', () => {
  const s = session('HLS-GMAC');
  const keys = keysFrom(s.description);

  it('deciphers the HLS-GMAC session, learning system titles from the AARQ and AARE', () => {
    const report = decodeDlms(stream(s), { keys });
    const apdus = report.items.map(wrapperApdu);
    // glo-initiate in user-information, deciphered with the title the AARQ/AARE itself carries.
    expect(apdus[0]!.userInformation?.deciphered?.hex).toBe(
      s.messages[0]!.dlms_cosem_independent_decrypt!.replace('user-information plaintext: ', ''),
    );
    expect(apdus[1]!.userInformation?.deciphered?.type).toBe('initiate-response');
    // glo-action-request 0xCB carries no title: it comes from the AARQ calling-AP-title.
    const action = apdus[2]!.ciphered!;
    expect(action).toMatchObject({ kind: 'glo', systemTitle: '4775727578313233', systemTitleSource: 'aarq' });
    for (const [i, m] of s.messages.entries()) {
      const plain = m.dlms_cosem_independent_decrypt;
      if (!plain || plain.startsWith('user-information')) continue;
      expect(apdus[i]!.ciphered?.deciphered?.hex, `message ${i}`).toBe(plain);
    }
    const ldn = apdus[27]!.ciphered!;
    expect(ldn).toMatchObject({
      kind: 'general-glo',
      systemTitle: '4142434445464748',
      securityControl: { byte: '30', policy: 'authenticated-encrypted' },
    });
    expect(json(ldn.deciphered).result.data.value).toBe(
      s.messages[27]!.dlms_cosem_independent_decrypt!.slice('c401c1000910'.length),
    );
  });

  it('without keys shows the security header and says keys are needed', () => {
    const report = decodeDlms(fromHex(s.messages[5]!.hex));
    const c = wrapperApdu(report.items[0]).ciphered!;
    expect(c).toMatchObject({ kind: 'general-glo', systemTitle: '4142434445464748', invocationCounter: 4 });
    expect(c.note).toMatch(/keys needed/);
    expect(report.ok).toBe(true);
  });

  it('with wrong keys reports an error per APDU and goes on with the rest', () => {
    const wrong = { encryptionKey: keys.authenticationKey, authenticationKey: keys.encryptionKey };
    const report = decodeDlms(stream(s), { keys: wrong });
    expect(report.items).toHaveLength(s.messages.length);
    const c = wrapperApdu(report.items[5]).ciphered!;
    expect(c.error?.message).toMatch(/does not verify/);
    expect(wrapperApdu(report.items.at(-2)).type).toBe('rlrq');
    expect(report.ok).toBe(false);
  });

  it("deciphers a UDP data-notification with EK = AK = 'MYDUMMYGLOBALKEY'", () => {
    const v = suite0.udp_general_glo_ciphering_data_notifications[0]!;
    const key = new TextEncoder().encode('MYDUMMYGLOBALKEY');
    const report = decodeDlms(fromHex(v.wrapper_udp_hex), {
      keys: { encryptionKey: key, authenticationKey: key },
    });
    const c = wrapperApdu(report.items[0]).ciphered!;
    expect(c.systemTitle).toBe(v.general_glo_ciphering.system_title_hex);
    expect(c.invocationCounter).toBe(v.general_glo_ciphering.invocation_counter);
    expect(c.deciphered?.hex).toBe(v['plaintext_apdu_hex (decrypted here by dlms_cosem)']);
    expect(c.deciphered?.type).toBe('data-notification');
    expect(report.ok).toBe(true);
  });
});

describe('decodeDlms on garbage', () => {
  it('reports an unknown APDU tag with its offset and does not throw', () => {
    const report = decodeDlms(fromHex('ff 01 02 03'));
    expect(report).toMatchObject({ layer: 'apdu', ok: false });
    expect((report.items[0] as ApduNode).error).toMatchObject({ offset: 0 });
  });

  it('reports a truncated APDU inside a wrapper frame at the offset where it ran out', () => {
    // GET-Request-Normal cut after the class id; the wrapper length field says 5 bytes.
    const report = decodeDlms(fromHex('0001 0010 0001 0005 c001c10008'));
    const apdu = wrapperApdu(report.items[0]);
    expect(apdu.error?.offset).toBeGreaterThanOrEqual(8);
    expect(report.ok).toBe(false);
  });

  it('decodes the frames before a broken HDLC frame and resynchronises after it', () => {
    const s = session('gurux-python-client__gurux-c-server__hdlc');
    const good = s.messages[0]!.hex;
    const badFcs = `${s.messages[2]!.hex.slice(0, -6)}0000 7e`;
    const report = decodeDlms(fromHex(`${good} ${badFcs} 1234 ${good}`));
    const items = report.items as HdlcFrameNode[];
    expect(items[0]!.type).toBe('SNRM');
    expect(items[1]!.error).toMatchObject({ offset: 9 + 42 });
    expect(items[1]!.error?.message).toMatch(/FCS/);
    expect(items.at(-1)!.type).toBe('SNRM');
    expect(report.ok).toBe(false);
  });

  it('never throws on random bytes under any layer', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    for (let n = 0; n < 300; n++) {
      const bytes = Uint8Array.from({ length: n % 60 }, random);
      for (const layer of ['wrapper', 'hdlc', 'apdu'] as const) {
        expect(() => decodeDlms(bytes, { layer })).not.toThrow();
      }
    }
  });
});
