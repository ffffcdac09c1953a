import { CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadVectorFile, u9nVectors } from '../test-support/vectors.js';
import { type CipheringKind, cipherApdu, decipherApdu, type KeyLookup } from './cipher-apdu.js';
import {
  DlmsAuthenticationError,
  DlmsSecurityError,
  InvocationCounterReplayError,
  MissingKeyError,
  UnsupportedSecurityError,
} from './errors.js';
import { InvocationCounterGuard } from './invocation-counter.js';
import { decodeSecurityControl, securityControlFor } from './security-control.js';

// --- vectors -------------------------------------------------------------------------------

interface UdpNotification {
  readonly wrapper_udp_hex: string;
  readonly general_glo_ciphering: {
    readonly system_title_hex: string;
    readonly security_control_hex: string;
    readonly invocation_counter: number;
  };
  readonly 'plaintext_apdu_hex (decrypted here by dlms_cosem)': string;
}
interface Suite0File {
  readonly source: { readonly note: string };
  readonly udp_general_glo_ciphering_data_notifications: readonly UdpNotification[];
  readonly security_suite_0_green_book_example: {
    readonly encryption_key: string;
    readonly authentication_key: string;
    readonly system_title: string;
  };
}
const suite0 = loadVectorFile<Suite0File>('security-suite0-vectors.json');
/** The UDP pushes use the ASCII key the note names as both EK and AK. */
const udpKey = new TextEncoder().encode(/key '([^']+)' \(ASCII\)/.exec(suite0.source.note)![1]!);
const WRAPPER_HEADER_LENGTH = 8; // IEC 62056-47: version, source wPort, destination wPort, length

/** A fixed lookup that answers every query with the same keys. */
const keysOf =
  (encryptionKey: Uint8Array, authenticationKey: Uint8Array, systemTitle?: Uint8Array): KeyLookup =>
  () => ({ encryptionKey, authenticationKey, ...(systemTitle === undefined ? {} : { systemTitle }) });

describe('decipherApdu / cipherApdu with the UDP general-glo-ciphering DataNotifications', () => {
  const vectors = suite0.udp_general_glo_ciphering_data_notifications;

  it('has the 13 captured pushes', () => {
    expect(vectors.length).toBe(13);
  });

  it.each(vectors.map((v, i) => [i, v] as const))('deciphers push %i to the recorded plaintext', (_, v) => {
    const apdu = fromHex(v.wrapper_udp_hex).subarray(WRAPPER_HEADER_LENGTH);
    const out = decipherApdu(apdu, keysOf(udpKey, udpKey));
    expect(toHex(out.apdu)).toBe(v['plaintext_apdu_hex (decrypted here by dlms_cosem)']);
    expect(out.kind).toBe('general-glo');
    expect(out.keyKind).toBe('global');
    expect(out.cipheredTag).toBe(0xdb);
    expect(toHex(out.systemTitle)).toBe(v.general_glo_ciphering.system_title_hex);
    expect(out.invocationCounter).toBe(v.general_glo_ciphering.invocation_counter);
  });

  it.each(vectors.map((v, i) => [i, v] as const))('re-ciphers push %i to the captured bytes', (_, v) => {
    const g = v.general_glo_ciphering;
    const bytes = cipherApdu(
      fromHex(v['plaintext_apdu_hex (decrypted here by dlms_cosem)']),
      {
        securityControl: decodeSecurityControl(Number.parseInt(g.security_control_hex, 16)),
        systemTitle: fromHex(g.system_title_hex),
        invocationCounter: g.invocation_counter,
        encryptionKey: udpKey,
        authenticationKey: udpKey,
      },
      { kind: 'general-glo' },
    );
    expect(toHex(bytes)).toBe(v.wrapper_udp_hex.slice(WRAPPER_HEADER_LENGTH * 2));
  });

  it('accepts the pushes in order through a replay guard and rejects a repeat', () => {
    const guard = new InvocationCounterGuard();
    const apdus = vectors.map((v) => fromHex(v.wrapper_udp_hex).subarray(WRAPPER_HEADER_LENGTH));
    for (const apdu of apdus) decipherApdu(apdu, keysOf(udpKey, udpKey), { replayGuard: guard });
    expect(() => decipherApdu(apdus[3]!, keysOf(udpKey, udpKey), { replayGuard: guard })).toThrow(
      InvocationCounterReplayError,
    );
  });

  it('a wrong key gives DlmsAuthenticationError, never plaintext', () => {
    const apdu = fromHex(vectors[0]!.wrapper_udp_hex).subarray(WRAPPER_HEADER_LENGTH);
    const wrong = udpKey.slice();
    wrong[0] = wrong[0]! ^ 1;
    expect(() => decipherApdu(apdu, keysOf(wrong, udpKey))).toThrow(DlmsAuthenticationError);
    expect(() => decipherApdu(apdu, keysOf(udpKey, wrong))).toThrow(DlmsAuthenticationError);
    expect(() => decipherApdu(apdu, () => undefined)).toThrow(MissingKeyError);
  });
});

