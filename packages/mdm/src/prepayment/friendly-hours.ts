/**
 * Friendly hours: the local times at which a prepaid supply may be disconnected (never at night,
 * not on weekends or holidays, as configured). Local time is UTC plus a fixed offset.
 */

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
/** How far ahead a window is looked for before the configuration is declared to have none. */
const MAX_DAYS_AHEAD = 400;

/** When disconnections are allowed: `[fromMinute, toMinute)` of the local day, on `weekdays`, not on `holidays`. */
export interface FriendlyHours {
  /** Local time = UTC + this, in minutes. */
  readonly utcOffsetMinutes: number;
  /** First minute of the local day in the window (e.g. 540 = 09:00). */
  readonly fromMinute: number;
  /** First minute of the local day after the window (e.g. 960 = 16:00). */
  readonly toMinute: number;
  /** ISO weekdays in the window: 1 = Monday … 7 = Sunday. */
  readonly weekdays: readonly number[];
  /** Local dates (YYYY-MM-DD) outside the window all day. */
  readonly holidays?: readonly string[];
}

/** 09:00–16:00 on weekdays, no holidays: a common regulatory default. */
export function weekdayFriendlyHours(
  utcOffsetMinutes: number,
  holidays: readonly string[] = [],
): FriendlyHours {
  return { utcOffsetMinutes, fromMinute: 540, toMinute: 960, weekdays: [1, 2, 3, 4, 5], holidays };
}

/**
 * The first instant at or after `at` (UTC epoch ms) inside the friendly hours. Throws
 * `RangeError` when the configuration has no window within 400 days.
 *
 * @example
 * // Friday 22:00 UTC → Monday 09:00 UTC
 * nextFriendlyTime(weekdayFriendlyHours(0), Date.UTC(2026, 10, 13, 22)); // Date.UTC(2026, 10, 16, 9)
 */
export function nextFriendlyTime(hours: FriendlyHours, at: number): number {
  const offset = hours.utcOffsetMinutes * MS_PER_MINUTE;
  const local = at + offset;
  const today = Math.floor(local / MS_PER_DAY);
  const holidays = new Set(hours.holidays ?? []);
  for (let d = today; d <= today + MAX_DAYS_AHEAD; d++) {
    const date = new Date(d * MS_PER_DAY);
    const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    if (!hours.weekdays.includes(weekday) || holidays.has(date.toISOString().slice(0, 10))) continue;
    const open = d * MS_PER_DAY + hours.fromMinute * MS_PER_MINUTE;
    const close = d * MS_PER_DAY + hours.toMinute * MS_PER_MINUTE;
    const start = Math.max(open, local);
    if (start < close) return start - offset;
  }
  throw new RangeError(
    `Friendly hours have no window within ${MAX_DAYS_AHEAD} days of ${new Date(at).toISOString()}`,
  );
}
