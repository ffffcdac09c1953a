declare const brand: unique symbol;

/** A tariff (price plan) such as "RES-TOU-2026"; versions carry effective dates. */
export type TariffId = string & { readonly [brand]: 'TariffId' };

/** @example tariffId('RES-TOU-2026') */
export function tariffId(value: string): TariffId {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value)) {
    throw new RangeError(`Invalid tariff id "${value}"`);
  }
  return value as TariffId;
}

/**
 * A time-of-use rate register index, the value group E of an energy register: rate 1 is
 * 1-0:1.8.1, and so on. Rate 0 is the total. DLMS meters commonly have up to 4 (IDIS) or 8 rates.
 */
export type TouRate = number;

export const MAX_TOU_RATES = 8;

export function touRate(value: number): TouRate {
  if (!Number.isInteger(value) || value < 1 || value > MAX_TOU_RATES) {
    throw new RangeError(`TOU rate must be 1-${MAX_TOU_RATES}, got ${value}`);
  }
  return value;
}

/** A reference to one version of a tariff, effective from a date. */
export interface TariffVersionRef {
  readonly tariffId: TariffId;
  readonly version: number;
  /** Epoch milliseconds from which this version applies. */
  readonly effectiveFrom: number;
}
