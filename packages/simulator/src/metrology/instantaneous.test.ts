import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { energyModelFor } from '../consumption/models.js';
import type { ExactEnergyModel } from './exact.js';
import { frequencyHz, instantaneousValues, type MeasuredMeter } from './instantaneous.js';
import type { EnergyModel, InstantaneousValues } from './types.js';

const at = Date.UTC(2026, 5, 21, 10, 17, 42);
const single: MeasuredMeter = { id: 'GM00000001', phases: 1, place: { transformerId: 'T0001' } };
const three: MeasuredMeter = { id: 'GM00000002', phases: 3, place: { transformerId: 'T0001' } };
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** A load drawing a steady `powerW` at power factor `pf`, unrounded. */
function steadyLoad(powerW: number, pf: number): ExactEnergyModel {
  const tan = Math.sqrt(1 / pf ** 2 - 1);
  const flows = (seconds: number) => {
    const wh = (powerW * seconds) / 3600;
    return { importWh: wh, exportWh: 0, reactiveImportVarh: wh * tan, reactiveExportVarh: 0 };
  };
  return {
    exactInterval: (_start, seconds) => flows(seconds),
    interval: (_start, seconds) => {
      const f = flows(seconds);
      return { ...f, importWh: Math.round(f.importWh), reactiveImportVarh: Math.round(f.reactiveImportVarh) };
    },
  };
}

function expectNominalBand(v: InstantaneousValues, factor: number): void {
  for (const voltageV of v.voltageV) {
    expect(voltageV).toBeGreaterThanOrEqual(230 * 0.985 * factor - 1e-9);
    expect(voltageV).toBeLessThanOrEqual(230 * 1.015 * factor + 1e-9);
  }
}

