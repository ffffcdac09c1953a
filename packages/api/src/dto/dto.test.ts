import { type IntervalVersion, meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, test } from 'vitest';
import { formatMoney } from './billing.js';
import { toCommandAction, toCommandActionDto } from './commands.js';
import { intervalCsvRow, latestVersions, qualityList } from './intervals.js';
import { timeRange } from './time.js';

const v = (
  start: number,
  version: number,
  kind: IntervalVersion['kind'],
  value: number | null,
  quality = 0,
): IntervalVersion => ({
  meterId: meterId('M1'),
  channel: '1-0:1.8.0*255',
  start,
  intervalSeconds: 900,
  unit: 30,
  version,
  kind,
  value,
  quality,
  source: 'meter',
  changeId: `c${version}`,
  recordedAt: 0,
});

describe('interval DTOs', () => {
  test('quality bits decode to names in bit order', () => {
    expect(qualityList(QualityFlag.estimated | QualityFlag.powerOutage)).toEqual([
      'estimated',
      'powerOutage',
    ]);
    expect(qualityList(0)).toEqual([]);
    expect(qualityList(QualityFlag.edited | (1 << 20))).toEqual(['edited']);
  });

  test('the latest version of each start, in start order', () => {
    const latest = latestVersions([
      v(900_000, 1, 'raw', 5),
      v(0, 1, 'raw', 1),
      v(0, 3, 'edited', 3),
      v(0, 2, 'validated', 2),
    ]);
    expect(latest.map((x) => [x.start, x.version, x.value])).toEqual([
      [0, 3, 3],
      [900_000, 1, 5],
    ]);
  });

  test('CSV rows quote nothing plain and join quality names with |', () => {
    expect(intervalCsvRow(v(0, 2, 'estimated', null, QualityFlag.missing | QualityFlag.estimated))).toBe(
      'M1,1-0:1.8.0*255,1970-01-01T00:00:00.000Z,1970-01-01T00:15:00.000Z,,Wh,estimated,2,missing|estimated',
    );
  });
});

describe('command actions', () => {
  test('ISO instants become epoch ms and back', () => {
    const dto = {
      kind: 'firmware-upgrade',
      imageId: 'FW',
      module: 'metrology',
      activateAt: '2026-02-01T00:00:00.000Z',
    } as const;
    const action = toCommandAction(dto);
    expect(action).toEqual({
      kind: 'firmware-upgrade',
      imageId: 'FW',
      module: 'metrology',
      activateAt: Date.UTC(2026, 1, 1),
    });
    expect(toCommandActionDto(action)).toEqual(dto);
    expect(toCommandAction({ kind: 'set-clock' })).toEqual({ kind: 'set-clock' });
  });
});

describe('money and ranges', () => {
  test('formatMoney uses the minor digits', () => {
    expect(formatMoney(11495, '€', 2)).toBe('€ 114.95');
    expect(formatMoney(-5, '€', 2)).toBe('−€ 0.05');
    expect(formatMoney(1234, '¥', 0)).toBe('¥ 1234');
  });

  test('timeRange defaults, and refuses reversed or too long ranges', () => {
    expect(timeRange({}, 10_000, 1000, 5000)).toEqual({ from: 9000, to: 10_000 });
    expect(timeRange({ from: '1970-01-01T00:00:01Z' }, 3000, 1000, 5000)).toEqual({ from: 1000, to: 3000 });
    expect(() =>
      timeRange({ from: '1970-01-01T00:00:05Z', to: '1970-01-01T00:00:01Z' }, 0, 1, 10_000),
    ).toThrow(/before/);
    expect(() => timeRange({ from: '1970-01-01T00:00:00Z', to: '1970-01-01T01:00:00Z' }, 0, 1, 1000)).toThrow(
      /longer/,
    );
  });
});
