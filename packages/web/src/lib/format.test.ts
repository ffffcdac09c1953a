import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatDate,
  formatDateTime,
  formatDuration,
  formatEnergy,
  formatKwh,
  formatMicroPrice,
  formatMoney,
  formatPercent,
  formatPricePerKwh,
  formatScaled,
  formatTimeEnd,
  humanize,
  minorDigits,
  parseDateInput,
  parseMoney,
  utcDayStart,
} from './format.js';

describe('formatEnergy', () => {
  it('keeps Wh below 1 kWh and rounds to whole Wh', () => {
    expect(formatEnergy(0)).toBe('0 Wh');
    expect(formatEnergy(999.4)).toBe('999 Wh');
  });
  it('moves to kWh, MWh and GWh at each thousand', () => {
    expect(formatEnergy(1234)).toBe('1.23 kWh');
    expect(formatEnergy(5_600_000)).toBe('5.60 MWh');
    expect(formatEnergy(7_000_000_000)).toBe('7.00 GWh');
  });
  it('shows export (negative) with a minus sign and non-numbers as a dash', () => {
    expect(formatEnergy(-2500)).toBe('−2.50 kWh');
    expect(formatEnergy(Number.NaN)).toBe('—');
  });
  it('formats kWh with fixed decimals for tables', () => {
    expect(formatKwh(12_345)).toBe('12.3 kWh');
    expect(formatKwh(500, 2)).toBe('0.50 kWh');
  });
});

describe('money', () => {
  it('formats minor units with the currency symbol', () => {
    expect(formatMoney(12345, 'EUR')).toBe('€123.45');
    expect(formatMoney(-50, 'GBP')).toBe('-£0.50');
    expect(formatMoney(1500, 'JPY')).toBe('JP¥1,500');
  });
  it('formats with a currency symbol where a tariff carries one instead of a code', () => {
    expect(formatMoney(123456, '€')).toBe('€1,234.56');
    expect(formatMoney(-5, '$')).toBe('-$0.05');
    expect(formatPricePerKwh(30, '€')).toBe('€0.3000/kWh');
    expect(formatMicroPrice(300_000, '€', 'kWh')).toBe('€0.3000/kWh');
  });
  it('knows the minor digits of a currency', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
  });
  it('formats a per-kWh price with two digits more than the currency', () => {
    expect(formatPricePerKwh(23.45, 'EUR')).toBe('€0.2345/kWh');
  });
  it('parses typed amounts into minor units', () => {
    expect(parseMoney('12.5', 'EUR')).toBe(1250);
    expect(parseMoney('12,50', 'EUR')).toBe(1250);
    expect(parseMoney('€ 7', 'EUR')).toBe(700);
    expect(parseMoney('0', 'EUR')).toBeUndefined();
    expect(parseMoney('1.234', 'EUR')).toBeUndefined();
    expect(parseMoney('abc', 'EUR')).toBeUndefined();
    expect(parseMoney('-5', 'EUR')).toBeUndefined();
  });
});

describe('shares and durations', () => {
  it('formats a share as a percentage', () => {
    expect(formatPercent(0.98765)).toBe('98.8 %');
    expect(formatPercent(1, 0)).toBe('100 %');
  });
  it('picks ms, s, min or h', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(90_000)).toBe('1.5 min');
    expect(formatDuration(5_400_000)).toBe('1.5 h');
  });
});

describe('instants', () => {
  const t = Date.UTC(2026, 10, 22, 5, 7, 30);
  it('formats in UTC by default', () => {
    expect(formatDateTime(t)).toBe('2026-11-22 05:07');
    expect(formatDate(t)).toBe('2026-11-22');
    expect(formatDateTime(undefined)).toBe('—');
  });
  it('formats in another time zone when asked', () => {
    expect(formatDateTime(t, 'Australia/Sydney')).toBe('2026-11-22 16:07');
  });
  it('writes the end of a period at midnight as 24:00', () => {
    expect(formatTimeEnd(Date.UTC(2026, 10, 23))).toBe('24:00');
    expect(formatTimeEnd(Date.UTC(2026, 10, 22, 17))).toBe('17:00');
  });
  it('says how long ago', () => {
    expect(formatAgo(t - 30_000, t)).toBe('30 s ago');
    expect(formatAgo(t - 5 * 60_000, t)).toBe('5 min ago');
    expect(formatAgo(t - 3 * 3_600_000, t)).toBe('3 h ago');
    expect(formatAgo(undefined, t)).toBe('never');
  });
  it('finds the UTC day start and parses date inputs as UTC days', () => {
    expect(utcDayStart(t)).toBe(Date.UTC(2026, 10, 22));
    expect(parseDateInput('2026-11-01')).toBe(Date.UTC(2026, 10, 1));
    expect(parseDateInput('01/11/2026')).toBeUndefined();
  });
  it('humanizes identifiers', () => {
    expect(humanize('ready-for-reconnection')).toBe('ready for reconnection');
    expect(humanize('inProgress')).toBe('in progress');
  });
});

describe('formatScaled', () => {
  it('places the decimal point exactly, also for values past 2^53', () => {
    expect(formatScaled('2301', -1)).toBe('230.1');
    expect(formatScaled('5', -3)).toBe('0.005');
    expect(formatScaled('-15', -1)).toBe('-1.5');
    expect(formatScaled('12', 2)).toBe('1200');
    expect(formatScaled('123456789012345678901', -2)).toBe('1234567890123456789.01');
    expect(formatScaled('42', 0)).toBe('42');
  });
});
