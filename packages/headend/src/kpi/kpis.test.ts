import { describe, expect, it } from 'vitest';
import { CollectionKpis } from './kpis.js';

const DAY = Date.UTC(2026, 10, 1);

describe('CollectionKpis', () => {
  it('computes completeness from interval bitmaps without double counting re-reads', () => {
    const k = new CollectionKpis();
    const all = Array.from({ length: 96 }, (_, i) => DAY + i * 900_000);
    k.recordIntervals('A', all);
    k.recordIntervals('A', all.slice(0, 10));
    k.recordIntervals('B', all.slice(0, 48));
    expect(k.completeness(DAY, ['A', 'B'])).toBe((96 + 48) / 192);
    expect(k.intervalsOf('B', DAY)).toBe(48);
    expect(k.completeness(DAY + 86_400_000, ['A'])).toBe(0);
  });

  it('counts read success per day and meter and failures by reason', () => {
    const k = new CollectionKpis();
    k.recordRun('A', DAY + 1000, { ok: true }, 120);
    k.recordRun('B', DAY + 2000, { ok: false, reason: 'connect-timeout' }, 5000);
    k.recordRun('B', DAY + 3000, { ok: true }, 80);
    const d = k.day(DAY, ['A', 'B']);
    expect(d).toMatchObject({
      attempts: 3,
      successes: 2,
      metersRead: 2,
      failuresByReason: { 'connect-timeout': 1 },
    });
    expect(d.readSuccessRate).toBeCloseTo(2 / 3);
    expect(k.meter('B')).toEqual({ ok: 1, failed: 1, lastReason: 'connect-timeout' });
    expect(k.latency()).toMatchObject({ samples: 3, p50: 120, max: 5000 });
  });
});
