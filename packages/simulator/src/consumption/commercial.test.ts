import { describe, expect, it } from 'vitest';
import { CommercialEnergy } from './commercial.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('CommercialEnergy', () => {
  it('draws its parameters from the documented ranges', () => {
    for (let m = 0; m < 200; m++) {
      const c = new CommercialEnergy(9, `GM${m}`);
      expect(c.dailyEnergyWh).toBeGreaterThanOrEqual(20_000);
      expect(c.dailyEnergyWh).toBeLessThan(300_000);
      expect(c.powerFactor).toBeGreaterThanOrEqual(0.85);
      expect(c.powerFactor).toBeLessThan(0.95);
    }
  });

  it('uses far more at weekday midday than at Sunday midday', () => {
    // Wednesday 4 and Sunday 8 March 2026, 11:00–14:00 UTC, summed over a fleet of shops.
    let weekday = 0;
    let sunday = 0;
    for (let m = 0; m < 50; m++) {
      const c = new CommercialEnergy(4, `GM${m}`);
      weekday += c.interval(Date.UTC(2026, 2, 4, 11), 3 * 3600).importWh;
      sunday += c.interval(Date.UTC(2026, 2, 8, 11), 3 * 3600).importWh;
    }
    expect(weekday).toBeGreaterThan(2.5 * sunday);
  });

  it('runs base load only on Sundays and public holidays', () => {
    for (let m = 0; m < 20; m++) {
      const c = new CommercialEnergy(4, `GM${m}`);
      // Base power × the HVAC factor of 25 December (day of year 358), from the model's parameters;
      // day-to-day and slot noise allow ±30 %.
      const hvac = 1 + c.hvacShare * Math.abs(Math.cos((2 * Math.PI * (358 - 19)) / 365.25));
      const expectedWh = c.peakPowerW * c.baseShare * hvac;
      const wh = c.interval(Date.UTC(2025, 11, 25, 12), 3600).importWh; // a Thursday
      expect(wh).toBeGreaterThan(0.7 * expectedWh);
      expect(wh).toBeLessThan(1.3 * expectedWh);
    }
  });

  it('averages its daily size over a year (within 5 %)', () => {
    for (let m = 0; m < 5; m++) {
      const c = new CommercialEnergy(6, `GM${m}`);
      const start = Date.UTC(2026, 0, 5); // a Monday; 52 whole weeks
      let wh = 0;
      for (let d = 0; d < 364; d++) wh += c.interval(start + d * DAY, 86_400).importWh;
      expect(Math.abs(wh / 364 / c.dailyEnergyWh - 1)).toBeLessThan(0.05);
    }
  });

  it('opens and closes at its own hours', () => {
    const c = new CommercialEnergy(8, 'GM1');
    const wed = Date.UTC(2026, 2, 4);
    const beforeOpen = c.interval(wed + (c.openingHour - 1.5) * HOUR, 1800).importWh;
    const midday = c.interval(wed + 12 * HOUR, 1800).importWh;
    const afterClose = c.interval(wed + (c.closingHour + 1) * HOUR, 1800).importWh;
    expect(midday).toBeGreaterThan(1.8 * beforeOpen);
    expect(midday).toBeGreaterThan(1.8 * afterClose);
  });
});
