import type { VolumeModel } from '../metrology/types.js';
import { type Hemisphere, type LocalDay, localDay, winterness } from './calendar.js';
import { logUniformIn, meanOneLogNormal, uniformIn } from './draws.js';
import { hashInts, hashString, unit } from './hash.js';
import type { HouseholdOptions } from './household.js';
import { bump } from './shapes.js';
import { checkInterval, integrateSlots, SLOTS_PER_DAY, slotMidHour } from './slots.js';

/** Mean litres of a draw (a flush, a tap run, part of a shower) in one 5-minute slot. */
const DRAW_LITRES = 10;

/** One evening of garden watering: a hose run in whole 5-minute slots of local time. */
export interface GardenWatering {
  readonly firstSlot: number;
  readonly slots: number;
  readonly litresPerHour: number;
}

/**
 * A household water meter. Daily use 100–600 L (log-uniform per meter, ±20 % day to day) follows
 * a morning peak (07:00 ± 1 h per meter, 1.5 h later at weekends), a larger evening peak and some
 * daytime use, with almost nothing at night. Use comes in draws: a 5-minute slot either has a
 * draw (probability expected litres / 10 L, log-normal size around 10 L) or none, so the small
 * hours are 0 on most days. Four in ten meters have a garden, watered in the evening (starting
 * 19:00–21:00, 20–45 min at 8–14 L/min) on up to 40 % of summer days.
 *
 * @example
 * const meter = new WaterVolume(42, 'GM00000021');
 * meter.litres(Date.UTC(2026, 0, 1, 7), 3600);
 */
export class WaterVolume implements VolumeModel {
  /** Mean daily use, not counting garden watering, in litres. */
  readonly dailyLitres: number;
  readonly hasGarden: boolean;
  readonly morningPeakHour: number;
  readonly eveningPeakHour: number;
  readonly #key: number;
  readonly #offsetMs: number;
  readonly #hemisphere: Hemisphere | undefined;

  constructor(seed: number, meterId: string, options: HouseholdOptions = {}) {
    const k = hashString(seed, `water:${meterId}`);
    this.#key = k;
    this.dailyLitres = logUniformIn(hashInts(k, 0), 100, 600);
    this.hasGarden = unit(hashInts(k, 1)) < 0.4;
    this.morningPeakHour = uniformIn(hashInts(k, 2), 6, 8);
    this.eveningPeakHour = uniformIn(hashInts(k, 3), 18.5, 20.5);
    this.#offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.#hemisphere = options.hemisphere;
  }

  /** Share of a day's use per hour at a local hour (integrates to about 1 over a day). */
  dayShare(hour: number, weekend: boolean): number {
    const morning = this.morningPeakHour + (weekend ? 1.5 : 0);
    return (
      0.03 / 24 +
      0.35 * bump(hour, morning, 0.9) +
      0.4 * bump(hour, this.eveningPeakHour, 1.6) +
      0.22 * bump(hour, 13, 3.5)
    );
  }

  /** The day's garden watering, if any. */
  watering(day: LocalDay): GardenWatering | undefined {
    if (!this.hasGarden) return undefined;
    const warmth = -winterness(day.dayOfYear, this.#hemisphere);
    if (warmth <= 0 || unit(hashInts(this.#key, 4, day.dayNumber)) >= 0.4 * warmth) return undefined;
    return {
      firstSlot:
        day.dayNumber * SLOTS_PER_DAY + 228 + Math.floor(unit(hashInts(this.#key, 5, day.dayNumber)) * 24),
      slots: 4 + Math.floor(unit(hashInts(this.#key, 6, day.dayNumber)) * 6),
      litresPerHour: 60 * uniformIn(hashInts(this.#key, 7, day.dayNumber), 8, 14),
    };
  }

  /** True volume in `[startMs, startMs + seconds * 1000)`, unrounded litres. */
  exactLitres(startMs: number, seconds: number): number {
    checkInterval(startMs, seconds);
    let day: LocalDay | undefined;
    let dayLitres = 0;
    let weekend = false;
    let watering: GardenWatering | undefined;
    const [litres = 0] = integrateSlots(startMs + this.#offsetMs, seconds, 1, (slot) => {
      const dayNumber = Math.floor(slot / SLOTS_PER_DAY);
      if (day?.dayNumber !== dayNumber) {
        day = localDay(dayNumber);
        dayLitres = this.dailyLitres * meanOneLogNormal(hashInts(this.#key, 10, dayNumber), 0.2);
        weekend = day.weekday === 0 || day.weekday === 6 || day.publicHoliday;
        watering = this.watering(day);
      }
      const expectedLitres = (dayLitres * this.dayShare(slotMidHour(slot), weekend)) / 12;
      const drawChance = Math.min(1, expectedLitres / DRAW_LITRES);
      const drawn =
        unit(hashInts(this.#key, 11, slot)) < drawChance
          ? (expectedLitres / drawChance) * meanOneLogNormal(hashInts(this.#key, 12, slot), 0.5) * 12
          : 0;
      const hose =
        watering && slot >= watering.firstSlot && slot < watering.firstSlot + watering.slots
          ? watering.litresPerHour
          : 0;
      return [drawn + hose];
    });
    return litres;
  }

  litres(startMs: number, seconds: number): number {
    return Math.max(0, Math.round(this.exactLitres(startMs, seconds)));
  }
}
