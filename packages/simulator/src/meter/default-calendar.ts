/**
 * A TOU calendar a utility might program: off-peak (rate 1) 23:00–07:00, shoulder (rate 2) the rest
 * of the day, peak (rate 3) on weekdays 17:00–21:00 in summer (from 1 April) and 16:00–20:00 in
 * winter (from 1 October); weekends and special days off-peak/shoulder only.
 */
import {
  cosemDateTimeToBytes,
  cosemDateToBytes,
  cosemTimeToBytes,
  type DayProfile,
  logicalName,
  type SpecialDayEntry,
} from '@gridmeter/dlms';
import type { CalendarTables } from './calendar.js';

/** Tariffication script table (IEC 62056-6-1 0.0.10.0.100.255); script_selector = rate. */
export const TARIFFICATION_SCRIPT_TABLE = '0.0.10.0.100.255';

/** The day ids of {@link defaultTouCalendar}. */
export const DefaultDayId = { summerWorkday: 1, restDay: 2, winterWorkday: 3 } as const;

const ascii = (s: string) => new TextEncoder().encode(s);

function day(dayId: number, switches: readonly [hour: number, rate: number][]): DayProfile {
  const script = logicalName(TARIFFICATION_SCRIPT_TABLE);
  return {
    dayId,
    daySchedule: switches.map(([hour, rate]) => ({
      startTime: cosemTimeToBytes({ hour, minute: 0, second: 0, hundredths: 0 }),
      scriptLogicalName: script,
      scriptSelector: rate,
    })),
  };
}

function week(name: string, workday: number, restDay: number) {
  return {
    weekProfileName: ascii(name),
    monday: workday,
    tuesday: workday,
    wednesday: workday,
    thursday: workday,
    friday: workday,
    saturday: restDay,
    sunday: restDay,
  };
}

/**
 * The calendar described above, named `name` (default "GM-TOU-1").
 *
 * @example
 * new TouCalendar({ utcOffsetMinutes: 0, active: defaultTouCalendar() }).rateAt(Date.UTC(2026, 6, 1, 18)); // 3
 */
export function defaultTouCalendar(name = 'GM-TOU-1'): CalendarTables {
  const seasonStart = (month: number) =>
    cosemDateTimeToBytes({ month, dayOfMonth: 1, hour: 0, minute: 0, second: 0, hundredths: 0 });
  return {
    calendarName: ascii(name),
    seasonProfile: [
      { seasonProfileName: ascii('SUMMER'), seasonStart: seasonStart(4), weekName: ascii('SUMMER') },
      { seasonProfileName: ascii('WINTER'), seasonStart: seasonStart(10), weekName: ascii('WINTER') },
    ],
    weekProfileTable: [
      week('SUMMER', DefaultDayId.summerWorkday, DefaultDayId.restDay),
      week('WINTER', DefaultDayId.winterWorkday, DefaultDayId.restDay),
    ],
    dayProfileTable: [
      day(DefaultDayId.summerWorkday, [
        [0, 1],
        [7, 2],
        [17, 3],
        [21, 2],
        [23, 1],
      ]),
      day(DefaultDayId.restDay, [
        [0, 1],
        [7, 2],
        [23, 1],
      ]),
      day(DefaultDayId.winterWorkday, [
        [0, 1],
        [7, 2],
        [16, 3],
        [20, 2],
        [23, 1],
      ]),
    ],
  };
}

/** New Year's Day, Christmas Day and Boxing Day every year, on the rest-day profile. */
export function defaultSpecialDays(): SpecialDayEntry[] {
  const on = (index: number, month: number, dayOfMonth: number): SpecialDayEntry => ({
    index,
    specialdayDate: cosemDateToBytes({ month, dayOfMonth }),
    dayId: DefaultDayId.restDay,
  });
  return [on(1, 1, 1), on(2, 12, 25), on(3, 12, 26)];
}
