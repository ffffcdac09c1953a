import { cosemDateTimeFromDate, cosemDateTimeToBytes } from '@gridmeter/dlms';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateTimeBytes, dateTimeData } from './cosem-time.js';

describe('dateTimeBytes', () => {
  it('stamps 2026-11-08 00:15 UTC at UTC+1 as local 01:15, Sunday, deviation −60', () => {
    expect([...dateTimeBytes(Date.UTC(2026, 10, 8, 0, 15), 60)]).toEqual([
      0x07, 0xea, 11, 8, 7, 1, 15, 0, 0, 0xff, 0xc4, 0x00,
    ]);
  });

  it('writes the same 12 octets as the DLMS codec for any instant, offset and clock status', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -720, max: 720 }),
        fc.integer({ min: 0, max: 0xfe }),
        (t, offset, status) => {
          const expected = cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(t), -offset, status));
          expect(dateTimeBytes(t, offset, status)).toEqual(expected);
          expect(dateTimeData(t, offset, status)).toEqual({ type: 'octet-string', value: expected });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('rejects a deviation beyond ±720 minutes, a clock status of 0xFF and an invalid instant', () => {
    expect(() => dateTimeBytes(0, 721)).toThrow(RangeError);
    expect(() => dateTimeBytes(0, 0, 0xff)).toThrow(RangeError);
    expect(() => dateTimeBytes(Number.NaN, 0)).toThrow(RangeError);
  });
});
