import { type TouCalendarDefinition, touRateAt } from '@gridmeter/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodMap } from './calendar.js';
import { touCalendarOf } from './from-definition.js';
import { version } from './testing.js';

const workday = 'WD';
const definition: TouCalendarDefinition = {
  name: 'RES-TOU',
  utcOffsetMinutes: 60,
  seasons: [
    { name: 'SUMMER', start: { month: 4, day: 1 }, week: 'S' },
    { name: 'WINTER', start: { month: 10, day: 1 }, week: 'W' },
  ],
  weeks: [
    {
      name: 'S',
      days: {
        monday: workday,
        tuesday: workday,
        wednesday: workday,
        thursday: workday,
        friday: workday,
        saturday: 'WE',
        sunday: 'WE',
      },
    },
    {
      name: 'W',
      days: {
        monday: 'WE',
        tuesday: workday,
        wednesday: workday,
        thursday: workday,
        friday: workday,
        saturday: 'WE',
        sunday: 'WE',
      },
    },
  ],
  days: [
    {
      name: workday,
      switches: [
        { startMinute: 0, rate: 3 },
        { startMinute: 420, rate: 2 },
        { startMinute: 1020, rate: 1 },
        { startMinute: 1260, rate: 3 },
      ],
    },
    { name: 'WE', switches: [{ startMinute: 0, rate: 3 }] },
  ],
  specialDays: [
    { date: { month: 12, day: 25 }, dayType: 'WE' },
    { date: { year: 2026, month: 5, day: 14 }, dayType: 'WE' },
  ],
};

describe('touCalendarOf', () => {
  it('names periods by rate and converts every table', () => {
    const c = touCalendarOf(definition, { 1: 'peak', 2: 'shoulder', 3: 'offpeak' });
    expect(c.periods).toEqual(['peak', 'shoulder', 'offpeak']);
    expect(c.seasons[1]).toEqual({ name: 'WINTER', from: '10-01', weekProfile: 'W' });
    expect(c.specialDays).toEqual([
      { date: '12-25', dayProfile: 'WE' },
      { date: '2026-05-14', dayProfile: 'WE' },
    ]);
  });

  it("puts every interval in the period of the rate the meter's calendar (domain touRateAt) gives", () => {
    const t = version({
      utcOffsetMinutes: 60,
      effectiveFrom: Date.UTC(2025, 0, 1) - 3_600_000,
      tou: touCalendarOf(definition),
      energy: { kind: 'tou', pricesMicro: { 'rate 1': 3, 'rate 2': 2, 'rate 3': 1 } },
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 730 }), (day) => {
        const start = Date.UTC(2025, 0, 1) - 3_600_000 + day * 86_400_000;
        const map = periodMap(t, start, start + 86_400_000, 900);
        for (let i = 0; i < 96; i++)
          expect((map[i] ?? -1) + 1).toBe(touRateAt(definition, start + i * 900_000));
      }),
      { numRuns: 200 },
    );
  });
});
