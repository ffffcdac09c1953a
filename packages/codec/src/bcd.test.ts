import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bcdToNumber, decodeBcd, encodeBcd } from './bcd.js';
import { CodecError } from './errors.js';

describe('BCD', () => {
  it('decodes high byte first by default and low byte first on request', () => {
    expect(decodeBcd(Uint8Array.of(0x20, 0x26, 0x11))).toBe('202611');
    expect(decodeBcd(Uint8Array.of(0x11, 0x26, 0x20), 'little-endian')).toBe('202611');
    expect(bcdToNumber(Uint8Array.of(0x00, 0x01, 0x23))).toBe(123);
  });

  it('keeps leading zeros in digit strings', () => {
    expect(decodeBcd(Uint8Array.of(0x00, 0x07))).toBe('0007');
  });

  it('decodes an empty field to "" and 0', () => {
    expect(decodeBcd(new Uint8Array(0))).toBe('');
    expect(bcdToNumber(new Uint8Array(0))).toBe(0);
  });

  it('rejects a nibble above 9 with the offset of the bad byte', () => {
    const err = (() => {
      try {
        decodeBcd(Uint8Array.of(0x12, 0x3a, 0x45), 'big-endian', 10);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(CodecError);
    expect((err as CodecError).offset).toBe(11);
    expect(() => decodeBcd(Uint8Array.of(0xf0))).toThrow(/Invalid BCD byte 0xf0/);
  });

  it('reports the wire offset of a bad byte in little-endian order', () => {
    try {
      decodeBcd(Uint8Array.of(0x12, 0x34, 0xa0), 'little-endian');
      expect.unreachable();
    } catch (e) {
      expect((e as CodecError).offset).toBe(2);
    }
  });

  it('encodes with zero padding in both orders', () => {
    expect(Array.from(encodeBcd(2026, 2))).toEqual([0x20, 0x26]);
    expect(Array.from(encodeBcd(7, 3))).toEqual([0x00, 0x00, 0x07]);
    expect(Array.from(encodeBcd('1234', 3, 'little-endian'))).toEqual([0x34, 0x12, 0x00]);
    expect(Array.from(encodeBcd(99999999n, 4))).toEqual([0x99, 0x99, 0x99, 0x99]);
  });

  it('refuses values that do not fit or are not decimal', () => {
    expect(() => encodeBcd(100, 1)).toThrow(RangeError);
    expect(() => encodeBcd(-1, 2)).toThrow(RangeError);
    expect(() => encodeBcd(1.5, 2)).toThrow(RangeError);
    expect(() => encodeBcd('12a4', 2)).toThrow(RangeError);
  });

  it('round-trips every digit string through both byte orders', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${2 * n}}$`))),
        fc.constantFrom('big-endian' as const, 'little-endian' as const),
        (digits, order) => {
          expect(decodeBcd(encodeBcd(digits, digits.length / 2, order), order)).toBe(digits);
        },
      ),
    );
  });

  it('decodes random bytes to digits or a CodecError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (bytes) => {
        try {
          expect(decodeBcd(bytes)).toMatch(/^\d*$/);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
    );
  });
});
