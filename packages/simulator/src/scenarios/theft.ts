/**
 * The theft attack models as pure functions: what a meter registers when it is being bypassed or
 * manipulated, given the true energy of one register interval. VEE and analytics tests reuse these
 * to know exactly what a tampered meter reports.
 */
import { hashInts, hashString, unit } from '../consumption/hash.js';
import type { TheftModel } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Where a register interval sits relative to the theft. Times are UTC epoch ms. */
export interface TheftInterval {
  /** Interval start. */
  readonly start: number;
  readonly intervalSeconds: number;
  /** When the theft began (progressive models count from here). */
  readonly theftStart: number;
  /** When the theft stopped (exclusive); absent = still going. */
  readonly theftEnd?: number;
  /** Local time of the meter, minutes east of UTC, for `zero-windows` (default 0). */
  readonly utcOffsetMinutes?: number;
  /** Uniform draw in [0, 1) for `random-factor`; see {@link theftDraw}. Default 0.5. */
  readonly draw?: number;
}

/**
 * The energy a meter registers under a theft model, a whole number of Wh in [0, trueWh].
 * Only the part of the interval inside [theftStart, theftEnd) is affected; the energy is taken
 * as spread evenly over the interval. `capping` and `subtracting` act per interval, scaled by the
 * share of the interval the theft covers, so call this per register interval (e.g. 15 min).
 *
 * @example
 * registeredUnderTheft({ kind: 'constant-factor', factor: 0.6 }, 1000, { start: t, intervalSeconds: 900, theftStart: t }); // 600
 */
export function registeredUnderTheft(model: TheftModel, trueWh: number, at: TheftInterval): number {
  const whole = Math.max(0, Math.floor(trueWh));
  const from = at.start;
  const to = at.start + at.intervalSeconds * 1000;
  const a = Math.max(from, at.theftStart);
  const b = Math.min(to, at.theftEnd ?? Number.POSITIVE_INFINITY);
  if (!(b > a) || !(to > from) || whole === 0) return whole;
  const share = (b - a) / (to - from);
  const coveredWh = whole * share;
  const stolen = coveredWh - registeredExact(model, coveredWh, share, a, b, at);
  return Math.min(whole, Math.max(0, Math.round(whole - stolen)));
}

/** What the covered part [a, b) registers, before rounding. */
function registeredExact(
  model: TheftModel,
  wh: number,
  share: number,
  a: number,
  b: number,
  at: TheftInterval,
): number {
  switch (model.kind) {
    case 'constant-factor':
      return wh * model.factor;
    case 'random-factor':
      return wh * (model.min + (model.max - model.min) * (at.draw ?? 0.5));
    case 'capping':
      return Math.min(wh, model.capWh * share);
    case 'subtracting':
      return Math.max(0, wh - model.subtractWh * share);
    case 'progressive':
      return (
        wh *
        progressiveMeanFactor(model.finalFactor, model.days * DAY_MS, a - at.theftStart, b - at.theftStart)
      );
    case 'zero-windows':
      return wh * (1 - zeroWindowShare(model.hours, a, b, (at.utcOffsetMinutes ?? 0) * 60_000));
  }
}

/**
 * The progressive factor at `elapsedMs` after the theft began: 1 at the start, falling linearly to
 * `finalFactor` after `rampMs`, then constant.
 */
export function progressiveFactor(finalFactor: number, rampMs: number, elapsedMs: number): number {
  const x = Math.min(1, Math.max(0, elapsedMs / rampMs));
  return 1 - (1 - finalFactor) * x;
}

/** Mean of the progressive factor over elapsed times [x0, x1) (exact integral of the ramp). */
function progressiveMeanFactor(finalFactor: number, rampMs: number, x0: number, x1: number): number {
  const integral = (x: number) => {
    const y = Math.max(0, x);
    const ramped = y <= rampMs ? (y * y) / (2 * rampMs) : rampMs / 2 + (y - rampMs);
    return y - (1 - finalFactor) * ramped;
  };
  return (integral(x1) - integral(x0)) / (x1 - x0);
}

/**
 * Share of UTC span [a, b) that falls inside the local-time hour windows. A window [from, to) with
 * from > to wraps midnight: [22, 6] is 22:00–06:00.
 */
export function zeroWindowShare(
  hours: readonly (readonly [number, number])[],
  a: number,
  b: number,
  offsetMs: number,
): number {
  const windows = dayWindows(hours);
  if (windows.length === 0 || !(b > a)) return 0;
  const la = a + offsetMs;
  const lb = b + offsetMs;
  let inside = 0;
  for (let day = Math.floor(la / DAY_MS) * DAY_MS; day < lb; day += DAY_MS) {
    for (const [f, t] of windows) {
      const lo = Math.max(la, day + f * HOUR_MS);
      const hi = Math.min(lb, day + t * HOUR_MS);
      if (hi > lo) inside += hi - lo;
    }
  }
  return inside / (b - a);
}

/** The windows as disjoint, sorted [from, to) hour ranges within one day. */
function dayWindows(hours: readonly (readonly [number, number])[]): [number, number][] {
  const parts: [number, number][] = [];
  for (const [from, to] of hours) {
    if (from < to) parts.push([from, to]);
    else if (from > to) parts.push([from, 24], [0, to]);
  }
  parts.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else if (p[1] > p[0]) merged.push([p[0], p[1]]);
  }
  return merged;
}

/**
 * The `random-factor` draw for one interval: uniform in [0, 1) from a hash of
 * (fleet seed, scenario id, fleet index, interval start).
 */
export function theftDraw(
  seed: number,
  scenarioId: string,
  meterIndex: number,
  intervalStart: number,
): number {
  return unit(hashInts(hashString(seed, `theft:${scenarioId}`), meterIndex, intervalStart));
}
