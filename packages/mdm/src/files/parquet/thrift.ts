/**
 * Thrift compact protocol writer, the encoding of Parquet's footer and page headers (Apache
 * Thrift "Compact protocol" spec). Only what Parquet metadata needs: structs, lists, i32/i64,
 * booleans and binary.
 */
export const CompactType = {
  booleanTrue: 1,
  booleanFalse: 2,
  i16: 4,
  i32: 5,
  i64: 6,
  binary: 8,
  list: 9,
  struct: 12,
} as const;

/** A field value: integers as i32 unless given as bigint (i64), nested structs as field lists. */
export type ThriftValue =
  | { readonly i32: number }
  | { readonly i64: bigint | number }
  | { readonly bool: boolean }
  | { readonly binary: string | Uint8Array }
  | { readonly struct: ThriftStruct }
  | { readonly list: readonly ThriftValue[]; readonly type: number };

/** A struct as [field id, value] pairs in ascending id order; undefined values are skipped. */
export type ThriftStruct = readonly (readonly [number, ThriftValue | undefined])[];

const encoder = new TextEncoder();

/** Serialises a struct with the compact protocol. */
export function encodeStruct(struct: ThriftStruct): Uint8Array {
  const out: number[] = [];
  writeStruct(out, struct);
  return Uint8Array.from(out);
}

function varint(out: number[], value: bigint): void {
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

// Compact protocol: signed integers are zigzag-encoded varints.
function zigzag(out: number[], value: bigint, bits: bigint): void {
  varint(out, BigInt.asUintN(Number(bits), (value << 1n) ^ (value >> (bits - 1n))));
}

function typeOf(v: ThriftValue): number {
  if ('i32' in v) return CompactType.i32;
  if ('i64' in v) return CompactType.i64;
  if ('bool' in v) return v.bool ? CompactType.booleanTrue : CompactType.booleanFalse;
  if ('binary' in v) return CompactType.binary;
  if ('struct' in v) return CompactType.struct;
  return CompactType.list;
}

function writeStruct(out: number[], struct: ThriftStruct): void {
  let last = 0;
  for (const [id, v] of struct) {
    if (v === undefined) continue;
    const delta = id - last;
    // Field header: delta in the high nibble when 1..15, else type byte then zigzag i16 id.
    if (delta > 0 && delta <= 15) out.push((delta << 4) | typeOf(v));
    else {
      out.push(typeOf(v));
      zigzag(out, BigInt(id), 16n);
    }
    last = id;
    if (!('bool' in v)) writeValue(out, v);
  }
  out.push(0); // stop field
}

function writeValue(out: number[], v: ThriftValue): void {
  if ('i32' in v) zigzag(out, BigInt(v.i32), 32n);
  else if ('i64' in v) zigzag(out, BigInt(v.i64), 64n);
  else if ('bool' in v) throw new TypeError('Booleans are only written as struct fields here');
  else if ('binary' in v) {
    const bytes = typeof v.binary === 'string' ? encoder.encode(v.binary) : v.binary;
    varint(out, BigInt(bytes.length));
    for (const b of bytes) out.push(b);
  } else if ('struct' in v) writeStruct(out, v.struct);
  else {
    // List header: size in the high nibble when < 15, else 0xF then a varint size.
    if (v.list.length < 15) out.push((v.list.length << 4) | v.type);
    else {
      out.push(0xf0 | v.type);
      varint(out, BigInt(v.list.length));
    }
    for (const item of v.list) writeValue(out, item);
  }
}
