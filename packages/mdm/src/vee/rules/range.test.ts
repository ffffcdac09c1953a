import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { veeConfig } from '../config.js';
import type { ChannelSeries } from '../series.js';
import { impossibleValueRule, negativeValueRule, reverseFlowRule } from './range.js';

const T0 = Date.UTC(2026, 0, 5);
const series = (values: (number | null)[], channel = '1-0:1.8.0*255'): ChannelSeries => ({
  meterId: meterId('GM00000001'),
  channel,
  intervalSeconds: 900,
  start: T0,
  values,
  quality: values.map(() => 0),
});
const cfg = veeConfig();
const ctx = { now: T0 + 86_400_000 };

describe('negative-value', () => {
  it('fails negative import intervals', () => {
    const r = negativeValueRule.check(series([3, -1, 2]), ctx, cfg);
    expect(r.marks).toEqual([{ index: 1, flags: QualityFlag.failedValidation }]);
    expect(r.findings[0]).toMatchObject({ severity: 'error', details: { first: -1 } });
  });
  it('accepts zero and positive values, and negatives on a net channel', () => {
    expect(negativeValueRule.check(series([0, 5]), ctx, cfg).findings).toEqual([]);
    expect(negativeValueRule.check(series([-5], '1-0:16.8.0*255'), ctx, cfg).findings).toEqual([]);
  });
});

describe('impossible-value', () => {
  // 14,500 W × 900 s / 3600 = 3,625 Wh; 43,500 W gives 10,875 Wh.
  it('fails a value above max demand × interval', () => {
    const r = impossibleValueRule.check(series([3625, 3626]), ctx, cfg);
    expect(r.marks).toEqual([{ index: 1, flags: QualityFlag.failedValidation }]);
    expect(r.findings[0]!.details).toMatchObject({ limitWh: 3625, max: 3626 });
  });
  it("uses the service's own max demand from the context", () => {
    expect(impossibleValueRule.check(series([10_875]), { ...ctx, maxDemandW: 43_500 }, cfg).findings).toEqual(
      [],
    );
  });
});

describe('reverse-flow', () => {
  it('flags export on a meter without generation', () => {
    const r = reverseFlowRule.check(series([0, 12, 3, 0], '1-0:2.8.0*255'), ctx, cfg);
    expect(r.marks.map((m) => m.index)).toEqual([1, 2]);
    expect(r.marks[0]!.flags).toBe(QualityFlag.reverseFlow | QualityFlag.suspect);
    expect(r.findings[0]!.details).toMatchObject({ exportWh: 15 });
  });
  it('flags negative net energy too', () => {
    expect(reverseFlowRule.check(series([4, -2], '1-0:16.8.0*255'), ctx, cfg).marks).toHaveLength(1);
  });
  it('accepts export where there is generation, and import channels', () => {
    expect(
      reverseFlowRule.check(series([12], '1-0:2.8.0*255'), { ...ctx, hasGeneration: true }, cfg).findings,
    ).toEqual([]);
    expect(reverseFlowRule.check(series([12]), ctx, cfg).findings).toEqual([]);
  });
});
