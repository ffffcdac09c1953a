import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { CodecError } from './errors.js';

describe('ByteReader', () => {
  it('reads big-endian integers of every width', () => {
    const r = new ByteReader(
      Uint8Array.of(0xff, 0x12, 0x34, 0x80, 0x00, 0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xfe),
    );
    expect(r.i8()).toBe(-1);
    expect(r.u16()).toBe(0x1234);
    expect(r.i16()).toBe(-32768);
    expect(r.u32()).toBe(0xdeadbeef);
    expect(r.i32()).toBe(-2);
    expect(r.atEnd).toBe(true);
  });

  it('reads 64-bit values as bigint', () => {
    const r = new ByteReader(
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0),
    );
    expect(r.i64()).toBe(-1n);
    expect(r.u64()).toBe(0x0100_0000_0000_0000n);
  });

  it('throws a CodecError carrying the offset when a read passes the end', () => {
    const r = new ByteReader(Uint8Array.of(1, 2, 3));
    r.u16();
    let err: unknown;
    try {
      r.u16('long-unsigned');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CodecError);
    expect((err as CodecError).offset).toBe(2);
    expect((err as CodecError).message).toBe(
      'Cannot read long-unsigned: needs 2 bytes, 1 left (at offset 2)',
    );
    expect(r.offset).toBe(2);
  });

  it('keeps absolute offsets in sub-readers', () => {
    const r = new ByteReader(Uint8Array.of(9, 9, 9, 1, 2), 100);
    r.skip(3);
    const sub = r.sub(2);
    sub.u8();
    expect(() => sub.u16()).toThrow(expect.objectContaining({ offset: 104 }));
  });

  it('refuses negative or fractional lengths', () => {
    const r = new ByteReader(new Uint8Array(4));
    expect(() => r.bytes(-1)).toThrow(CodecError);
    expect(() => r.bytes(1.5)).toThrow(CodecError);
  });

  it('hands out views, not copies', () => {
    const data = Uint8Array.of(1, 2, 3, 4);
    const view = new ByteReader(data).bytes(2);
    data[0] = 42;
    expect(view[0]).toBe(42);
  });

  it('reads a view that starts inside a larger buffer', () => {
    const big = Uint8Array.of(0, 0, 0x12, 0x34);
    expect(new ByteReader(big.subarray(2)).u16()).toBe(0x1234);
  });

  it('round-trips every integer width through ByteWriter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xff }),
        fc.integer({ min: -0x8000, max: 0x7fff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: -0x80000000, max: 0x7fffffff }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.double({ noNaN: true }),
        (a, b, c, d, e, f, g) => {
          const bytes = new ByteWriter(1).u8(a).i16(b).u32(c).i32(d).u64(e).i64(f).f64(g).finish();
          const r = new ByteReader(bytes);
          expect([r.u8(), r.i16(), r.u32(), r.i32(), r.u64(), r.i64(), r.f64()]).toEqual([
            a,
            b,
            c,
            d,
            e,
            f,
            g,
          ]);
          expect(r.atEnd).toBe(true);
        },
      ),
    );
  });
});

describe('ByteWriter', () => {
  it('rejects values that do not fit their field', () => {
    const w = new ByteWriter();
    expect(() => w.u8(256)).toThrow(RangeError);
    expect(() => w.u16(-1)).toThrow(RangeError);
    expect(() => w.i8(128)).toThrow(RangeError);
    expect(() => w.u32(1.5)).toThrow(RangeError);
    expect(() => w.u64(-1n)).toThrow(RangeError);
    expect(() => w.i64(2n ** 63n)).toThrow(RangeError);
  });

  it('patches length fields written earlier', () => {
    const w = new ByteWriter();
    w.u8(0)
      .u16(0)
      .bytes(Uint8Array.of(7, 7, 7));
    w.setU8At(0, 3).setU16At(1, 0xabcd);
    expect(Array.from(w.finish())).toEqual([3, 0xab, 0xcd, 7, 7, 7]);
    expect(() => w.setU8At(6, 1)).toThrow(RangeError);
  });

  it('grows past its initial capacity', () => {
    const w = new ByteWriter(1);
    for (let i = 0; i < 1000; i++) w.u8(i & 0xff);
    const out = w.finish();
    expect(out.length).toBe(1000);
    expect(out[999]).toBe(999 & 0xff);
  });
});
