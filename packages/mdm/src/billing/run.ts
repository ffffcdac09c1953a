import type { TariffId } from '@gridmeter/domain';
import { type Account, type Bill, type BillingPeriod, calculateBill } from './bill.js';
import type { MeterSeries } from './determinants.js';
import type { TariffVersion } from './tariff.js';

/** The outcome of a bill cycle: bills, and the accounts that could not be billed with why. */
export interface BillRun {
  readonly bills: Bill[];
  readonly failures: { readonly accountId: string; readonly error: Error }[];
  readonly totalMinor: number;
}

/**
 * Bills every account of a cycle for one period. A failing account is reported, not fatal.
 * @example runBills(accounts, (a) => seriesOf(a), period, new Map([[tariff, [v1]]]))
 */
export function runBills(
  accounts: Iterable<Account>,
  intervalsFor: (account: Account) => readonly MeterSeries[],
  period: BillingPeriod,
  tariffs: ReadonlyMap<TariffId, readonly TariffVersion[]>,
): BillRun {
  const bills: Bill[] = [];
  const failures: { accountId: string; error: Error }[] = [];
  let totalMinor = 0;
  for (const account of accounts) {
    try {
      const versions = tariffs.get(account.tariffId);
      if (!versions) throw new RangeError(`unknown tariff ${account.tariffId}`);
      const bill = calculateBill(account, versions, intervalsFor(account), period);
      bills.push(bill);
      totalMinor += bill.totalMinor;
    } catch (e) {
      failures.push({ accountId: account.accountId, error: e instanceof Error ? e : new Error(String(e)) });
    }
  }
  return { bills, failures, totalMinor };
}
