import { type EnergyFlows, type ExactEnergyModel, roundFlows } from '../metrology/exact.js';
import type { IntervalEnergy } from '../metrology/types.js';
import { uniformIn } from './draws.js';
import { hashString } from './hash.js';
import { HouseholdLoad, type HouseholdOptions } from './household.js';
import { tanPhi } from './power-factor.js';
import { checkInterval } from './slots.js';

/**
 * A household electricity meter: the {@link HouseholdLoad} as active import, and reactive import
 * from a power factor of 0.92–0.99 drawn per meter (no export).
 *
 * @example
 * const meter = new HouseholdEnergy(42, 'GM00000001', { hemisphere: 'northern' });
 * meter.interval(Date.UTC(2026, 0, 1, 18), 900); // { importWh: 886, reactiveImportVarh: 327, … }
 */
export class HouseholdEnergy implements ExactEnergyModel {
  readonly load: HouseholdLoad;
  /** Displacement power factor of the household's appliances (lagging). */
  readonly powerFactor: number;
  readonly #tanPhi: number;

  constructor(seed: number, meterId: string, options: HouseholdOptions = {}) {
    this.load = new HouseholdLoad(seed, meterId, options);
    this.powerFactor = uniformIn(hashString(seed, `pf:${meterId}`), 0.92, 0.99);
    this.#tanPhi = tanPhi(this.powerFactor);
  }

  exactInterval(startMs: number, seconds: number): EnergyFlows {
    checkInterval(startMs, seconds);
    const importWh = this.load.exactEnergyWh(startMs, seconds);
    return { importWh, exportWh: 0, reactiveImportVarh: importWh * this.#tanPhi, reactiveExportVarh: 0 };
  }

  interval(startMs: number, seconds: number): IntervalEnergy {
    return roundFlows(this.exactInterval(startMs, seconds));
  }
}
