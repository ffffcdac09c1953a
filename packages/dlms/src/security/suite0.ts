import { createCipheriv, createDecipheriv } from 'node:crypto';
import { concatBytes, toHex } from '@gridmeter/codec';
import { DlmsAuthenticationError, UnsupportedSecurityError } from './errors.js';
import { encodeSecurityControl, type SecurityControl } from './security-control.js';

/** Security suite 0 is AES-GCM-128: 16-byte keys (DLMS UA 1000-2 Ed. 8 §9.2.3.7). */
export const SUITE0_KEY_LENGTH = 16;
/** The system title is 8 bytes: the fixed field of the 12-byte GCM IV (IV = ST || IC). */
export const SYSTEM_TITLE_LENGTH = 8;
/** DLMS truncates the GCM authentication tag to 96 bits. */
export const AUTHENTICATION_TAG_LENGTH = 12;
/** The invocation counter is the 32-bit invocation field of the IV, big-endian. */
export const MAX_INVOCATION_COUNTER = 0xffff_ffff;

/** What the sender feeds to suite 0: the security header values, the keys and the plaintext. */
export interface ProtectParams {
  readonly securityControl: SecurityControl;
  /** The sender's system title (8 bytes). */
  readonly systemTitle: Uint8Array;
  /** The sender's invocation counter for this APDU, 0..2^32-1. */
  readonly invocationCounter: number;
  /** Block cipher key (global unicast, broadcast or dedicated), 16 bytes. */
  readonly encryptionKey: Uint8Array;
  /** Authentication key AK, 16 bytes; used when the A bit is set. */
  readonly authenticationKey: Uint8Array;
  readonly plaintext: Uint8Array;
}

/** What the receiver feeds to suite 0: the same header values and keys, and the protected bytes. */
export interface UnprotectParams extends Omit<ProtectParams, 'plaintext'> {
  /** The bytes after SC || IC: ciphertext and/or plaintext, then the 12-byte tag when authenticated. */
  readonly protectedData: Uint8Array;
}

/**
 * Protects an APDU with security suite 0 (AES-GCM-128, 12-byte tag, IV = system title || IC):
 * - authenticated + encrypted: AAD = SC || AK; returns ciphertext || tag
 * - authenticated only: AAD = SC || AK || plaintext; returns plaintext || tag (GMAC)
 * - encrypted only: no AAD, no tag; returns ciphertext
 * - none: returns a copy of the plaintext
 * The result is what follows SC || IC in a ciphered APDU.
 *
 * @example
 * const c = protect({ securityControl: securityControlFor('authenticated-encrypted'), systemTitle, invocationCounter: 1, encryptionKey, authenticationKey, plaintext });
 */
export function protect(params: ProtectParams): Uint8Array {
  const { securityControl: sc, plaintext } = params;
  checkSuite0(sc, params);
  if (!sc.authenticated && !sc.encrypted) return plaintext.slice();
  if (!sc.authenticated) return gcmKeystream(params.encryptionKey, params, plaintext);
  const cipher = createCipheriv('aes-128-gcm', params.encryptionKey, initializationVector(params), {
    authTagLength: AUTHENTICATION_TAG_LENGTH,
  });
  if (sc.authenticated) {
    cipher.setAAD(
      sc.encrypted
        ? additionalData(sc, params.authenticationKey)
        : additionalData(sc, params.authenticationKey, plaintext),
    );
  }
  if (!sc.encrypted) {
    cipher.final();
    return concatBytes(plaintext, cipher.getAuthTag());
  }
  const ciphertext = concatBytes(cipher.update(plaintext), cipher.final());
  return sc.authenticated ? concatBytes(ciphertext, cipher.getAuthTag()) : ciphertext;
}

/**
 * Reverses {@link protect}: checks the tag when the A bit is set and returns the plaintext.
 * Throws {@link DlmsAuthenticationError} when the tag does not verify (wrong key, system title or
 * counter, or altered bytes); no plaintext is ever returned then. Encryption-only data carries
 * no tag, so a wrong key there cannot be detected: accept that policy only knowingly.
 */
