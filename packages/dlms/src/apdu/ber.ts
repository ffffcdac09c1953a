import { type ByteReader, ByteWriter, CodecError } from '@gridmeter/codec';

/**
 * The small part of BER (ITU-T X.690) the ACSE APDUs need: definite lengths, one- and
 * multi-byte tags, OBJECT IDENTIFIER, INTEGER and BIT STRING contents. IEC 62056-5-3 §8.2 and
 * Annex A: AARQ/AARE/RLRQ/RLRE are BER-encoded, their user-information carries A-XDR.
 */

/** Longest BER length field accepted: 0x84 + 4 bytes. */
const MAX_LENGTH_OCTETS = 4;

/** One decoded TLV: the tag as its wire bytes folded into a number (0x5f1f for [APPLICATION 31]). */
export interface BerElement {
  readonly tag: number;
  readonly value: Uint8Array;
  /** Absolute offset of the value's first byte, for error messages. */
  readonly valueOffset: number;
}

/** X.690 §8.1.2: a tag is one byte, or 0x1f-terminated low bits followed by base-128 bytes. */
export function readBerTag(r: ByteReader): number {
  const first = r.u8('BER tag');
  if ((first & 0x1f) !== 0x1f) return first;
  let tag = first;
  for (let i = 0; ; i++) {
    if (i === 3) throw r.error('BER tag longer than 4 bytes');
    const b = r.u8('BER tag');
    tag = tag * 256 + b;
    if ((b & 0x80) === 0) return tag;
  }
}

/** X.690 §8.1.3: definite short or long form; the indefinite form (0x80) is refused. */
export function readBerLength(r: ByteReader, what = 'BER length'): number {
  const first = r.u8(what);
  if (first < 0x80) return first;
  const octets = first & 0x7f;
  if (octets === 0) throw r.error(`Cannot decode ${what}: indefinite length is not allowed in DLMS ACSE`);
  if (octets > MAX_LENGTH_OCTETS) throw r.error(`Cannot decode ${what}: ${octets} length octets`);
  let n = 0;
  for (let i = 0; i < octets; i++) n = n * 256 + r.u8(what);
  if (n > r.remaining) {
    throw r.error(`Cannot decode ${what}: length ${n} exceeds the ${r.remaining} bytes left`);
  }
  return n;
}

/** Reads one TLV whose value is bounded by its length and by the enclosing buffer. */
export function readBerElement(r: ByteReader, what = 'BER element'): BerElement {
  const tag = readBerTag(r);
  const length = readBerLength(r, `${what} length`);
  const valueOffset = r.absoluteOffset;
  return { tag, value: r.bytes(length, what), valueOffset };
}

export function writeBerLength(w: ByteWriter, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`BER length out of range: ${n}`);
  if (n < 0x80) w.u8(n);
  else if (n <= 0xff) w.u8(0x81).u8(n);
  else if (n <= 0xffff) w.u8(0x82).u16(n);
  else if (n <= 0xffffff)
    w.u8(0x83)
      .u8(n >>> 16)
      .u16(n & 0xffff);
  else w.u8(0x84).u32(n);
}

export function writeBerTag(w: ByteWriter, tag: number): void {
  if (tag > 0xff) {
    const bytes: number[] = [];
    for (let t = tag; t > 0; t = Math.floor(t / 256)) bytes.unshift(t & 0xff);
    for (const b of bytes) w.u8(b);
  } else w.u8(tag);
}

/** Writes tag, definite length and value. */
export function writeBerElement(w: ByteWriter, tag: number, value: Uint8Array): void {
  writeBerTag(w, tag);
  writeBerLength(w, value.length);
  w.bytes(value);
}

/** Encodes a body with `fill` and wraps it as one TLV. */
export function writeBerConstructed(w: ByteWriter, tag: number, fill: (inner: ByteWriter) => void): void {
  const inner = new ByteWriter(64);
  fill(inner);
  writeBerElement(w, tag, inner.finish());
}

/** X.690 §8.19: OBJECT IDENTIFIER contents to dotted text ("2.16.756.5.8.1.1"). */
export function decodeOid(value: Uint8Array, offset: number): string {
  if (value.length === 0) throw new CodecError('Cannot decode OBJECT IDENTIFIER: empty', offset);
  const arcs: number[] = [];
  let arc = 0;
  let arcBytes = 0;
  for (let i = 0; i < value.length; i++) {
    const b = value[i]!;
    if (arcBytes === 0 && b === 0x80) {
      throw new CodecError('Cannot decode OBJECT IDENTIFIER: arc with a leading 0x80 byte', offset + i);
    }
    arc = arc * 128 + (b & 0x7f);
    arcBytes++;
    if (arcBytes > 7) throw new CodecError('Cannot decode OBJECT IDENTIFIER: arc too large', offset + i);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = arc < 40 ? 0 : arc < 80 ? 1 : 2;
        arcs.push(first, arc - 40 * first);
      } else arcs.push(arc);
      arc = 0;
      arcBytes = 0;
    }
  }
  if (arcBytes !== 0) {
    throw new CodecError('Cannot decode OBJECT IDENTIFIER: last arc unterminated', offset + value.length - 1);
  }
  return arcs.join('.');
}

/** Dotted OID text to OBJECT IDENTIFIER contents. Throws `RangeError` on malformed text. */
export function encodeOid(oid: string): Uint8Array {
  if (!/^[0-2]\.\d+(\.\d+)*$/.test(oid)) throw new RangeError(`Not an OBJECT IDENTIFIER: "${oid}"`);
  const arcs = oid.split('.').map(Number);
  const [a, b] = arcs as [number, number];
  if (a < 2 && b >= 40) throw new RangeError(`Not an OBJECT IDENTIFIER: "${oid}"`);
  const out: number[] = [];
  for (const arc of [40 * a + b, ...arcs.slice(2)]) {
    if (!Number.isSafeInteger(arc) || arc >= 2 ** 49) throw new RangeError(`OID arc too large in "${oid}"`);
    const septets: number[] = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) septets.unshift((v % 128) | 0x80);
    out.push(...septets);
  }
  return Uint8Array.from(out);
}

/** X.690 §8.3: INTEGER contents (two's complement, 1–4 bytes here). */
export function decodeBerInteger(value: Uint8Array, offset: number, what: string): number {
  if (value.length === 0 || value.length > 4) {
    throw new CodecError(`Cannot decode ${what}: INTEGER of ${value.length} bytes`, offset);
  }
  let n = (value[0]! & 0x80) !== 0 ? -1 : 0;
  for (const b of value) n = n * 256 + b;
  return n;
}

/** Minimal two's-complement INTEGER contents. */
export function encodeBerInteger(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) {
    throw new RangeError(`INTEGER out of range: ${n}`);
  }
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (!(v === 0 && (bytes[0]! & 0x80) === 0) && !(v === -1 && (bytes[0]! & 0x80) !== 0));
  return Uint8Array.from(bytes);
}
