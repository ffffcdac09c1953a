import { fromHex } from '@gridmeter/codec';
import { describe, expect, it } from 'vitest';
import { dataFromBytes } from './bytes.js';
import { dataToJson, typeDescriptionToJson } from './json.js';

describe('dataToJson', () => {
  it('writes a profile row readably: octet-string hex with date-time hint, numbers as numbers', () => {
    // One row of the dlms_cosem load-profile vector: capture time, status, energy.
    const row = dataFromBytes(fromHex('0203090c07e2020c0500000000800000110006000186a0'));
    expect(dataToJson(row)).toEqual({
      type: 'structure',
      items: [
        { type: 'octet-string', value: '07e2020c0500000000800000', dateTime: '2018-02-12T00:00:00.00' },
        { type: 'unsigned', value: 0 },
        { type: 'double-long-unsigned', value: 100000 },
      ],
    });
  });

  it('adds an OBIS hint to 6-byte octet-strings', () => {
    expect(dataToJson(dataFromBytes(fromHex('09060100010800ff')))).toEqual({
      type: 'octet-string',
      value: '0100010800ff',
      obis: '1.0.1.8.0.255',
    });
  });

  it('gives no date-time hint for 12 bytes that are not shaped like one', () => {
    expect(dataToJson({ type: 'octet-string', value: new Uint8Array(12).fill(0x41) })).toEqual({
      type: 'octet-string',
      value: '414141414141414141414141',
    });
  });

  it('writes 64-bit integers as decimal strings and float specials as strings', () => {
    expect(dataToJson({ type: 'long64', value: -(2n ** 63n) })).toEqual({
      type: 'long64',
      value: '-9223372036854775808',
    });
    expect(dataToJson({ type: 'long64-unsigned', value: 2n ** 64n - 1n })).toEqual({
      type: 'long64-unsigned',
      value: '18446744073709551615',
    });
    expect(dataToJson({ type: 'float32', value: Number.NaN })).toEqual({ type: 'float32', value: 'NaN' });
    expect(dataToJson({ type: 'float64', value: Number.NEGATIVE_INFINITY })).toEqual({
      type: 'float64',
      value: '-Infinity',
    });
    expect(dataToJson({ type: 'float64', value: 0.5 })).toEqual({ type: 'float64', value: 0.5 });
    // A JSON number loses the sign of zero (the bytes 80 00 … keep it): negative zero is text.
    expect(dataToJson({ type: 'float64', value: -0 })).toEqual({ type: 'float64', value: '-0' });
    expect(dataToJson({ type: 'float32', value: 0 })).toEqual({ type: 'float32', value: 0 });
  });

  it('writes date-times as ISO-like text plus the fields, unspecified ones left out', () => {
    expect(
      dataToJson({
        type: 'date-time',
        value: {
          year: 2019,
          month: 12,
          dayOfMonth: 31,
          dayOfWeek: 2,
          hour: 23,
          minute: 0,
          second: 0,
          deviation: -60,
        },
      }),
    ).toEqual({
      type: 'date-time',
      value: '2019-12-31T23:00:00.**',
      fields: {
        year: 2019,
        month: 12,
        dayOfMonth: 31,
        dayOfWeek: 2,
        hour: 23,
        minute: 0,
        second: 0,
        deviation: -60,
      },
    });
    expect(dataToJson({ type: 'date', value: { month: 0xfe, dayOfMonth: 0xfd } })).toEqual({
      type: 'date',
      value: '****-FE-FD',
      fields: { month: 0xfe, dayOfMonth: 0xfd },
    });
    expect(dataToJson({ type: 'time', value: { hour: 6 } })).toEqual({
      type: 'time',
      value: '06:**:**.**',
      fields: { hour: 6 },
    });
  });

  it('writes compact-array descriptions by type name', () => {
    const d = dataFromBytes(fromHex('13 01 0002 02 02 12 09 07 0001 00 0002 01 ff'));
    expect(dataToJson(d)).toEqual({
      type: 'compact-array',
      description: { array: 2, of: { structure: ['long-unsigned', 'octet-string'] } },
      items: [
        {
          type: 'array',
          items: [
            {
              type: 'structure',
              items: [
                { type: 'long-unsigned', value: 1 },
                { type: 'octet-string', value: '' },
              ],
            },
            {
              type: 'structure',
              items: [
                { type: 'long-unsigned', value: 2 },
                { type: 'octet-string', value: 'ff' },
              ],
            },
          ],
        },
      ],
    });
    expect(typeDescriptionToJson({ type: 'simple', tag: 0x19 })).toBe('date-time');
  });

  it('writes the remaining scalars with their value as is', () => {
    expect(dataToJson({ type: 'null-data' })).toEqual({ type: 'null-data' });
    expect(dataToJson({ type: 'bit-string', value: '101' })).toEqual({ type: 'bit-string', value: '101' });
    expect(dataToJson({ type: 'visible-string', value: 'Kamstrup_V0001' })).toEqual({
      type: 'visible-string',
      value: 'Kamstrup_V0001',
    });
    expect(dataToJson({ type: 'boolean', value: true })).toEqual({ type: 'boolean', value: true });
  });
});
