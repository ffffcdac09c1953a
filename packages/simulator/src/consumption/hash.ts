/**
 * Deterministic pseudo-randomness for virtual meters: every draw is a pure function of its key
 * (fleet seed, meter id, what, when), so any past instant can be recomputed without state.
 */

/** 32-bit FNV-1a of a string, folded with a seed. */
export function hashString(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return mix32(h);
}

/** A strong 32-bit integer mixer (the lowbias32 finaliser). */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines a base hash with integers (a day number, a slot index) into a new hash. */
export function hashInts(base: number, ...values: readonly number[]): number {
  let h = base >>> 0;
  for (const v of values) {
    h = mix32(h ^ mix32((v | 0) ^ Math.floor(v / 2 ** 32)));
  }
  return h;
}

/** Uniform in [0, 1) from a hash. */
export function unit(h: number): number {
  return (h >>> 0) / 2 ** 32;
}

/** Standard normal from two hashes (Box–Muller). */
export function normal(h: number): number {
  const u1 = (mix32(h ^ 0x9e3779b9) + 1) / (2 ** 32 + 1);
  const u2 = unit(mix32(h ^ 0x85ebca6b));
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
