import { describe, expect, it } from 'vitest';
import { dateInputValue, daysIn, lastDays, previousMonth } from './range.js';

describe('ranges', () => {
  const at = Date.UTC(2026, 10, 22, 5, 30);
  it('covers whole UTC days ending with today', () => {
    expect(lastDays(at, 1)).toEqual({ from: Date.UTC(2026, 10, 22), to: Date.UTC(2026, 10, 23) });
    expect(lastDays(at, 7)).toEqual({ from: Date.UTC(2026, 10, 16), to: Date.UTC(2026, 10, 23) });
  });
  it('finds the previous calendar month, across a year end', () => {
    expect(previousMonth(at)).toEqual({ from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) });
    expect(previousMonth(Date.UTC(2027, 0, 15))).toEqual({
      from: Date.UTC(2026, 11, 1),
      to: Date.UTC(2027, 0, 1),
    });
  });
  it('formats date inputs and counts days', () => {
    expect(dateInputValue(at)).toBe('2026-11-22');
    expect(daysIn({ from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) })).toBe(31);
  });
});
