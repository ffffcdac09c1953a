import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IntervalEnergy, MeterKind } from '../metrology/types.js';
import { CommercialEnergy } from './commercial.js';
import { GasVolume } from './gas.js';
import { HouseholdEnergy } from './household-energy.js';
import { IndustrialEnergy } from './industrial.js';
import { energyModelFor, type LoadModelSpec, volumeModelFor } from './models.js';
import { ProsumerEnergy } from './prosumer.js';
import { WaterVolume } from './water.js';

const ELECTRIC = ['household', 'prosumer', 'commercial', 'industrial'] as const;
const VOLUME = ['water', 'gas'] as const;
const FIELDS = ['importWh', 'exportWh', 'reactiveImportVarh', 'reactiveExportVarh'] as const;
const SPEC: LoadModelSpec = { seed: 42, utcOffsetMinutes: 60, hemisphere: 'northern' };
const DAY = 86_400_000;
const from2025 = Date.UTC(2025, 0, 1);

const arbSpec = fc.record({
  seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  utcOffsetMinutes: fc.constantFrom(-300, 0, 60, 330, 600),
  hemisphere: fc.constantFrom('northern' as const, 'southern' as const),
});
/** Any millisecond in 2025–2026. */
const arbStart = fc.integer({ min: from2025, max: from2025 + 730 * DAY });
const arbId = fc.integer({ min: 1, max: 99_999_999 }).map((n) => `GM${String(n).padStart(8, '0')}`);

const total = (e: IntervalEnergy) => FIELDS.map((f) => e[f]);

describe('energyModelFor and volumeModelFor', () => {
  it('build the model of each kind', () => {
    expect(energyModelFor({ id: 'GM1', kind: 'household' }, SPEC)).toBeInstanceOf(HouseholdEnergy);
    expect(energyModelFor({ id: 'GM1', kind: 'prosumer' }, SPEC)).toBeInstanceOf(ProsumerEnergy);
    expect(energyModelFor({ id: 'GM1', kind: 'commercial' }, SPEC)).toBeInstanceOf(CommercialEnergy);
    expect(energyModelFor({ id: 'GM1', kind: 'industrial' }, SPEC)).toBeInstanceOf(IndustrialEnergy);
    expect(volumeModelFor({ id: 'GM1', kind: 'water' }, SPEC)).toBeInstanceOf(WaterVolume);
    expect(volumeModelFor({ id: 'GM1', kind: 'gas' }, SPEC)).toBeInstanceOf(GasVolume);
  });

  it('refuse the kinds they do not model', () => {
    for (const kind of ['water', 'gas', 'transformer-check'] as const) {
      expect(() => energyModelFor({ id: 'GM1', kind }, SPEC)).toThrow(RangeError);
    }
    for (const kind of [...ELECTRIC, 'transformer-check'] as const) {
      expect(() => volumeModelFor({ id: 'GM1', kind }, SPEC)).toThrow(RangeError);
    }
    expect(() => energyModelFor({ id: 'GMC0000001', kind: 'transformer-check' }, SPEC)).toThrow(/GMC0000001/);
  });

  it('refuse intervals that are not finite or run backwards', () => {
    const model = energyModelFor({ id: 'GM1', kind: 'commercial' }, SPEC);
    expect(() => model.interval(from2025, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => model.interval(Number.NaN, 900)).toThrow(RangeError);
    expect(() => volumeModelFor({ id: 'GM1', kind: 'gas' }, SPEC).litres(from2025, -1)).toThrow(RangeError);
  });
});

describe('every load model', () => {
  it('is a pure function of (seed, meter id, time): a fresh model gives the same readings', () => {
    fc.assert(
      fc.property(
        arbSpec,
        arbId,
        arbStart,
        fc.constantFrom(...ELECTRIC, ...VOLUME),
        (spec, id, start, kind) => {
          const read = (): number[] =>
            kind === 'water' || kind === 'gas'
              ? [volumeModelFor({ id, kind }, spec).litres(start, 3600)]
              : total(energyModelFor({ id, kind }, spec).interval(start, 3600));
          expect(read()).toEqual(read());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives another fleet seed other readings', () => {
    for (const kind of [...ELECTRIC, ...VOLUME] as MeterKind[]) {
      const week = (seed: number): number[] =>
        Array.from({ length: 7 * 24 }, (_, h) => {
          const start = Date.UTC(2026, 6, 1) + h * 3_600_000;
          return kind === 'water' || kind === 'gas'
            ? volumeModelFor({ id: 'GM00000001', kind }, { seed }).litres(start, 3600)
            : energyModelFor({ id: 'GM00000001', kind }, { seed }).interval(start, 3600).importWh;
        });
      expect(week(1)).not.toEqual(week(2));
    }
  });

  it('gives whole, non-negative readings for any interval', () => {
    fc.assert(
      fc.property(
        arbSpec,
        arbId,
        arbStart,
        fc.integer({ min: 0, max: 2 * 86_400 }),
        fc.constantFrom(...ELECTRIC),
        (spec, id, start, seconds, kind) => {
          for (const v of total(energyModelFor({ id, kind }, spec).interval(start, seconds))) {
            expect(Number.isInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(
        arbSpec,
        arbId,
        arbStart,
        fc.integer({ min: 0, max: 2 * 86_400 }),
        fc.constantFrom(...VOLUME),
        (spec, id, start, seconds, kind) => {
          const litres = volumeModelFor({ id, kind }, spec).litres(start, seconds);
          expect(Number.isInteger(litres)).toBe(true);
          expect(litres).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('adds up: four 15-minute intervals give the hour, up to rounding (≤ 2)', () => {
    fc.assert(
      fc.property(
        arbSpec,
        arbId,
        arbStart,
        fc.constantFrom(...ELECTRIC, ...VOLUME),
        (spec, id, start, kind) => {
          const read = (from: number, seconds: number): number[] =>
            kind === 'water' || kind === 'gas'
              ? [volumeModelFor({ id, kind }, spec).litres(from, seconds)]
              : total(energyModelFor({ id, kind }, spec).interval(from, seconds));
          const hour = read(start, 3600);
          const quarters = [0, 1, 2, 3].map((q) => read(start + q * 900_000, 900));
          hour.forEach((h, i) => {
            const sum = quarters.reduce((a, q) => a + q[i]!, 0);
            // Five roundings of at most 0.5 each: |Σ round − round Σ| < 2.5.
            expect(Math.abs(sum - h)).toBeLessThanOrEqual(2);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('adds up for intervals of zero length and across midnight and a year boundary', () => {
    for (const kind of ELECTRIC) {
      const model = energyModelFor({ id: 'GM7', kind }, SPEC);
      expect(total(model.interval(from2025, 0))).toEqual([0, 0, 0, 0]);
      const newYear = Date.UTC(2025, 11, 31, 23) - 3_600_000; // local 23:00 on 31 December (UTC+1)
      const hour = model.interval(newYear, 7200).importWh;
      const halves =
        model.interval(newYear, 3600).importWh + model.interval(newYear + 3_600_000, 3600).importWh;
      expect(Math.abs(hour - halves)).toBeLessThanOrEqual(1);
    }
  });
});
