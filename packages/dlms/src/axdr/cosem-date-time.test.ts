import { ByteReader, CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { u9nVectors } from '../test-support/vectors.js';
import {
  cosemDateFromBytes,
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
  cosemDateToBytes,
  cosemTimeFromBytes,
  cosemTimeToBytes,
  decodeCosemDateTime,
  formatCosemDateTime,
} from './cosem-date-time.js';
import type { CosemDateTime } from './types.js';

describe('COSEM date-time vectors (dlms_cosem test_time.py, test_get.py)', () => {
  // Expected fields read off the hex by hand: yyyy mm dd wd hh mi ss cc dev(2) status.
  const expected: Record<string, CosemDateTime> = {
    '07e40101ff00030000ff8800': {
      year: 2020,
      month: 1,
      dayOfMonth: 1,
      hour: 0,
      minute: 3,
      second: 0,
      hundredths: 0,
      deviation: -120,
      clockStatus: 0,
    },
    '07e40106ff00030000ffc400': {
      year: 2020,
      month: 1,
      dayOfMonth: 6,
      hour: 0,
      minute: 3,
      second: 0,
      hundredths: 0,
      deviation: -60,
      clockStatus: 0,
    },
    '07e2020cff00000000800000': {
      year: 2018,
      month: 2,
      dayOfMonth: 12,
      hour: 0,
      minute: 0,
      second: 0,
      hundredths: 0,
      clockStatus: 0,
    },
    '07e50603040e091700ffc400': {
      year: 2021,
      month: 6,
      dayOfMonth: 3,
      dayOfWeek: 4,
      hour: 14,
      minute: 9,
      second: 23,
      hundredths: 0,
      deviation: -60,
      clockStatus: 0,
    },
  };

  const vectors = u9nVectors().filter(
    (v) => v.kind_guess === 'COSEM date-time, 12-byte octet-string content',
  );

  it('has the four vectors', () => {
    expect(vectors.map((v) => v.hex).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const v of vectors) {
    it(`decodes ${v.hex} field by field and encodes it back`, () => {
      const dt = cosemDateTimeFromBytes(fromHex(v.hex));
      expect(dt).toEqual(expected[v.hex]);
      expect(toHex(cosemDateTimeToBytes(dt))).toBe(v.hex);
    });
  }

  it('puts the CET examples at the right UTC instant (UTC = local + deviation)', () => {
    expect(cosemDateTimeToEpochMs(cosemDateTimeFromBytes(fromHex('07e40106ff00030000ffc400')))).toBe(
      Date.UTC(2020, 0, 5, 23, 3, 0),
    );
    expect(cosemDateTimeToEpochMs(cosemDateTimeFromBytes(fromHex('07e50603040e091700ffc400')))).toBe(
      Date.UTC(2021, 5, 3, 13, 9, 23),
    );
    expect(
      cosemDateTimeToEpochMs(cosemDateTimeFromBytes(fromHex('07e50603040e091700ffc400')), 'local-minus-utc'),
    ).toBe(Date.UTC(2021, 5, 3, 15, 9, 23));
  });
});

describe('COSEM date-time', () => {
  it('keeps deviation 0x8000 and clock status 0xff as not specified', () => {
    const dt = cosemDateTimeFromBytes(fromHex('ffffffffffffffffff8000ff'));
    expect(dt).toEqual({});
    expect(toHex(cosemDateTimeToBytes({}))).toBe('ffffffffffffffffff8000ff');
    expect(formatCosemDateTime(dt)).toBe('****-**-**T**:**:**.**');
  });

  it('keeps special and out-of-range values when decoding', () => {
    const dt = cosemDateTimeFromBytes(fromHex('ffff fe fd 07 30 3c 3c 64 7fff 00'));
    expect(dt).toEqual({
      month: 0xfe,
      dayOfMonth: 0xfd,
      dayOfWeek: 7,
      hour: 0x30,
      minute: 60,
      second: 60,
      hundredths: 100,
      deviation: 0x7fff,
      clockStatus: 0,
    });
    expect(formatCosemDateTime({ year: 2024, month: 3, dayOfMonth: 0xfe })).toBe('2024-03-FET**:**:**.**');
  });

  it('encodes the special month and day values but refuses values out of range', () => {
    expect(toHex(cosemDateToBytes({ month: 0xfd, dayOfMonth: 0xfe }))).toBe('fffffdfeff');
    const bad: CosemDateTime[] = [
      { month: 0 },
      { month: 13 },
      { dayOfMonth: 32 },
      { dayOfWeek: 0 },
      { hour: 24 },
      { minute: 60 },
      { second: 60 },
      { hundredths: 100 },
      { deviation: 721 },
      { deviation: -721 },
      { clockStatus: 0xff },
      { year: 0xffff },
      { hour: 1.5 },
    ];
    for (const dt of bad) expect(() => cosemDateTimeToBytes(dt), JSON.stringify(dt)).toThrow(RangeError);
  });

  it('decodes and encodes the 5-byte date and 4-byte time forms', () => {
    expect(cosemDateFromBytes(fromHex('07e80229 04'))).toEqual({
      year: 2024,
      month: 2,
      dayOfMonth: 41,
      dayOfWeek: 4,
    });
    expect(cosemTimeFromBytes(fromHex('17 3b ff 00'))).toEqual({ hour: 23, minute: 59, hundredths: 0 });
    expect(toHex(cosemTimeToBytes({ hour: 23, minute: 59, hundredths: 0 }))).toBe('173bff00');
  });

  it('rejects an octet-string of the wrong size and a truncated reader with CodecError', () => {
    expect(() => cosemDateTimeFromBytes(new Uint8Array(11))).toThrow(CodecError);
    expect(() => cosemDateFromBytes(new Uint8Array(6))).toThrow(/exactly 5 bytes/);
    expect(() => decodeCosemDateTime(new ByteReader(new Uint8Array(8)))).toThrow(CodecError);
  });

  it('builds the date-time a CET meter shows for an instant', () => {
    const dt = cosemDateTimeFromDate(new Date('2019-12-31T22:00:00.125Z'), -60, 0x80);
    expect(dt).toEqual({
      year: 2019,
      month: 12,
      dayOfMonth: 31,
      dayOfWeek: 2,
      hour: 23,
      minute: 0,
      second: 0,
      hundredths: 12,
      deviation: -60,
      clockStatus: 0x80,
    });
    expect(cosemDateTimeToEpochMs(dt)).toBe(Date.parse('2019-12-31T22:00:00.120Z'));
    expect(() => cosemDateTimeFromDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => cosemDateTimeFromDate(new Date(0), 800)).toThrow(RangeError);
  });

  it('refuses to place a date-time with a needed field not specified or special', () => {
    const full: CosemDateTime = {
      year: 2024,
      month: 2,
      dayOfMonth: 29,
      hour: 0,
      minute: 0,
      second: 0,
      deviation: 0,
    };
    expect(cosemDateTimeToEpochMs(full)).toBe(Date.UTC(2024, 1, 29));
    for (const key of ['year', 'month', 'dayOfMonth', 'hour', 'minute', 'second', 'deviation'] as const) {
      const { [key]: _, ...without } = full;
      expect(() => cosemDateTimeToEpochMs(without), key).toThrow(RangeError);
    }
    expect(() => cosemDateTimeToEpochMs({ ...full, dayOfMonth: 0xfe })).toThrow(RangeError);
    expect(() => cosemDateTimeToEpochMs({ ...full, year: 2023 })).toThrow(/no such day/);
  });

  it('round-trips instants through the date-time a meter shows, for any deviation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: -720, max: 720 }),
        fc.constantFrom('utc-minus-local' as const, 'local-minus-utc' as const),
        (ms, deviation, convention) => {
          const dt = cosemDateTimeFromDate(new Date(ms), deviation, undefined, convention);
          expect(cosemDateTimeToEpochMs(dt, convention)).toBe(ms - (ms % 10));
          expect(cosemDateTimeFromBytes(cosemDateTimeToBytes(dt))).toEqual(dt);
        },
      ),
    );
  });
});
