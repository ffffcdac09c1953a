/**
 * The security control byte (SC) that opens every security header
 * (DLMS UA 1000-2 Ed. 8 §9.2.7.2.4.2, Table 37): SH = SC || IC.
 *
 *   bit 7      compression
 *   bit 6      key set: 0 = unicast (global unicast key), 1 = broadcast (global broadcast key)
 *   bit 5      E: encryption applied
 *   bit 4      A: authentication applied
 *   bits 3..0  security suite id (§9.2.3.7)
 */

const SUITE_MASK = 0x0f;
const BIT_AUTHENTICATION = 0x10;
const BIT_ENCRYPTION = 0x20;
const BIT_BROADCAST_KEY = 0x40;
const BIT_COMPRESSION = 0x80;

/** Which protections an APDU carries: the A and E bits of the security control byte. */
export type SecurityPolicy = 'none' | 'authenticated' | 'encrypted' | 'authenticated-encrypted';

/**
 * The decoded security control byte. Every bit is represented, so encoding a decoded byte
 * gives the same byte back.
 */
export interface SecurityControl {
  /** Security suite id, 0..15; 0 is AES-GCM-128 (the only suite this package protects with). */
  readonly suite: number;
  readonly authenticated: boolean;
  readonly encrypted: boolean;
  /** Key set bit: the broadcast global key rather than the unicast one. */
  readonly broadcastKey: boolean;
  readonly compressed: boolean;
}

/**
 * Encodes a security control byte.
 *
 * @example
 * encodeSecurityControl({ suite: 0, authenticated: true, encrypted: true, broadcastKey: false, compressed: false }); // 0x30
 */
export function encodeSecurityControl(sc: SecurityControl): number {
  if (!Number.isInteger(sc.suite) || sc.suite < 0 || sc.suite > SUITE_MASK) {
    throw new RangeError(`Security suite id out of range [0, 15]: ${sc.suite}`);
  }
  return (
    sc.suite |
    (sc.authenticated ? BIT_AUTHENTICATION : 0) |
    (sc.encrypted ? BIT_ENCRYPTION : 0) |
    (sc.broadcastKey ? BIT_BROADCAST_KEY : 0) |
    (sc.compressed ? BIT_COMPRESSION : 0)
  );
}

/**
 * Decodes a security control byte.
 *
 * @example
 * decodeSecurityControl(0x30).encrypted; // true
 */
export function decodeSecurityControl(byte: number): SecurityControl {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff) {
    throw new RangeError(`Security control byte out of range [0, 255]: ${byte}`);
  }
  return {
    suite: byte & SUITE_MASK,
    authenticated: (byte & BIT_AUTHENTICATION) !== 0,
    encrypted: (byte & BIT_ENCRYPTION) !== 0,
    broadcastKey: (byte & BIT_BROADCAST_KEY) !== 0,
    compressed: (byte & BIT_COMPRESSION) !== 0,
  };
}

/** The policy named by the A and E bits. */
export function securityPolicyOf(sc: SecurityControl): SecurityPolicy {
  if (sc.authenticated) return sc.encrypted ? 'authenticated-encrypted' : 'authenticated';
  return sc.encrypted ? 'encrypted' : 'none';
}

/**
 * A security control value for `policy`, suite 0 unless given, unicast key, no compression.
 *
 * @example
 * securityControlFor('authenticated'); // { suite: 0, authenticated: true, encrypted: false, ... } = SC 0x10
 */
export function securityControlFor(
  policy: SecurityPolicy,
  options: { readonly suite?: number; readonly broadcastKey?: boolean } = {},
): SecurityControl {
  return {
    suite: options.suite ?? 0,
    authenticated: policy === 'authenticated' || policy === 'authenticated-encrypted',
    encrypted: policy === 'encrypted' || policy === 'authenticated-encrypted',
    broadcastKey: options.broadcastKey ?? false,
    compressed: false,
  };
}
