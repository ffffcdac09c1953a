/**
 * The meter programming of a tariff: a neutral {@link TouCalendarDefinition} as the Activity
 * calendar passive tables (IEC 62056-6-2 §4.5.5) and Special days table entries (§4.5.4) that the
 * `program-calendar` executor writes.
 */
import {
  cosemDateTimeToBytes,
  cosemDateToBytes,
  cosemTimeToBytes,
  type DayProfile,
  logicalName,
  type Season,
  type SpecialDayEntry,
  type WeekProfile,
} from '@gridmeter/dlms';
import { TOU_WEEKDAYS, type TouCalendarDefinition, validateTouCalendar } from '@gridmeter/domain';
import type { CalendarDefinition, CalendarFor } from './ports.js';

/**
 * Tariffication script table (IEC 62056-6-1 0.0.10.0.100.255); a day profile action's
 * script_selector is the rate register it switches to.
 */
export const TARIFFICATION_SCRIPT_TABLE = '0.0.10.0.100.255';

const ascii = (s: string) => new TextEncoder().encode(s);

/**
 * Converts a TOU calendar definition (validated first) into the tables the head-end sends. Day
 * profiles get day_id 1, 2, … in definition order; season starts are date-times with the year and
 * day of week not specified (every year, local midnight); special days become entries with index
 * 1, 2, … and the year not specified when the definition gives none. `specialDays` is always set,
 * so programming replaces whatever the meter's Special days table held. The meter applies the
 * tables in its own local time, so its clock must keep the definition's `utcOffsetMinutes`.
 *
 * @example
 * const tables = calendarDefinitionOf(validatedTouCalendar);
 * await client.set(seasonProfilePassive, seasonProfileConverter.toData(tables.seasonProfile));
 */
export function calendarDefinitionOf(definition: TouCalendarDefinition): CalendarDefinition {
  validateTouCalendar(definition);
  const dayId = new Map(definition.days.map((d, i) => [d.name, i + 1]));
  const idOf = (name: string) => dayId.get(name)!;
  const script = logicalName(TARIFFICATION_SCRIPT_TABLE);
  const seasonProfile: Season[] = definition.seasons.map((s) => ({
    seasonProfileName: ascii(s.name),
    seasonStart: cosemDateTimeToBytes({
      month: s.start.month,
      dayOfMonth: s.start.day,
      hour: 0,
      minute: 0,
      second: 0,
      hundredths: 0,
    }),
    weekName: ascii(s.week),
  }));
  const weekProfileTable: WeekProfile[] = definition.weeks.map((w) => {
    const [monday, tuesday, wednesday, thursday, friday, saturday, sunday] = TOU_WEEKDAYS.map((d) =>
      idOf(w.days[d]),
    ) as [number, number, number, number, number, number, number];
    return { weekProfileName: ascii(w.name), monday, tuesday, wednesday, thursday, friday, saturday, sunday };
  });
  const dayProfileTable: DayProfile[] = definition.days.map((d) => ({
    dayId: idOf(d.name),
    daySchedule: d.switches.map((s) => ({
      startTime: cosemTimeToBytes({
        hour: Math.floor(s.startMinute / 60),
        minute: s.startMinute % 60,
        second: 0,
        hundredths: 0,
      }),
      scriptLogicalName: script,
      scriptSelector: s.rate,
    })),
  }));
  const specialDays: SpecialDayEntry[] = (definition.specialDays ?? []).map((s, i) => ({
    index: i + 1,
    specialdayDate: cosemDateToBytes({
      ...(s.date.year !== undefined ? { year: s.date.year } : {}),
      month: s.date.month,
      dayOfMonth: s.date.day,
    }),
    dayId: idOf(s.dayType),
  }));
  return {
    calendarName: definition.name,
    seasonProfile,
    weekProfileTable,
    dayProfileTable,
    specialDays,
  };
}

/**
 * A {@link CalendarFor} over tariff calendars keyed by tariff id; each is validated and converted
 * once, here, so a bad definition fails at wiring rather than at the meter.
 *
 * @example
 * new CommandService({ journal, pool, sessionFor, calendarFor: touCalendarFor(new Map([['RES-TOU', definition]])) });
 */
export function touCalendarFor(calendars: ReadonlyMap<string, TouCalendarDefinition>): CalendarFor {
  const converted = new Map([...calendars].map(([id, d]) => [id, calendarDefinitionOf(d)]));
  return async (tariffId) => converted.get(tariffId);
}
