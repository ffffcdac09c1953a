import { type ChannelCode, QualityFlag, type QualityFlags, Unit } from '@gridmeter/domain';

/**
 * MDFF record indicators (AEMO "Meter Data File Format Specification NEM12 & NEM13", NEM12 file
 * structure): one 100 header, then per NMI data stream a 200 followed by one 300 per interval
 * day, each 300 optionally followed by 400 interval events and 500 B2B details, and one 900 end.
 */
export const RecordIndicator = {
  header: '100',
  nmiDataDetails: '200',
  intervalData: '300',
  intervalEvent: '400',
  b2bDetails: '500',
  end: '900',
} as const;

/** MDFF 200 IntervalLength, minutes: the values allowed in NEM12 files. */
export const INTERVAL_LENGTHS = [5, 15, 30] as const;

/**
 * MDFF 300/400 QualityMethod: a quality flag, then (for E, F and S) a two-digit method flag
 * ("S14"). A actual, E forward estimate, F final substitution, N null data, S substitution,
 * V variable (the day's quality is given per interval by 400 records).
 */
export const QUALITY_METHOD = /^(?:[AN]|[EFS](?:\d{2})?|V)$/;

/**
 * Domain quality of an MDFF quality flag. E, F and S values are not measured, so all three
 * map to `estimated`; N is null data (`missing`, value `null`). V never reaches here.
 */
export function qualityOfFlag(flag: string): QualityFlags {
  switch (flag) {
    case 'A':
      return 0;
    case 'N':
      return QualityFlag.missing;
    default:
      return QualityFlag.estimated;
  }
}

/**
 * MDFF UOM allowed values that have a DLMS unit here, with the decimal exponent that turns a
 * file value into an integer of the unit ("kWh" values × 10³ are Wh). Matched
 * case-insensitively, as the specification lists them in mixed case.
 */
export const UOMS: Readonly<Record<string, { unit: number; exponent: number }>> = {
  mwh: { unit: Unit.Wh, exponent: 6 },
  kwh: { unit: Unit.Wh, exponent: 3 },
  wh: { unit: Unit.Wh, exponent: 0 },
  mvarh: { unit: Unit.varh, exponent: 6 },
  kvarh: { unit: Unit.varh, exponent: 3 },
  varh: { unit: Unit.varh, exponent: 0 },
  mvah: { unit: Unit.VAh, exponent: 6 },
  kvah: { unit: Unit.VAh, exponent: 3 },
  vah: { unit: Unit.VAh, exponent: 0 },
  mw: { unit: Unit.W, exponent: 6 },
  kw: { unit: Unit.W, exponent: 3 },
  w: { unit: Unit.W, exponent: 0 },
  mvar: { unit: Unit.var, exponent: 6 },
  kvar: { unit: Unit.var, exponent: 3 },
  var: { unit: Unit.var, exponent: 0 },
  mva: { unit: Unit.VA, exponent: 6 },
  kva: { unit: Unit.VA, exponent: 3 },
  va: { unit: Unit.VA, exponent: 0 },
  kv: { unit: Unit.V, exponent: 3 },
  v: { unit: Unit.V, exponent: 0 },
  ka: { unit: Unit.A, exponent: 3 },
  a: { unit: Unit.A, exponent: 0 },
};

/** The UOM the writer uses for a DLMS unit: kilo-units with three decimals where MDFF has them. */
export const UOM_OF_UNIT: Readonly<Record<number, { uom: string; exponent: number }>> = {
  [Unit.Wh]: { uom: 'kWh', exponent: 3 },
  [Unit.varh]: { uom: 'kVArh', exponent: 3 },
  [Unit.VAh]: { uom: 'kVAh', exponent: 3 },
  [Unit.W]: { uom: 'kW', exponent: 3 },
  [Unit.var]: { uom: 'kVAr', exponent: 3 },
  [Unit.VA]: { uom: 'kVA', exponent: 3 },
  [Unit.V]: { uom: 'V', exponent: 0 },
  [Unit.A]: { uom: 'A', exponent: 0 },
};

// NMI suffix first character (AEMO NMI Procedure, data stream suffix): E import kWh, B export
// kWh, Q import kvarh, K export kvarh. OBIS value group C: 1 +A, 2 −A, 3 +R, 4 −R.
const SUFFIX_TO_C: Readonly<Record<string, number>> = { E: 1, B: 2, Q: 3, K: 4 };
const C_TO_SUFFIX = ['', 'E', 'B', 'Q', 'K'] as const;

/**
 * Default channel of an NMI suffix: E1 → "1-1:1.8.0*255" (the suffix digit is the OBIS
 * channel B), B1 → "1-1:2.8.0*255", Q/K → 3.8.0/4.8.0; other suffixes → "nem12:<suffix>".
 */
export function channelOfSuffix(suffix: string): ChannelCode {
  const c = SUFFIX_TO_C[suffix.charAt(0)];
  if (c !== undefined && /^[A-Z][1-9]$/.test(suffix)) return `1-${suffix.charAt(1)}:${c}.8.0*255`;
  return `nem12:${suffix}`;
}

/**
 * Inverse of {@link channelOfSuffix}; OBIS channel 0 ("1-0:1.8.0*255") writes as suffix 1.
 * Returns `undefined` for channels with no NMI suffix.
 */
export function suffixOfChannel(channel: ChannelCode): string | undefined {
  if (channel.startsWith('nem12:')) return channel.slice(6);
  const m = /^1-([0-9]):([1-4])\.8\.0(?:\*255)?$/.exec(channel);
  if (m === null) return undefined;
  return `${C_TO_SUFFIX[Number(m[2])]}${m[1] === '0' ? '1' : m[1]}`;
}
