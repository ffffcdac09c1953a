/**
 * The models hold each rate constant over a 5-minute slot of local time and integrate it over the
 * asked interval, so any interval's energy is the exact sum of its parts: four 15-minute
 * intervals give the hour up to rounding.
 */

/** Length of the slot every model holds its rates constant over. */
export const SLOT_MS = 300_000;
/** Slots in a day. */
export const SLOTS_PER_DAY = 288;
const HOUR_MS = 3_600_000;

/** Throws `RangeError` unless the interval is finite with a non-negative length. */
export function checkInterval(startMs: number, seconds: number): void {
  if (!Number.isFinite(startMs)) throw new RangeError(`interval start must be finite, got ${startMs}`);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`interval length must be a finite number of seconds ≥ 0, got ${seconds}`);
  }
}

/**
 * Integrates piecewise-constant rates over `[fromMs, fromMs + seconds * 1000)`. `ratesPerHour`
 * gives, for a slot index, each quantity's rate per hour (W, var, L/h); the result is the
 * quantities (Wh, varh, L), one per rate.
 */
export function integrateSlots(
  fromMs: number,
  seconds: number,
  count: number,
  ratesPerHour: (slot: number) => readonly number[],
): number[] {
  checkInterval(fromMs, seconds);
  const toMs = fromMs + seconds * 1000;
  const out = new Array<number>(count).fill(0);
  for (let s = Math.floor(fromMs / SLOT_MS); s * SLOT_MS < toMs; s++) {
    const overlapMs = Math.min(toMs, (s + 1) * SLOT_MS) - Math.max(fromMs, s * SLOT_MS);
    const rates = ratesPerHour(s);
    for (let i = 0; i < count; i++) out[i]! += ((rates[i] ?? 0) * overlapMs) / HOUR_MS;
  }
  return out;
}

/** Local hour of day (0 ≤ h < 24) at the middle of a slot. */
export function slotMidHour(slot: number): number {
  const inDay = slot - Math.floor(slot / SLOTS_PER_DAY) * SLOTS_PER_DAY;
  return ((inDay + 0.5) * SLOT_MS) / HOUR_MS;
}
