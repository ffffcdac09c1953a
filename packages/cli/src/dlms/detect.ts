import { HDLC_FLAG, WRAPPER_HEADER_BYTES, WRAPPER_VERSION } from '@gridmeter/dlms';
import type { DlmsLayer } from './report.js';

/** IEC 62056-46 §6.4.1: the high nibble of the first format byte of a type-3 frame. */
const HDLC_FORMAT_TYPE_3_NIBBLE = 0xa;

/**
 * Guesses the framing from the first bytes: IEC 62056-47 wrapper (version 00 01), HDLC (flag 7E
 * then a type-3 format field A…, after any fill flags), else a bare APDU. No APDU tag is 0x00 or
 * 0x7E, so the guess is safe for well-formed input.
 *
 * @example
 * detectLayer(fromHex('0001 0010 0001 0005 6203800100')); // 'wrapper'
 */
export function detectLayer(bytes: Uint8Array): DlmsLayer {
  if (bytes.length >= WRAPPER_HEADER_BYTES && ((bytes[0]! << 8) | bytes[1]!) === WRAPPER_VERSION) {
    return 'wrapper';
  }
  let at = 0;
  while (bytes[at] === HDLC_FLAG) at++;
  if (at > 0 && bytes[at] !== undefined && bytes[at]! >> 4 === HDLC_FORMAT_TYPE_3_NIBBLE) return 'hdlc';
  return 'apdu';
}
