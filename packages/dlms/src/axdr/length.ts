import { type ByteReader, type ByteWriter, CodecError } from '@gridmeter/codec';

/**
 * A-XDR length and quantity fields (IEC 62056-5-3 §9.5, A-XDR per IEC 61334-6, BER-style):
 * 0–127 is one byte; larger values are `0x80 | k` followed by `k` big-endian bytes. The long
 * form with `k` = 1…4 covers every length a DLMS PDU can carry; `0x80` (BER indefinite) is not
 * used by A-XDR.
 */
const SHORT_FORM_MAX = 0x7f;
const LONG_FORM_FLAG = 0x80;
const LONG_FORM_MAX_OCTETS = 4;

/** The largest length {@link encodeLength} accepts: four length octets. */
export const MAX_AXDR_LENGTH = 0xffff_ffff;

/**
 * Writes an A-XDR length in the shortest form (one byte below 0x80, else 0x81 nn, 0x82 nnnn,
 * 0x83 nnnnnn, 0x84 nnnnnnnn). Throws `RangeError` for a negative, fractional or too large `n`.
 *
 * @example
 * encodeLength(w, 300); // 82 01 2c
 */
export function encodeLength(w: ByteWriter, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_AXDR_LENGTH) {
    throw new RangeError(`A-XDR length out of range [0, ${MAX_AXDR_LENGTH}]: ${n}`);
  }
  if (n <= SHORT_FORM_MAX) {
    w.u8(n);
  } else if (n <= 0xff) {
    w.u8(LONG_FORM_FLAG | 1).u8(n);
  } else if (n <= 0xffff) {
    w.u8(LONG_FORM_FLAG | 2).u16(n);
  } else if (n <= 0xff_ffff) {
    w.u8(LONG_FORM_FLAG | 3)
      .u8(n >>> 16)
      .u16(n & 0xffff);
  } else {
    w.u8(LONG_FORM_FLAG | 4).u32(n);
  }
}

/** Bytes {@link encodeLength} writes for `n`. */
export function lengthSize(n: number): number {
  return n <= SHORT_FORM_MAX ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : n <= 0xff_ffff ? 4 : 5;
}

/**
 * Reads an A-XDR length field without bounding it: for callers whose unit is not a byte
 * (bit-string lengths count bits). Non-minimal long forms (0x82 00 05) are accepted.
 */
export function readRawLength(r: ByteReader, what = 'length'): number {
  const start = r.absoluteOffset;
  const first = r.u8(what);
  if (first <= SHORT_FORM_MAX) return first;
  const octets = first & SHORT_FORM_MAX;
  if (octets === 0 || octets > LONG_FORM_MAX_OCTETS) {
    throw new CodecError(
      `Cannot decode ${what}: length form 0x${first.toString(16)} is not an A-XDR length (0x81–0x84)`,
      start,
    );
  }
  let n = 0;
  for (let i = 0; i < octets; i++) n = n * 256 + r.u8(what);
  return n;
}

/**
 * Reads an A-XDR length and bounds it before anyone allocates for it: it may not exceed the bytes
 * left in `r` after the length field, nor `max` when given. Throws {@link CodecError} otherwise.
 * The bound by the remaining bytes also holds for element counts, because every encoded element
 * takes at least one byte.
 *
 * @example
 * decodeLength(new ByteReader(Uint8Array.of(0x82, 0x01, 0x2c, ...body))); // 300
 */
export function decodeLength(r: ByteReader, max?: number, what = 'length'): number {
  const start = r.absoluteOffset;
  const n = readRawLength(r, what);
  if (n > r.remaining) {
    throw new CodecError(`Cannot decode ${what}: ${n} exceeds the ${r.remaining} bytes left`, start);
  }
  if (max !== undefined && n > max) {
    throw new CodecError(`Cannot decode ${what}: ${n} exceeds the maximum ${max}`, start);
  }
  return n;
}
