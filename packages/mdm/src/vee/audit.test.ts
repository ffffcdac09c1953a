import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { AuditConflictError, applyPatches, reverse, revert } from './audit.js';
import { applyEdits } from './edit.js';
import type { ChannelSeries } from './series.js';

const Q = 900_000;
const T0 = Date.UTC(2026, 1, 2);
const v1: ChannelSeries = {
  meterId: meterId('GM00000001'),
  channel: '1-0:1.8.0*255',
  intervalSeconds: 900,
  start: T0,
  values: [10, 20, null, 40],
  quality: [0, QualityFlag.suspect | QualityFlag.clockAdjusted, QualityFlag.missing, 0],
};

describe('manual edits', () => {
  it('sets the value, marks it edited, clears suspect/missing and keeps event flags', () => {
    const { series, audit } = applyEdits(
      v1,
      [
        { start: T0 + Q, value: 21, reason: 'customer photo of the register', user: 'jdoe' },
        { start: T0 + 2 * Q, value: 30, reason: 'field read', user: 'jdoe' },
      ],
      T0 + 100 * Q,
    );
    expect(series.values).toEqual([10, 21, 30, 40]);
    expect(series.quality).toEqual([
      0,
      QualityFlag.edited | QualityFlag.clockAdjusted,
      QualityFlag.edited,
      0,
    ]);
    expect(audit.map((a) => [a.step, a.actor, a.reason])).toEqual([
      ['edit', 'jdoe', 'customer photo of the register'],
      ['edit', 'jdoe', 'field read'],
    ]);
    expect(v1.values).toEqual([10, 20, null, 40]);
  });
  it('refuses an edit without a reason or off the grid', () => {
    expect(() => applyEdits(v1, [{ start: T0, value: 1, reason: ' ', user: 'u' }], 0)).toThrow(RangeError);
    expect(() => applyEdits(v1, [{ start: T0 + 1, value: 1, reason: 'r', user: 'u' }], 0)).toThrow(
      RangeError,
    );
  });
});

describe('reversal', () => {
  const { series: v2, audit } = applyEdits(v1, [{ start: T0 + Q, value: 21, reason: 'r', user: 'u' }], 5);
  it('reverse(entry) gives the prior value and quality', () => {
    expect(reverse(audit[0]!)).toEqual([
      { index: 1, start: T0 + Q, value: 20, quality: QualityFlag.suspect | QualityFlag.clockAdjusted },
    ]);
    expect(applyPatches(v2, reverse(audit[0]!))).toEqual(v1);
  });
  it('revert restores the series and records a reversible reversal', () => {
    const { series, entry } = revert(v2, audit[0]!, { user: 'ops', at: 6 });
    expect(series).toEqual(v1);
    expect(entry).toMatchObject({ step: 'reversal', actor: 'ops', cause: audit[0]!.id });
    expect(revert(series, entry, { user: 'ops', at: 7 }).series).toEqual(v2);
  });
  it('refuses to revert a step whose interval changed since', () => {
    const { series: v3 } = applyEdits(v2, [{ start: T0 + Q, value: 22, reason: 'again', user: 'u' }], 6);
    expect(() => revert(v3, audit[0]!, { user: 'ops', at: 7 })).toThrow(AuditConflictError);
  });
});
