import { describe, expect, it } from 'vitest';
import { IndustrialEnergy } from './industrial.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const wednesday = Date.UTC(2026, 2, 4);

function sitesWith(shifts: 1 | 2 | 3, count: number): IndustrialEnergy[] {
  const out: IndustrialEnergy[] = [];
  for (let m = 0; out.length < count; m++) {
    const site = new IndustrialEnergy(12, `GM${m}`);
    if (site.shifts === shifts) out.push(site);
  }
  return out;
}

describe('IndustrialEnergy', () => {
  it('draws 1–20 MWh per day, pf 0.8–0.92, and all three shift patterns', () => {
    const shifts = new Set<number>();
    for (let m = 0; m < 100; m++) {
      const site = new IndustrialEnergy(1, `GM${m}`);
      expect(site.dailyEnergyWh).toBeGreaterThanOrEqual(1e6);
      expect(site.dailyEnergyWh).toBeLessThan(20e6);
      expect(site.powerFactor).toBeGreaterThanOrEqual(0.8);
      expect(site.powerFactor).toBeLessThan(0.92);
      shifts.add(site.shifts);
    }
    expect([...shifts].sort()).toEqual([1, 2, 3]);
  });

  it('runs at night with three shifts and not with one', () => {
    // Night (02:00–03:00) against mid-morning (10:00–11:00) of the same Wednesday. A one-shift
    // site is at base load at night (≤ 30 % of full production); a three-shift site at 90 %.
    for (const site of sitesWith(3, 10)) {
      const ratio =
        site.interval(wednesday + 2 * HOUR, 3600).importWh /
        site.interval(wednesday + 10 * HOUR, 3600).importWh;
      expect(ratio).toBeGreaterThan(0.8);
    }
    for (const site of sitesWith(1, 10)) {
      const ratio =
        site.interval(wednesday + 2 * HOUR, 3600).importWh /
        site.interval(wednesday + 10 * HOUR, 3600).importWh;
      expect(ratio).toBeLessThan(site.baseShare * 1.2);
    }
  });

  it('stops the late shift at 22:00 with two shifts', () => {
    for (const site of sitesWith(2, 5)) {
      const evening = site.interval(wednesday + 20 * HOUR, 3600).importWh;
      const night = site.interval(wednesday + 23 * HOUR, 3600).importWh;
      expect(night).toBeLessThan(0.5 * evening);
    }
  });

  it('has base load only on Sundays unless it runs continuously', () => {
    const sunday = Date.UTC(2026, 2, 8);
    for (let m = 0; m < 40; m++) {
      const site = new IndustrialEnergy(3, `GM${m}`);
      const wh = site.interval(sunday + 12 * HOUR, 3600).importWh;
      const basePeakWh = site.peakPowerW * site.baseShare; // ±5 % season, ±5 % day, ±5 % slot noise
      if (site.continuous) expect(wh).toBeGreaterThan(0.8 * site.peakPowerW);
      else expect(Math.abs(wh / basePeakWh - 1)).toBeLessThan(0.2);
    }
  });

  it('averages its daily size over a year (within 5 %)', () => {
    for (let m = 0; m < 4; m++) {
      const site = new IndustrialEnergy(6, `GM${m}`);
      let wh = 0;
      for (let d = 0; d < 364; d++) wh += site.interval(Date.UTC(2026, 0, 5) + d * DAY, 86_400).importWh;
      expect(Math.abs(wh / 364 / site.dailyEnergyWh - 1)).toBeLessThan(0.05);
    }
  });
});
