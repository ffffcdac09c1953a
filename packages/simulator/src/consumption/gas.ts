import type { VolumeModel } from '../metrology/types.js';
import { type Hemisphere, type LocalDay, localDay, winterness } from './calendar.js';
import { logUniformIn, meanOneLogNormal, slotNoise, uniformIn } from './draws.js';
import { hashInts, hashString } from './hash.js';
import type { HouseholdOptions } from './household.js';
import { bump } from './shapes.js';
import { checkInterval, integrateSlots, SLOTS_PER_DAY, slotMidHour } from './slots.js';
import { coldAnomaly, weatherKey } from './weather.js';

/**
 * A household gas meter, heating-driven. In midwinter a meter uses `winterDailyLitres`
 * (0.5–6 m³ per day, log-uniform per meter); in midsummer only hot water and cooking, a
 * `baseShare` of 8–20 % of that. Heating in between follows the season by hemisphere and the
 * fleet's daily cold anomaly (cold spells raise it, mild ones lower it). Heating peaks in the
 * morning (~07:00) and evening (~19:00) with a night setback; hot water and cooking peak at
 * breakfast and dinner.
 *
 * @example
 * const meter = new GasVolume(42, 'GM00000031', { hemisphere: 'northern' });
 * meter.litres(Date.UTC(2026, 0, 15), 86_400); // about winterDailyLitres
 */
export class GasVolume implements VolumeModel {
  /** Daily use at the height of winter on a day of usual temperature, in litres. */
  readonly winterDailyLitres: number;
  /** Hot water and cooking as a share of `winterDailyLitres`: the summer use. */
  readonly baseShare: number;
  readonly #key: number;
  readonly #weather: number;
  readonly #offsetMs: number;
  readonly #hemisphere: Hemisphere | undefined;

  constructor(seed: number, meterId: string, options: HouseholdOptions = {}) {
    const k = hashString(seed, `gas:${meterId}`);
    this.#key = k;
    this.#weather = weatherKey(seed);
    this.winterDailyLitres = logUniformIn(hashInts(k, 0), 500, 6000);
    this.baseShare = uniformIn(hashInts(k, 1), 0.08, 0.2);
    this.#offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.#hemisphere = options.hemisphere;
  }

  /** Heating demand of a day relative to midwinter: 0 in summer, about 1 in midwinter. */
  heatingLevel(day: LocalDay): number {
    const seasonal = (winterness(day.dayOfYear, this.#hemisphere) + 0.35) / 1.35;
    return Math.min(1.3, Math.max(0, seasonal + 0.12 * coldAnomaly(this.#weather, day.dayNumber)));
  }

  /** True volume in `[startMs, startMs + seconds * 1000)`, unrounded litres. */
  exactLitres(startMs: number, seconds: number): number {
    checkInterval(startMs, seconds);
    let day: LocalDay | undefined;
    let heatingLitres = 0;
    let hotWaterLitres = 0;
    const [litres = 0] = integrateSlots(startMs + this.#offsetMs, seconds, 1, (slot) => {
      const dayNumber = Math.floor(slot / SLOTS_PER_DAY);
      if (day?.dayNumber !== dayNumber) {
        day = localDay(dayNumber);
        const level = meanOneLogNormal(hashInts(this.#key, 10, dayNumber), 0.08);
        heatingLitres = this.winterDailyLitres * (1 - this.baseShare) * this.heatingLevel(day) * level;
        hotWaterLitres = this.winterDailyLitres * this.baseShare * level;
      }
      const hour = slotMidHour(slot);
      const litresPerHour = heatingLitres * heatingShare(hour) + hotWaterLitres * hotWaterShare(hour);
      return [litresPerHour * slotNoise(hashInts(this.#key, 11, slot), 0.25)];
    });
    return litres;
  }

  litres(startMs: number, seconds: number): number {
    return Math.max(0, Math.round(this.exactLitres(startMs, seconds)));
  }
}

/** Share of a day's heating gas per hour: morning and evening peaks, daytime, night setback. */
function heatingShare(hour: number): number {
  return 0.12 / 24 + 0.3 * bump(hour, 6.8, 1) + 0.38 * bump(hour, 19, 2.2) + 0.2 * bump(hour, 13, 4);
}

/** Share of a day's hot water and cooking gas per hour. */
function hotWaterShare(hour: number): number {
  return 0.1 / 24 + 0.4 * bump(hour, 7.5, 1) + 0.35 * bump(hour, 18.5, 1.5) + 0.15 * bump(hour, 12.5, 1.2);
}
