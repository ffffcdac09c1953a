import { cosemDateTimeToBytes, cosemDateToBytes, cosemTimeToBytes, logicalName } from '@gridmeter/dlms';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalendarTables, TouCalendar } from './calendar.js';
import { defaultSpecialDays, defaultTouCalendar } from './default-calendar.js';
import type { MeterEvent } from './event-codes.js';
import { SpecialDaysTable } from './special-days.js';

const OFFSET = 60; // UTC+01:00
const H = 3_600_000;
/** UTC instant of local (y, m, d, h) at UTC+01:00. */
const local = (y: number, m: number, d: number, h: number) => Date.UTC(y, m - 1, d, h) - OFFSET * 60_000;

// Hand-written from the calendar's description, hour 0..23.
const WINTER_WORKDAY = [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2, 1];
const SUMMER_WORKDAY = [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 2, 2, 1];
const REST_DAY = [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1];

function calendar(events: MeterEvent[] = []) {
  return new TouCalendar({
    utcOffsetMinutes: OFFSET,
    active: defaultTouCalendar(),
    specialDays: new SpecialDaysTable(defaultSpecialDays()),
    onEvent: (e) => events.push(e),
  });
}

const ratesOn = (cal: TouCalendar, y: number, m: number, d: number) =>
  Array.from({ length: 24 }, (_, h) => cal.rateAt(local(y, m, d, h) + 30 * 60_000));

/** Every hour rate 5, one day profile, one season from 2000. */
function flat(rate: number, name: string): CalendarTables {
  const ascii = (s: string) => new TextEncoder().encode(s);
  return {
    calendarName: ascii(name),
    seasonProfile: [
      {
        seasonProfileName: ascii('ALL'),
        seasonStart: cosemDateTimeToBytes({
          year: 2000,
          month: 1,
          dayOfMonth: 1,
          hour: 0,
          minute: 0,
          second: 0,
        }),
        weekName: ascii('W'),
      },
    ],
    weekProfileTable: [
      {
        weekProfileName: ascii('W'),
        monday: 9,
        tuesday: 9,
        wednesday: 9,
        thursday: 9,
        friday: 9,
        saturday: 9,
        sunday: 9,
      },
    ],
    dayProfileTable: [
      {
        dayId: 9,
        daySchedule: [
          {
            startTime: cosemTimeToBytes({ hour: 0, minute: 0, second: 0 }),
            scriptLogicalName: logicalName('0.0.10.0.100.255'),
            scriptSelector: rate,
          },
        ],
      },
    ],
  };
}

describe('TouCalendar', () => {
  it('gives the rate at every hour of a winter weekday, a summer weekday and a weekend day', () => {
    const cal = calendar();
    expect(ratesOn(cal, 2026, 1, 14)).toEqual(WINTER_WORKDAY); // Wednesday
    expect(ratesOn(cal, 2026, 7, 15)).toEqual(SUMMER_WORKDAY); // Wednesday
    expect(ratesOn(cal, 2026, 7, 18)).toEqual(REST_DAY); // Saturday
    expect(ratesOn(cal, 2026, 1, 18)).toEqual(REST_DAY); // Sunday
  });

  it('switches season on 1 April and 1 October local time', () => {
    const cal = calendar();
    expect(cal.rateAt(local(2026, 3, 31, 16) + 1)).toBe(3); // Tuesday, winter peak from 16:00
    expect(cal.rateAt(local(2026, 4, 1, 16) + 1)).toBe(2); // Wednesday, summer: shoulder at 16:00
    expect(cal.rateAt(local(2026, 10, 1, 16) + 1)).toBe(3); // Thursday, winter again
  });

  it('uses the special day profile on Christmas Day (a Friday) and after a special day is inserted', () => {
    const cal = calendar();
    expect(ratesOn(cal, 2026, 12, 25)).toEqual(REST_DAY);
    const before = local(2026, 5, 1, 0) - H;
    expect(ratesOn(cal, 2026, 5, 1)).toEqual(SUMMER_WORKDAY); // Friday
    cal.specialDays.insert(
      { index: 10, specialdayDate: cosemDateToBytes({ year: 2026, month: 5, dayOfMonth: 1 }), dayId: 2 },
      before,
    );
    expect(ratesOn(cal, 2026, 5, 1)).toEqual(REST_DAY);
    // An instant before the insertion still sees the table as it was.
    expect(cal.specialDays.entriesAt(before - 1)).toHaveLength(3);
  });

  it('switches passive to active at the programmed instant, also when asked later about earlier instants', () => {
    const events: MeterEvent[] = [];
    const cal = calendar(events);
    const t0 = local(2026, 1, 14, 10);
    const T = local(2026, 1, 20, 12);
    cal.programPassive(flat(5, 'NEW'), t0);
    cal.setActivationTime(T, t0);
    // Nobody looks at the meter at T; the question comes a week later.
    expect(cal.rateAt(T + 7 * 24 * H)).toBe(5);
    expect(cal.rateAt(T - 1)).toBe(2);
    expect(cal.rateAt(T)).toBe(5);
    cal.settle(T + 7 * 24 * H);
    expect(cal.rateAt(T - 1)).toBe(2);
    expect(cal.rateAt(T + 1)).toBe(5);
    expect(events).toEqual([
      { at: t0, code: 19, log: 'standard' },
      { at: T, code: 9, log: 'standard' },
    ]);
    expect(cal.activationTime).toBeUndefined();
  });

  it('activates the passive calendar on demand and keeps the history of activations', () => {
    const cal = calendar();
    cal.programPassive(flat(4, 'A'), local(2026, 2, 1, 0));
    cal.activatePassive(local(2026, 2, 2, 0));
    cal.programPassive(flat(6, 'B'), local(2026, 2, 3, 0));
    cal.activatePassive(local(2026, 2, 4, 0));
    expect(cal.rateAt(local(2026, 2, 1, 12))).toBe(1 + 1); // Sunday 12:00: shoulder
    expect(cal.rateAt(local(2026, 2, 3, 12))).toBe(4);
    expect(cal.rateAt(local(2026, 2, 5, 12))).toBe(6);
    expect(cal.activations().map((a) => new TextDecoder().decode(a.value.calendarName))).toEqual([
      'GM-TOU-1',
      'A',
      'B',
    ]);
  });

  it('rates are always one of 1..3 and the same when asked twice in any order', () => {
    const cal = calendar();
    const start = Date.UTC(2025, 0, 1);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * 365 * 24 * 60 }), { minLength: 1, maxLength: 20 }),
        (minutes) => {
          const rates = minutes.map((m) => cal.rateAt(start + m * 60_000));
          expect(rates.every((r) => r >= 1 && r <= 3)).toBe(true);
          expect([...minutes].reverse().map((m) => cal.rateAt(start + m * 60_000))).toEqual(
            [...rates].reverse(),
          );
        },
      ),
    );
  });
});
