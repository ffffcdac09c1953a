import { normal, unit } from './hash.js';

/** Uniform in `[lo, hi)` from a hash. */
export function uniformIn(h: number, lo: number, hi: number): number {
  return lo + (hi - lo) * unit(h);
}

/** Log-uniform in `[lo, hi)` from a hash: sizes spread evenly over orders of magnitude. */
export function logUniformIn(h: number, lo: number, hi: number): number {
  return lo * (hi / lo) ** unit(h);
}

/** A log-normal factor with mean 1 and log standard deviation `sd`. */
export function meanOneLogNormal(h: number, sd: number): number {
  return Math.exp(sd * normal(h) - (sd * sd) / 2);
}

/** `1 + cv × N(0, 1)`, never negative: per-slot noise around a mean of about 1. */
export function slotNoise(h: number, cv: number): number {
  return Math.max(0, 1 + cv * normal(h));
}
