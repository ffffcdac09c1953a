/**
 * A time-of-use calendar in neutral terms — seasons, week profiles, day profiles and special days,
 * as an Activity calendar (IEC 62056-6-2 §4.5.5) and Special days table (§4.5.4) hold them — so
 * that one definition prices the bill and programs the meter. Local time is UTC plus a fixed
 * offset (no daylight saving), as the meters keep it.
 */
import { MAX_TOU_RATES, type TouRate } from './tariff.js';

const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** Days per month in a common year; 29 February is not a valid recurring date. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** A weekday as the week profile names it. */
export type Weekday = (typeof WEEKDAYS)[number];

/** From `start` (local midnight, every year) on, the week profile named `week` applies. */
export interface TouSeason {
  readonly name: string;
  readonly start: { readonly month: number; readonly day: number };
  readonly week: string;
}

/** The day type (a day profile name) of each weekday. */
export interface TouWeekProfile {
  readonly name: string;
  readonly days: Readonly<Record<Weekday, string>>;
}

/** From `startMinute` after local midnight until the next switch, energy goes to register `rate`. */
export interface TouSwitch {
  readonly startMinute: number;
  readonly rate: TouRate;
}

/** The switches of one day type; the first starts at minute 0, so every day stands alone. */
export interface TouDayProfile {
  readonly name: string;
  readonly switches: readonly TouSwitch[];
}

/** On `date` (every year when `year` is absent) the day profile `dayType` applies. */
export interface TouSpecialDay {
  readonly date: { readonly year?: number; readonly month: number; readonly day: number };
  readonly dayType: string;
}

/**
 * A TOU calendar.
 *
 * @example
 * const cal: TouCalendarDefinition = {
 *   name: 'RES-TOU', utcOffsetMinutes: 60,
 *   seasons: [{ name: 'ALL', start: { month: 1, day: 1 }, week: 'W' }],
 *   weeks: [{ name: 'W', days: { monday: 'D', tuesday: 'D', wednesday: 'D', thursday: 'D', friday: 'D', saturday: 'D', sunday: 'D' } }],
 *   days: [{ name: 'D', switches: [{ startMinute: 0, rate: 1 }, { startMinute: 420, rate: 2 }] }],
 * };
 * touRateAt(validateTouCalendar(cal), Date.UTC(2026, 0, 5, 7)); // 2 (08:00 local)
 */
export interface TouCalendarDefinition {
  /** calendar_name: 1–32 printable ASCII characters. */
  readonly name: string;
  /** Local time = UTC + this, in minutes (−720…840). */
  readonly utcOffsetMinutes: number;
  readonly seasons: readonly TouSeason[];
  readonly weeks: readonly TouWeekProfile[];
  readonly days: readonly TouDayProfile[];
  readonly specialDays?: readonly TouSpecialDay[];
}

/** A TOU calendar definition breaks a rule; `field` is the path of the offending value. */
export class InvalidTouCalendarError extends RangeError {
  override readonly name = 'InvalidTouCalendarError';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`Invalid TOU calendar: ${field} ${reason}`);
  }
}

function fail(field: string, reason: string): never {
  throw new InvalidTouCalendarError(field, reason);
}

function checkInt(value: number, min: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < min || value > max)
    fail(field, `must be ${min}–${max}, got ${value}`);
}

function checkName(value: string, field: string): void {
  if (!/^[\x20-\x7e]{1,32}$/.test(value)) fail(field, `must be 1–32 printable ASCII characters`);
}

function checkMonthDay(date: { month: number; day: number }, field: string): void {
  checkInt(date.month, 1, 12, `${field}.month`);
  checkInt(date.day, 1, DAYS_IN_MONTH[date.month - 1]!, `${field}.day`);
}

function uniqueNames(items: readonly { name: string }[], field: string): Set<string> {
  if (items.length === 0) fail(field, 'must not be empty');
  const names = new Set<string>();
  items.forEach((item, i) => {
    checkName(item.name, `${field}[${i}].name`);
    if (names.has(item.name)) fail(`${field}[${i}].name`, `repeats "${item.name}"`);
    names.add(item.name);
  });
  return names;
}

/**
 * Checks every rule of a {@link TouCalendarDefinition} and returns it; throws
 * {@link InvalidTouCalendarError} naming the first field that breaks one. At most 255 day
 * profiles (DLMS day_id is an unsigned byte), rates 1–{@link MAX_TOU_RATES}, switch minutes
 * strictly increasing from 0, season starts distinct, every name reference resolved.
 */
