import {
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
  type DeviationConvention,
  type DlmsData,
} from '@gridmeter/dlms';
import { meterId, QualityFlag } from '@gridmeter/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProfileSpec } from '../registry/types.js';
import { intervalsFromRows, parseProfileRows, timeOf } from './profile-rows.js';

const SPEC: ProfileSpec = {
  obis: '1.0.99.1.0.255',
  intervalSeconds: 900,
  clockColumn: 0,
  statusColumn: 1,
  channels: [
    { column: 2, channel: '1-0:1.8.0*255', unit: 30, scaler: 0 },
    { column: 3, channel: '1-0:2.8.0*255', unit: 30, scaler: 0 },
  ],
};
const T0 = Date.UTC(2026, 10, 1);
const row = (t: number, status: number, imp: number, exp: number): DlmsData => ({
  type: 'structure',
  items: [
    { type: 'octet-string', value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(t), -60, 0)) },
    { type: 'unsigned', value: status },
    { type: 'double-long-unsigned', value: imp },
    { type: 'double-long-unsigned', value: exp },
  ],
});

describe('profile rows to intervals', () => {
  it('turns cumulative rows into interval energy, flags statuses and leaves gaps for missing rows', () => {
    const buffer: DlmsData = {
      type: 'array',
      items: [
        row(T0, 0, 1000, 50),
        row(T0 + 900_000, 0, 1120, 50),
        row(T0 + 1_800_000 + 2_000, 0x80, 1125, 52), // 2 s late stamp, power down during the interval
        // T0 + 45 min missing
        row(T0 + 3_600_000, 0, 1300, 60),
        row(T0 + 4_500_000, 0, 1410, 60),
      ],
    };
    const { rows, unreadable } = parseProfileRows(buffer, SPEC);
    expect(unreadable).toBe(0);
    expect(rows.map((r) => r.end - T0)).toEqual([0, 900_000, 1_800_000, 3_600_000, 4_500_000]);
    const { blocks, intervalStarts } = intervalsFromRows(meterId('GM1'), rows, SPEC);
    expect(intervalStarts.map((s) => (s - T0) / 900_000)).toEqual([0, 1, 4]);
    const imports = blocks.filter((b) => b.channel === '1-0:1.8.0*255');
    expect(imports.map((b) => [(b.start - T0) / 900_000, b.values.map((v) => v.value)])).toEqual([
      [0, [120, 5]],
      [4, [110]],
    ]);
    expect(imports[0]!.values[1]!.quality & QualityFlag.powerOutage).toBeTruthy();
  });

  it('allows one 32-bit rollover and refuses a register running backwards', () => {
    const buffer: DlmsData = {
      type: 'array',
      items: [row(T0, 0, 2 ** 32 - 10, 0), row(T0 + 900_000, 0, 15, 0), row(T0 + 1_800_000, 0, 5, 0)],
    };
    const { rows } = parseProfileRows(buffer, SPEC);
    const { blocks } = intervalsFromRows(meterId('GM1'), rows, SPEC);
    expect(
      blocks.filter((b) => b.channel === '1-0:1.8.0*255').map((b) => b.values.map((v) => v.value)),
    ).toEqual([[25]]);
  });

  it('skips rows with an unreadable clock', () => {
    const bad: DlmsData = {
      type: 'structure',
      items: [{ type: 'octet-string', value: new Uint8Array(12).fill(0xff) }],
    };
    expect(parseProfileRows({ type: 'array', items: [bad, row(T0, 0, 1, 1)] }, SPEC).unreadable).toBe(1);
  });
});

describe('timeOf', () => {
  /** What the DLMS codec makes of the octets: the instant, or undefined where it throws. */
  const reference = (bytes: Uint8Array, convention?: DeviationConvention) => {
    try {
      return cosemDateTimeToEpochMs(cosemDateTimeFromBytes(bytes), convention);
    } catch {
      return undefined;
    }
  };
  const conventions = fc.constantFrom<DeviationConvention | undefined>(
    undefined,
    'utc-minus-local',
    'local-minus-utc',
  );

  it('reads 2026-11-08 01:15 local at deviation −60 as 00:15 UTC, and 29 February only in leap years', () => {
    const stamp = (bytes: number[]): DlmsData => ({ type: 'octet-string', value: Uint8Array.from(bytes) });
    expect(timeOf(stamp([0x07, 0xea, 11, 8, 7, 1, 15, 0, 0, 0xff, 0xc4, 0]))).toBe(
      Date.UTC(2026, 10, 8, 0, 15),
    );
    expect(timeOf(stamp([0x07, 0xe8, 2, 29, 4, 0, 0, 0, 0, 0, 0, 0]))).toBe(Date.UTC(2024, 1, 29));
    expect(timeOf(stamp([0x07, 0xe9, 2, 29, 6, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(timeOf(stamp([0x07, 0x08, 2, 29, 0xff, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined(); // 1800
  });

  it('agrees with the DLMS codec on every valid date-time, whatever the convention', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: -720, max: 720 }),
        conventions,
        (t, deviation, convention) => {
          const bytes = cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(t), deviation, 0, convention));
          expect(timeOf({ type: 'octet-string', value: bytes }, convention)).toBe(
            reference(bytes, convention),
          );
          expect(timeOf({ type: 'octet-string', value: bytes }, convention)).toBe(Math.floor(t / 10) * 10);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('agrees with the DLMS codec on arbitrary octets, specials and unspecified fields included', () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xfd, 0xfe, 0xff, 0, 1));
    fc.assert(
      fc.property(fc.array(octet, { minLength: 12, maxLength: 12 }), conventions, (raw, convention) => {
        const bytes = Uint8Array.from(raw);
        expect(timeOf({ type: 'octet-string', value: bytes }, convention)).toBe(reference(bytes, convention));
      }),
      { numRuns: 5_000 },
    );
  });
});
