import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { concatBytes, toHex } from '@gridmeter/codec';
import { DlmsAuthenticationError } from './errors.js';
import { encodeSecurityControl, securityControlFor } from './security-control.js';
import { AUTHENTICATION_TAG_LENGTH, checkKey, gmac } from './suite0.js';

/**
 * Authentication mechanism ids: the last arc of the mechanism-name OID
 * 2.16.756.5.8.2.{id} carried in AARQ/AARE (DLMS UA 1000-2 Ed. 8, COSEM authentication
 * mechanism names). Gridmeter implements none, LLS and HLS-GMAC.
 */
export const AuthenticationMechanism = {
  none: 0,
  /** Low level security: a password in the AARQ calling-authentication-value. */
  lls: 1,
  /** HLS, manufacturer specific. */
  hls: 2,
  hlsMd5: 3,
  hlsSha1: 4,
  /** HLS with GMAC: f(challenge) = SC || IC || GMAC(SC || AK || challenge). */
  hlsGmac: 5,
  hlsSha256: 6,
  hlsEcdsa: 7,
} as const;
export type AuthenticationMechanism = (typeof AuthenticationMechanism)[keyof typeof AuthenticationMechanism];

/** HLS challenges (CtoS in the AARQ, StoC in the AARE) are 8 to 64 random bytes. */
export const MIN_CHALLENGE_LENGTH = 8;
export const MAX_CHALLENGE_LENGTH = 64;

/**
 * A fresh HLS challenge from the system CSPRNG.
 *
 * @example
 * const ctos = generateChallenge(16);
 */
export function generateChallenge(length = 16): Uint8Array {
  if (!Number.isInteger(length) || length < MIN_CHALLENGE_LENGTH || length > MAX_CHALLENGE_LENGTH) {
    throw new RangeError(
      `Challenge length out of range [${MIN_CHALLENGE_LENGTH}, ${MAX_CHALLENGE_LENGTH}]: ${length}`,
    );
  }
  return new Uint8Array(randomBytes(length));
}

/**
 * LLS: compares the received password with the expected one in constant time (both are hashed
 * first, so neither content nor length leaks through timing). Returns whether they match.
 */
export function verifyLlsPassword(expected: Uint8Array, received: Uint8Array): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(received).digest();
  return timingSafeEqual(a, b) && expected.length === received.length;
}

/** Suite 0 keys of the association (global unicast encryption key and authentication key). */
export interface HlsGmacKeys {
  readonly encryptionKey: Uint8Array;
  readonly authenticationKey: Uint8Array;
}

/** Length of an HLS-GMAC reply: SC (1) || IC (4) || tag (12). */
export const HLS_GMAC_REPLY_LENGTH = 1 + 4 + AUTHENTICATION_TAG_LENGTH;

/** SC of an HLS-GMAC reply: suite 0, authentication only (0x10). */
const HLS_GMAC_SECURITY_CONTROL = encodeSecurityControl(securityControlFor('authenticated'));

/**
 * Client side of HLS-GMAC pass 3: f(StoC) = SC || IC || GMAC(SC || AK || StoC), with the IV
 * built from the *client's* system title and invocation counter. Sent as the parameter of
 * Association LN method 1 (reply_to_HLS_authentication).
 *
 * @example
 * const fStoC = hlsGmacClientReply({ clientSystemTitle, invocationCounter: ic.next(), keys, serverChallenge: stoc });
 */
export function hlsGmacClientReply(params: {
  readonly clientSystemTitle: Uint8Array;
  readonly invocationCounter: number;
  readonly keys: HlsGmacKeys;
  /** StoC: the challenge from the AARE responding-authentication-value. */
  readonly serverChallenge: Uint8Array;
}): Uint8Array {
  return reply(params.keys, params.clientSystemTitle, params.invocationCounter, params.serverChallenge);
}

/**
 * Server side of HLS-GMAC pass 4: f(CtoS) = SC || IC || GMAC(SC || AK || CtoS), with the IV
 * built from the *server's* system title and invocation counter. Returned as the result of
 * Association LN method 1.
 */
export function hlsGmacServerReply(params: {
  readonly serverSystemTitle: Uint8Array;
  readonly invocationCounter: number;
  readonly keys: HlsGmacKeys;
  /** CtoS: the challenge from the AARQ calling-authentication-value. */
  readonly clientChallenge: Uint8Array;
}): Uint8Array {
  return reply(params.keys, params.serverSystemTitle, params.invocationCounter, params.clientChallenge);
}

/**
 * The server checks the client's f(StoC). Returns the invocation counter the reply carries (to be
 * checked against replay); throws {@link DlmsAuthenticationError} when it does not verify.
 */
export function verifyHlsGmacClientReply(params: {
  readonly reply: Uint8Array;
  readonly clientSystemTitle: Uint8Array;
  readonly keys: HlsGmacKeys;
  readonly serverChallenge: Uint8Array;
}): number {
  return verify(
    params.reply,
    params.keys,
    params.clientSystemTitle,
    params.serverChallenge,
    'client f(StoC)',
  );
}

/**
 * The client checks the server's f(CtoS). Returns the invocation counter the reply carries;
 * throws {@link DlmsAuthenticationError} when it does not verify.
 */
export function verifyHlsGmacServerReply(params: {
  readonly reply: Uint8Array;
  readonly serverSystemTitle: Uint8Array;
  readonly keys: HlsGmacKeys;
  readonly clientChallenge: Uint8Array;
}): number {
  return verify(
    params.reply,
    params.keys,
    params.serverSystemTitle,
    params.clientChallenge,
    'server f(CtoS)',
  );
}

function reply(
  keys: HlsGmacKeys,
  systemTitle: Uint8Array,
  invocationCounter: number,
  challenge: Uint8Array,
): Uint8Array {
  checkKey(keys.authenticationKey, 'authentication key');
  const sc = Uint8Array.of(HLS_GMAC_SECURITY_CONTROL);
  const tag = gmac(
    keys.encryptionKey,
    systemTitle,
    invocationCounter,
    concatBytes(sc, keys.authenticationKey, challenge),
  );
  const ic = new Uint8Array(4);
  new DataView(ic.buffer).setUint32(0, invocationCounter);
  return concatBytes(sc, ic, tag);
}

function verify(
  received: Uint8Array,
  keys: HlsGmacKeys,
  systemTitle: Uint8Array,
  challenge: Uint8Array,
  what: string,
): number {
  const where = `${what} from system title ${toHex(systemTitle)}`;
  if (received.length !== HLS_GMAC_REPLY_LENGTH) {
    throw new DlmsAuthenticationError(
      `HLS-GMAC ${where}: ${received.length} bytes, expected ${HLS_GMAC_REPLY_LENGTH}`,
    );
  }
  if (received[0] !== HLS_GMAC_SECURITY_CONTROL) {
    throw new DlmsAuthenticationError(
      `HLS-GMAC ${where}: security control 0x${received[0]!.toString(16)}, expected 0x10 (suite 0, authenticated)`,
    );
  }
  const invocationCounter = new DataView(received.buffer, received.byteOffset + 1, 4).getUint32(0);
  const expected = reply(keys, systemTitle, invocationCounter, challenge);
  if (!timingSafeEqual(expected, received)) {
    throw new DlmsAuthenticationError(
      `HLS-GMAC ${where} does not verify (invocation counter ${invocationCounter})`,
    );
  }
  return invocationCounter;
}
