import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './histogram.js';

describe('LatencyHistogram', () => {
  it('gives exact percentiles of 1..100 ms (nearest rank)', () => {
    const h = new LatencyHistogram();
    for (let ms = 100; ms >= 1; ms--) h.record(ms);
    expect(h.summary()).toEqual({
      count: 100,
      minMs: 1,
      maxMs: 100,
      meanMs: 50.5,
      p50Ms: 50,
      p95Ms: 95,
      p99Ms: 99,
    });
  });

  it('stays within 3.2 % above the true percentile for long durations', () => {
    const h = new LatencyHistogram();
    const values = Array.from({ length: 1_000 }, (_, i) => 1_000 + i * 997);
    for (const v of values) h.record(v);
    for (const p of [1, 50, 90, 95, 99, 99.9]) {
      const truth = values[Math.ceil((p / 100) * values.length) - 1] as number;
      const got = h.percentile(p);
      expect(got).toBeGreaterThanOrEqual(truth);
      expect(got).toBeLessThanOrEqual(truth * 1.032);
    }
    expect(h.percentile(100)).toBe(1_000 + 999 * 997);
  });

  it('reports zeros when empty and rejects percentiles outside 0–100', () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toEqual({ count: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 });
    expect(() => h.percentile(101)).toThrow(RangeError);
  });

  it('counts durations beyond 24 days as the largest bucket', () => {
    const h = new LatencyHistogram();
    h.record(10 * 2 ** 31);
    expect(h.percentile(50)).toBe(2 ** 31 - 1);
  });
});
