import type { CipheredApduTag } from './tags.js';

/**
 * A ciphered APDU (glo-/ded-/general ciphering, IEC 62056-5-3 §9.2.7) passed through undeciphered:
 * `raw` is the whole APDU, tag byte included, for the security module to decipher.
 */
export interface CipheredApduPassthrough {
  readonly type: 'ciphered';
  readonly tag: CipheredApduTag;
  readonly raw: Uint8Array;
}
