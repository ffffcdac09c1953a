import { hashInts, hashString, normal } from './hash.js';
import model from './household-model.json' with { type: 'json' };

/** One household archetype of the derived model (see scripts/derive-household-model.ts). */
export interface HouseholdArchetype {
  readonly name: string;
  /** The trial customer id the archetype was derived from. */
  readonly sourceCustomer: string;
  readonly dailyKwhByMonth: readonly number[];
  readonly dailyLogSd: number;
  /** shapes[season * 2 + (weekend ? 1 : 0)][halfHour]: share of the day's energy. */
  readonly shapes: readonly (readonly number[])[];
  readonly slotCv: readonly number[];
}

/** The archetypes derived from real household data (attribution in the model's `source`). */
export const HOUSEHOLDS: readonly HouseholdArchetype[] = model.households;
export const HOUSEHOLD_MODEL_SOURCE: string = model.source;

export interface HouseholdOptions {
  /** Local time offset from UTC in minutes (consumption follows local wall-clock time). */
  readonly utcOffsetMinutes?: number;
  /** The model comes from the southern hemisphere; northern meters shift seasons by six months. */
  readonly hemisphere?: 'northern' | 'southern';
}

const HALF_HOUR_MS = 1_800_000;
const DAY_MS = 86_400_000;
const SEASON_OF_MONTH = [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0] as const;

/**
 * A household's consumption: a pure function of (fleet seed, meter id, time). The meter id picks
 * an archetype and a size; each day gets a log-normal level, each half-hour a noise factor, all
 * from deterministic hashes, so any interval in the past or future can be recomputed.
 */
export class HouseholdLoad {
  readonly archetype: HouseholdArchetype;
  /** Meter size relative to its archetype (log-normal around 1). */
  readonly scale: number;
  readonly #key: number;
  readonly #offsetMs: number;
  readonly #monthShift: number;

  constructor(seed: number, meterId: string, options: HouseholdOptions = {}) {
    this.#key = hashString(seed, meterId);
    this.archetype = HOUSEHOLDS[this.#key % HOUSEHOLDS.length]!;
    this.scale = Math.exp(0.3 * normal(hashInts(this.#key, 1)) - 0.045);
    this.#offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.#monthShift = options.hemisphere === 'northern' ? 6 : 0;
  }

  /** The local day whose factors are held below (a meter catching up asks day after day). */
  #day = Number.NaN;
  /** dailyKwhByMonth × 1000 × scale × the day's level, and the day's shape. */
  #dayWh = 0;
  #dayShape: readonly number[] = [];
  /** The last half-hour computed and its energy (two 15-minute intervals share a half-hour). */
  #halfHour = Number.NaN;
  #halfHourWhValue = 0;

  /** Energy in Wh (real number) consumed in the half-hour that starts at local `halfHourIndex`. */
  #halfHourWh(halfHourIndex: number): number {
    if (halfHourIndex === this.#halfHour) return this.#halfHourWhValue;
    const day = Math.floor(halfHourIndex / 48);
    const slot = halfHourIndex - day * 48;
    const a = this.archetype;
    if (day !== this.#day) {
      const date = new Date(day * DAY_MS);
      const month = (date.getUTCMonth() + this.#monthShift) % 12;
      const dow = date.getUTCDay();
      const sd = a.dailyLogSd;
      const dayLevel = Math.exp(sd * normal(hashInts(this.#key, 2, day)) - (sd * sd) / 2);
      this.#dayShape = a.shapes[SEASON_OF_MONTH[month]! * 2 + (dow === 0 || dow === 6 ? 1 : 0)]!;
      this.#dayWh = a.dailyKwhByMonth[month]! * 1000 * this.scale * dayLevel;
      this.#day = day;
    }
    const noise = Math.max(0, 1 + 0.5 * a.slotCv[slot]! * normal(hashInts(this.#key, 3, halfHourIndex)));
    const wh = this.#dayWh * this.#dayShape[slot]! * noise;
    this.#halfHour = halfHourIndex;
    this.#halfHourWhValue = wh;
    return wh;
  }

  /**
   * Energy in whole Wh consumed in `[startMs, startMs + intervalSeconds)` (UTC epoch ms).
   * Intervals shorter than a half-hour take their share of it.
   */
  energyWh(startMs: number, intervalSeconds: number): number {
    return Math.round(this.exactEnergyWh(startMs, intervalSeconds));
  }

  /**
   * The same energy before rounding, in Wh (a real number): what models built on this load
   * (net metering, reactive energy, instantaneous power) compute with.
   */
  exactEnergyWh(startMs: number, intervalSeconds: number): number {
    const from = startMs + this.#offsetMs;
    const to = from + intervalSeconds * 1000;
    let wh = 0;
    for (let h = Math.floor(from / HALF_HOUR_MS); h * HALF_HOUR_MS < to; h++) {
      const lo = Math.max(from, h * HALF_HOUR_MS);
      const hi = Math.min(to, (h + 1) * HALF_HOUR_MS);
      wh += (this.#halfHourWh(h) * (hi - lo)) / HALF_HOUR_MS;
    }
    return wh;
  }
}
