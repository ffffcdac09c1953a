import { type EnergyFlows, type ExactEnergyModel, roundFlows } from '../metrology/exact.js';
import type { IntervalEnergy } from '../metrology/types.js';
import { type DayType, dayType, type Hemisphere, type LocalDay, localDay, winterness } from './calendar.js';
import { logUniformIn, meanOneLogNormal, slotNoise, uniformIn } from './draws.js';
import { hashInts, hashString, unit } from './hash.js';
import type { HouseholdOptions } from './household.js';
import { tanPhi } from './power-factor.js';
import { trapezoid } from './shapes.js';
import { integrateSlots, SLOTS_PER_DAY, slotMidHour } from './slots.js';

/** Shift hours: early 06–14, late 14–22, night 22–06 (belongs to the day it starts). */
const EARLY = [6, 14] as const;
const LATE = [14, 22] as const;
const NIGHT = [22, 30] as const;
/** Production in the night shift relative to the day shifts. */
const NIGHT_LEVEL = 0.9;
/** Shift start and end ramps, in hours. */
const RAMP_HOURS = 0.5;

/**
 * A three-phase industrial site: a base load (compressors, process heat, lighting) plus
 * production in 1, 2 or 3 eight-hour shifts on weekdays. Some sites also run an early shift on
 * Saturdays; some three-shift sites run continuously, every day. Sundays and public holidays
 * otherwise have base load only. Size 1–20 MWh per day (log-uniform), power factor 0.8–0.92, a
 * ±5 % seasonal swing (more in winter), all per meter.
 *
 * @example
 * const plant = new IndustrialEnergy(42, 'GM00000011');
 * plant.shifts; // 1, 2 or 3
 */
export class IndustrialEnergy implements ExactEnergyModel {
  /** Mean daily active energy over a year, in Wh. */
  readonly dailyEnergyWh: number;
  readonly powerFactor: number;
  readonly shifts: 1 | 2 | 3;
  /** Production runs every day of the year (three-shift sites only). */
  readonly continuous: boolean;
  /** An early shift runs on Saturdays. */
  readonly saturdayShift: boolean;
  /** Base load as a share of the full-production load. */
  readonly baseShare: number;
  /** Full-production power (before season and noise), in W. */
  readonly peakPowerW: number;
  readonly #key: number;
  readonly #tanPhi: number;
  readonly #offsetMs: number;
  readonly #hemisphere: Hemisphere | undefined;

  constructor(seed: number, meterId: string, options: HouseholdOptions = {}) {
    const k = hashString(seed, `industrial:${meterId}`);
    this.#key = k;
    this.dailyEnergyWh = logUniformIn(hashInts(k, 0), 1_000_000, 20_000_000);
    this.powerFactor = uniformIn(hashInts(k, 1), 0.8, 0.92);
    const u = unit(hashInts(k, 2));
    this.shifts = u < 0.35 ? 1 : u < 0.7 ? 2 : 3;
    this.continuous = this.shifts === 3 && unit(hashInts(k, 3)) < 0.3;
    this.saturdayShift = unit(hashInts(k, 4)) < (this.shifts === 3 ? 0.6 : 0.25);
    this.baseShare = uniformIn(hashInts(k, 5), 0.1, 0.3);
    this.#tanPhi = tanPhi(this.powerFactor);
    this.#offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.#hemisphere = options.hemisphere;
    // Mean daily hours at full-production power over a week without holidays (midpoint rule on
    // quarter hours; the profile is piecewise linear).
    let hours = 0;
    for (let weekday = 0; weekday < 7; weekday++) {
      const today = weekdayType(weekday);
      const yesterday = weekdayType((weekday + 6) % 7);
      for (let q = 0; q < 96; q++) hours += this.relativeLoad(today, yesterday, (q + 0.5) / 4) / 4;
    }
    this.peakPowerW = this.dailyEnergyWh / (hours / 7);
  }

  /**
   * Load relative to full production at a local hour, given today's and yesterday's kind of day
   * (yesterday's night shift runs until 06:00).
   */
  relativeLoad(today: DayType, yesterday: DayType, hour: number): number {
    const b = this.baseShare;
    let production = 0;
    const t = this.#shiftsOn(today);
    if (t >= 1) production += trapezoid(hour, EARLY[0], EARLY[1], RAMP_HOURS);
    if (t >= 2) production += trapezoid(hour, LATE[0], LATE[1], RAMP_HOURS);
    if (t >= 3) production += NIGHT_LEVEL * trapezoid(hour, NIGHT[0], NIGHT[1], RAMP_HOURS);
    if (this.#shiftsOn(yesterday) >= 3)
      production += NIGHT_LEVEL * trapezoid(hour + 24, NIGHT[0], NIGHT[1], RAMP_HOURS);
    return b + (1 - b) * production;
  }

  /** How many of the shifts (early, late, night, in that order) run on a kind of day. */
  #shiftsOn(type: DayType): number {
    if (this.continuous || type === 'weekday') return this.shifts;
    return type === 'saturday' && this.saturdayShift ? 1 : 0;
  }

  exactInterval(startMs: number, seconds: number): EnergyFlows {
    let day: LocalDay | undefined;
    let today: DayType = 'weekday';
    let yesterday: DayType = 'weekday';
    let dayFactor = 1;
    const [importWh = 0, reactiveImportVarh = 0] = integrateSlots(
      startMs + this.#offsetMs,
      seconds,
      2,
      (slot) => {
        const dayNumber = Math.floor(slot / SLOTS_PER_DAY);
        if (day?.dayNumber !== dayNumber) {
          day = localDay(dayNumber);
          today = dayType(day);
          yesterday = dayType(localDay(dayNumber - 1));
          const season = 1 + 0.05 * winterness(day.dayOfYear, this.#hemisphere);
          dayFactor = season * meanOneLogNormal(hashInts(this.#key, 10, dayNumber), 0.05);
        }
        const powerW =
          this.peakPowerW *
          this.relativeLoad(today, yesterday, slotMidHour(slot)) *
          dayFactor *
          slotNoise(hashInts(this.#key, 11, slot), 0.05);
        return [powerW, powerW * this.#tanPhi];
      },
    );
    return { importWh, exportWh: 0, reactiveImportVarh, reactiveExportVarh: 0 };
  }

  interval(startMs: number, seconds: number): IntervalEnergy {
    return roundFlows(this.exactInterval(startMs, seconds));
  }
}

function weekdayType(weekday: number): DayType {
  return weekday === 0 ? 'sunday' : weekday === 6 ? 'saturday' : 'weekday';
}
