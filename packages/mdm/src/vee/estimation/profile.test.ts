import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { veeConfig } from '../config.js';
import { ValueLookup } from '../lookup.js';
import type { ChannelSeries } from '../series.js';
import { historyProfileAt } from './profile.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2026, 1, 2);
const hourly = (start: number, values: (number | null)[]): ChannelSeries => ({
  meterId: meterId('GM00000001'),
  channel: '1-0:1.8.0*255',
  intervalSeconds: 3600,
  start,
  values,
  quality: values.map((v) => (v === null ? QualityFlag.missing : 0)),
});
/** `days` days of hourly values where every hour of day d is `valueOfDay(d)`. */
const days = (start: number, n: number, valueOfDay: (d: number) => number | null) =>
  hourly(
    start,
    Array.from({ length: n * 24 }, (_, i) => valueOfDay(Math.floor(i / 24))),
  );

describe('historyProfileAt', () => {
  const only = { historyWeeks: 0, historyRecentDays: 0, historyNeighbourWeight: 0 };

  it('samples the days after the interval that the series holds, never the missing ones', () => {
    // Series: day 0 missing (the gap), days 1..7 at 10, 20, …, 70 Wh per hour.
    const series = days(T0, 8, (d) => (d === 0 ? null : 10 * d));
    const lookup = new ValueLookup(series);
    const t = T0 + 5 * H;
    // Following days 1–3 at weight 0.5 each: 10, 20, 30 → median 20.
    const c = veeConfig({ estimation: { ...only, historyFollowingDays: 3 } }).estimation;
    expect(historyProfileAt(lookup, t, c)).toBe(20);
    // No following days, no history: nothing to go on.
    expect(historyProfileAt(lookup, t, { ...c, historyFollowingDays: 0 })).toBeNull();
  });

  it('adds the neighbouring slots of each sampled day at a fraction of its weight', () => {
    // History: one day, hour 4 = 100, hour 5 = 1, hour 6 = 100; the slot alone says 1.
    const values = Array.from({ length: 24 }, (_, h) => (h === 4 || h === 6 ? 100 : 1));
    const lookup = new ValueLookup(hourly(T0, new Array(24).fill(null)), hourly(T0 - DAY, values));
    const base = { ...only, historyRecentDays: 1, historyFollowingDays: 0 };
    const alone = veeConfig({ estimation: base }).estimation;
    expect(historyProfileAt(lookup, T0 + 5 * H, alone)).toBe(1);
    // Neighbours at 0.6 each: weights 1 (value 1) vs 1.2 (value 100) → the weighted median is 100.
    const withNb = veeConfig({ estimation: { ...base, historyNeighbourWeight: 0.6 } }).estimation;
    expect(historyProfileAt(lookup, T0 + 5 * H, withNb)).toBe(100);
  });
});
