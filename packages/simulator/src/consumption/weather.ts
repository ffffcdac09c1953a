/**
 * Fleet-wide daily weather from the fleet seed: every meter of a fleet sees the same sky and the
 * same cold spell on a day, so PV output and gas heating move together across the fleet.
 */
import { hashInts, hashString, normal, unit } from './hash.js';

/** The hash every weather draw of a fleet derives from. */
export function weatherKey(seed: number): number {
  return hashString(seed, 'weather');
}

/**
 * Daily clearness of the sky, 0.1 (overcast) – 1 (clear): clear days are likelier in summer
 * (`winterness` −1) than in winter (+1).
 */
export function dailyClearness(key: number, dayNumber: number, winterness: number): number {
  const u = unit(hashInts(key, 1, dayNumber));
  const v = unit(hashInts(key, 2, dayNumber));
  const clearChance = 0.45 - 0.15 * winterness;
  if (u < clearChance) return 0.85 + 0.15 * v;
  if (u < clearChance + 0.35) return 0.45 + 0.4 * v;
  return 0.1 + 0.35 * v;
}

/**
 * How much colder than usual a day is, in standard deviations (positive = colder): a smoothed
 * draw, so cold and mild spells last a few days.
 */
export function coldAnomaly(key: number, dayNumber: number): number {
  const n = (d: number) => normal(hashInts(key, 3, d));
  return (n(dayNumber - 1) + 2 * n(dayNumber) + n(dayNumber + 1)) / Math.sqrt(6);
}
