import { type ByteReader, CodecError } from '@gridmeter/codec';
import { decodeCosemDate, decodeCosemDateTime, decodeCosemTime } from './cosem-date-time.js';
import { decodeLength, readRawLength } from './length.js';
import { hexByte } from './tags.js';
import { decodeTypeDescription } from './type-description.js';
import { DataTag, type DlmsData, type TypeDescription } from './types.js';

/** Options of {@link decodeData}. */
export interface DecodeDataOptions {
  /**
   * Deepest nesting of array, structure and compact-array accepted (default
   * {@link DEFAULT_MAX_DEPTH}); deeper input is a {@link CodecError}, not a stack overflow.
   */
  readonly maxDepth?: number;
  /**
   * `octet-string` values are `subarray` views into the input by default (no copy: the decoder
   * is on the head-end's hot path). Keep the input buffer unchanged while the values live, or set
   * this to get copies.
   */
  readonly copyOctetStrings?: boolean;
}

/** Default nesting bound of {@link decodeData}; real COSEM attributes nest 4–6 deep. */
export const DEFAULT_MAX_DEPTH = 32;

interface Context {
  readonly maxDepth: number;
  readonly copy: boolean;
}

const NULL_DATA: DlmsData = Object.freeze({ type: 'null-data' });
const DONT_CARE: DlmsData = Object.freeze({ type: 'dont-care' });

/** '00000000' … '11111111', indexed by byte, most significant bit first. */
const BITS_OF_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(2).padStart(8, '0'));

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Bytes per `String.fromCharCode` call, well under engine argument limits. */
const CHAR_CHUNK = 4096;

function latin1(bytes: Uint8Array): string {
  if (bytes.length <= CHAR_CHUNK) return String.fromCharCode(...bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i += CHAR_CHUNK)
    s += String.fromCharCode(...bytes.subarray(i, i + CHAR_CHUNK));
  return s;
}

/**
 * Decodes one A-XDR `Data` value (IEC 62056-6-2 §4.1.5, encoded per IEC 62056-5-3 §9.5) at the
 * reader's position and leaves the reader after it. Every length and element count is bounded by
 * the bytes left before anything is allocated; nesting is bounded by `maxDepth`. Throws
 * {@link CodecError} (with the offset) on an unknown tag, truncated input or a bad length.
 *
 * `octet-string` values are views into the input unless `copyOctetStrings` is set.
 *
 * @example
 * decodeData(new ByteReader(fromHex('12 00 e6'))); // { type: 'long-unsigned', value: 230 }
 */
export function decodeData(r: ByteReader, options?: DecodeDataOptions): DlmsData {
  const maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new RangeError(`maxDepth must be ≥ 0: ${maxDepth}`);
  return decodeTagged(r, { maxDepth, copy: options?.copyOctetStrings ?? false }, 0);
}

function decodeTagged(r: ByteReader, ctx: Context, depth: number): DlmsData {
  const at = r.absoluteOffset;
  const tag = r.u8('Data tag');
  return decodeContents(r, tag, ctx, depth, at);
}

