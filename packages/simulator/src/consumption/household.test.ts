import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HOUSEHOLD_MODEL_SOURCE, HOUSEHOLDS, HouseholdLoad } from './household.js';

const DAY = 86_400_000;
const jan2026 = Date.UTC(2026, 0, 1);

describe('HouseholdLoad', () => {
  it('is a pure function of seed, meter id and time', () => {
    const a = new HouseholdLoad(42, 'GM000001');
    const b = new HouseholdLoad(42, 'GM000001');
    const t = jan2026 + 123 * 900_000;
    expect(a.energyWh(t, 900)).toBe(b.energyWh(t, 900));
    expect(new HouseholdLoad(43, 'GM000001').energyWh(t, 3600 * 24)).not.toBe(a.energyWh(t, 3600 * 24));
  });

  it('gives the same energy for a day whether asked per 15 min, per half hour or per day (up to rounding)', () => {
    const load = new HouseholdLoad(7, 'GM000042');
    let quarter = 0;
    let half = 0;
    for (let i = 0; i < 96; i++) quarter += load.energyWh(jan2026 + i * 900_000, 900);
    for (let i = 0; i < 48; i++) half += load.energyWh(jan2026 + i * 1_800_000, 1800);
    const day = load.energyWh(jan2026, 86_400);
    expect(Math.abs(quarter - day)).toBeLessThanOrEqual(48);
    expect(Math.abs(half - day)).toBeLessThanOrEqual(24);
  });

  it('never gives negative energy', () => {
    const load = new HouseholdLoad(1, 'GM1');
    for (let i = 0; i < 96 * 30; i++)
      expect(load.energyWh(jan2026 + i * 900_000, 900)).toBeGreaterThanOrEqual(0);
  });

  it('reproduces its archetype monthly level across a fleet (within 15%)', () => {
    // Mean daily energy in January over many meters and days, against the archetypes' January mean.
    let total = 0;
    let n = 0;
    for (let m = 0; m < 200; m++) {
      const load = new HouseholdLoad(99, `GM${m}`);
      for (let d = 0; d < 31; d += 3) {
        total += load.energyWh(jan2026 + d * DAY, 86_400) / 1000 / load.scale;
        n++;
      }
    }
    const expected = HOUSEHOLDS.reduce((a, h) => a + h.dailyKwhByMonth[0]!, 0) / HOUSEHOLDS.length;
    expect(Math.abs(total / n - expected) / expected).toBeLessThan(0.15);
  });

  it('keeps the real data’s evening peak above its small hours', () => {
    let night = 0;
    let evening = 0;
    for (let m = 0; m < 100; m++) {
      const load = new HouseholdLoad(5, `GM${m}`);
      for (let d = 0; d < 14; d++) {
        night += load.energyWh(jan2026 + d * DAY + 3 * 3_600_000, 3600);
        evening += load.energyWh(jan2026 + d * DAY + 19 * 3_600_000, 3600);
      }
    }
    expect(evening).toBeGreaterThan(1.5 * night);
  });

  it('ships a model derived from the shared data, with attribution, not the raw readings', () => {
    expect(HOUSEHOLD_MODEL_SOURCE).toMatch(/Smart Grid Smart City.*data\.gov\.au/);
    expect(HOUSEHOLDS).toHaveLength(10);
    for (const h of HOUSEHOLDS)
      for (const s of h.shapes) expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    // Independent check against the raw data: household 1's January mean daily kWh.
    const csv = gunzipSync(
      readFileSync(
        new URL('../../../../../shared/data/load-profiles/sgsc-smart_meter10-full.csv.gz', import.meta.url),
      ),
    ).toString('utf8');
    const first = HOUSEHOLDS[0]!;
    const perDay = new Map<string, { sum: number; n: number }>();
    for (const line of csv.split('\n')) {
      if (!line.startsWith(`${first.sourceCustomer},`)) continue;
      const [, stamp = '', kwh = '0'] = line.split(',');
      if (stamp.slice(5, 7) !== '01') continue;
      const day = stamp.slice(0, 10);
      const e = perDay.get(day) ?? { sum: 0, n: 0 };
      e.sum += Number(kwh);
      e.n++;
      perDay.set(day, e);
    }
    const complete = [...perDay.values()].filter((e) => e.n === 48);
    const mean = complete.reduce((a, e) => a + e.sum, 0) / complete.length;
    expect(first.dailyKwhByMonth[0]).toBeCloseTo(mean, 2);
  });
});
