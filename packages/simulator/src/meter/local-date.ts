/**
 * Local calendar arithmetic for the meter functions: the meter keeps local time as UTC plus a fixed
 * offset (no daylight saving), and COSEM date/time patterns with wildcards (IEC 62056-6-2
 * §4.1.6.1: 0xFF not specified, day_of_month 0xFE last / 0xFD second last day) are matched against it.
 */
import type { CosemDate, CosemDateTime, CosemTime } from '@gridmeter/dlms';

const MS_PER_DAY = 86_400_000;
const LAST_DAY = 0xfe;
const SECOND_LAST_DAY = 0xfd;

/** A local calendar day and time of day. */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly dayOfMonth: number;
  /** 1 = Monday … 7 = Sunday, as COSEM numbers them. */
  readonly dayOfWeek: number;
  readonly secondOfDay: number;
  /** Days since 1970-01-01 in local time. */
  readonly dayNumber: number;
}

/** The local date and time of UTC instant `t` at `utcOffsetMinutes` (local = UTC + offset). */
export function localParts(t: number, utcOffsetMinutes: number): LocalParts {
  const local = t + utcOffsetMinutes * 60_000;
  const d = new Date(local);
  const dayNumber = Math.floor(local / MS_PER_DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    dayOfMonth: d.getUTCDate(),
    dayOfWeek: d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
    secondOfDay: Math.floor((local - dayNumber * MS_PER_DAY) / 1000),
    dayNumber,
  };
}

/** The local parts of local day `dayNumber` at midnight. */
export function partsOfDay(dayNumber: number): LocalParts {
  return localParts(dayNumber * MS_PER_DAY, 0);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day of month a pattern's day_of_month names in (year, month), or undefined. */
function resolveDay(pattern: number, year: number, month: number): number | undefined {
  const last = daysInMonth(year, month);
  if (pattern === LAST_DAY) return last;
  if (pattern === SECOND_LAST_DAY) return last - 1;
  return pattern >= 1 && pattern <= last ? pattern : undefined;
}

/**
 * Whether a COSEM date pattern matches a local day. Unspecified fields match anything; the
 * daylight-saving month values 0xFD/0xFE never match (the meter keeps no daylight saving).
 */
export function dateMatches(pattern: CosemDate, day: LocalParts): boolean {
  if (pattern.year !== undefined && pattern.year !== day.year) return false;
  if (pattern.month !== undefined && pattern.month !== day.month) return false;
  if (pattern.dayOfMonth !== undefined) {
    if (resolveDay(pattern.dayOfMonth, day.year, day.month) !== day.dayOfMonth) return false;
  }
  return pattern.dayOfWeek === undefined || pattern.dayOfWeek === day.dayOfWeek;
}

/** Seconds since local midnight of a COSEM time; unspecified fields count as 0. */
export function secondOfDayOf(time: CosemTime): number {
  return (time.hour ?? 0) * 3600 + (time.minute ?? 0) * 60 + (time.second ?? 0);
}

/**
 * The latest local instant (ms, local time read as UTC) at or before `localMs` that a date-time
 * pattern with wildcards names, e.g. a season_start `****-04-01 00:00` → the last 1 April.
 * Undefined when it names none (a fully specified instant in the future).
 */
export function latestOccurrence(pattern: CosemDateTime, localMs: number): number | undefined {
  const now = new Date(localMs);
  const thisYear = now.getUTCFullYear();
  const years = pattern.year !== undefined ? [pattern.year] : [thisYear, thisYear - 1];
  const months = pattern.month !== undefined ? [pattern.month] : [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const seconds = secondOfDayOf(pattern);
  for (const year of years) {
    for (const month of months) {
      if (month < 1 || month > 12) return undefined;
      const start = Date.UTC(year, month - 1, 1);
      if (start > localMs) continue;
      const last = daysInMonth(year, month);
      const days: number[] = [];
      if (pattern.dayOfMonth !== undefined) {
        const d = resolveDay(pattern.dayOfMonth, year, month);
        if (d !== undefined) days.push(d);
      } else {
        for (let d = last; d >= 1; d--) days.push(d);
      }
      for (const d of days) {
        const at = Date.UTC(year, month - 1, d) + seconds * 1000;
        if (at > localMs) continue;
        if (
          pattern.dayOfWeek !== undefined &&
          partsOfDay(Math.floor(at / MS_PER_DAY)).dayOfWeek !== pattern.dayOfWeek
        )
          continue;
        return at;
      }
    }
  }
  return undefined;
}
