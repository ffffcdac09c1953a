import { InvalidTouCalendarError, type TouCalendarDefinition } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { calendarDefinitionOf, touCalendarFor } from './tariff-calendar.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const week = (workday: string, rest: string) => ({
  monday: workday,
  tuesday: workday,
  wednesday: workday,
  thursday: workday,
  friday: workday,
  saturday: rest,
  sunday: rest,
});

const DEFINITION: TouCalendarDefinition = {
  name: 'T1',
  utcOffsetMinutes: 60,
  seasons: [{ name: 'WINTER', start: { month: 10, day: 1 }, week: 'W' }],
  weeks: [{ name: 'W', days: week('WD', 'WE') }],
  days: [
    {
      name: 'WD',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: 990, rate: 3 },
      ],
    },
    { name: 'WE', switches: [{ startMinute: 0, rate: 2 }] },
  ],
  specialDays: [
    { date: { month: 12, day: 25 }, dayType: 'WE' },
    { date: { year: 2026, month: 11, day: 10 }, dayType: 'WE' },
  ],
};

describe('calendarDefinitionOf', () => {
  it('encodes seasons with the year and day of week not specified, starting at local midnight', () => {
    const tables = calendarDefinitionOf(DEFINITION);
    expect(tables.calendarName).toBe('T1');
    expect(tables.seasonProfile).toHaveLength(1);
    // IEC 62056-6-2 §4.1.6.1 date-time: year FFFF, month 10, day 1, dow FF, 00:00:00.00, deviation 8000, status FF.
    expect(hex(tables.seasonProfile[0]!.seasonStart)).toBe('ffff0a01ff000000008000ff');
    expect(hex(tables.seasonProfile[0]!.seasonProfileName)).toBe('57494e544552');
    expect(hex(tables.seasonProfile[0]!.weekName)).toBe('57');
  });

  it('numbers day profiles from 1 and maps weekdays to those day ids', () => {
    const tables = calendarDefinitionOf(DEFINITION);
    expect(tables.weekProfileTable[0]).toMatchObject({
      monday: 1,
      friday: 1,
      saturday: 2,
      sunday: 2,
    });
    expect(tables.dayProfileTable.map((d) => d.dayId)).toEqual([1, 2]);
  });

  it('writes each switch as a time and the tariffication script with selector = rate', () => {
    const [wd] = calendarDefinitionOf(DEFINITION).dayProfileTable;
    expect(wd!.daySchedule.map((a) => [hex(a.startTime), a.scriptSelector])).toEqual([
      ['00000000', 1],
      ['101e0000', 3],
    ]);
    expect(hex(wd!.daySchedule[0]!.scriptLogicalName)).toBe('00000a0064ff');
  });

  it('writes special days with indices from 1 and a wildcard year for recurring dates', () => {
    const entries = calendarDefinitionOf(DEFINITION).specialDays!;
    expect(entries.map((e) => [e.index, hex(e.specialdayDate), e.dayId])).toEqual([
      [1, 'ffff0c19ff', 2],
      [2, '07ea0b0aff', 2],
    ]);
  });

  it('always sends a special days table, empty when the definition has none', () => {
    const { specialDays: _, ...rest } = DEFINITION;
    expect(calendarDefinitionOf(rest).specialDays).toEqual([]);
  });

  it('rejects an invalid definition when the lookup is built', () => {
    const bad = { ...DEFINITION, seasons: [{ name: 'S', start: { month: 2, day: 30 }, week: 'W' }] };
    expect(() => touCalendarFor(new Map([['T1', bad]]))).toThrow(InvalidTouCalendarError);
  });

  it('looks calendars up by tariff id', async () => {
    const lookup = touCalendarFor(new Map([['T1', DEFINITION]]));
    expect((await lookup('T1'))?.calendarName).toBe('T1');
    expect(await lookup('T2')).toBeUndefined();
  });
});
