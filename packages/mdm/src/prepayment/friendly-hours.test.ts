import { describe, expect, it } from 'vitest';
import { nextFriendlyTime, weekdayFriendlyHours } from './friendly-hours.js';

describe('nextFriendlyTime', () => {
  const hours = weekdayFriendlyHours(60, ['2026-11-16']);

  it('returns the instant itself inside the window', () => {
    // Thursday 12 November 2026, 10:00 local (09:00 UTC).
    expect(nextFriendlyTime(hours, Date.UTC(2026, 10, 12, 9))).toBe(Date.UTC(2026, 10, 12, 9));
  });

  it('moves an evening instant to 09:00 local the next weekday', () => {
    // Thursday 16:00 local is the first minute after the window.
    expect(nextFriendlyTime(hours, Date.UTC(2026, 10, 12, 15))).toBe(Date.UTC(2026, 10, 13, 8));
  });

  it('skips the weekend and a holiday: Friday 22:00 local → Tuesday 09:00 local', () => {
    expect(nextFriendlyTime(hours, Date.UTC(2026, 10, 13, 21))).toBe(Date.UTC(2026, 10, 17, 8));
  });

  it('throws when no day is allowed', () => {
    expect(() => nextFriendlyTime({ ...hours, weekdays: [] }, 0)).toThrow(RangeError);
  });
});
