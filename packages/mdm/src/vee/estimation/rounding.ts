/**
 * Rounds non-negative reals to integers whose sum is exactly `total` (largest remainder method:
 * floors first, then one unit to the largest fractional parts; ties go to the earlier interval).
 *
 * @example
 * apportion([1.5, 1.5, 1], 4) // [2, 1, 1]
 */
export function apportion(exact: readonly number[], total: number): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`Total ${total} is not a safe integer`);
  const floors = exact.map((x) => Math.floor(x));
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const out = [...floors];
  // Normally 0 ≤ left < n; the loops also absorb a larger or negative remainder evenly.
  for (let k = 0; left > 0 && out.length > 0; k = (k + 1) % out.length, left--) out[order[k]!.i]!++;
  for (let k = out.length - 1; left < 0 && out.length > 0; k = (k - 1 + out.length) % out.length) {
    const i = order[k]!.i;
    if (out[i]! > 0) {
      out[i]!--;
      left++;
    } else if (out.every((v) => v <= 0)) break;
  }
  return out;
}

/**
 * Scales `weights` so they sum to `total` exactly, as integers. Zero weights everywhere share the
 * total evenly.
 *
 * @example
 * scaleToTotal([1, 3], 10) // [3, 7] (2.5 → 3 by the largest remainder tie-break, 7.5 → 7)
 */
export function scaleToTotal(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const exact =
    sum > 0 ? weights.map((w) => (Math.max(0, w) * total) / sum) : weights.map(() => total / weights.length);
  return apportion(exact, total);
}
