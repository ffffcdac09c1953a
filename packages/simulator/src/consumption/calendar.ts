/** Local calendar facts the load models follow: weekdays, public holidays, seasons. */

export const DAY_MS = 86_400_000;

/** Which hemisphere a fleet is in; undefined means southern, as for `HouseholdLoad`. */
export type Hemisphere = 'northern' | 'southern';

/** One local calendar day. `dayNumber` counts days since 1970-01-01 in local time. */
export interface LocalDay {
  readonly dayNumber: number;
  readonly year: number;
  /** 0 = January. */
  readonly month: number;
  /** 0 = 1 January. */
  readonly dayOfYear: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  readonly publicHoliday: boolean;
}

/** How a business treats a day: Sundays and public holidays alike. */
export type DayType = 'weekday' | 'saturday' | 'sunday';

/** Days looked up lately: every meter of a fleet catches up over the same few days. */
const LOCAL_DAYS = new Map<number, LocalDay>();
const MAX_LOCAL_DAYS = 4096;

/** The local day with number `dayNumber` (shared and frozen: the same object for every caller). */
export function localDay(dayNumber: number): LocalDay {
  let day = LOCAL_DAYS.get(dayNumber);
  if (!day) {
    if (LOCAL_DAYS.size >= MAX_LOCAL_DAYS) LOCAL_DAYS.clear();
    day = Object.freeze(computeLocalDay(dayNumber));
    LOCAL_DAYS.set(dayNumber, day);
  }
  return day;
}

function computeLocalDay(dayNumber: number): LocalDay {
  const date = new Date(dayNumber * DAY_MS);
  const year = date.getUTCFullYear();
  return {
    dayNumber,
    year,
    month: date.getUTCMonth(),
    dayOfYear: dayNumber - Date.UTC(year, 0, 1) / DAY_MS,
    weekday: date.getUTCDay(),
    publicHoliday: isPublicHoliday(dayNumber),
  };
}

/** Weekday, Saturday, or Sunday (which includes public holidays). */
export function dayType(day: LocalDay): DayType {
  if (day.weekday === 0 || day.publicHoliday) return 'sunday';
  return day.weekday === 6 ? 'saturday' : 'weekday';
}

/** Day number of Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/**
 * A generic set of public holidays common to many countries: 1 January, Good Friday, Easter
 * Monday, 1 May, 25 and 26 December.
 */
export function isPublicHoliday(dayNumber: number): boolean {
  const date = new Date(dayNumber * DAY_MS);
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  if ((month === 0 && day === 1) || (month === 4 && day === 1)) return true;
  if (month === 11 && (day === 25 || day === 26)) return true;
  const easter = easterSunday(date.getUTCFullYear());
  return dayNumber === easter - 2 || dayNumber === easter + 1;
}

/**
 * How wintry a day is: 1 at the coldest time of year (about 20 January in the north, 20 July in
 * the south), −1 at the warmest, a cosine in between.
 */
export function winterness(dayOfYear: number, hemisphere: Hemisphere | undefined): number {
  const north = Math.cos((2 * Math.PI * (dayOfYear - 19)) / 365.25);
  return hemisphere === 'northern' ? north : -north;
}