export function validateTouCalendar(definition: TouCalendarDefinition): TouCalendarDefinition {
  checkName(definition.name, 'name');
  checkInt(definition.utcOffsetMinutes, -720, 840, 'utcOffsetMinutes');
  const dayNames = uniqueNames(definition.days, 'days');
  if (definition.days.length > 255) fail('days', 'must hold at most 255 day profiles');
  definition.days.forEach((d, i) => {
    if (d.switches.length === 0) fail(`days[${i}].switches`, 'must not be empty');
    d.switches.forEach((s, j) => {
      const field = `days[${i}].switches[${j}]`;
      checkInt(s.startMinute, 0, MINUTES_PER_DAY - 1, `${field}.startMinute`);
      if (j === 0 && s.startMinute !== 0) fail(`${field}.startMinute`, 'must be 0 for the first switch');
      if (j > 0 && s.startMinute <= d.switches[j - 1]!.startMinute) {
        fail(`${field}.startMinute`, 'must be later than the previous switch');
      }
      checkInt(s.rate, 1, MAX_TOU_RATES, `${field}.rate`);
    });
  });
  const weekNames = uniqueNames(definition.weeks, 'weeks');
  definition.weeks.forEach((w, i) => {
    for (const day of WEEKDAYS) {
      const type = w.days[day];
      if (!dayNames.has(type)) fail(`weeks[${i}].days.${day}`, `names no day profile ("${type}")`);
    }
  });
  uniqueNames(definition.seasons, 'seasons');
  const starts = new Set<number>();
  definition.seasons.forEach((s, i) => {
    checkMonthDay(s.start, `seasons[${i}].start`);
    const key = s.start.month * 100 + s.start.day;
    if (starts.has(key)) fail(`seasons[${i}].start`, 'repeats the start of an earlier season');
    starts.add(key);
    if (!weekNames.has(s.week)) fail(`seasons[${i}].week`, `names no week profile ("${s.week}")`);
  });
  const dates = new Set<string>();
  (definition.specialDays ?? []).forEach((s, i) => {
    const field = `specialDays[${i}]`;
    if (s.date.year !== undefined) checkInt(s.date.year, 1970, 9999, `${field}.date.year`);
    checkMonthDay(s.date, `${field}.date`);
    const key = `${s.date.year ?? '*'}-${s.date.month}-${s.date.day}`;
    if (dates.has(key)) fail(`${field}.date`, 'repeats an earlier special day');
    dates.add(key);
    if (!dayNames.has(s.dayType)) fail(`${field}.dayType`, `names no day profile ("${s.dayType}")`);
  });
  return definition;
}

/** The day profile name that applies on the local day `local` (a Date read through its UTC getters). */
function dayTypeOn(definition: TouCalendarDefinition, local: Date): string {
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const special = definition.specialDays?.find(
    (s) => s.date.month === month && s.date.day === day && (s.date.year ?? year) === year,
  );
  if (special) return special.dayType;
  // §4.5.5: the season whose start is the latest at or before today, counting last year's starts.
  const today = month * 100 + day;
  let season: TouSeason | undefined;
  let best = -1;
  for (const s of definition.seasons) {
    const start = s.start.month * 100 + s.start.day;
    const key = start <= today ? start + 10_000 : start;
    if (key > best) {
      best = key;
      season = s;
    }
  }
  const week = definition.weeks.find((w) => w.name === season?.week);
  const weekday = WEEKDAYS[(local.getUTCDay() + 6) % 7]!;
  if (!week) throw new InvalidTouCalendarError('seasons', 'is empty or names no week profile');
  return week.days[weekday];
}

/**
 * The TOU rate in force at UTC instant `at` (epoch ms) under a calendar that passed
 * {@link validateTouCalendar}: the rate of the last switch at or before the local time of day, in
 * the day profile of the special day or else of the season's week profile for that weekday.
 *
 * @example
 * touRateAt(calendar, Date.UTC(2026, 6, 1, 16)); // the rate at 17:00 local when utcOffsetMinutes = 60
 */
export function touRateAt(definition: TouCalendarDefinition, at: number): TouRate {
  const localMs = at + definition.utcOffsetMinutes * 60_000;
  const local = new Date(localMs);
  const minute = Math.floor((localMs - Math.floor(localMs / MS_PER_DAY) * MS_PER_DAY) / 60_000);
  const type = dayTypeOn(definition, local);
  const profile = definition.days.find((d) => d.name === type);
  if (!profile) throw new InvalidTouCalendarError('days', `holds no day profile "${type}"`);
  let rate = profile.switches[0]?.rate ?? 0;
  for (const s of profile.switches) if (s.startMinute <= minute) rate = s.rate;
  return rate;
}

/** The weekdays in week-profile order, Monday first (COSEM day_of_week 1…7). */
export const TOU_WEEKDAYS: readonly Weekday[] = WEEKDAYS;
