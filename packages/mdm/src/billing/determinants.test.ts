import { QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { dayProfileOn } from './calendar.js';
import { computeDeterminants } from './determinants.js';
import { residentialTou, seriesOf, version } from './testing.js';

const JAN1 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

describe('computeDeterminants', () => {
  it('takes the maximum 15-minute demand from 5-minute intervals', () => {
    // Windows [100, 200, 300] = 600 Wh → 2,400 W; [50, 50, 50] = 150 Wh → 600 W.
    const t = version({ energy: { kind: 'flat', priceMicro: 1 } });
    const values = Array.from({ length: 288 }, (_, i) => (i < 3 ? ([100, 200, 300][i] ?? 0) : 50));
    const d = computeDeterminants(t, [seriesOf(JAN1, 300, values)], JAN1, JAN1 + DAY);
    expect(d.maxDemandW).toBe(2400);
    expect(d.importWh).toBe(600 + 285 * 50);
  });

  it('counts estimated energy and missing intervals', () => {
    const t = version({ energy: { kind: 'flat', priceMicro: 1 } });
    const flags = [
      QualityFlag.estimated,
      QualityFlag.missing,
      0,
      QualityFlag.estimated | QualityFlag.powerOutage,
    ];
    const d = computeDeterminants(t, [seriesOf(JAN1, 21_600, [10, 99, 30, 40], { flags })], JAN1, JAN1 + DAY);
    expect([d.importWh, d.estimatedWh, d.missingIntervals, d.intervals]).toEqual([80, 50, 1, 4]);
  });

  it('applies local time: at UTC+8 the workday peak starts at 09:00 UTC', () => {
    // Fri 2 Jan 2026 local (UTC+8) starts at 1 Jan 16:00 UTC; 17:00 local = 09:00 UTC on 2 Jan.
    const t = version({
      utcOffsetMinutes: 480,
      effectiveFrom: Date.UTC(2025, 0, 1) - 8 * 3_600_000,
      tou: residentialTou,
      energy: { kind: 'tou', pricesMicro: { peak: 1, shoulder: 1, offpeak: 1 } },
    });
    const start = JAN1 + DAY - 8 * 3_600_000;
    const values = Array.from({ length: 24 }, (_, h) => (h === 17 ? 1000 : 1));
    const d = computeDeterminants(t, [seriesOf(start, 3600, values)], start, start + DAY);
    expect(d.importWhByPeriod).toEqual([1003, 11, 9]);
  });
});

describe('dayProfileOn', () => {
  const seasonal = {
    ...residentialTou,
    seasons: [
      { name: 'summer', from: '04-01', weekProfile: 'week' },
      { name: 'winter', from: '10-01', weekProfile: 'allWeekend' },
    ],
    weekProfiles: { ...residentialTou.weekProfiles, allWeekend: Array.from({ length: 7 }, () => 'weekend') },
    specialDays: [{ date: '12-25', dayProfile: 'weekend' }],
  };

  it('wraps the last season over the new year and recurs MM-DD special days', () => {
    // Wed 15 Jul 2026 (summer) is a workday; Thu 15 Jan 2026 is in winter (from 1 Oct) → weekend.
    expect(dayProfileOn(seasonal, Date.UTC(2026, 6, 15))).toBe('workday');
    expect(dayProfileOn(seasonal, Date.UTC(2026, 0, 15))).toBe('weekend');
    expect(
      dayProfileOn(
        { ...seasonal, seasons: [{ name: 'all', from: '01-01', weekProfile: 'week' }] },
        Date.UTC(2026, 11, 25),
      ),
    ).toBe('weekend');
  });
});
