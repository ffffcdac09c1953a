const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Converts a plain decimal string to an exact integer count of `10^-exponent` units: "1.234"
 * kWh with exponent 3 is 1234 Wh. Returns `undefined` when the text is not a decimal, is not a
 * whole number of units (no rounding is ever applied) or exceeds the safe integer range.
 *
 * @example decimalToInteger('0.099', 3) // 99
 */
export function decimalToInteger(text: string, exponent: number): number | undefined {
  const m = DECIMAL.exec(text);
  if (m === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = m;
  if (whole === '' && fraction === '') return undefined;
  let digits = whole + fraction;
  const shift = exponent - fraction.length;
  if (shift >= 0) digits += '0'.repeat(shift);
  else {
    const dropped = digits.slice(shift);
    if (!/^0*$/.test(dropped)) return undefined;
    digits = digits.slice(0, shift);
  }
  const value = Number(sign + (digits === '' ? '0' : digits));
  if (!Number.isSafeInteger(value)) return undefined;
  return value === 0 ? 0 : value;
}

/**
 * Formats an integer count of `10^-exponent` units as a decimal with exactly `exponent`
 * fraction digits.
 *
 * @example integerToDecimal(1234, 3) // "1.234"
 */
export function integerToDecimal(value: number, exponent: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
  const digits = Math.abs(value)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = value < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
