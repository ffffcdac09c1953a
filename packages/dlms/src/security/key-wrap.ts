import { createCipheriv, createDecipheriv } from 'node:crypto';
import { concatBytes } from '@gridmeter/codec';
import { KeyUnwrapError } from './errors.js';

/**
 * AES key wrap (RFC 3394): Security setup (class_id 64) method 2 `key_transfer`
 * (`global_key_transfer` in version 0) carries each new key wrapped under the master key, the
 * KEK (DLMS UA 1000-1, Security setup). The default IV A6A6A6A6A6A6A6A6 (RFC 3394 §2.2.3.1) is
 * the integrity check.
 */

const DEFAULT_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);

function algorithmFor(kek: Uint8Array): string {
  switch (kek.length) {
    case 16:
      return 'id-aes128-wrap';
    case 24:
      return 'id-aes192-wrap';
    case 32:
      return 'id-aes256-wrap';
    default:
      throw new RangeError(`Key-encrypting key must be 16, 24 or 32 bytes, got ${kek.length}`);
  }
}

/**
 * Wraps `key` (a multiple of 8 bytes, at least 16) under `kek`; the result is 8 bytes longer.
 *
 * @example
 * const wrapped = wrapKey(masterKey, newGlobalUnicastKey); // 24 bytes
 */
export function wrapKey(kek: Uint8Array, key: Uint8Array): Uint8Array {
  const algorithm = algorithmFor(kek);
  if (key.length < 16 || key.length % 8 !== 0) {
    throw new RangeError(`Key to wrap must be a multiple of 8 bytes and at least 16, got ${key.length}`);
  }
  const cipher = createCipheriv(algorithm, kek, DEFAULT_IV);
  return concatBytes(cipher.update(key), cipher.final());
}

/**
 * Unwraps a key wrapped with {@link wrapKey}. Throws {@link KeyUnwrapError} when the integrity
 * check fails (wrong KEK or altered bytes); never returns a wrong key.
 */
export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  const algorithm = algorithmFor(kek);
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) {
    throw new KeyUnwrapError(
      `Wrapped key must be a multiple of 8 bytes and at least 24, got ${wrapped.length}`,
    );
  }
  const decipher = createDecipheriv(algorithm, kek, DEFAULT_IV);
  try {
    return concatBytes(decipher.update(wrapped), decipher.final());
  } catch (cause) {
    throw new KeyUnwrapError(
      'Cannot unwrap key: RFC 3394 integrity check failed (wrong KEK or altered data)',
      {
        cause,
      },
    );
  }
}
