import { describe, expect, it } from 'vitest';
import {
  InvalidTouCalendarError,
  type TouCalendarDefinition,
  touRateAt,
  validateTouCalendar,
} from './tou-calendar.js';

const week = (workday: string, rest: string) => ({
  monday: workday,
  tuesday: workday,
  wednesday: workday,
  thursday: workday,
  friday: workday,
  saturday: rest,
  sunday: rest,
});

/** Summer from 1 April, winter from 1 October; local time UTC+1. */
const CAL: TouCalendarDefinition = {
  name: 'TEST',
  utcOffsetMinutes: 60,
  seasons: [
    { name: 'SUMMER', start: { month: 4, day: 1 }, week: 'S' },
    { name: 'WINTER', start: { month: 10, day: 1 }, week: 'W' },
  ],
  weeks: [
    { name: 'S', days: week('S-WD', 'WE') },
    { name: 'W', days: week('W-WD', 'WE') },
  ],
  days: [
    {
      name: 'S-WD',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: 1020, rate: 3 },
      ],
    },
    {
      name: 'W-WD',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: 960, rate: 4 },
      ],
    },
    { name: 'WE', switches: [{ startMinute: 0, rate: 2 }] },
  ],
  specialDays: [{ date: { month: 12, day: 25 }, dayType: 'WE' }],
};

describe('touRateAt', () => {
  it('uses the local time of day: 16:00 local is 15:00 UTC at UTC+1', () => {
    // Wednesday 14 January 2026 (winter workday).
    expect(touRateAt(CAL, Date.UTC(2026, 0, 14, 14, 59))).toBe(1);
    expect(touRateAt(CAL, Date.UTC(2026, 0, 14, 15, 0))).toBe(4);
  });

  it('switches season on its start date, counting last year’s start in January', () => {
    // Tuesday 31 March 2026 17:30 local is winter; Wednesday 1 April summer.
    expect(touRateAt(CAL, Date.UTC(2026, 2, 31, 16, 30))).toBe(4);
    expect(touRateAt(CAL, Date.UTC(2026, 3, 1, 16, 30))).toBe(3);
  });

  it('uses the weekend day profile on Saturday and the special day profile on 25 December', () => {
    expect(touRateAt(CAL, Date.UTC(2026, 0, 17, 16))).toBe(2);
    // Friday 25 December 2026, 18:00 local.
    expect(touRateAt(CAL, Date.UTC(2026, 11, 25, 17))).toBe(2);
    expect(touRateAt(CAL, Date.UTC(2026, 11, 24, 17))).toBe(4);
  });

  it('takes the local day across midnight UTC: 23:30 UTC Friday is Saturday local', () => {
    expect(touRateAt(CAL, Date.UTC(2026, 0, 16, 23, 30))).toBe(2);
  });
});

describe('validateTouCalendar', () => {
  const field = (cal: TouCalendarDefinition) => {
    try {
      validateTouCalendar(cal);
    } catch (e) {
      if (e instanceof InvalidTouCalendarError) return e.field;
      throw e;
    }
    return undefined;
  };

  it('accepts a valid calendar', () => {
    expect(field(CAL)).toBeUndefined();
  });

  it('names the field that breaks a rule', () => {
    const day = CAL.days[0]!;
    expect(field({ ...CAL, name: '' })).toBe('name');
    expect(field({ ...CAL, utcOffsetMinutes: 900 })).toBe('utcOffsetMinutes');
    expect(
      field({ ...CAL, days: [{ ...day, switches: [{ startMinute: 60, rate: 1 }] }, ...CAL.days.slice(1)] }),
    ).toBe('days[0].switches[0].startMinute');
    expect(
      field({
        ...CAL,
        days: [{ ...day, switches: [{ startMinute: 0, rate: 9 }] }, ...CAL.days.slice(1)],
      }),
    ).toBe('days[0].switches[0].rate');
    expect(
      field({
        ...CAL,
        days: [
          {
            ...day,
            switches: [
              { startMinute: 0, rate: 1 },
              { startMinute: 0, rate: 2 },
            ],
          },
          ...CAL.days.slice(1),
        ],
      }),
    ).toBe('days[0].switches[1].startMinute');
    expect(field({ ...CAL, weeks: [{ name: 'S', days: week('S-WD', 'X') }, CAL.weeks[1]!] })).toBe(
      'weeks[0].days.saturday',
    );
    expect(field({ ...CAL, seasons: [{ name: 'A', start: { month: 2, day: 29 }, week: 'S' }] })).toBe(
      'seasons[0].start.day',
    );
    expect(field({ ...CAL, seasons: [{ name: 'A', start: { month: 2, day: 1 }, week: 'Q' }] })).toBe(
      'seasons[0].week',
    );
    expect(field({ ...CAL, seasons: [] })).toBe('seasons');
    expect(field({ ...CAL, specialDays: [{ date: { month: 12, day: 25 }, dayType: 'NONE' }] })).toBe(
      'specialDays[0].dayType',
    );
  });
});
