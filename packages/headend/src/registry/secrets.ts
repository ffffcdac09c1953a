import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretError } from './errors.js';
import { type MasterKey, sealingKeyOf } from './master-key.js';

/** Format byte of a sealed secret: version 1 = AES-256-GCM, 12-byte IV, 16-byte tag. */
const SEALED_V1 = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes a sealed secret adds to its plaintext: version, IV and tag. */
export const SEALED_OVERHEAD = 1 + IV_BYTES + TAG_BYTES;

const encoder = new TextEncoder();

function additionalData(aad: string | Uint8Array): Buffer {
  const bytes = typeof aad === 'string' ? encoder.encode(aad) : aad;
  // The version byte is authenticated with the caller's data.
  return Buffer.concat([Uint8Array.of(SEALED_V1), bytes]);
}

/**
 * Seals `plaintext` under the master key with AES-256-GCM, binding it to `aad` (the meter id), so the
 * sealed bytes open only with the same key and the same `aad`. Layout: version 0x01 | IV (12) |
 * ciphertext | tag (16).
 *
 * @example
 * const sealed = sealSecret(master, encryptionKey, 'GM00000001');
 * openSecret(master, sealed, 'GM00000001'); // encryptionKey
 */
export function sealSecret(master: MasterKey, plaintext: Uint8Array, aad: string | Uint8Array): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKeyOf(master), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const out = new Uint8Array(SEALED_OVERHEAD + body.length);
  out[0] = SEALED_V1;
  out.set(iv, 1);
  out.set(body, 1 + IV_BYTES);
  out.set(cipher.getAuthTag(), 1 + IV_BYTES + body.length);
  return out;
}

/**
 * Opens what {@link sealSecret} sealed. A wrong master key, altered bytes or another `aad` (a secret
 * moved to another meter) fail authentication with a {@link SecretError}.
 */
export function openSecret(master: MasterKey, sealed: Uint8Array, aad: string | Uint8Array): Uint8Array {
  if (sealed.length < SEALED_OVERHEAD) {
    throw new SecretError(`Cannot open secret: ${sealed.length} bytes is shorter than ${SEALED_OVERHEAD}`);
  }
  if (sealed[0] !== SEALED_V1) {
    throw new SecretError(`Cannot open secret: unknown format version ${sealed[0]}`);
  }
  const tagAt = sealed.length - TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', sealingKeyOf(master), sealed.subarray(1, 1 + IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(additionalData(aad));
  decipher.setAuthTag(sealed.subarray(tagAt));
  try {
    const plain = Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES, tagAt)), decipher.final()]);
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.length);
  } catch (error) {
    throw new SecretError(
      'Cannot open secret: authentication failed (wrong master key, altered data, or sealed for another meter)',
      { cause: error },
    );
  }
}
