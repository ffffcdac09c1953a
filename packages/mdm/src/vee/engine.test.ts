import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { applyPatches, reverse } from './audit.js';
import { configForGroup, veeConfig } from './config.js';
import { VeeEngine } from './engine.js';
import type { ChannelSeries } from './series.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 1, 2);
const input: ChannelSeries = {
  meterId: meterId('GM00000001'),
  channel: '1-0:1.8.0*255',
  intervalSeconds: 3600,
  start: T0,
  values: [100, null, 300, -5, 500, 0, 0, 800],
  quality: new Array(8).fill(0),
};
const context = { now: T0 + 24 * H, outages: [{ start: T0 + 5 * H, end: T0 + 7 * H }] };

describe('VeeEngine', () => {
  const r = new VeeEngine().run(input, context, veeConfig());

  it('validates, then estimates: interpolation for the gap and the negative value, zero in the outage', () => {
    expect(r.findings.map((f) => f.ruleId)).toEqual(['missing-interval', 'negative-value', 'power-outage']);
    expect(r.validated.quality[1]).toBe(QualityFlag.missing);
    expect(r.validated.quality[3]).toBe(QualityFlag.failedValidation);
    expect(r.validated.quality[5]).toBe(QualityFlag.powerOutage);
    expect(r.series.values).toEqual([100, 200, 300, 400, 500, 0, 0, 800]);
    expect(r.series.quality[3]).toBe(QualityFlag.estimated);
    expect(r.estimations.map((e) => e.method)).toEqual(['linear-interpolation', 'linear-interpolation']);
  });

  it('undoing the audit entries newest first restores the input', () => {
    let s = r.series;
    for (const e of [...r.audit].reverse()) s = applyPatches(s, reverse(e));
    expect(s).toEqual(input);
  });

  it('applies the meter group configuration: a rule switched off finds nothing', () => {
    const cfg = configForGroup({ lenient: { rules: { 'negative-value': false } } }, 'lenient');
    const off = new VeeEngine({ estimate: false }).run(input, context, cfg);
    expect(off.findings.map((f) => f.ruleId)).toEqual(['missing-interval', 'power-outage']);
    expect(off.series).toBe(off.validated);
  });
});
