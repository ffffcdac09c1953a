import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { veeConfig } from '../config.js';
import type { ChannelSeries } from '../series.js';
import { flatLineRule, zeroConsumptionRule } from './patterns.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 1, 2);
const hourly = (values: (number | null)[]): ChannelSeries => ({
  meterId: meterId('GM00000001'),
  channel: '1-0:1.8.0*255',
  intervalSeconds: 3600,
  start: T0,
  values,
  quality: values.map(() => 0),
});
const cfg = veeConfig();
const ctx = { now: T0 + 48 * H };

describe('zero-consumption', () => {
  const twelveZeros = [5, ...new Array(12).fill(0), 5];
  it('flags 12 h of zeros without an outage', () => {
    const r = zeroConsumptionRule.check(hourly(twelveZeros), ctx, cfg);
    expect(r.marks.map((m) => m.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r.findings[0]).toMatchObject({ start: T0 + H, end: T0 + 13 * H });
  });
  it('accepts 11 h of zeros', () => {
    expect(zeroConsumptionRule.check(hourly([5, ...new Array(11).fill(0), 5]), ctx, cfg).findings).toEqual(
      [],
    );
  });
  it('accepts zeros an outage or an open relay explains', () => {
    const outages = [{ start: T0 + 4 * H, end: T0 + 5 * H }];
    // The outage splits the run into 3 h and 8 h, both under 12 h.
    expect(zeroConsumptionRule.check(hourly(twelveZeros), { ...ctx, outages }, cfg).findings).toEqual([]);
    const disconnections = [{ start: T0, end: T0 + 24 * H }];
    expect(zeroConsumptionRule.check(hourly(twelveZeros), { ...ctx, disconnections }, cfg).findings).toEqual(
      [],
    );
  });
});

describe('flat-line', () => {
  it('flags the same non-zero value in 8 consecutive hourly intervals', () => {
    const r = flatLineRule.check(hourly([3, ...new Array(8).fill(250), 4]), ctx, cfg);
    expect(r.marks.map((m) => m.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.marks[0]!.flags).toBe(QualityFlag.suspect);
    expect(r.findings[0]).toMatchObject({
      start: T0 + H,
      end: T0 + 9 * H,
      details: { value: 250, intervals: 8 },
    });
  });
  it('accepts 7 equal intervals, and zeros (the zero rule judges those)', () => {
    expect(flatLineRule.check(hourly([3, ...new Array(7).fill(250), 4]), ctx, cfg).findings).toEqual([]);
    expect(flatLineRule.check(hourly(new Array(10).fill(0)), ctx, cfg).findings).toEqual([]);
  });
});
