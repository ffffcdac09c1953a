import { type MeterId, meterId, tariffId } from '@gridmeter/domain';
import type { Account } from './bill.js';
import type { MeterSeries } from './determinants.js';
import type { TariffVersion, TouCalendar } from './tariff.js';

/** Builders for billing tests and benchmarks: a meter series and a small TOU calendar. */
export function seriesOf(
  start: number,
  intervalSeconds: number,
  importWh: readonly number[],
  opts: { meter?: MeterId; exportWh?: readonly number[]; flags?: readonly number[] } = {},
): MeterSeries {
  return {
    meterId: opts.meter ?? meterId('M1'),
    start,
    intervalSeconds,
    importWh: Int32Array.from(importWh),
    ...(opts.exportWh ? { exportWh: Int32Array.from(opts.exportWh) } : {}),
    ...(opts.flags ? { flags: Uint16Array.from(opts.flags) } : {}),
  };
}

/**
 * Weekdays: off-peak 00:00, shoulder 07:00, peak 17:00, shoulder 21:00, off-peak 22:00; weekends
 * and 2026-01-01 (a Thursday, New Year's Day) off-peak all day.
 */
export const residentialTou: TouCalendar = {
  periods: ['peak', 'shoulder', 'offpeak'],
  seasons: [{ name: 'all year', from: '01-01', weekProfile: 'week' }],
  weekProfiles: { week: ['workday', 'workday', 'workday', 'workday', 'workday', 'weekend', 'weekend'] },
  dayProfiles: {
    workday: [
      { startMinute: 0, period: 'offpeak' },
      { startMinute: 420, period: 'shoulder' },
      { startMinute: 1020, period: 'peak' },
      { startMinute: 1260, period: 'shoulder' },
      { startMinute: 1320, period: 'offpeak' },
    ],
    weekend: [{ startMinute: 0, period: 'offpeak' }],
  },
  specialDays: [{ date: '2026-01-01', dayProfile: 'weekend' }],
};

/** A tariff version with defaults for the fields a test does not care about. */
export function version(partial: Partial<TariffVersion> & Pick<TariffVersion, 'energy'>): TariffVersion {
  return {
    tariffId: tariffId('T1'),
    version: 1,
    effectiveFrom: Date.UTC(2025, 0, 1),
    commodity: 'electricity',
    currency: '€',
    utcOffsetMinutes: 0,
    ...partial,
  };
}

/** Account A1 on tariff T1. */
export const account: Account = { accountId: 'A1', tariffId: tariffId('T1') };
