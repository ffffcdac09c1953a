/** Reactive power of a lagging (inductive) load: Q = P × tan(acos(pf)). */
export function tanPhi(powerFactor: number): number {
  if (!(powerFactor > 0 && powerFactor <= 1)) {
    throw new RangeError(`power factor must be in (0, 1], got ${powerFactor}`);
  }
  return Math.tan(Math.acos(powerFactor));
}
