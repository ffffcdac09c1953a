import { describe, expect, it } from 'vitest';
import { HouseholdLoad } from './household.js';
import { ProsumerEnergy } from './prosumer.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const options = { utcOffsetMinutes: 120, hemisphere: 'northern' } as const;
/** UTC ms of local midnight starting a day (local time is UTC+2). */
const localMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 2 * HOUR;

describe('ProsumerEnergy', () => {
  it('has 2–8 kWp per meter', () => {
    for (let m = 0; m < 100; m++) {
      const kWp = new ProsumerEnergy(1, `GM${m}`).pv.peakPowerW / 1000;
      expect(kWp).toBeGreaterThanOrEqual(2);
      expect(kWp).toBeLessThan(8);
    }
  });

  it('imports the whole household load at night and exports nothing', () => {
    for (let m = 0; m < 20; m++) {
      const meter = new ProsumerEnergy(7, `GM${m}`, options);
      const load = new HouseholdLoad(7, `GM${m}`, options);
      for (let d = 0; d < 7; d++) {
        const t = localMidnight(2026, 6, 15) + d * DAY + 1 * HOUR; // 01:00–02:00 local
        const e = meter.interval(t, 3600);
        expect(e.exportWh).toBe(0);
        expect(Math.abs(e.importWh - load.energyWh(t, 3600))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('exports clearly at summer noon, within what its panels can make', () => {
    let exportingHours = 0;
    let exportWh = 0;
    let importWh = 0;
    const meters = 40;
    const days = 14;
    for (let m = 0; m < meters; m++) {
      const meter = new ProsumerEnergy(11, `GM${m}`, options);
      for (let d = 0; d < days; d++) {
        const t = localMidnight(2026, 6, 8) + d * DAY + 12 * HOUR;
        const e = meter.interval(t, 3600);
        if (e.exportWh > 0) exportingHours++;
        // Net export cannot exceed one hour at peak power.
        expect(e.exportWh).toBeLessThanOrEqual(meter.pv.peakPowerW);
        exportWh += e.exportWh;
        importWh += e.importWh;
      }
    }
    expect(exportingHours / (meters * days)).toBeGreaterThan(0.7);
    expect(exportWh).toBeGreaterThan(5 * importWh);
  });

  it('exports far less at winter noon than at summer noon, and the south has it the other way round', () => {
    const noonExport = (hemisphere: 'northern' | 'southern', month: number) => {
      let wh = 0;
      for (let m = 0; m < 30; m++) {
        const meter = new ProsumerEnergy(5, `GM${m}`, { hemisphere });
        for (let d = 0; d < 14; d++) wh += meter.interval(Date.UTC(2026, month, 1 + d, 11), 7200).exportWh;
      }
      return wh;
    };
    expect(noonExport('northern', 5)).toBeGreaterThan(2 * noonExport('northern', 11));
    expect(noonExport('southern', 11)).toBeGreaterThan(2 * noonExport('southern', 5));
  });

  it('never both imports and exports more than the load or the panels allow in an hour', () => {
    const meter = new ProsumerEnergy(2, 'GM9', options);
    const load = new HouseholdLoad(2, 'GM9', options);
    for (let h = 0; h < 24 * 7; h++) {
      const t = localMidnight(2026, 6, 1) + h * HOUR;
      const e = meter.interval(t, 3600);
      expect(e.importWh).toBeLessThanOrEqual(load.energyWh(t, 3600) + 1);
      expect(e.exportWh).toBeLessThanOrEqual(meter.pv.peakPowerW);
    }
  });
});