// --- the Gurux HLS-GMAC session ----------------------------------------------------------------

interface LoopbackMessage {
  readonly dir: 'TX' | 'RX';
  readonly hex: string;
  readonly gurux_xml: string;
  readonly dlms_cosem_independent_decrypt?: string | null;
}
interface LoopbackSession {
  readonly name: string;
  readonly description: string;
  readonly messages: readonly LoopbackMessage[];
}
const session = loadVectorFile<{ sessions: LoopbackSession[] }>(
  'captures/loopback-sessions.json',
).sessions.find((s) => s.name.includes('HLS-GMAC'))!;
const fromDescription = (pattern: RegExp) => fromHex(pattern.exec(session.description)![1]!);
const sessionKeys = {
  encryptionKey: fromDescription(/EK ([0-9A-F]{32})/),
  authenticationKey: fromDescription(/AK ([0-9A-F]{32})/),
};
const clientSystemTitle = fromDescription(/client system title ([0-9A-F]{16})/);
const serverSystemTitle = fromDescription(/server system title ([0-9A-F]{16})/);

/** Walks BER TLVs (short and long length forms) of one constructed value. */
function* tlvs(bytes: Uint8Array): Generator<{ tag: number; value: Uint8Array }> {
  let at = 0;
  while (at < bytes.length) {
    const tag = bytes[at++]!;
    let length = bytes[at++]!;
    if (length & 0x80) {
      const n = length & 0x7f;
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + bytes[at++]!;
    }
    yield { tag, value: bytes.subarray(at, at + length) };
    at += length;
  }
}

/** The ciphered xDLMS APDU of a captured message: the PDU, or an AARQ/AARE's user-information. */
function cipheredPartOf(pdu: Uint8Array): Uint8Array | undefined {
  if (pdu[0] !== 0x60 && pdu[0] !== 0x61) return pdu;
  const [aarq] = tlvs(pdu);
  for (const field of tlvs(aarq!.value)) {
    // user-information [30]: an OCTET STRING holding the (glo-)InitiateRequest/Response
    if (field.tag === 0xbe) return [...tlvs(field.value)][0]!.value;
  }
  return undefined;
}

describe('decipherApdu with the Gurux HLS-GMAC suite 0 session', () => {
  const lookupFor = (dir: 'TX' | 'RX'): KeyLookup => {
    const sender = dir === 'TX' ? clientSystemTitle : serverSystemTitle;
    return (query) => {
      if (query.systemTitle !== undefined) expect(query.systemTitle).toEqual(sender);
      return { ...sessionKeys, systemTitle: sender };
    };
  };
  const ciphered = session.messages
    .map((m, i) => ({ i, m, pdu: cipheredPartOf(fromHex(m.hex).subarray(WRAPPER_HEADER_LENGTH)) }))
    .filter((x) => x.m.dlms_cosem_independent_decrypt);

  it('has the AARQ, AARE, both HLS passes and the GETs', () => {
    expect(ciphered.length).toBeGreaterThanOrEqual(6);
    expect(ciphered.map((x) => x.pdu![0])).toEqual(expect.arrayContaining([0x21, 0x28, 0xcb, 0xcf, 0xdb]));
  });

  it.each(ciphered.map((x) => [x.i, x.m.dir, x] as const))(
    'deciphers message %i (%s) to the independently decrypted APDU',
    (_, dir, x) => {
      const out = decipherApdu(x.pdu!, lookupFor(dir));
      const expected = x.m.dlms_cosem_independent_decrypt!.replace(/^user-information plaintext: /, '');
      expect(toHex(out.apdu)).toBe(expected);
      expect(out.securityControl).toEqual(securityControlFor('authenticated-encrypted'));
    },
  );

  it.each(ciphered.map((x) => [x.i, x.m.dir, x] as const))(
    're-ciphers message %i (%s) to the captured bytes',
    (_, dir, x) => {
      const out = decipherApdu(x.pdu!, lookupFor(dir));
      const kind: CipheringKind = out.kind;
      const again = cipherApdu(
        out.apdu,
        {
          ...sessionKeys,
          securityControl: out.securityControl,
          systemTitle: out.systemTitle,
          invocationCounter: out.invocationCounter,
        },
        { kind },
      );
      expect(toHex(again)).toBe(toHex(x.pdu!));
    },
  );
});

