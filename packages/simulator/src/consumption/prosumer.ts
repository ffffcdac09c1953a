import { type EnergyFlows, type ExactEnergyModel, roundFlows } from '../metrology/exact.js';
import type { IntervalEnergy } from '../metrology/types.js';
import { type LocalDay, localDay } from './calendar.js';
import { uniformIn } from './draws.js';
import { hashString } from './hash.js';
import { HouseholdLoad, type HouseholdOptions } from './household.js';
import { tanPhi } from './power-factor.js';
import { RooftopPv } from './rooftop-pv.js';
import { checkInterval, SLOT_MS, SLOTS_PER_DAY, slotMidHour } from './slots.js';

const HOUR_MS = 3_600_000;

/**
 * A household with rooftop PV behind one bidirectional meter. Load and PV are netted per
 * 5-minute slot (import = max(0, load − pv), export = max(0, pv − load)) and the slots summed,
 * so intervals add up. The PV inverter runs at unity power factor: the household's reactive
 * power (power factor 0.92–0.99 per meter) is always drawn from the grid (reactive import).
 *
 * @example
 * const meter = new ProsumerEnergy(42, 'GM00000007', { hemisphere: 'northern' });
 * meter.interval(Date.UTC(2026, 5, 21, 12), 900).exportWh; // > 0 on most June days
 */
export class ProsumerEnergy implements ExactEnergyModel {
  readonly load: HouseholdLoad;
  readonly pv: RooftopPv;
  /** Displacement power factor of the household's appliances (lagging). */
  readonly powerFactor: number;
  readonly #tanPhi: number;
  readonly #offsetMs: number;

  constructor(seed: number, meterId: string, options: HouseholdOptions = {}) {
    this.load = new HouseholdLoad(seed, meterId, options);
    this.pv = new RooftopPv(seed, meterId, options.hemisphere);
    this.powerFactor = uniformIn(hashString(seed, `pf:${meterId}`), 0.92, 0.99);
    this.#tanPhi = tanPhi(this.powerFactor);
    this.#offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
  }

  exactInterval(startMs: number, seconds: number): EnergyFlows {
    // integrateSlots over (import, export, reactive import), written out: a meter catching up
    // asks this for every interval, and the generic form allocates per slot.
    checkInterval(startMs, seconds);
    const fromMs = startMs + this.#offsetMs;
    const toMs = fromMs + seconds * 1000;
    let day: LocalDay | undefined;
    let importWh = 0;
    let exportWh = 0;
    let reactiveImportVarh = 0;
    for (let slot = Math.floor(fromMs / SLOT_MS); slot * SLOT_MS < toMs; slot++) {
      const overlapMs = Math.min(toMs, (slot + 1) * SLOT_MS) - Math.max(fromMs, slot * SLOT_MS);
      const loadW =
        (this.load.exactEnergyWh(slot * SLOT_MS - this.#offsetMs, SLOT_MS / 1000) * 3_600_000) / SLOT_MS;
      const dayNumber = Math.floor(slot / SLOTS_PER_DAY);
      if (day?.dayNumber !== dayNumber) day = localDay(dayNumber);
      const pvW = this.pv.powerW(slot, day, slotMidHour(slot));
      importWh += (Math.max(0, loadW - pvW) * overlapMs) / HOUR_MS;
      exportWh += (Math.max(0, pvW - loadW) * overlapMs) / HOUR_MS;
      reactiveImportVarh += (loadW * this.#tanPhi * overlapMs) / HOUR_MS;
    }
    return { importWh, exportWh, reactiveImportVarh, reactiveExportVarh: 0 };
  }

  interval(startMs: number, seconds: number): IntervalEnergy {
    return roundFlows(this.exactInterval(startMs, seconds));
  }
}
