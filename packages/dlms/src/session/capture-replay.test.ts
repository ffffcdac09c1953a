import { fromHex, toHex } from '@gridmeter/codec';
import { describe, expect, it } from 'vitest';
import { decodeApdu, encodeApdu } from '../apdu/apdu.js';
import { DataAccessResult } from '../apdu/results.js';
import { objectListConverter } from '../cosem/association.js';
import { formatLogicalName } from '../cosem/logical-name.js';
import { decipherApdu } from '../security/cipher-apdu.js';
import { InvocationCounter } from '../security/invocation-counter.js';
import { ClockObject, RegisterObject } from '../test-support/cosem-objects.js';
import { loadVectorFile } from '../test-support/vectors.js';
import { DlmsClient } from './client.js';
import { DlmsServiceError } from './errors.js';
import { DlmsServer } from './server.js';
import type { ApduTransport } from './transport.js';

interface Capture {
  readonly sessions: readonly {
    readonly name: string;
    readonly description: string;
    readonly messages: readonly { readonly dir: 'TX' | 'RX'; readonly hex: string }[];
    readonly hls_gmac_check?: Record<string, string>;
  }[];
}

const captures = loadVectorFile<Capture>('captures/loopback-sessions.json');
const session = (prefix: string) => captures.sessions.find((s) => s.name.startsWith(prefix))!;
/** The APDU of a wrapper/TCP message: everything after the 8-byte IEC 62056-47 header. */
const apduOf = (hex: string) => fromHex(hex).subarray(8);

/**
 * Plays the server's side of a capture: each request our client sends is answered with the next
 * captured response, and recorded so the test can compare it with what the captured client sent.
 */
function replayTransport(messages: readonly { dir: string; hex: string }[]) {
  const responses = messages.filter((m) => m.dir === 'RX').map((m) => apduOf(m.hex));
  const sent: Uint8Array[] = [];
  const transport: ApduTransport = {
    async request(apdu) {
      sent.push(apdu);
      const next = responses.shift();
      if (!next) throw new Error('the capture has no more responses');
      return next;
    },
    close: async () => {},
  };
  return { transport, sent, requests: messages.filter((m) => m.dir === 'TX').map((m) => apduOf(m.hex)) };
}

describe('captured sessions replayed through the client', () => {
  it('dlms_cosem client ↔ Gurux server: same GET bytes, malformed clock reported, denied register typed', async () => {
    const { transport, sent, requests } = replayTransport(session('dlms_cosem-client').messages);
    const client = new DlmsClient(transport);
    await client.associate();
    // The malformed clock response: a valid date-time followed by stray bytes.
    await expect(client.get({ classId: 8, logicalName: '0.0.1.0.0.255', attributeId: 2 })).rejects.toThrow(
      /18 unexpected bytes after the APDU/,
    );
    const ldn = await client.get({ classId: 1, logicalName: '0.0.42.0.0.255', attributeId: 2 });
    expect(ldn.type === 'octet-string' && new TextDecoder().decode(ldn.value)).toBe('GRX0000000123456');
    for (const attributeId of [2, 3]) {
      await expect(
        client.get({ classId: 3, logicalName: '1.0.1.8.0.255', attributeId }),
      ).rejects.toMatchObject({
        code: DataAccessResult.readWriteDenied,
      });
    }
    await client.release();
    // Every xDLMS request after the AARQ is byte-identical to the independent client's.
    expect(sent.slice(1).map((b) => toHex(b))).toEqual(requests.slice(1).map((b) => toHex(b)));
  });

  it('Gurux C client ↔ Gurux C server: the association view arrives in 9 blocks and decodes to 52 objects', async () => {
    const messages = session('gurux-c-client__gurux-c-server__wrapper').messages;
    const { transport, sent, requests } = replayTransport(messages);
    const client = new DlmsClient(transport, { initialInvokeId: 1 });
    await client.associate();
    const list = objectListConverter.fromData(
      await client.get({ classId: 15, logicalName: '0.0.40.0.0.255', attributeId: 2 }),
    );
    expect(list).toHaveLength(52);
    expect(list.some((o) => o.classId === 8 && formatLogicalName(o.logicalName) === '0.0.1.0.0.255')).toBe(
      true,
    );
    // The GET and each GET-Request-Next (blocks 1…8) match the Gurux client's bytes.
    expect(sent.slice(1, 10).map((b) => toHex(b))).toEqual(requests.slice(1, 10).map((b) => toHex(b)));
  });

  it('Gurux Python client ↔ Gurux C server, HLS-GMAC + suite 0: association, f(CtoS) and ciphered blocks verify', async () => {
    const s = session('gurux-python-client__gurux-c-server__wrapper');
    const check = s.hls_gmac_check!;
    const key = (label: string) =>
      fromHex(/(?:EK|AK) ([0-9A-F]{32})/.exec(s.description.slice(s.description.indexOf(label)))![1]!);
    const ctos = fromHex(check['client_to_server_challenge (AARQ calling-authentication-value)']!);
    const { transport, sent } = replayTransport(s.messages);
    const client = new DlmsClient(transport, {
      authentication: { mechanism: 'hls-gmac' },
      security: {
        policy: 'authenticated-encrypted',
        systemTitle: new TextEncoder().encode('Gurux123'),
        encryptionKey: key('EK'),
        authenticationKey: key('AK'),
        invocationCounter: new InvocationCounter(1),
      },
      challengeGenerator: () => ctos,
      initialInvokeId: 1,
      incrementInvokeId: false,
    });
    const info = await client.associate();
    expect(toHex(info.serverSystemTitle!)).toBe(toHex(new TextEncoder().encode('ABCDEFGH')));
    // Our HLS pass 3 is the captured client's: same IC, same challenge, same keys → same bytes.
    const ours = decipherApdu(sent[1]!, () => ({
      encryptionKey: key('EK'),
      authenticationKey: key('AK'),
      systemTitle: new TextEncoder().encode('Gurux123'),
    }));
    const theirs = decipherApdu(apduOf(s.messages[2]!.hex), () => ({
      encryptionKey: key('EK'),
      authenticationKey: key('AK'),
      systemTitle: new TextEncoder().encode('Gurux123'),
    }));
    const plainOurs = decodeApdu(ours.apdu);
    const plainTheirs = decodeApdu(theirs.apdu);
    expect(plainOurs.type).toBe('action-request-normal');
    if (plainOurs.type === 'action-request-normal' && plainTheirs.type === 'action-request-normal') {
      expect(plainOurs.parameters).toEqual(plainTheirs.parameters);
    }
    // The association view then arrives in general-glo-ciphered blocks that decipher, pass the
    // replay guard and reassemble.
    const list = objectListConverter.fromData(
      await client.get({ classId: 15, logicalName: '0.0.40.0.0.255', attributeId: 2 }),
    );
    expect(list.length).toBeGreaterThan(40);
  });
});

