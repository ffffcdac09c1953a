/**
 * Integer money arithmetic. Amounts are integer minor units (cents); prices are integer
 * micro-units of the major currency unit (1 €/kWh = 1,000,000) per billing unit (kWh, m³, kW,
 * day); quantities are integers in thousandths of the billing unit (Wh, litres, W).
 */

/** Micro-units per major unit: a price of 350,000 is 0.35 € per unit. */
export const MICRO = 1_000_000;

/**
 * `n / d` rounded half away from zero, exactly (BigInt), for integers.
 * @example roundDiv(5, 2) // 3; roundDiv(-5, 2) // -3
 */
export function roundDiv(n: number | bigint, d: number | bigint): number {
  const bn = BigInt(n);
  const bd = BigInt(d);
  if (bd <= 0n) throw new RangeError(`roundDiv divisor must be positive, got ${d}`);
  const neg = bn < 0n;
  const a = neg ? -bn : bn;
  let q = a / bd;
  if ((a % bd) * 2n >= bd) q += 1n;
  const out = Number(neg ? -q : q);
  if (!Number.isSafeInteger(out)) throw new RangeError(`Amount ${out} is not a safe integer`);
  return out;
}

/**
 * Minor units for `quantityMilli` thousandths of a unit at `priceMicro` per unit, with
 * `minorDigits` decimal digits in the currency: Wh × µ€/kWh / 10^(3 + 6 − 2).
 * @example amountMinor(123_456, 350_000) // 4321 (123.456 kWh × 0.35 € = 43.2096 €)
 */
export function amountMinor(quantityMilli: number, priceMicro: number, minorDigits = 2): number {
  return roundDiv(BigInt(quantityMilli) * BigInt(priceMicro), 10n ** BigInt(9 - minorDigits));
}

/** An integer scaled by 10^-digits as a decimal string. @example fixed(123456, 3) // "123.456" */
export function fixed(value: number, digits: number): string {
  const neg = value < 0;
  const s = String(Math.abs(value)).padStart(digits + 1, '0');
  const out = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return neg ? `-${out}` : out;
}

/** A micro-unit price with 4 decimals, or 6 when 4 would lose digits. @example price(350000) // "0.3500" */
export function formatPrice(priceMicro: number): string {
  return priceMicro % 100 === 0 ? fixed(priceMicro / 100, 4) : fixed(priceMicro, 6);
}
