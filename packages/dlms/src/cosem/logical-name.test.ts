import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLogicalName, logicalName, logicalNameEquals } from './logical-name.js';

describe('logicalName', () => {
  it('parses the dotted and the OBIS display forms to the same 6 bytes', () => {
    expect([...logicalName('1.0.1.8.0.255')]).toEqual([1, 0, 1, 8, 0, 255]);
    expect([...logicalName('1-0:1.8.0*255')]).toEqual([1, 0, 1, 8, 0, 255]);
    expect([...logicalName('0-0:40.0.0')]).toEqual([0, 0, 40, 0, 0, 255]);
    expect([...logicalName(' 0.0.1.0.0.255 ')]).toEqual([0, 0, 1, 0, 0, 255]);
  });

  it('accepts 6 bytes and copies them', () => {
    const bytes = Uint8Array.of(0, 0, 96, 3, 10, 255);
    const ln = logicalName(bytes);
    bytes[0] = 9;
    expect([...ln]).toEqual([0, 0, 96, 3, 10, 255]);
    expect([...logicalName([1, 2, 3, 4, 5, 6])]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    '',
    '1.0.1.8.0',
    '1.0.1.8.0.256',
    '1-0:1.8.0*256',
    '1-0:1.8*255',
    '1.0.1.8.0.255.1',
    'a.b.c.d.e.f',
    '1.0.1.8.0.-1',
  ])('throws RangeError on "%s"', (text) => {
    expect(() => logicalName(text)).toThrow(RangeError);
  });

  it('throws RangeError on byte arrays that are not 6 values 0-255', () => {
    expect(() => logicalName(Uint8Array.of(1, 2, 3))).toThrow(RangeError);
    expect(() => logicalName([1, 2, 3, 4, 5, 256])).toThrow(RangeError);
    expect(() => logicalName([1, 2, 3, 4, 5, 1.5])).toThrow(RangeError);
  });

  it('formats in both forms and rejects a wrong length', () => {
    const clock = Uint8Array.of(0, 0, 1, 0, 0, 255);
    expect(formatLogicalName(clock)).toBe('0.0.1.0.0.255');
    expect(formatLogicalName(clock, 'obis')).toBe('0-0:1.0.0*255');
    expect(() => formatLogicalName(Uint8Array.of(1, 2, 3, 4, 5))).toThrow(RangeError);
  });

  it('round-trips any 6 bytes through both textual forms', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        expect(logicalNameEquals(logicalName(formatLogicalName(bytes)), bytes)).toBe(true);
        expect(logicalNameEquals(logicalName(formatLogicalName(bytes, 'obis')), bytes)).toBe(true);
      }),
    );
  });
});
