import { fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadVectorFile } from '../test-support/vectors.js';
import {
  AuthenticationMechanism,
  generateChallenge,
  HLS_GMAC_REPLY_LENGTH,
  hlsGmacClientReply,
  hlsGmacServerReply,
  verifyHlsGmacClientReply,
  verifyHlsGmacServerReply,
  verifyLlsPassword,
} from './authentication.js';
import { decipherApdu } from './cipher-apdu.js';
import { DlmsAuthenticationError } from './errors.js';

interface HlsExample {
  readonly client_system_title: string;
  readonly client_invocation_counter: string;
  readonly server_to_client_challenge: string;
  readonly expected_in_test: string;
}
const greenBook = loadVectorFile<{
  security_suite_0_green_book_example: {
    encryption_key: string;
    authentication_key: string;
    hls_gmac_example: HlsExample;
  };
}>('security-suite0-vectors.json').security_suite_0_green_book_example;
const gbKeys = {
  encryptionKey: fromHex(greenBook.encryption_key),
  authenticationKey: fromHex(greenBook.authentication_key),
};

describe('HLS-GMAC (mechanism 5)', () => {
  const hls = greenBook.hls_gmac_example;
  const ic = Number.parseInt(hls.client_invocation_counter, 16);

  it('reproduces the Green Book f(StoC): SC 0x10 || IC || tag 1A52FE7D...', () => {
    const reply = hlsGmacClientReply({
      clientSystemTitle: fromHex(hls.client_system_title),
      invocationCounter: ic,
      keys: gbKeys,
      serverChallenge: fromHex(hls.server_to_client_challenge),
    });
    expect(reply.length).toBe(HLS_GMAC_REPLY_LENGTH);
    expect(toHex(reply)).toBe(`10${hls.client_invocation_counter}${hls.expected_in_test}`);
    expect(
      verifyHlsGmacClientReply({
        reply,
        clientSystemTitle: fromHex(hls.client_system_title),
        keys: gbKeys,
        serverChallenge: fromHex(hls.server_to_client_challenge),
      }),
    ).toBe(ic);
  });

  it('produces and verifies replies in both directions and refuses any altered input', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.uint8Array({ minLength: 8, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (st, invocationCounter, challenge, where, bit) => {
          const server = hlsGmacServerReply({
            serverSystemTitle: st,
            invocationCounter,
            keys: gbKeys,
            clientChallenge: challenge,
          });
          const params = { reply: server, serverSystemTitle: st, keys: gbKeys, clientChallenge: challenge };
          expect(verifyHlsGmacServerReply(params)).toBe(invocationCounter);
          const flip = (b: Uint8Array) => {
            const c = b.slice();
            c[where % c.length] = c[where % c.length]! ^ (1 << bit);
            return c;
          };
          expect(() => verifyHlsGmacServerReply({ ...params, reply: flip(server) })).toThrow(
            DlmsAuthenticationError,
          );
          expect(() => verifyHlsGmacServerReply({ ...params, clientChallenge: flip(challenge) })).toThrow(
            DlmsAuthenticationError,
          );
          expect(() => verifyHlsGmacServerReply({ ...params, serverSystemTitle: flip(st) })).toThrow(
            DlmsAuthenticationError,
          );
          // The client's proof of the same challenge uses the same formula: only the roles differ.
          expect(
            hlsGmacClientReply({
              clientSystemTitle: st,
              invocationCounter,
              keys: gbKeys,
              serverChallenge: challenge,
            }),
          ).toEqual(server);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects replies of the wrong length or security control', () => {
    const base = { serverSystemTitle: new Uint8Array(8), keys: gbKeys, clientChallenge: new Uint8Array(8) };
    expect(() => verifyHlsGmacServerReply({ ...base, reply: new Uint8Array(16) })).toThrow(
      DlmsAuthenticationError,
    );
    const reply = hlsGmacServerReply({ ...base, invocationCounter: 1 });
    reply[0] = 0x30;
    expect(() => verifyHlsGmacServerReply({ ...base, reply })).toThrow(/security control 0x30/);
  });
});

// --- the Gurux HLS-GMAC session: challenges from AARQ/AARE, replies from the ACTIONs ---------------

interface LoopbackSession {
  readonly name: string;
  readonly description: string;
  readonly messages: readonly { readonly dir: string; readonly hex: string }[];
}
const session = loadVectorFile<{ sessions: LoopbackSession[] }>(
  'captures/loopback-sessions.json',
).sessions.find((s) => s.name.includes('HLS-GMAC'))!;
const fromDescription = (pattern: RegExp) => fromHex(pattern.exec(session.description)![1]!);
const sessionKeys = {
  encryptionKey: fromDescription(/EK ([0-9A-F]{32})/),
  authenticationKey: fromDescription(/AK ([0-9A-F]{32})/),
};
const WRAPPER_HEADER_LENGTH = 8;

/** Top-level TLVs of an AARQ/AARE (BER, short length forms suffice for these captures). */
function aFields(pdu: Uint8Array): Map<number, Uint8Array> {
  const fields = new Map<number, Uint8Array>();
  const body = pdu.subarray(2, 2 + pdu[1]!);
  for (let at = 0; at < body.length; ) {
    const tag = body[at]!;
    const length = body[at + 1]!;
    fields.set(tag, body.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return fields;
}
/** authentication-value ::= CHOICE { charstring [0] ... }: 0x80 len challenge. */
function challengeIn(value: Uint8Array): Uint8Array {
  expect(value[0]).toBe(0x80);
  return value.subarray(2, 2 + value[1]!);
}
/** AP-title: OCTET STRING 0x04 len system-title. */
function apTitleIn(value: Uint8Array): Uint8Array {
  expect(value[0]).toBe(0x04);
  return value.subarray(2, 2 + value[1]!);
}

describe('HLS-GMAC in the Gurux session', () => {
  const pdus = session.messages.map((m) => fromHex(m.hex).subarray(WRAPPER_HEADER_LENGTH));
  const aarq = aFields(pdus.find((p) => p[0] === 0x60)!);
  const aare = aFields(pdus.find((p) => p[0] === 0x61)!);
  const ctos = challengeIn(aarq.get(0xac)!); // calling-authentication-value [12]
  const stoc = challengeIn(aare.get(0xaa)!); // responding-authentication-value [10]
  const clientSystemTitle = apTitleIn(aarq.get(0xa6)!); // calling-AP-title [6]
  const serverSystemTitle = apTitleIn(aare.get(0xa4)!); // responding-AP-title [4]
  /** The octet-string reply at the end of the deciphered ACTION request/response (09 11 <17 bytes>). */
  const replyIn = (tag: number, sender: Uint8Array) => {
    const apdu = decipherApdu(pdus.find((p) => p[0] === tag)!, () => ({
      ...sessionKeys,
      systemTitle: sender,
    })).apdu;
    const reply = apdu.subarray(apdu.length - HLS_GMAC_REPLY_LENGTH);
    expect(
      toHex(apdu.subarray(apdu.length - HLS_GMAC_REPLY_LENGTH - 2, apdu.length - HLS_GMAC_REPLY_LENGTH)),
    ).toBe('0911');
    return reply;
  };

  it('carries 16-byte challenges both ways', () => {
    expect(ctos.length).toBe(16);
    expect(stoc.length).toBe(16);
  });

  it('verifies the client f(StoC) in the glo-action-request with the client system title', () => {
    const reply = replyIn(0xcb, clientSystemTitle);
    expect(
      verifyHlsGmacClientReply({ reply, clientSystemTitle, keys: sessionKeys, serverChallenge: stoc }),
    ).toBe(2);
    expect(() =>
      verifyHlsGmacClientReply({ reply, clientSystemTitle, keys: sessionKeys, serverChallenge: ctos }),
    ).toThrow(DlmsAuthenticationError);
  });

  it('verifies the server f(CtoS) in the glo-action-response with the server system title', () => {
    const reply = replyIn(0xcf, serverSystemTitle);
    expect(
      verifyHlsGmacServerReply({ reply, serverSystemTitle, keys: sessionKeys, clientChallenge: ctos }),
    ).toBe(2);
    expect(() =>
      verifyHlsGmacServerReply({
        reply,
        serverSystemTitle: clientSystemTitle,
        keys: sessionKeys,
        clientChallenge: ctos,
      }),
    ).toThrow(DlmsAuthenticationError);
  });

  it('recomputes the captured replies', () => {
    const client = hlsGmacClientReply({
      clientSystemTitle,
      invocationCounter: 2,
      keys: sessionKeys,
      serverChallenge: stoc,
    });
    expect(client).toEqual(replyIn(0xcb, clientSystemTitle));
    const server = hlsGmacServerReply({
      serverSystemTitle,
      invocationCounter: 2,
      keys: sessionKeys,
      clientChallenge: ctos,
    });
    expect(server).toEqual(replyIn(0xcf, serverSystemTitle));
  });
});

describe('LLS and challenges', () => {
  it('compares passwords exactly', () => {
    const secret = new TextEncoder().encode('12345678');
    expect(verifyLlsPassword(secret, new TextEncoder().encode('12345678'))).toBe(true);
    expect(verifyLlsPassword(secret, new TextEncoder().encode('12345679'))).toBe(false);
    expect(verifyLlsPassword(secret, new TextEncoder().encode('1234567'))).toBe(false);
    expect(verifyLlsPassword(secret, new TextEncoder().encode('123456789'))).toBe(false);
    expect(verifyLlsPassword(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it('generates challenges of 8 to 64 random bytes', () => {
    expect(generateChallenge().length).toBe(16);
    expect(generateChallenge(8).length).toBe(8);
    expect(generateChallenge(64).length).toBe(64);
    expect(generateChallenge(32)).not.toEqual(generateChallenge(32));
    expect(generateChallenge()).not.toBeInstanceOf(Buffer);
    expect(() => generateChallenge(7)).toThrow(RangeError);
    expect(() => generateChallenge(65)).toThrow(RangeError);
  });

  it('names the mechanism ids of the mechanism-name OID', () => {
    expect(AuthenticationMechanism.lls).toBe(1);
    expect(AuthenticationMechanism.hlsGmac).toBe(5);
  });
});
