/**
 * Physical units by their DLMS/COSEM unit enumeration (IEC 62056-6-2, the `unit` of a
 * scaler_unit). Names are the symbols a meter's display shows.
 */
export const Unit = {
  year: 1,
  month: 2,
  week: 3,
  day: 4,
  hour: 5,
  minute: 6,
  second: 7,
  degree: 8,
  degreeCelsius: 9,
  currency: 10,
  metre: 11,
  metrePerSecond: 12,
  cubicMetre: 13,
  cubicMetreCorrected: 14,
  cubicMetrePerHour: 15,
  litre: 19,
  kilogram: 20,
  pascal: 23,
  bar: 24,
  joule: 25,
  W: 27,
  VA: 28,
  var: 29,
  Wh: 30,
  VAh: 31,
  varh: 32,
  A: 33,
  coulomb: 34,
  V: 35,
  ohm: 38,
  Hz: 44,
  kelvin: 52,
  percent: 56,
  Ah: 57,
  dBm: 70,
  other: 254,
  count: 255,
} as const;
export type UnitName = keyof typeof Unit;
export type UnitCode = (typeof Unit)[UnitName];

const SYMBOLS: Partial<Record<number, string>> = {
  1: 'a',
  2: 'mo',
  3: 'wk',
  4: 'd',
  5: 'h',
  6: 'min',
  7: 's',
  8: '°',
  9: '°C',
  10: 'currency',
  11: 'm',
  12: 'm/s',
  13: 'm³',
  14: 'm³',
  15: 'm³/h',
  19: 'l',
  20: 'kg',
  23: 'Pa',
  24: 'bar',
  25: 'J',
  27: 'W',
  28: 'VA',
  29: 'var',
  30: 'Wh',
  31: 'VAh',
  32: 'varh',
  33: 'A',
  34: 'C',
  35: 'V',
  38: 'Ω',
  44: 'Hz',
  52: 'K',
  56: '%',
  57: 'Ah',
  70: 'dBm',
  254: 'other',
  255: '',
};

/**
 * The display symbol of a DLMS unit code ("Wh", "m³"); unknown codes print as `unit(N)`.
 *
 * @example unitSymbol(Unit.Wh) // "Wh"
 */
export function unitSymbol(code: number): string {
  return SYMBOLS[code] ?? `unit(${code})`;
}

/**
 * A COSEM scaler_unit: the value on the wire times 10^scaler, in `unit`.
 * A register holding 12345 with scaler -1 and unit Wh means 1234.5 Wh.
 */
export interface ScalerUnit {
  readonly scaler: number;
  readonly unit: number;
}

/** A measured amount with its unit, after scaling. */
export interface Quantity {
  readonly value: number;
  readonly unit: number;
}

/**
 * Applies a COSEM scaler to a raw register value. Integer results stay exact for non-negative
 * scalers; negative scalers divide (use {@link scaleToInteger} where exactness matters).
 *
 * @example applyScaler(12345, -1) // 1234.5
 */
export function applyScaler(raw: number | bigint, scaler: number): number {
  if (!Number.isInteger(scaler) || scaler < -128 || scaler > 127) {
    throw new RangeError(`Scaler must be an integer -128..127, got ${scaler}`);
  }
  const v = Number(raw);
  return scaler >= 0 ? v * 10 ** scaler : v / 10 ** -scaler;
}

/**
 * Converts a raw register value to an exact integer in the base unit at a target scaler, e.g. a
 * kWh register (scaler 3) to Wh (target 0). Throws `RangeError` if precision would be lost.
 *
 * @example scaleToInteger(12n, 3, 0) // 12000n
 */
export function scaleToInteger(raw: number | bigint, scaler: number, targetScaler = 0): bigint {
  const v = typeof raw === 'bigint' ? raw : BigInt(raw);
  const shift = scaler - targetScaler;
  if (shift >= 0) return v * 10n ** BigInt(shift);
  const div = 10n ** BigInt(-shift);
  if (v % div !== 0n) throw new RangeError(`${raw}e${scaler} is not a whole multiple of 1e${targetScaler}`);
  return v / div;
}
