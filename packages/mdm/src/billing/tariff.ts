import type { TariffId } from '@gridmeter/domain';

/** What a tariff meters: electricity in Wh (priced per kWh), water and gas in litres (per m³). */
export type Commodity = 'electricity' | 'water' | 'gas';

/** One switch of a day profile: from `startMinute` (local, 0–1439) the `period` applies. */
export interface DaySwitch {
  readonly startMinute: number;
  readonly period: string;
}

/** A season starting every year on `from` ("MM-DD", local) and lasting until the next one. */
export interface Season {
  readonly name: string;
  readonly from: string;
  readonly weekProfile: string;
}

/** A special day (holiday): a date "YYYY-MM-DD" or a recurring "MM-DD", mapped to a day type. */
export interface SpecialDay {
  readonly date: string;
  readonly dayProfile: string;
}

/**
 * A time-of-use calendar in the shape of the DLMS activity calendar (IEC 62056-6-2 class 20):
 * seasons → week profiles (Monday…Sunday → day profile) → day profiles (switch lists), plus
 * special days. Local time is UTC + `utcOffsetMinutes` of the tariff version (no DST).
 */
export interface TouCalendar {
  /** Period names in rate-register order: periods[0] is TOU rate 1 (1-0:1.8.1). */
  readonly periods: readonly string[];
  readonly seasons: readonly Season[];
  /** Week profile name → 7 day-profile names, Monday first. */
  readonly weekProfiles: Readonly<Record<string, readonly string[]>>;
  /** Day profile (day type) name → switches, the first at minute 0, ascending. */
  readonly dayProfiles: Readonly<Record<string, readonly DaySwitch[]>>;
  readonly specialDays?: readonly SpecialDay[];
}

/** An upper bound (exclusive of the next tier) in thousandths of the unit; absent for the last tier. */
export interface Tier {
  readonly upTo?: number;
  readonly priceMicro: number;
}

/** How energy (or volume) is priced. Prices are micro-units per kWh (or m³). */
export type EnergyCharge =
  | { readonly kind: 'flat'; readonly priceMicro: number }
  | { readonly kind: 'tou'; readonly pricesMicro: Readonly<Record<string, number>> }
  | {
      readonly kind: 'tiered';
      /** Monthly blocks reset every bill; annual blocks continue from `Account.priorUsage`. */
      readonly basis: 'monthly' | 'annual';
      readonly tiers: readonly Tier[];
      /** TOU adders (may be negative) on top of the tier price, per period. */
      readonly touAddersMicro?: Readonly<Record<string, number>>;
    }
  | {
      readonly kind: 'dynamic';
      /** Epoch ms of the start of each hour → price in micro-units per kWh. */
      readonly hourlyPricesMicro: ReadonlyMap<number, number>;
    };

/** Demand charge on the maximum 15-minute average demand of the bill, optionally per TOU period. */
export interface DemandCharge {
  readonly priceMicroPerKw?: number;
  readonly pricesMicroPerKwByPeriod?: Readonly<Record<string, number>>;
}

/** Export: net metering nets export against import per TOU period; net billing prices export. */
export type ExportRule =
  | { readonly kind: 'net-metering' }
  | { readonly kind: 'net-billing'; readonly priceMicro: number };

/** A tax: percentage in basis points of the subtotal, or a levy per kWh (m³) billed. */
export type Tax =
  | { readonly kind: 'percent'; readonly code: string; readonly name: string; readonly basisPoints: number }
  | { readonly kind: 'levy'; readonly code: string; readonly name: string; readonly priceMicro: number };

/**
 * One version of a tariff, in force from `effectiveFrom` until the next version's.
 * @example { tariffId: tariffId('RES-FLAT'), version: 1, effectiveFrom: Date.UTC(2026, 0, 1),
 *   commodity: 'electricity', currency: '€', utcOffsetMinutes: 0,
 *   energy: { kind: 'flat', priceMicro: 300_000 } }
 */
export interface TariffVersion {
  readonly tariffId: TariffId;
  readonly version: number;
  /** Epoch ms; a local midnight. */
  readonly effectiveFrom: number;
  readonly commodity: Commodity;
  /** Currency symbol shown in line descriptions ("€"). */
  readonly currency: string;
  /** Digits of the minor unit (2 for cents). */
  readonly minorDigits?: number;
  /** Local time = UTC + this offset, for TOU, days and special days. */
  readonly utcOffsetMinutes: number;
  readonly tou?: TouCalendar;
  readonly energy: EnergyCharge;
  readonly demand?: DemandCharge;
  readonly fixedPerBillMinor?: number;
  readonly perDayMicro?: number;
  readonly export?: ExportRule;
  readonly taxes?: readonly Tax[];
}

/** A tariff definition that breaks a rule; `path` names the field. */
export class TariffError extends Error {
  override readonly name = 'TariffError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`Invalid tariff at ${path}: ${message}`);
  }
}
