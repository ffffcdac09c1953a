/**
 * Sun position and clear-sky PV output, simplified: the fleet sits at ±45° latitude in the
 * middle of its time zone (solar noon at 12:00 local standard time), no equation of time.
 */
import type { Hemisphere } from './calendar.js';

const DEG = Math.PI / 180;

/** The latitude the models assume for a hemisphere, in degrees (negative south). */
export function latitudeDeg(hemisphere: Hemisphere | undefined): number {
  return hemisphere === 'northern' ? 45 : -45;
}

/** Solar declination in degrees on a day of the year (0 = 1 January), cosine approximation. */
export function declinationDeg(dayOfYear: number): number {
  return -23.44 * Math.cos((2 * Math.PI * (dayOfYear + 10)) / 365);
}

/** Sine of the sun's elevation at a local solar hour (12 = noon); negative below the horizon. */
export function sinSolarElevation(latDeg: number, dayOfYear: number, solarHour: number): number {
  const lat = latDeg * DEG;
  const dec = declinationDeg(dayOfYear) * DEG;
  const hourAngle = 15 * (solarHour - 12) * DEG;
  return Math.sin(lat) * Math.sin(dec) + Math.cos(lat) * Math.cos(dec) * Math.cos(hourAngle);
}

/** Performance ratio of a rooftop system: inverter, temperature, wiring and soiling losses. */
export const PV_PERFORMANCE_RATIO = 0.8;

/**
 * Clear-sky PV output as a fraction of the peak power (kWp), from the sun's elevation: Meinel's
 * direct irradiance 1353 W/m² × 0.7^(AM^0.678) with air mass 1/sin(elevation), global horizontal
 * irradiance 1.1 × direct × sin(elevation), times the performance ratio, over 1000 W/m².
 */
export function clearSkyPvFraction(sinElevation: number): number {
  if (sinElevation <= 0) return 0;
  const airMass = 1 / sinElevation;
  const directWm2 = 1353 * 0.7 ** (airMass ** 0.678);
  const globalWm2 = 1.1 * directWm2 * sinElevation;
  return (PV_PERFORMANCE_RATIO * globalWm2) / 1000;
}
