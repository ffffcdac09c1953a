import { toHex } from '@gridmeter/codec';
import { dataToJson, decodeDataPrefix, type JsonValue } from '@gridmeter/dlms';
import { toDecodeError } from './errors.js';
import type { TrailingBytes } from './report.js';

/** Stop reading trailing bytes as Data after this many values: they are a guess, not a message. */
const MAX_TRAILING_VALUES = 16;

/**
 * Describes bytes left after a complete APDU (the Gurux C server's clock GET-Response carries 18
 * after its date-time) and reads them as A-XDR Data values, one after another, as far as they go.
 *
 * @example
 * trailingBytes(fromHex('090f'), 40); // { offset: 40, length: 2, hex: '090f', undecoded: { offset: 40, … } }
 */
export function trailingBytes(bytes: Uint8Array, offset: number): TrailingBytes {
  const asData: JsonValue[] = [];
  let at = 0;
  let undecoded: TrailingBytes['undecoded'];
  while (at < bytes.length && asData.length < MAX_TRAILING_VALUES) {
    try {
      const { data, trailing } = decodeDataPrefix(bytes.subarray(at));
      asData.push(dataToJson(data));
      at = bytes.length - trailing.length;
    } catch (e) {
      const error = toDecodeError(e, offset + at, offset + at);
      undecoded = {
        offset: offset + at,
        hex: toHex(bytes.subarray(at)),
        reason: `${error.message} (at input offset ${error.offset})`,
      };
      break;
    }
  }
  if (!undecoded && at < bytes.length) {
    undecoded = { offset: offset + at, hex: toHex(bytes.subarray(at)), reason: 'not read further' };
  }
  return {
    offset,
    length: bytes.length,
    hex: toHex(bytes),
    ...(asData.length > 0 ? { asData } : {}),
    ...(undecoded ? { undecoded } : {}),
  };
}