// --- the u9n glo-initiate-request ---------------------------------------------------------------

describe('decipherApdu with the u9n glo-initiate-request', () => {
  it('reveals an InitiateRequest carrying the dedicated key of the same test', () => {
    const gb = suite0.security_suite_0_green_book_example;
    const gloInitiate = u9nVectors().find((v) => v.kind_guess.startsWith('glo-initiate-request'))!;
    const dedicatedKey = u9nVectors().find(
      (v) =>
        v.kind_guess.startsWith('raw_bytes (key') &&
        JSON.stringify(v.sources).includes('test_encode_with_dedicated_key'),
    )!;
    const out = decipherApdu(
      fromHex(gloInitiate.hex),
      keysOf(fromHex(gb.encryption_key), fromHex(gb.authentication_key), fromHex(gb.system_title)),
    );
    // InitiateRequest ::= [1] dedicated-key OPTIONAL (present: 01, length 0x10) ...
    expect(toHex(out.apdu.subarray(0, 3))).toBe('010110');
    expect(toHex(out.apdu.subarray(3, 19))).toBe(dedicatedKey.hex);
  });
});

// --- policy, tampering and fuzzing ----------------------------------------------------------------

describe('decipherApdu rejects what it must', () => {
  const ek = fromHex('000102030405060708090a0b0c0d0e0f');
  const ak = fromHex('d0d1d2d3d4d5d6d7d8d9dadbdcdddedf');
  const st = fromHex('4d4d4d0000bc614e');
  const getRequest = fromHex('c0010000080000010000ff0200');
  const ctx = { systemTitle: st, invocationCounter: 7, encryptionKey: ek, authenticationKey: ak };

  it('refuses unauthenticated policies unless asked, then accepts them', () => {
    for (const policy of ['none', 'encrypted'] as const) {
      const bytes = cipherApdu(
        getRequest,
        { ...ctx, securityControl: securityControlFor(policy) },
        { kind: 'glo' },
      );
      expect(() => decipherApdu(bytes, keysOf(ek, ak, st))).toThrow(UnsupportedSecurityError);
      expect(decipherApdu(bytes, keysOf(ek, ak, st), { acceptUnauthenticated: true }).apdu).toEqual(
        getRequest,
      );
    }
  });

  it('needs the sender system title for glo-/ded- APDUs', () => {
    const bytes = cipherApdu(
      getRequest,
      { ...ctx, securityControl: securityControlFor('authenticated-encrypted') },
      { kind: 'ded' },
    );
    expect(bytes[0]).toBe(0xd0);
    expect(() => decipherApdu(bytes, keysOf(ek, ak))).toThrow(MissingKeyError);
    expect(decipherApdu(bytes, keysOf(ek, ak, st)).keyKind).toBe('dedicated');
  });

  it('refuses a service-specific kind for an APDU that has none', () => {
    const notification = fromHex('0f000001db00090100');
    expect(() =>
      cipherApdu(
        notification,
        { ...ctx, securityControl: securityControlFor('authenticated') },
        { kind: 'glo' },
      ),
    ).toThrow(RangeError);
  });

  it('any flipped bit of a protected APDU gives CodecError or DlmsSecurityError, never an APDU', () => {
    const kinds: CipheringKind[] = ['glo', 'ded', 'general-glo', 'general-ded'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.constantFrom('authenticated' as const, 'authenticated-encrypted' as const),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (kind, policy, where, bit) => {
          const bytes = cipherApdu(
            getRequest,
            { ...ctx, securityControl: securityControlFor(policy) },
            { kind },
          );
          const i = where % bytes.length;
          bytes[i] = bytes[i]! ^ (1 << bit);
          let result: unknown;
          try {
            result = decipherApdu(bytes, keysOf(ek, ak, st));
          } catch (e) {
            expect(e instanceof CodecError || e instanceof DlmsSecurityError).toBe(true);
            return;
          }
          expect.fail(`flipping bit ${bit} of byte ${i} was accepted: ${JSON.stringify(result)}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random bytes give only CodecError or DlmsSecurityError', () => {
    const tags = [0xc8, 0xcc, 0xcb, 0xd0, 0x21, 0x28, 0x2e, 0xdb, 0xdc];
    fc.assert(
      fc.property(
        fc.constantFrom(...tags),
        fc.uint8Array({ maxLength: 80 }),
        fc.boolean(),
        (tag, rest, acceptAll) => {
          for (const input of [rest, Uint8Array.from([tag, ...rest])]) {
            try {
              decipherApdu(input, keysOf(ek, ak, st), { acceptUnauthenticated: acceptAll });
            } catch (e) {
              expect(e instanceof CodecError || e instanceof DlmsSecurityError).toBe(true);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
