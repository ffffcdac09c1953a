import { type Hemisphere, type LocalDay, winterness } from './calendar.js';
import { slotNoise, uniformIn } from './draws.js';
import { hashInts, hashString } from './hash.js';
import { clearSkyPvFraction, latitudeDeg, sinSolarElevation } from './solar.js';
import { dailyClearness, weatherKey } from './weather.js';

/**
 * A rooftop PV system of 2–8 kWp drawn per meter: clear-sky output by the sun's elevation, times
 * the fleet's daily clearness, times per-slot variability (passing clouds) that is largest on
 * partly cloudy days. Output is 0 whenever the sun is below the horizon.
 */
export class RooftopPv {
  /** Peak power in W (the kWp rating × 1000). */
  readonly peakPowerW: number;
  readonly #key: number;
  readonly #weather: number;
  readonly #latDeg: number;
  readonly #hemisphere: Hemisphere | undefined;

  constructor(seed: number, meterId: string, hemisphere?: Hemisphere) {
    this.#key = hashString(seed, `pv:${meterId}`);
    this.peakPowerW = uniformIn(hashInts(this.#key, 0), 2000, 8000);
    this.#weather = weatherKey(seed);
    this.#latDeg = latitudeDeg(hemisphere);
    this.#hemisphere = hemisphere;
  }

  /** Mean output in W over local slot `slot` of `day`, at local solar hour `solarHour`. */
  powerW(slot: number, day: LocalDay, solarHour: number): number {
    const clear = clearSkyPvFraction(sinSolarElevation(this.#latDeg, day.dayOfYear, solarHour));
    if (clear === 0) return 0;
    const clearness = dailyClearness(
      this.#weather,
      day.dayNumber,
      winterness(day.dayOfYear, this.#hemisphere),
    );
    const variability = 0.8 * clearness * (1 - clearness);
    const factor = Math.min(1.1, slotNoise(hashInts(this.#key, 1, slot), variability));
    return Math.min(this.peakPowerW, this.peakPowerW * clear * clearness * factor);
  }
}
