import { describe, expect, it } from 'vitest';
import { DAY_MS, dayType, easterSunday, isPublicHoliday, localDay, winterness } from './calendar.js';

const dayOf = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;

describe('calendar', () => {
  it('finds Easter Sunday on the published dates', () => {
    expect(easterSunday(2024)).toBe(dayOf(2024, 3, 31));
    expect(easterSunday(2025)).toBe(dayOf(2025, 4, 20));
    expect(easterSunday(2026)).toBe(dayOf(2026, 4, 5));
    expect(easterSunday(2038)).toBe(dayOf(2038, 4, 25));
  });

  it('treats the generic public holidays as Sundays and ordinary days by weekday', () => {
    for (const [y, m, d] of [
      [2026, 1, 1],
      [2026, 4, 3],
      [2026, 4, 6],
      [2026, 5, 1],
      [2026, 12, 25],
      [2026, 12, 26],
    ] as const) {
      expect(isPublicHoliday(dayOf(y, m, d))).toBe(true);
      expect(dayType(localDay(dayOf(y, m, d)))).toBe('sunday');
    }
    expect(dayType(localDay(dayOf(2026, 3, 4)))).toBe('weekday'); // a Wednesday
    expect(dayType(localDay(dayOf(2026, 3, 7)))).toBe('saturday');
    expect(dayType(localDay(dayOf(2026, 3, 8)))).toBe('sunday');
  });

  it('numbers days of the year from 0 on 1 January', () => {
    expect(localDay(dayOf(2026, 1, 1)).dayOfYear).toBe(0);
    expect(localDay(dayOf(2024, 12, 31)).dayOfYear).toBe(365);
    expect(localDay(dayOf(2026, 7, 1)).month).toBe(6);
  });

  it('puts winter in January in the north and in July in the south', () => {
    expect(winterness(19, 'northern')).toBeCloseTo(1, 6);
    expect(winterness(19, 'southern')).toBeCloseTo(-1, 6);
    expect(winterness(201, 'northern')).toBeLessThan(-0.99);
    expect(winterness(201, undefined)).toBeGreaterThan(0.99);
  });
});
