import { type EnergyFlows, type ExactEnergyModel, roundFlows } from '../metrology/exact.js';
import type { IntervalEnergy } from '../metrology/types.js';
import { type DayType, dayType, type Hemisphere, type LocalDay, localDay, winterness } from './calendar.js';
import { logUniformIn, meanOneLogNormal, slotNoise, uniformIn } from './draws.js';
import { hashInts, hashString, unit } from './hash.js';
import type { HouseholdOptions } from './household.js';
import { tanPhi } from './power-factor.js';
import { trapezoid } from './shapes.js';
import { integrateSlots, SLOTS_PER_DAY, slotMidHour } from './slots.js';

/**
 * A shop or office: a base load all day (refrigeration, servers, standby) plus a business-hours
 * load on weekdays (opening 06:30–08:00, closing 17:30–20:00, one-hour ramps), a shorter and
 * lower Saturday for some, base load only on Sundays and public holidays. HVAC raises the whole
 * load in midwinter and midsummer (heating and cooling) by up to `hvacShare`. Size 20–300 kWh per
 * day (log-uniform), power factor 0.85–0.95, both per meter.
 *
 * @example
 * const shop = new CommercialEnergy(42, 'GM00000003', { utcOffsetMinutes: 60 });
 * shop.interval(Date.UTC(2026, 2, 4, 11), 3600).importWh; // a Wednesday late morning
 */
export class CommercialEnergy implements ExactEnergyModel {
  /** Mean daily active energy over a year, in Wh. */
  readonly dailyEnergyWh: number;
  readonly powerFactor: number;
  /** Base load as a share of the business-hours load. */
  readonly baseShare: number;
  readonly openingHour: number;
  readonly closingHour: number;
  /** Saturday business load relative to weekdays; 0 when closed on Saturdays. */
  readonly saturdayLevel: number;
  readonly saturdayClosingHour: number;
  /** Extra load at the height of winter and summer, as a share of the load. */
  readonly hvacShare: number;
  /** Business-hours power on a mild weekday (before HVAC and noise), in W. */
  readonly peakPowerW: number;
  readonly #key: number;
  readonly #tanPhi: number;
  readonly #offsetMs: number;
  readonly #hemisphere: Hemisphere | undefined;

  constructor(seed: number, meterId: string, options: HouseholdOptions = {}) {
    const k = hashString(seed, `commercial:${meterId}`);
    this.#key = k;
    this.dailyEnergyWh = logUniformIn(hashInts(k, 0), 20_000, 300_000);
    this.powerFactor = uniformIn(hashInts(k, 1), 0.85, 0.95);
    this.baseShare = uniformIn(hashInts(k, 2), 0.2, 0.4);
    this.openingHour = uniformIn(hashInts(k, 3), 6.5, 8);
    this.closingHour = uniformIn(hashInts(k, 4), 17.5, 20);
    this.saturdayLevel = unit(hashInts(k, 5)) < 0.6 ? uniformIn(hashInts(k, 6), 0.4, 0.7) : 0;
    this.saturdayClosingHour = uniformIn(hashInts(k, 7), 13, 17);
    this.hvacShare = uniformIn(hashInts(k, 8), 0.1, 0.4);
    this.#tanPhi = tanPhi(this.powerFactor);
    this.#offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.#hemisphere = options.hemisphere;
    // Mean daily energy per W of peak power over a week; |winterness| averages 2/π over a year.
    const businessHoursPerWeek =
      5 * (this.closingHour - this.openingHour) +
      this.saturdayLevel * (this.saturdayClosingHour - (this.openingHour + 1));
    const meanDailyHours =
      (24 * this.baseShare + ((1 - this.baseShare) * businessHoursPerWeek) / 7) *
      (1 + (this.hvacShare * 2) / Math.PI);
    this.peakPowerW = this.dailyEnergyWh / meanDailyHours;
  }

  /** Load relative to the business-hours load, at a local hour of a kind of day (no HVAC). */
  relativeLoad(type: DayType, hour: number): number {
    const b = this.baseShare;
    if (type === 'weekday') return b + (1 - b) * trapezoid(hour, this.openingHour, this.closingHour);
    if (type === 'saturday') {
      return (
        b + (1 - b) * this.saturdayLevel * trapezoid(hour, this.openingHour + 1, this.saturdayClosingHour)
      );
    }
    return b;
  }

  exactInterval(startMs: number, seconds: number): EnergyFlows {
    let day: LocalDay | undefined;
    let dayFactor = 1;
    const [importWh = 0, reactiveImportVarh = 0] = integrateSlots(
      startMs + this.#offsetMs,
      seconds,
      2,
      (slot) => {
        const dayNumber = Math.floor(slot / SLOTS_PER_DAY);
        if (day?.dayNumber !== dayNumber) {
          day = localDay(dayNumber);
          const hvac = 1 + this.hvacShare * Math.abs(winterness(day.dayOfYear, this.#hemisphere));
          dayFactor = hvac * meanOneLogNormal(hashInts(this.#key, 10, dayNumber), 0.1);
        }
        const powerW =
          this.peakPowerW *
          this.relativeLoad(dayType(day), slotMidHour(slot)) *
          dayFactor *
          slotNoise(hashInts(this.#key, 11, slot), 0.08);
        return [powerW, powerW * this.#tanPhi];
      },
    );
    return { importWh, exportWh: 0, reactiveImportVarh, reactiveExportVarh: 0 };
  }

  interval(startMs: number, seconds: number): IntervalEnergy {
    return roundFlows(this.exactInterval(startMs, seconds));
  }
}
