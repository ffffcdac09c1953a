import { describe, expect, it } from 'vitest';
import { HouseholdLoad } from './household.js';
import { HouseholdEnergy } from './household-energy.js';

const jan2026 = Date.UTC(2026, 0, 1);

describe('HouseholdEnergy', () => {
  it('imports exactly what the household load consumes and never exports', () => {
    const options = { utcOffsetMinutes: 60, hemisphere: 'northern' } as const;
    const meter = new HouseholdEnergy(42, 'GM00000001', options);
    const load = new HouseholdLoad(42, 'GM00000001', options);
    for (let i = 0; i < 96 * 3; i++) {
      const t = jan2026 + i * 900_000;
      const e = meter.interval(t, 900);
      expect(e.importWh).toBe(load.energyWh(t, 900));
      expect(e.exportWh).toBe(0);
      expect(e.reactiveExportVarh).toBe(0);
    }
  });

  it('draws reactive energy P·tan(acos(pf)) with a per-meter pf of 0.92–0.99', () => {
    for (let m = 0; m < 50; m++) {
      const meter = new HouseholdEnergy(3, `GM${m}`);
      expect(meter.powerFactor).toBeGreaterThanOrEqual(0.92);
      expect(meter.powerFactor).toBeLessThan(0.99);
      const e = meter.interval(jan2026 + m * 3_600_000, 3600);
      const tan = Math.sqrt(1 / meter.powerFactor ** 2 - 1);
      // Both sides are rounded from the same real energy: at most 0.5 × (1 + tan) apart.
      expect(Math.abs(e.reactiveImportVarh - e.importWh * tan)).toBeLessThanOrEqual(0.5 * (1 + tan));
    }
  });
});
