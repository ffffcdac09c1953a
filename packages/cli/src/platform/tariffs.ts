/**
 * The demo utility's tariffs. The residential TOU calendar is the one the simulated meters run
 * out of the box (summer from April, winter from October; off-peak 1 / shoulder 2 / peak 3 on
 * workdays, weekends off-peak and shoulder; 1 Jan, 25 and 26 Dec on the weekend profile), so what
 * the meters register per TOU rate and what the MDM bills per period agree.
 */
import { type TariffId, type TouCalendarDefinition, tariffId } from '@gridmeter/domain';
import { type TariffVersion, touCalendarOf, validateTariffVersion } from '@gridmeter/mdm';
import type { MeterKind } from '@gridmeter/simulator';

const hour = (h: number) => h * 60;
const workdays = (day: string) => ({ monday: day, tuesday: day, wednesday: day, thursday: day, friday: day });

/** The simulated meters' default calendar, as a tariff definition. */
export const DEMO_TOU_CALENDAR: TouCalendarDefinition = {
  name: 'GM-TOU-1',
  utcOffsetMinutes: 0,
  seasons: [
    { name: 'SUMMER', start: { month: 4, day: 1 }, week: 'SUMMER' },
    { name: 'WINTER', start: { month: 10, day: 1 }, week: 'WINTER' },
  ],
  weeks: [
    { name: 'SUMMER', days: { ...workdays('SUMMER-WD'), saturday: 'REST', sunday: 'REST' } },
    { name: 'WINTER', days: { ...workdays('WINTER-WD'), saturday: 'REST', sunday: 'REST' } },
  ],
  days: [
    {
      name: 'SUMMER-WD',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: hour(7), rate: 2 },
        { startMinute: hour(17), rate: 3 },
        { startMinute: hour(21), rate: 2 },
        { startMinute: hour(23), rate: 1 },
      ],
    },
    {
      name: 'REST',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: hour(7), rate: 2 },
        { startMinute: hour(23), rate: 1 },
      ],
    },
    {
      name: 'WINTER-WD',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: hour(7), rate: 2 },
        { startMinute: hour(16), rate: 3 },
        { startMinute: hour(20), rate: 2 },
        { startMinute: hour(23), rate: 1 },
      ],
    },
  ],
  specialDays: [
    { date: { month: 1, day: 1 }, dayType: 'REST' },
    { date: { month: 12, day: 25 }, dayType: 'REST' },
    { date: { month: 12, day: 26 }, dayType: 'REST' },
  ],
};

export const PERIOD_NAMES = { 1: 'off-peak', 2: 'shoulder', 3: 'peak' } as const;

export const TariffIds = {
  residentialTou: tariffId('RES-TOU'),
  residentialTiered: tariffId('RES-TOU-TIERS'),
  prepaid: tariffId('RES-PREPAID'),
  prosumer: tariffId('RES-TOU-NET'),
  business: tariffId('BUS-TOU-DEMAND'),
  water: tariffId('WATER-TIERS'),
  gas: tariffId('GAS-FLAT'),
  checkMeter: tariffId('NONE'),
} as const;

const VAT = { kind: 'percent', code: 'VAT', name: 'VAT 20 %', basisPoints: 2_000 } as const;

/** The demo tariffs, version 1 each, in force since `effectiveFrom` (a UTC midnight). */
export function demoTariffs(effectiveFrom: number): TariffVersion[] {
  const tou = touCalendarOf(DEMO_TOU_CALENDAR, PERIOD_NAMES);
  const base = { version: 1, effectiveFrom, currency: '€', minorDigits: 2, utcOffsetMinutes: 0 } as const;
  const versions: TariffVersion[] = [
    {
      ...base,
      tariffId: TariffIds.residentialTou,
      commodity: 'electricity',
      tou,
      energy: { kind: 'tou', pricesMicro: { 'off-peak': 180_000, shoulder: 260_000, peak: 390_000 } },
      fixedPerBillMinor: 950,
      taxes: [VAT],
    },
    {
      ...base,
      tariffId: TariffIds.residentialTiered,
      commodity: 'electricity',
      tou,
      energy: {
        kind: 'tiered',
        basis: 'monthly',
        tiers: [
          { upTo: 200_000, priceMicro: 220_000 },
          { upTo: 400_000, priceMicro: 270_000 },
          { priceMicro: 330_000 },
        ],
        touAddersMicro: { 'off-peak': -40_000, shoulder: 0, peak: 60_000 },
      },
      perDayMicro: 300_000,
      taxes: [VAT],
    },
    {
      ...base,
      tariffId: TariffIds.prepaid,
      commodity: 'electricity',
      energy: { kind: 'flat', priceMicro: 280_000 },
    },
    {
      ...base,
      tariffId: TariffIds.prosumer,
      commodity: 'electricity',
      tou,
      energy: { kind: 'tou', pricesMicro: { 'off-peak': 180_000, shoulder: 260_000, peak: 390_000 } },
      export: { kind: 'net-billing', priceMicro: 80_000 },
      fixedPerBillMinor: 950,
      taxes: [VAT],
    },
    {
      ...base,
      tariffId: TariffIds.business,
      commodity: 'electricity',
      tou,
      energy: { kind: 'tou', pricesMicro: { 'off-peak': 140_000, shoulder: 200_000, peak: 300_000 } },
      demand: { pricesMicroPerKwByPeriod: { 'off-peak': 0, shoulder: 2_500_000, peak: 9_500_000 } },
      fixedPerBillMinor: 4_500,
      taxes: [VAT],
    },
    {
      ...base,
      tariffId: TariffIds.water,
      commodity: 'water',
      energy: {
        kind: 'tiered',
        basis: 'monthly',
        tiers: [{ upTo: 10_000, priceMicro: 1_800_000 }, { priceMicro: 2_600_000 }],
      },
      fixedPerBillMinor: 600,
    },
    {
      ...base,
      tariffId: TariffIds.gas,
      commodity: 'gas',
      energy: { kind: 'flat', priceMicro: 1_100_000 },
      fixedPerBillMinor: 800,
      taxes: [VAT],
    },
  ];
  for (const v of versions) validateTariffVersion(v);
  return versions;
}

/** The tariff a new account gets, by what the meter measures. */
export function tariffFor(kind: MeterKind, prepaid: boolean): TariffId {
  switch (kind) {
    case 'household':
      return prepaid ? TariffIds.prepaid : TariffIds.residentialTou;
    case 'prosumer':
      return TariffIds.prosumer;
    case 'commercial':
    case 'industrial':
      return TariffIds.business;
    case 'water':
      return TariffIds.water;
    case 'gas':
      return TariffIds.gas;
    default:
      return TariffIds.checkMeter;
  }
}

/** Whether accounts on this tariff are billed (check meters are not). */
export const isBilled = (id: TariffId): boolean => id !== TariffIds.checkMeter;
