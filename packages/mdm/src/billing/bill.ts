import type { TariffId } from '@gridmeter/domain';
import { type BillLine, segmentLines } from './charges.js';
import {
  type BillingDeterminants,
  computeDeterminants,
  type Installation,
  type MeterSeries,
} from './determinants.js';
import type { TariffVersion } from './tariff.js';
import { validateTariffVersions } from './validate.js';

const DAY_MS = 86_400_000;

/** A billing account at one service point. */
export interface Account {
  readonly accountId: string;
  readonly tariffId: TariffId;
  /** Meters over time; intervals of a meter outside its window are not billed. Absent: all series. */
  readonly installations?: readonly Installation[];
  /** Usage already billed this tariff year (Wh or litres), for annual tiers. */
  readonly priorUsage?: number;
  /** Net-metering credit (Wh) carried in from the previous bill. */
  readonly carryInWh?: number;
}

/** A billing period `[start, end)`, epoch ms at local midnights. */
export interface BillingPeriod {
  readonly start: number;
  readonly end: number;
}

/** A bill: lines, integer totals in minor units, and the determinants it was computed from. */
export interface Bill {
  readonly kind: 'bill' | 'cancellation';
  readonly accountId: string;
  readonly period: BillingPeriod;
  readonly lines: readonly BillLine[];
  readonly subtotalMinor: number;
  readonly taxesMinor: number;
  readonly totalMinor: number;
  /** Billed import (after net metering) and measured export, Wh or litres. */
  readonly billedUsage: number;
  readonly estimatedWh: number;
  /** Estimated import over total import, 0–1. */
  readonly estimatedShare: number;
  readonly carryOverWh: number;
  /** One per tariff-version segment of the period. */
  readonly determinants: readonly BillingDeterminants[];
  /** What produced the bill, so that it can be rebilled. */
  readonly basis: { readonly account: Account; readonly tariffVersions: readonly TariffVersion[] };
}

/** A bill could not be computed for the account and period. */
export class BillingError extends Error {
  override readonly name = 'BillingError';
  constructor(
    readonly accountId: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot bill account ${accountId}: ${message}`, options);
  }
}

/** The period split at every version change: `[version, start, end)` segments. */
export function segments(
  versions: readonly TariffVersion[],
  period: BillingPeriod,
): { version: TariffVersion; start: number; end: number }[] {
  const out: { version: TariffVersion; start: number; end: number }[] = [];
  versions.forEach((v, i) => {
    const next = versions[i + 1]?.effectiveFrom ?? Number.POSITIVE_INFINITY;
    const start = Math.max(v.effectiveFrom, period.start);
    const end = Math.min(next, period.end);
    if (start < end) out.push({ version: v, start, end });
  });
  return out;
}

function totals(lines: readonly BillLine[]) {
  let subtotalMinor = 0;
  let taxesMinor = 0;
  for (const l of lines) {
    if (l.isTax) taxesMinor += l.amountMinor;
    else subtotalMinor += l.amountMinor;
  }
  return { subtotalMinor, taxesMinor, totalMinor: subtotalMinor + taxesMinor };
}

/**
 * Bills one account for a period from its meters' interval series (or from precomputed
 * determinants, one per tariff-version segment). The period is split where a tariff version
 * takes effect; every interval falls in exactly one segment, so energy is conserved.
 * @example calculateBill(account, [v1, v2], [series], { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 1, 1) })
 */
export function calculateBill(
  account: Account,
  tariffVersions: readonly TariffVersion[],
  input: readonly MeterSeries[] | readonly BillingDeterminants[],
  period: BillingPeriod,
): Bill {
  const versions = validateTariffVersions(tariffVersions);
  const offset = (versions[0]?.utcOffsetMinutes ?? 0) * 60_000;
  if (
    period.end <= period.start ||
    (period.start + offset) % DAY_MS !== 0 ||
    (period.end + offset) % DAY_MS !== 0
  ) {
    throw new BillingError(account.accountId, 'the period must run from one local midnight to a later one');
  }
  const segs = segments(versions, period);
  if (segs[0]?.start !== period.start) {
    throw new BillingError(
      account.accountId,
      `no tariff version of ${account.tariffId} in force at the period start`,
    );
  }
  const given = input.length > 0 && 'importWhByPeriod' in (input[0] as object);
  if (given && input.length !== segs.length) {
    throw new BillingError(
      account.accountId,
      `expected ${segs.length} determinants, one per tariff version segment`,
    );
  }
  const billDays = Math.round((period.end - period.start) / DAY_MS);
  const lines: BillLine[] = [];
  const dets: BillingDeterminants[] = [];
  let daysBefore = 0;
  let usage = account.priorUsage ?? 0;
  let carry = account.carryInWh ?? 0;
  let billedUsage = 0;
  segs.forEach((s, i) => {
    const d = given
      ? (input[i] as BillingDeterminants)
      : computeDeterminants(
          s.version,
          input as readonly MeterSeries[],
          s.start,
          s.end,
          account.installations,
        );
    const label =
      segs.length === 1
        ? ''
        : ` (${new Date(s.start + offset).toISOString().slice(0, 10)} to ${new Date(s.end + offset - DAY_MS).toISOString().slice(0, 10)}, version ${s.version.version})`;
    const r = segmentLines(s.version, d, {
      billDays,
      daysBefore,
      priorUsage: usage,
      carryInWh: carry,
      label,
    });
    lines.push(...r.lines);
    dets.push(d);
    daysBefore += d.days;
    usage += r.billedUsage;
    billedUsage += r.billedUsage;
    carry = r.carryOutWh;
  });
  const importWh = dets.reduce((a, d) => a + d.importWh, 0);
  const estimatedWh = dets.reduce((a, d) => a + d.estimatedWh, 0);
  return {
    kind: 'bill',
    accountId: account.accountId,
    period,
    lines,
    ...totals(lines),
    billedUsage,
    estimatedWh,
    estimatedShare: importWh === 0 ? 0 : estimatedWh / importWh,
    carryOverWh: carry,
    determinants: dets,
    basis: { account, tariffVersions: versions },
  };
}

/** A cancellation (the previous bill negated), the corrected bill, and what the customer owes more. */
export interface Rebill {
  readonly cancellation: Bill;
  readonly bill: Bill;
  /** `bill.totalMinor − previous.totalMinor`: positive when the customer owes more. */
  readonly netMinor: number;
}

/**
 * Cancels a bill and bills the same account, tariff and period again from corrected intervals.
 * @example const { cancellation, bill, netMinor } = rebill(previous, correctedSeries)
 */
export function rebill(previous: Bill, newIntervals: readonly MeterSeries[]): Rebill {
  const lines = previous.lines.map((l) => ({
    ...l,
    quantity: -l.quantity,
    amountMinor: -l.amountMinor,
    description: `Cancelled: ${l.description}`,
  }));
  const cancellation: Bill = {
    ...previous,
    kind: 'cancellation',
    lines,
    ...totals(lines),
    billedUsage: -previous.billedUsage,
    estimatedWh: -previous.estimatedWh,
  };
  const { account, tariffVersions } = previous.basis;
  const bill = calculateBill(account, tariffVersions, newIntervals, previous.period);
  return { cancellation, bill, netMinor: bill.totalMinor + cancellation.totalMinor };
}
