import { ByteReader, ByteWriter, CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { u9nVectors } from '../test-support/vectors.js';
import { decodeLength, encodeLength, lengthSize, readRawLength } from './length.js';

const encoded = (n: number): string => {
  const w = new ByteWriter();
  encodeLength(w, n);
  return toHex(w.finish());
};

describe('A-XDR length', () => {
  it('encodes the short form below 0x80 and the shortest long form above', () => {
    expect(encoded(0)).toBe('00');
    expect(encoded(0x7f)).toBe('7f');
    expect(encoded(0x80)).toBe('8180');
    expect(encoded(0xff)).toBe('81ff');
    expect(encoded(0x100)).toBe('820100');
    expect(encoded(0xffff)).toBe('82ffff');
    expect(encoded(0x10000)).toBe('83010000');
    expect(encoded(0xffffffff)).toBe('84ffffffff');
  });

  it('refuses lengths it cannot write', () => {
    const w = new ByteWriter();
    expect(() => encodeLength(w, -1)).toThrow(RangeError);
    expect(() => encodeLength(w, 1.5)).toThrow(RangeError);
    expect(() => encodeLength(w, 2 ** 32)).toThrow(RangeError);
  });

  it('reads the dlms_cosem length vectors: 82 0f0f is 3855, 0f is 15', () => {
    const vectors = u9nVectors().filter((v) => JSON.stringify(v.sources).includes('"test_get_axdr_length"'));
    expect(vectors.map((v) => v.hex).sort()).toEqual(['0f0f', '820f0f']);
    expect(readRawLength(new ByteReader(fromHex('820f0f')))).toBe(0x0f0f);
    const r = new ByteReader(fromHex('0f0f'));
    expect(readRawLength(r)).toBe(15);
    expect(r.offset).toBe(1);
  });

  it('accepts non-minimal long forms', () => {
    expect(decodeLength(new ByteReader(fromHex('820005 0000000000')))).toBe(5);
  });

  it('bounds a length by the bytes left after it and by an optional max', () => {
    expect(() => decodeLength(new ByteReader(fromHex('05 00000000')))).toThrow(/5 exceeds the 4 bytes left/);
    expect(decodeLength(new ByteReader(fromHex('04 00000000')))).toBe(4);
    expect(() => decodeLength(new ByteReader(fromHex('04 00000000')), 3)).toThrow(/exceeds the maximum 3/);
  });

  it('fails fast on a claimed length of 2^31 and on 0xffffffff', () => {
    for (const h of ['8480000000', '84ffffffff']) {
      let err: unknown;
      try {
        decodeLength(new ByteReader(fromHex(`${h} 0102`)));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CodecError);
      expect((err as CodecError).offset).toBe(0);
    }
  });

  it('rejects the indefinite form 0x80 and more than four length octets', () => {
    expect(() => readRawLength(new ByteReader(fromHex('80')))).toThrow(/0x80 is not an A-XDR length/);
    expect(() => readRawLength(new ByteReader(fromHex('850000000001')))).toThrow(CodecError);
    expect(() => readRawLength(new ByteReader(fromHex('82ff')))).toThrow(CodecError);
  });

  it('round-trips every length and writes lengthSize bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const w = new ByteWriter();
        encodeLength(w, n);
        const bytes = w.finish();
        expect(bytes.length).toBe(lengthSize(n));
        const r = new ByteReader(bytes);
        expect(readRawLength(r)).toBe(n);
        expect(r.atEnd).toBe(true);
      }),
    );
  });
});