/** The contents after tag `tag`; also the packed form of a compact-array element (no tag). */
function decodeContents(r: ByteReader, tag: number, ctx: Context, depth: number, at: number): DlmsData {
  switch (tag) {
    case DataTag.nullData:
      return NULL_DATA;
    case DataTag.array:
    case DataTag.structure: {
      const type = tag === DataTag.array ? 'array' : 'structure';
      if (depth >= ctx.maxDepth)
        throw new CodecError(`Cannot decode ${type}: nesting deeper than ${ctx.maxDepth}`, at);
      // IEC 62056-5-3 §9.5: SEQUENCE OF is a quantity, then the elements; each element is ≥ 1 byte
      // (its tag), so the quantity is bounded by the bytes left.
      const n = decodeLength(r, undefined, `${type} quantity`);
      const items: DlmsData[] = [];
      for (let i = 0; i < n; i++) items.push(decodeTagged(r, ctx, depth + 1));
      return { type, items };
    }
    case DataTag.boolean:
      // A-XDR BOOLEAN: 0x00 is FALSE, any other value TRUE (encoders send 0x01).
      return { type: 'boolean', value: r.u8('boolean') !== 0 };
    case DataTag.bitString: {
      // IEC 62056-5-3 §9.5: bit-string length counts bits; the bits follow MSB first, the last
      // byte padded. Padding bits are ignored.
      const lengthAt = r.absoluteOffset;
      const bitCount = readRawLength(r, 'bit-string length');
      const byteCount = Math.ceil(bitCount / 8);
      if (byteCount > r.remaining) {
        throw new CodecError(
          `Cannot decode bit-string: ${bitCount} bits need ${byteCount} bytes, ${r.remaining} left`,
          lengthAt,
        );
      }
      const bytes = r.bytes(byteCount, 'bit-string');
      let bits = '';
      for (let i = 0; i < byteCount; i++) bits += BITS_OF_BYTE[bytes[i]!]!;
      return { type: 'bit-string', value: bits.length === bitCount ? bits : bits.slice(0, bitCount) };
    }
    case DataTag.doubleLong:
      return { type: 'double-long', value: r.i32('double-long') };
    case DataTag.doubleLongUnsigned:
      return { type: 'double-long-unsigned', value: r.u32('double-long-unsigned') };
    case DataTag.octetString: {
      const n = decodeLength(r, undefined, 'octet-string length');
      const view = r.bytes(n, 'octet-string');
      return { type: 'octet-string', value: ctx.copy ? view.slice() : view };
    }
    case DataTag.visibleString: {
      // ISO 646 characters are expected; any byte is kept as the Latin-1 character of that code.
      const n = decodeLength(r, undefined, 'visible-string length');
      return { type: 'visible-string', value: latin1(r.bytes(n, 'visible-string')) };
    }
    case DataTag.utf8String: {
      const n = decodeLength(r, undefined, 'utf8-string length');
      const start = r.absoluteOffset;
      const bytes = r.bytes(n, 'utf8-string');
      try {
        return { type: 'utf8-string', value: utf8Decoder.decode(bytes) };
      } catch (e) {
        throw new CodecError('Cannot decode utf8-string: not valid UTF-8', start, { cause: e });
      }
    }
    case DataTag.bcd: {
      const start = r.absoluteOffset;
      const b = r.u8('bcd');
      const hi = b >> 4;
      const lo = b & 0x0f;
      if (hi > 9 || lo > 9)
        throw new CodecError(`Cannot decode bcd: ${hexByte(b)} is not two BCD digits`, start);
      return { type: 'bcd', value: hi * 10 + lo };
    }
    case DataTag.integer:
      return { type: 'integer', value: r.i8('integer') };
    case DataTag.long:
      return { type: 'long', value: r.i16('long') };
    case DataTag.unsigned:
      return { type: 'unsigned', value: r.u8('unsigned') };
    case DataTag.longUnsigned:
      return { type: 'long-unsigned', value: r.u16('long-unsigned') };
    case DataTag.compactArray:
      if (depth >= ctx.maxDepth) {
        throw new CodecError(`Cannot decode compact-array: nesting deeper than ${ctx.maxDepth}`, at);
      }
      return decodeCompactArray(r, ctx, depth);
    case DataTag.long64:
      return { type: 'long64', value: r.i64('long64') };
    case DataTag.long64Unsigned:
      return { type: 'long64-unsigned', value: r.u64('long64-unsigned') };
    case DataTag.enum:
      return { type: 'enum', value: r.u8('enum') };
    case DataTag.float32:
      return { type: 'float32', value: r.f32('float32') };
    case DataTag.float64:
      return { type: 'float64', value: r.f64('float64') };
    case DataTag.dateTime:
      return { type: 'date-time', value: decodeCosemDateTime(r) };
    case DataTag.date:
      return { type: 'date', value: decodeCosemDate(r) };
    case DataTag.time:
      return { type: 'time', value: decodeCosemTime(r) };
    case DataTag.dontCare:
      return DONT_CARE;
    default:
      throw new CodecError(`Cannot decode Data: unknown tag ${tag} (${hexByte(tag)})`, at);
  }
}

/**
 * IEC 62056-6-2 §4.1.5: compact-array ::= SEQUENCE { contents-description [0] TypeDescription,
 * array-contents [1] IMPLICIT OCTET STRING }. The contents hold the elements back to back with no
 * tags; arrays and structures inside carry no quantity (the description fixes it), strings keep
 * their length. The element count is whatever fills the contents exactly.
 */
function decodeCompactArray(r: ByteReader, ctx: Context, depth: number): DlmsData {
  const description = decodeTypeDescription(r, depth + 1, ctx.maxDepth);
  const n = decodeLength(r, undefined, 'compact-array contents length');
  const contents = r.sub(n, 'compact-array contents');
  const items: DlmsData[] = [];
  // Every description node occupies ≥ 1 byte (see type-description.ts), so each pass consumes
  // at least one byte and the loop ends.
  while (!contents.atEnd) items.push(decodePacked(contents, description, ctx, depth + 1));
  return { type: 'compact-array', description, items };
}

function decodePacked(r: ByteReader, d: TypeDescription, ctx: Context, depth: number): DlmsData {
  switch (d.type) {
    case 'simple':
      return decodeContents(r, d.tag, ctx, depth, r.absoluteOffset);
    case 'array': {
      const items: DlmsData[] = [];
      for (let i = 0; i < d.count; i++) items.push(decodePacked(r, d.element, ctx, depth + 1));
      return { type: 'array', items };
    }
    case 'structure': {
      const items: DlmsData[] = [];
      for (const e of d.elements) items.push(decodePacked(r, e, ctx, depth + 1));
      return { type: 'structure', items };
    }
  }
}
