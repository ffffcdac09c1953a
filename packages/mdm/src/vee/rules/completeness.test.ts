import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { veeConfig } from '../config.js';
import type { ChannelSeries } from '../series.js';
import {
  duplicateIntervalRule,
  futureDatedRule,
  intervalSizeRule,
  missingIntervalRule,
} from './completeness.js';

const T0 = Date.UTC(2026, 0, 5);
const Q = 900_000;
const series = (values: (number | null)[], intervalSeconds = 900): ChannelSeries => ({
  meterId: meterId('GM00000001'),
  channel: '1-0:1.8.0*255',
  intervalSeconds,
  start: T0,
  values,
  quality: values.map(() => 0),
});
const cfg = veeConfig();
const ctx = { now: T0 + 100 * Q };

describe('missing-interval', () => {
  it('flags a run of two nulls as one warning covering both intervals', () => {
    const r = missingIntervalRule.check(series([1, null, null, 4]), ctx, cfg);
    expect(r.marks).toEqual([
      { index: 1, flags: QualityFlag.missing },
      { index: 2, flags: QualityFlag.missing },
    ]);
    expect(r.findings).toMatchObject([{ ruleId: 'missing-interval', start: T0 + Q, end: T0 + 3 * Q }]);
  });
  it('finds nothing in a complete series', () => {
    expect(missingIntervalRule.check(series([1, 2, 3]), ctx, cfg).findings).toEqual([]);
  });
});

describe('duplicate-interval', () => {
  it('marks an identical repeat duplicate (info) and a conflicting repeat failed (error)', () => {
    const received = [
      { start: T0, intervalSeconds: 900, value: 5 },
      { start: T0, intervalSeconds: 900, value: 5 },
      { start: T0 + Q, intervalSeconds: 900, value: 6 },
      { start: T0 + Q, intervalSeconds: 900, value: 9 },
    ];
    const r = duplicateIntervalRule.check(series([5, 6]), { ...ctx, received }, cfg);
    expect(r.marks).toEqual([
      { index: 0, flags: QualityFlag.duplicate },
      { index: 1, flags: QualityFlag.duplicate | QualityFlag.failedValidation },
    ]);
    expect(r.findings.map((f) => f.severity)).toEqual(['info', 'error']);
  });
  it('fails an interval received off the grid (overlap)', () => {
    const received = [{ start: T0 + 300_000, intervalSeconds: 900, value: 5 }];
    const r = duplicateIntervalRule.check(series([5, 6]), { ...ctx, received }, cfg);
    expect(r.marks).toEqual([
      { index: 0, flags: QualityFlag.failedValidation | QualityFlag.partialInterval },
    ]);
  });
  it('finds nothing when every interval arrived once on the grid', () => {
    const received = [0, 1].map((k) => ({ start: T0 + k * Q, intervalSeconds: 900, value: k }));
    expect(duplicateIntervalRule.check(series([0, 1]), { ...ctx, received }, cfg)).toEqual({
      findings: [],
      marks: [],
    });
  });
});

describe('interval-size', () => {
  it('fails a 30-minute series in a group configured for 15 minutes', () => {
    const r = intervalSizeRule.check(
      series([1, 2], 1800),
      ctx,
      veeConfig({ thresholds: { expectedIntervalSeconds: 900 } }),
    );
    expect(r.marks).toHaveLength(2);
    expect(r.findings[0]).toMatchObject({ severity: 'error', end: T0 + 2 * 1_800_000 });
  });
  it('accepts the configured length', () => {
    const r = intervalSizeRule.check(
      series([1]),
      ctx,
      veeConfig({ thresholds: { expectedIntervalSeconds: 900 } }),
    );
    expect(r.findings).toEqual([]);
  });
});

describe('future-dated', () => {
  it('fails values of intervals ending after now, not missing ones', () => {
    // now = T0 + 1.5 intervals: interval 0 has ended, 1 has not, 2 is missing anyway.
    const r = futureDatedRule.check(series([1, 2, null]), { now: T0 + 1.5 * Q }, cfg);
    expect(r.marks).toEqual([{ index: 1, flags: QualityFlag.failedValidation }]);
  });
  it('accepts intervals that ended exactly at now', () => {
    expect(futureDatedRule.check(series([1, 2]), { now: T0 + 2 * Q }, cfg).findings).toEqual([]);
  });
});