describe('captured requests replayed through the server', () => {
  it('answers the dlms_cosem client the way the capture expects, from our own objects', async () => {
    const server = new DlmsServer({
      systemTitle: new TextEncoder().encode('GMT00001'),
      objects: [new ClockObject(Date.UTC(2026, 10, 22, 20, 19)), new RegisterObject('1.0.1.8.0.255', 1234)],
      associations: [{ clientSap: 16, authentication: 'none', conformance: 0xffffff }],
    });
    const dlms = server.openSession(16);
    const requests = session('dlms_cosem-client')
      .messages.filter((m) => m.dir === 'TX')
      .map((m) => apduOf(m.hex));
    const answers = [];
    for (const r of requests) answers.push(decodeApdu((await dlms.handle(r))!));
    expect(answers.map((a) => a.type)).toEqual([
      'aare',
      'get-response-normal',
      'get-response-normal',
      'get-response-normal',
      'get-response-normal',
      'rlre',
    ]);
    // The clock (which we have) answers data; the logical device name (which we lack) object-undefined.
    const [, clock, ldn, value, scalerUnit] = answers;
    expect(clock?.type === 'get-response-normal' && clock.result.type).toBe('data');
    expect(ldn?.type === 'get-response-normal' && ldn.result).toEqual({
      type: 'data-access-result',
      dataAccessResult: DataAccessResult.objectUndefined,
    });
    expect(value?.type === 'get-response-normal' && value.result).toEqual({
      type: 'data',
      data: { type: 'double-long-unsigned', value: 1234 },
    });
    expect(scalerUnit?.type === 'get-response-normal' && scalerUnit.result.type).toBe('data');
  });

  it('accepts the Gurux Python client’s HLS-GMAC association and deciphers its general-glo GET', async () => {
    const s = session('gurux-python-client__gurux-c-server__wrapper');
    const check = s.hls_gmac_check!;
    const ek = fromHex('000102030405060708090A0B0C0D0E0F');
    const ak = fromHex('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF');
    const stoc = fromHex(check['server_to_client_challenge (AARE responding-authentication-value)']!);
    const server = new DlmsServer({
      systemTitle: new TextEncoder().encode('ABCDEFGH'),
      objects: [new ClockObject(Date.UTC(2026, 10, 22))],
      associations: [
        {
          clientSap: 1,
          authentication: 'hls-gmac',
          security: { policy: 'authenticated-encrypted', encryptionKey: ek, authenticationKey: ak },
          conformance: 0xffffff,
        },
      ],
      challengeGenerator: () => stoc,
    });
    const dlms = server.openSession(1);
    const requests = s.messages.filter((m) => m.dir === 'TX').map((m) => apduOf(m.hex));
    const aare = decodeApdu((await dlms.handle(requests[0]!))!);
    expect(aare.type === 'aare' && aare.result).toBe(0);
    expect(dlms.state).toBe('awaiting-hls');
    const hls = await dlms.handle(requests[1]!);
    expect(dlms.state).toBe('associated');
    const keys = () => ({
      encryptionKey: ek,
      authenticationKey: ak,
      systemTitle: new TextEncoder().encode('ABCDEFGH'),
    });
    const hlsAnswer = decodeApdu(decipherApdu(hls!, keys).apdu);
    expect(hlsAnswer.type === 'action-response-normal' && hlsAnswer.result).toBe(0);
    // Its first general-glo GET (the association view) gets a ciphered general-glo answer.
    const get = await dlms.handle(requests[2]!);
    expect(get?.[0]).toBe(0xdb);
    const answer = decodeApdu(decipherApdu(get!, keys).apdu);
    expect(['get-response-normal', 'get-response-with-datablock']).toContain(answer.type);
    void encodeApdu;
    void DlmsServiceError;
  });
});
