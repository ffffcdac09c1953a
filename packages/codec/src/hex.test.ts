import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, concatBytes, fromHex, toHex } from './hex.js';

describe('hex', () => {
  it('parses the forms protocol analysers print', () => {
    expect(Array.from(fromHex('7E A0 07'))).toEqual([0x7e, 0xa0, 0x07]);
    expect(Array.from(fromHex('0x7ea0'))).toEqual([0x7e, 0xa0]);
    expect(Array.from(fromHex('7e:a0-07'))).toEqual([0x7e, 0xa0, 0x07]);
  });

  it('rejects odd lengths and non-hex characters', () => {
    expect(() => fromHex('7e0')).toThrow(/Odd number/);
    expect(() => fromHex('zz')).toThrow(TypeError);
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (b) => {
        expect(bytesEqual(fromHex(toHex(b, ' ')), b)).toBe(true);
      }),
    );
  });

  it('concatenates', () => {
    expect(Array.from(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)))).toEqual([
      1, 2, 3,
    ]);
  });
});
