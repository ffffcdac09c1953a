import { ByteReader, ByteWriter, CodecError } from '@gridmeter/codec';
import { type DecodeDataOptions, decodeData } from './decode.js';
import { encodeData } from './encode.js';
import type { DlmsData } from './types.js';

/**
 * The A-XDR bytes of one `Data` value.
 *
 * @example
 * dataToBytes({ type: 'visible-string', value: 'TEST' }); // 0a 04 54 45 53 54
 */
export function dataToBytes(d: DlmsData): Uint8Array {
  const w = new ByteWriter(64);
  encodeData(w, d);
  return w.finish();
}

/**
 * Decodes `bytes` as exactly one `Data` value. Throws {@link CodecError} when bytes are left
 * over, saying how many, as well as for anything {@link decodeData} rejects.
 *
 * @example
 * dataFromBytes(fromHex('0600000926')); // { type: 'double-long-unsigned', value: 2342 }
 */
export function dataFromBytes(bytes: Uint8Array, options?: DecodeDataOptions): DlmsData {
  const r = new ByteReader(bytes);
  const data = decodeData(r, options);
  if (!r.atEnd) {
    throw new CodecError(
      `Cannot decode Data: ${r.remaining} trailing byte${r.remaining === 1 ? '' : 's'} after the value`,
      r.absoluteOffset,
    );
  }
  return data;
}

/** A `Data` value and whatever followed it. */
export interface DataPrefix {
  readonly data: DlmsData;
  /** The bytes after the value, as a view into the input (empty when the value filled it). */
  readonly trailing: Uint8Array;
}

/**
 * Decodes the first `Data` value of `bytes` and hands back the rest untouched, for real-world
 * responses with stray bytes after the value (a clock GET-response whose date-time is followed
 * by junk). It decodes one value and stops; the caller decides whether the trailing bytes matter.
 *
 * @example
 * const { data, trailing } = decodeDataPrefix(fromHex('090c07ea0b160701141300000000 090f'));
 * // data: the 12-byte octet-string, trailing: 09 0f
 */
export function decodeDataPrefix(bytes: Uint8Array, options?: DecodeDataOptions): DataPrefix {
  const r = new ByteReader(bytes);
  const data = decodeData(r, options);
  return { data, trailing: r.rest() };
}
