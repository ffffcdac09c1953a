import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { veeConfig } from '../config.js';
import type { ChannelSeries } from '../series.js';
import { highUsageRule, lowUsageRule, spikeRule } from './history-checks.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 1, 2);
const hourly = (start: number, values: (number | null)[]): ChannelSeries => ({
  meterId: meterId('GM00000001'),
  channel: '1-0:1.8.0*255',
  intervalSeconds: 3600,
  start,
  values,
  quality: values.map(() => 0),
});
// Bands of 3× and 0.2× (the defaults are wider: 6× and 0.1×).
const cfg = veeConfig({ thresholds: { highUsageRatio: 3, lowUsageRatio: 0.2 } });
/** Four weeks of 100 Wh every hour before T0: every day totals 2,400 Wh. */
const history = hourly(T0 - 28 * DAY, new Array(28 * 24).fill(100));
const ctx = { now: T0 + 2 * DAY, history };

describe('spike', () => {
  it('flags 2,000 Wh among 100 Wh neighbours with a 100 Wh slot median (20× > 10×, excess 1,900 ≥ 500)', () => {
    const v = new Array(24).fill(100);
    v[10] = 2000;
    const r = spikeRule.check(hourly(T0, v), ctx, cfg);
    expect(r.marks).toEqual([{ index: 10, flags: QualityFlag.suspect }]);
    expect(r.findings[0]!.details).toMatchObject({ value: 2000, slotMedian: 100, neighbour: 100 });
  });
  it('leaves 900 Wh alone: 9× the median is under the 10× ratio', () => {
    const v = new Array(24).fill(100);
    v[10] = 900;
    expect(spikeRule.check(hourly(T0, v), ctx, cfg).findings).toEqual([]);
  });
  it('leaves a high value alone when a neighbour is high too (a real load, not a spike)', () => {
    const v = new Array(24).fill(100);
    v[10] = 2000;
    v[11] = 1500;
    expect(spikeRule.check(hourly(T0, v), ctx, cfg).findings).toEqual([]);
  });
});

describe('high-usage and low-usage', () => {
  const day = (wh: number) => hourly(T0, new Array(24).fill(wh));
  it('flags a day of 24 × 301 = 7,224 Wh against a 2,400 Wh weekday median (3.01 > 3)', () => {
    const r = highUsageRule.check(day(301), ctx, cfg);
    expect(r.marks).toHaveLength(24);
    expect(r.findings[0]).toMatchObject({
      start: T0,
      end: T0 + DAY,
      details: { totalWh: 7224, weekdayMedianWh: 2400 },
    });
  });
  it('accepts exactly 3 × the median (7,200 Wh)', () => {
    expect(highUsageRule.check(day(300), ctx, cfg).findings).toEqual([]);
  });
  it('flags a day of 24 × 19 = 456 Wh as low (0.19 < 0.2) and accepts 480 Wh (0.2)', () => {
    expect(lowUsageRule.check(day(19), ctx, cfg).findings[0]!.details).toMatchObject({ totalWh: 456 });
    expect(lowUsageRule.check(day(20), ctx, cfg).findings).toEqual([]);
  });
  it('does not judge an incomplete day or a day without two weeks of history', () => {
    const v: (number | null)[] = new Array(24).fill(1000);
    v[3] = null;
    expect(highUsageRule.check(hourly(T0, v), ctx, cfg).findings).toEqual([]);
    const short = hourly(T0 - 7 * DAY, new Array(7 * 24).fill(100));
    expect(highUsageRule.check(day(1000), { now: ctx.now, history: short }, cfg).findings).toEqual([]);
  });
});
