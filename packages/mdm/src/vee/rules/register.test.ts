import { meterId, QualityFlag, type RegisterRead } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { veeConfig } from '../config.js';
import type { ChannelSeries } from '../series.js';
import { registerDeltas, registerMismatchRule } from './register.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 1, 2);
const m = meterId('GM00000001');
const hourly = (values: (number | null)[]): ChannelSeries => ({
  meterId: m,
  channel: '1-0:1.8.0*255',
  intervalSeconds: 3600,
  start: T0,
  values,
  quality: values.map(() => 0),
});
const read = (readAt: number, value: bigint, scaler = 0): RegisterRead => ({
  meterId: m,
  register: '1-0:1.8.0*255',
  readAt,
  value,
  unit: 30,
  scaler,
  quality: 0,
});
const cfg = veeConfig();

describe('register-mismatch', () => {
  // Reads 10,000 Wh at T0 and 11,000 Wh at T0 + 4 h: delta 1,000 Wh, tolerance max(10, 1) = 10 Wh.
  const reads = [read(T0, 10_000n), read(T0 + 4 * H, 11_000n)];
  it('accepts intervals that sum to the delta within 10 Wh', () => {
    expect(
      registerMismatchRule.check(hourly([250, 250, 250, 260]), { now: T0 + 5 * H, registerReads: reads }, cfg)
        .findings,
    ).toEqual([]);
  });
  it('flags a 1,011 Wh sum against a 1,000 Wh delta', () => {
    const r = registerMismatchRule.check(
      hourly([250, 250, 250, 261]),
      { now: T0 + 5 * H, registerReads: reads },
      cfg,
    );
    expect(r.marks).toEqual([0, 1, 2, 3].map((index) => ({ index, flags: QualityFlag.registerMismatch })));
    expect(r.findings[0]!.details).toMatchObject({ sumWh: 1011, deltaWh: 1000, toleranceWh: 10 });
  });
  it('with a gap, flags only a present sum above the delta', () => {
    const ctx = { now: T0 + 5 * H, registerReads: reads };
    expect(registerMismatchRule.check(hourly([250, null, 250, 250]), ctx, cfg).findings).toEqual([]);
    expect(registerMismatchRule.check(hourly([600, null, 250, 250]), ctx, cfg).findings).toHaveLength(1);
  });
  it('applies the scaler (100,000 × 10⁻¹ to 100,020 × 10⁻¹ Wh is 2 Wh) and skips a read off the interval grid', () => {
    const d = registerDeltas(hourly([1, 1, 1, 1]), {
      now: 0,
      registerReads: [read(T0, 100_000n, -1), read(T0 + 30 * 60_000, 5n), read(T0 + 2 * H, 100_020n, -1)],
    });
    expect(d).toEqual([{ from: 0, to: 2, start: T0, end: T0 + 2 * H, deltaWh: 2 }]);
  });
});