export function unprotect(params: UnprotectParams): Uint8Array {
  const { securityControl: sc, protectedData } = params;
  checkSuite0(sc, params);
  if (!sc.authenticated && !sc.encrypted) return protectedData.slice();
  if (!sc.authenticated) return gcmKeystream(params.encryptionKey, params, protectedData);
  const where = `system title ${toHex(params.systemTitle)}, invocation counter ${params.invocationCounter}`;
  let body = protectedData;
  let tag: Uint8Array | undefined;
  if (sc.authenticated) {
    if (protectedData.length < AUTHENTICATION_TAG_LENGTH) {
      throw new DlmsAuthenticationError(
        `Cannot unprotect APDU (${where}): ${protectedData.length} bytes cannot hold the ${AUTHENTICATION_TAG_LENGTH}-byte authentication tag`,
      );
    }
    body = protectedData.subarray(0, protectedData.length - AUTHENTICATION_TAG_LENGTH);
    tag = protectedData.subarray(protectedData.length - AUTHENTICATION_TAG_LENGTH);
  }
  const decipher = createDecipheriv('aes-128-gcm', params.encryptionKey, initializationVector(params), {
    authTagLength: AUTHENTICATION_TAG_LENGTH,
  });
  if (tag !== undefined) {
    decipher.setAuthTag(tag);
    decipher.setAAD(
      sc.encrypted
        ? additionalData(sc, params.authenticationKey)
        : additionalData(sc, params.authenticationKey, body),
    );
  }
  try {
    if (!sc.encrypted) {
      decipher.final();
      return body.slice();
    }
    return concatBytes(decipher.update(body), decipher.final());
  } catch (cause) {
    throw new DlmsAuthenticationError(
      `Cannot unprotect APDU (${where}): authentication tag does not verify`,
      {
        cause,
      },
    );
  }
}

/**
 * The 12-byte GMAC of `data` under suite 0: AES-GCM-128 with empty plaintext and AAD = data.
 * Used by HLS-GMAC, where data = SC || AK || challenge.
 */
export function gmac(
  encryptionKey: Uint8Array,
  systemTitle: Uint8Array,
  invocationCounter: number,
  data: Uint8Array,
): Uint8Array {
  checkKey(encryptionKey, 'encryption key');
  checkHeader(systemTitle, invocationCounter);
  const cipher = createCipheriv(
    'aes-128-gcm',
    encryptionKey,
    initializationVector({ systemTitle, invocationCounter }),
    {
      authTagLength: AUTHENTICATION_TAG_LENGTH,
    },
  );
  cipher.setAAD(data);
  cipher.final();
  return new Uint8Array(cipher.getAuthTag());
}

/**
 * Encryption without authentication: GCM's encryption is CTR mode from counter block J0 + 1,
 * J0 = IV || 00000001 for a 96-bit IV (NIST SP 800-38D §7.1), so the same keystream without a tag.
 */
function gcmKeystream(
  key: Uint8Array,
  header: { readonly systemTitle: Uint8Array; readonly invocationCounter: number },
  data: Uint8Array,
): Uint8Array {
  const counterBlock = new Uint8Array(16);
  counterBlock.set(initializationVector(header));
  counterBlock[15] = 2;
  const ctr = createCipheriv('aes-128-ctr', key, counterBlock);
  return concatBytes(ctr.update(data), ctr.final());
}

/** IV = system title (fixed field, 8 bytes) || invocation counter (invocation field, 4 bytes BE). */
function initializationVector(p: {
  readonly systemTitle: Uint8Array;
  readonly invocationCounter: number;
}): Uint8Array {
  const iv = new Uint8Array(SYSTEM_TITLE_LENGTH + 4);
  iv.set(p.systemTitle);
  new DataView(iv.buffer).setUint32(SYSTEM_TITLE_LENGTH, p.invocationCounter);
  return iv;
}

function additionalData(
  sc: SecurityControl,
  authenticationKey: Uint8Array,
  plaintext?: Uint8Array,
): Uint8Array {
  const scByte = Uint8Array.of(encodeSecurityControl(sc));
  return plaintext === undefined
    ? concatBytes(scByte, authenticationKey)
    : concatBytes(scByte, authenticationKey, plaintext);
}

function checkSuite0(sc: SecurityControl, p: Omit<ProtectParams, 'plaintext' | 'securityControl'>): void {
  if (sc.suite !== 0)
    throw new UnsupportedSecurityError(`Security suite ${sc.suite} is not supported (suite 0 only)`);
  if (sc.compressed)
    throw new UnsupportedSecurityError('Compressed APDUs (security control bit 7) are not supported');
  checkHeader(p.systemTitle, p.invocationCounter);
  if (sc.authenticated || sc.encrypted) checkKey(p.encryptionKey, 'encryption key');
  if (sc.authenticated) checkKey(p.authenticationKey, 'authentication key');
}

function checkHeader(systemTitle: Uint8Array, invocationCounter: number): void {
  if (systemTitle.length !== SYSTEM_TITLE_LENGTH) {
    throw new RangeError(`System title must be ${SYSTEM_TITLE_LENGTH} bytes, got ${systemTitle.length}`);
  }
  if (
    !Number.isInteger(invocationCounter) ||
    invocationCounter < 0 ||
    invocationCounter > MAX_INVOCATION_COUNTER
  ) {
    throw new RangeError(`Invocation counter out of range [0, 2^32-1]: ${invocationCounter}`);
  }
}

/** Checks a key's length; never prints the key. */
export function checkKey(key: Uint8Array, what: string): void {
  if (key.length !== SUITE0_KEY_LENGTH) {
    throw new RangeError(`Suite 0 ${what} must be ${SUITE0_KEY_LENGTH} bytes, got ${key.length}`);
  }
}
