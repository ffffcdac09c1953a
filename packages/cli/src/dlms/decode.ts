import { decodeApduNode } from './apdu.js';
import { detectLayer } from './detect.js';
import { decodeHdlcStream } from './hdlc.js';
import type { ApduNode, CipheredNode, DecodedItem, DecodeReport, DlmsLayer } from './report.js';
import { type DlmsKeys, SecurityContext } from './security-context.js';
import { decodeWrapperStream } from './wrapper.js';

/** Options of {@link decodeDlms}. */
export interface DecodeDlmsOptions {
  /** Force the framing instead of detecting it. */
  readonly layer?: DlmsLayer;
  /** Keys to decipher glo-/ded-/general-glo/general-ded APDUs with. */
  readonly keys?: DlmsKeys;
}

function cipheredFailed(c: CipheredNode | undefined): boolean {
  return (
    c !== undefined && (c.error !== undefined || (c.deciphered !== undefined && apduFailed(c.deciphered)))
  );
}

function apduFailed(a: ApduNode): boolean {
  return (
    a.error !== undefined ||
    a.trailing !== undefined ||
    cipheredFailed(a.ciphered) ||
    cipheredFailed(a.userInformation)
  );
}

/** True when an item, or anything inside it, did not decode cleanly (trailing bytes included). */
export function itemFailed(item: DecodedItem): boolean {
  if ('frame' in item) {
    if (item.error !== undefined) return true;
    return item.frame !== 'error' && item.apdu !== undefined && apduFailed(item.apdu);
  }
  return apduFailed(item);
}

/**
 * Decodes DLMS/COSEM bytes as a field engineer pastes them: a stream of IEC 62056-47 wrapper
 * frames, a run of HDLC frames, or one bare APDU (detected, or forced by `layer`). Learns system
 * titles from AARQ/AARE as it goes and deciphers with `keys`. Pure: bytes in, report out; never
 * throws on bad input.
 *
 * @example
 * const report = decodeDlms(fromHex('000100100001000dc001c100080000010000ff0200'));
 * report.items[0]; // { frame: 'wrapper', source: 16, destination: 1, apdu: { type: 'get-request-normal', … } }
 */
export function decodeDlms(bytes: Uint8Array, options: DecodeDlmsOptions = {}): DecodeReport {
  const layer = options.layer ?? detectLayer(bytes);
  const security = new SecurityContext(options.keys);
  let items: DecodedItem[];
  switch (layer) {
    case 'wrapper':
      items = decodeWrapperStream(bytes, security);
      break;
    case 'hdlc':
      items = decodeHdlcStream(bytes, security);
      break;
    case 'apdu':
      items = [decodeApduNode(bytes, { offset: 0 }, security)];
      break;
  }
  if (items.length === 0) {
    items = [
      { frame: 'error', offset: 0, length: bytes.length, error: { message: 'No frame found', offset: 0 } },
    ];
  }
  return { layer, length: bytes.length, ok: !items.some(itemFailed), items };
}