describe('instantaneousValues', () => {
  it('shows a steady load’s power, its pf, and current = S / V on one phase', () => {
    const v = instantaneousValues(single, steadyLoad(1800, 0.9), at, { seed: 1 });
    expect(v.activePowerW).toHaveLength(1);
    expect(v.activePowerW[0]).toBeCloseTo(1800, 9);
    expect(v.reactivePowerVar[0]).toBeCloseTo(1800 * Math.sqrt(1 / 0.81 - 1), 9);
    expect(v.powerFactor[0]).toBeCloseTo(0.9, 12);
    expect(v.currentA[0]).toBeCloseTo(1800 / 0.9 / v.voltageV[0]!, 12);
    expectNominalBand(v, 1);
    expect(Math.abs(v.frequencyHz - 50)).toBeLessThanOrEqual(0.05);
  });

  it('works from whole-Wh readings when the model has no unrounded flows', () => {
    const rounded: EnergyModel = { interval: (s, sec) => steadyLoad(1800, 0.9).interval(s, sec) };
    const v = instantaneousValues(single, rounded, at);
    // 30 Wh in the minute → 1800 W; 14.53 varh rounds to 15 varh → 900 var.
    expect(v.activePowerW[0]).toBe(1800);
    expect(v.reactivePowerVar[0]).toBe(900);
  });

  it('splits a three-phase load over its phases with at most ±10 % unbalance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer(), (t, seed) => {
        const v = instantaneousValues(three, steadyLoad(30_000, 0.85), t, { seed });
        expect(v.activePowerW).toHaveLength(3);
        expect(sum(v.activePowerW)).toBeCloseTo(30_000, 6);
        for (const p of v.activePowerW) {
          expect(p).toBeGreaterThanOrEqual((30_000 * 0.9) / 3.1);
          expect(p).toBeLessThanOrEqual((30_000 * 1.1) / 2.9);
        }
        for (const pf of v.powerFactor) expect(pf).toBeCloseTo(0.85, 12);
        expectNominalBand(v, 1);
      }),
      { numRuns: 100 },
    );
  });

  it('agrees with the model’s energy over the minute around the instant', () => {
    const kinds = ['household', 'prosumer', 'commercial', 'industrial'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.constantFrom(...kinds),
        fc.integer({ min: 1, max: 9999 }),
        (t, kind, n) => {
          const id = `GM${n}`;
          const model = energyModelFor({ id, kind }, { seed: 5, hemisphere: 'northern' });
          const v = instantaneousValues(
            { id, phases: kind === 'household' || kind === 'prosumer' ? 1 : 3 },
            model,
            t,
          );
          const minute = model.interval(t - 30_000, 60);
          // Mean power × 1 minute, against the registered (rounded) energy of that minute.
          expect(
            Math.abs((sum(v.activePowerW) * 60) / 3600 - (minute.importWh - minute.exportWh)),
          ).toBeLessThanOrEqual(1);
          expect(
            Math.abs((sum(v.reactivePowerVar) * 60) / 3600 - minute.reactiveImportVarh),
          ).toBeLessThanOrEqual(0.5);
          v.currentA.forEach((a, p) => {
            expect(a).toBeCloseTo(Math.hypot(v.activePowerW[p]!, v.reactivePowerVar[p]!) / v.voltageV[p]!, 9);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('shows export as negative active power', () => {
    const prosumer = energyModelFor({ id: 'GM3', kind: 'prosumer' }, { seed: 11, hemisphere: 'northern' });
    let exporting = 0;
    for (let d = 0; d < 20; d++) {
      const t = Date.UTC(2026, 5, 1 + d, 12);
      const v = instantaneousValues(single, prosumer, t);
      if (v.activePowerW[0]! < 0) exporting++;
      expect(v.powerFactor[0]).toBeGreaterThanOrEqual(0);
      expect(v.powerFactor[0]).toBeLessThanOrEqual(1);
    }
    expect(exporting).toBeGreaterThan(10);
  });

  it('scales voltage with a sag or swell and draws constant power, so current moves the other way', () => {
    for (const factor of [0.5, 0.8, 1.1]) {
      const v = instantaneousValues(single, steadyLoad(2300, 1), at, { voltageFactor: factor });
      expectNominalBand(v, factor);
      expect(v.activePowerW[0]).toBeCloseTo(2300, 9);
      // 2300 W at 230 V ±1.5 % is 10 A ±1.5 %; at factor f it is 10 / f.
      expect(v.currentA[0]).toBeGreaterThanOrEqual(10 / 1.015 / factor - 1e-9);
      expect(v.currentA[0]).toBeLessThanOrEqual(10 / 0.985 / factor + 1e-9);
    }
  });

  it('reads all zeros with the supply off', () => {
    for (const meter of [single, three]) {
      const v = instantaneousValues(meter, steadyLoad(5000, 0.9), at, { supplyOn: false });
      for (const values of [v.voltageV, v.currentA, v.activePowerW, v.reactivePowerVar, v.powerFactor]) {
        expect(values).toEqual(new Array(meter.phases).fill(0));
      }
      expect(v.frequencyHz).toBe(0);
    }
    expect(instantaneousValues(single, steadyLoad(5000, 0.9), at, { voltageFactor: 0 }).voltageV).toEqual([
      0,
    ]);
    expect(() => instantaneousValues(single, steadyLoad(1, 1), at, { voltageFactor: -0.1 })).toThrow(
      RangeError,
    );
  });

  it('shares one frequency across the fleet at an instant, within 50 Hz ± 0.05', () => {
    const model = steadyLoad(100, 1);
    const a = instantaneousValues(single, model, at, { seed: 3 });
    const b = instantaneousValues({ id: 'GM99', phases: 3 }, model, at, { seed: 3 });
    expect(a.frequencyHz).toBe(b.frequencyHz);
    const seen = new Set<number>();
    for (let s = 0; s < 600; s += 10) {
      const f = frequencyHz(3, at + s * 1000);
      expect(Math.abs(f - 50)).toBeLessThanOrEqual(0.05);
      seen.add(f);
    }
    expect(seen.size).toBeGreaterThan(30);
    expect(frequencyHz(4, at)).not.toBe(frequencyHz(3, at));
  });

  it('gives meters on one transformer voltages within 1 % of each other', () => {
    // Shared transformer drift; per-meter line drop ≤ 0.6 % and phase ripple ≤ ±0.2 % differ.
    const model = steadyLoad(100, 1);
    for (let m = 0; m < 50; m++) {
      const t = at + m * 3_600_000;
      const a = instantaneousValues({ id: `GM${m}`, phases: 1, place: { transformerId: 'T7' } }, model, t);
      const b = instantaneousValues(
        { id: `GM${m + 100}`, phases: 1, place: { transformerId: 'T7' } },
        model,
        t,
      );
      expect(Math.abs(a.voltageV[0]! - b.voltageV[0]!) / 230).toBeLessThanOrEqual(0.01);
    }
  });
});
