import { meterId, QualityFlag, type RegisterRead } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { veeConfig } from '../config.js';
import type { ChannelSeries } from '../series.js';
import { estimate } from './estimate.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2026, 1, 2);
const m = meterId('GM00000001');
const hourly = (start: number, values: (number | null)[], quality?: number[]): ChannelSeries => ({
  meterId: m,
  channel: '1-0:1.8.0*255',
  intervalSeconds: 3600,
  start,
  values,
  quality: quality ?? values.map((v) => (v === null ? QualityFlag.missing : 0)),
});
const read = (readAt: number, value: bigint): RegisterRead => ({
  meterId: m,
  register: '1-0:1.8.0*255',
  readAt,
  value,
  unit: 30,
  quality: 0,
});
const cfg = veeConfig();
/** Hour h of every day draws 100 + h Wh, for the four weeks before T0. */
const profileDay = Array.from({ length: 24 }, (_, h) => 100 + h);
const history = hourly(T0 - 28 * DAY, Array.from({ length: 28 }, () => profileDay).flat());

describe('linear interpolation', () => {
  it('blends the line with the history profile: 100, _, 102 with a 200 Wh profile gives ½·101 + ½·200 = 150.5 → 151', () => {
    const flat = hourly(T0 - 28 * DAY, new Array(28 * 24).fill(200));
    const r = estimate(hourly(T0, [100, null, 102]), { now: T0 + DAY, history: flat }, cfg);
    expect(r.series.values).toEqual([100, 151, 102]);
    expect(r.audit[0]!.reason).toMatch(/blended 0.5 with the history profile/);
    const line = veeConfig({ estimation: { interpolationProfileWeight: 0 } });
    expect(
      estimate(hourly(T0, [100, null, 102]), { now: T0 + DAY, history: flat }, line).series.values,
    ).toEqual([100, 101, 102]);
  });

  it('is exact on a line: 110, _, _, _, 150 gives 120, 130, 140', () => {
    const r = estimate(hourly(T0, [100, 110, null, null, null, 150]), { now: T0 + DAY }, cfg);
    expect(r.series.values).toEqual([100, 110, 120, 130, 140, 150]);
    expect(r.series.quality.slice(2, 5)).toEqual(new Array(3).fill(QualityFlag.estimated));
    expect(r.estimations).toMatchObject([{ method: 'linear-interpolation', intervals: 3, energyWh: 390 }]);
  });
  it('rounds to integers keeping the line’s total: 0, _, _, 1 gives 0, 1 (⅓ and ⅔, total 1)', () => {
    expect(estimate(hourly(T0, [0, null, null, 1]), { now: T0 + DAY }, cfg).series.values).toEqual([
      0, 0, 1, 1,
    ]);
  });
  it('does not interpolate a gap longer than 3 h (4 hourly intervals)', () => {
    const r = estimate(hourly(T0, [100, null, null, null, null, 150]), { now: T0 + DAY, history }, cfg);
    expect(r.estimations[0]!.method).toBe('history-profile');
  });
  it('replaces failed values too, unless configured not to', () => {
    const s = hourly(T0, [10, 999, 30], [0, QualityFlag.failedValidation, 0]);
    expect(estimate(s, { now: T0 + DAY }, cfg).series.values).toEqual([10, 20, 30]);
    const keep = veeConfig({ estimation: { estimateFailed: false } });
    expect(estimate(s, { now: T0 + DAY }, keep).estimations).toEqual([]);
  });
});

describe('history profile', () => {
  const day = (gapFrom: number, gapTo: number) =>
    profileDay.map((v, h) => (h >= gapFrom && h < gapTo ? null : v));

  it('scales the same-weekday profile so the gap closes the register delta exactly', () => {
    // Hours 6–13 missing; the rest sums to Σ(100+h) − 876 = 2,676 − 876 = 1,800 Wh.
    // The register advanced 2,801 Wh, leaving 1,001 Wh for a profile of 106…113 (sum 876).
    // Exact shares 106·1001/876 … = 121.13, 122.27, 123.41, 124.55, 125.70, 126.84, 127.98, 129.12.
    const s = hourly(T0, day(6, 14));
    const r = estimate(
      s,
      { now: T0 + DAY, history, registerReads: [read(T0, 50_000n), read(T0 + DAY, 52_801n)] },
      cfg,
    );
    expect(r.series.values.slice(6, 14)).toEqual([121, 122, 123, 125, 126, 127, 128, 129]);
    expect(r.series.values.reduce((a, b) => a! + b!, 0)).toBe(2801);
    expect(r.estimations).toMatchObject([
      { method: 'history-profile', scaleBasis: 'register', energyWh: 1001 },
    ]);
  });
  it('without reads, follows the level of the surrounding hours (here equal to the profile)', () => {
    const r = estimate(hourly(T0, day(6, 14)), { now: T0 + DAY, history }, cfg);
    expect(r.series.values).toEqual(profileDay);
    expect(r.estimations[0]!.scaleBasis).toBe('level');
  });
  it('weights recent weeks: 200 last week and 100 the week before give (200 + 0.75·100) / 1.75 = 157.14 per hour; 5 h total 785.71 → 786', () => {
    const h = hourly(T0 - 14 * DAY, [...new Array(7 * 24).fill(100), ...new Array(7 * 24).fill(200)]);
    const mean = veeConfig({
      estimation: {
        levelWindowDays: 0,
        historyStatistic: 'mean',
        historyRecentDays: 0,
        historyNeighbourWeight: 0,
      },
    });
    const r = estimate(hourly(T0, new Array(5).fill(null)), { now: T0 + DAY, history: h }, mean);
    expect(r.series.values).toEqual([158, 157, 157, 157, 157]);
    expect(r.estimations[0]!.scaleBasis).toBe('none');
  });
  it('by default takes the weighted median: weeks 200, 100 (weights 1, 0.75) and 6 recent days of 200 (0.5 each) give 200', () => {
    const h = hourly(T0 - 14 * DAY, [...new Array(7 * 24).fill(100), ...new Array(7 * 24).fill(200)]);
    const r = estimate(
      hourly(T0, new Array(5).fill(null)),
      { now: T0 + DAY, history: h },
      veeConfig({ estimation: { levelWindowDays: 0 } }),
    );
    expect(r.series.values).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('outage fill', () => {
  it('fills whole-outage intervals with 0 flagged outage, and scales a partial one by the time on supply', () => {
    // Supply off from 02:30 to 05:00: hour 2 half on, hours 3–4 off.
    const q = [
      0,
      0,
      QualityFlag.powerOutage | QualityFlag.partialInterval,
      QualityFlag.powerOutage,
      QualityFlag.powerOutage,
      0,
    ];
    const values = [101, 102, null, null, null, 105];
    const s = hourly(T0, values, q);
    const outages = [{ start: T0 + 2.5 * H, end: T0 + 5 * H }];
    const cfgNoLevel = veeConfig({ estimation: { levelWindowDays: 0, maxInterpolationSeconds: 0 } });
    const r = estimate(s, { now: T0 + DAY, history, outages }, cfgNoLevel);
    expect(r.series.values).toEqual([101, 102, 51, 0, 0, 105]);
    expect(r.series.quality[3]).toBe(QualityFlag.powerOutage | QualityFlag.estimated);
    expect(r.estimations.map((e) => e.method)).toEqual(['outage-zero', 'history-profile']);
  });
});
