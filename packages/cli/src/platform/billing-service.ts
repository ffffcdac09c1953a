/**
 * Bills, bill runs, usage and prices for the API, from the MDM's validated interval data and the
 * demo tariffs. Bill runs bill every postpaid account of the catalogue for a period; prepaid
 * accounts are charged by the prepayment ledger instead.
 */
import type { BillingService, BillRunSummary, IssuedBill, PriceNow, UsageBucket } from '@gridmeter/api';
import type { ReadingStore, TariffId } from '@gridmeter/domain';
import {
  type Account,
  computeDeterminants,
  dayProfileOn,
  runBills,
  type TariffVersion,
} from '@gridmeter/mdm';
import type { CatalogueEntry } from './catalogue.js';
import { seriesOf, seriesOfMany } from './series.js';
import { isBilled } from './tariffs.js';

const DAY_MS = 86_400_000;
const MAX_RUNS_KEPT = 50;

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Bucket edges of `[from, to)` by UTC day, ISO week (Monday) or calendar month. */
export function bucketEdges(from: number, to: number, granularity: 'day' | 'week' | 'month'): number[] {
  const first = Math.floor(from / DAY_MS) * DAY_MS;
  const edges: number[] = [];
  let t = first;
  if (granularity === 'week') t -= ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS;
  if (granularity === 'month') t = Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1);
  while (t < to) {
    edges.push(t);
    if (granularity === 'day') t += DAY_MS;
    else if (granularity === 'week') t += 7 * DAY_MS;
    else t = Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth() + 1, 1);
  }
  edges.push(t);
  return edges;
}

export interface PlatformBillingOptions {
  readonly store: ReadingStore;
  readonly catalogue: readonly CatalogueEntry[];
  readonly tariffs: readonly TariffVersion[];
  readonly now: () => number;
}

/** {@link BillingService} over the store, the catalogue and the tariffs. */
export class PlatformBilling implements BillingService {
  readonly #o: PlatformBillingOptions;
  readonly #byServicePoint = new Map<string, CatalogueEntry>();
  readonly #byAccount = new Map<string, CatalogueEntry>();
  readonly #versions = new Map<TariffId, TariffVersion[]>();
  readonly #bills = new Map<string, IssuedBill>();
  readonly #runs: BillRunSummary[] = [];
  #runSeq = 0;

  constructor(options: PlatformBillingOptions) {
    this.#o = options;
    for (const e of options.catalogue) {
      if (e.role !== 'customer') continue;
      this.#byServicePoint.set(e.servicePointId, e);
      this.#byAccount.set(e.accountId, e);
    }
    for (const v of options.tariffs) {
      this.#versions.set(v.tariffId, [...(this.#versions.get(v.tariffId) ?? []), v]);
    }
    for (const list of this.#versions.values()) list.sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  }

  tariffs(): readonly TariffVersion[] {
    return this.#o.tariffs;
  }

  tariffOf(servicePointId: string): TariffVersion | undefined {
    const e = this.#byServicePoint.get(servicePointId);
    return e ? this.#versionAt(e.tariffId as TariffId, this.#o.now()) : undefined;
  }

  bills(
    filter: { readonly accountId?: string; readonly servicePointId?: string } = {},
  ): readonly IssuedBill[] {
    return [...this.#bills.values()]
      .filter(
        (b) =>
          (filter.accountId === undefined || b.accountId === filter.accountId) &&
          (filter.servicePointId === undefined || b.servicePointId === filter.servicePointId),
      )
      .sort((a, b) => b.period.start - a.period.start || a.accountId.localeCompare(b.accountId));
  }

  bill(id: string): IssuedBill | undefined {
    return this.#bills.get(id);
  }

  billRuns(): readonly BillRunSummary[] {
    return [...this.#runs].reverse();
  }

  async runBills(
    period: { readonly from: number; readonly to: number },
    _by: string,
  ): Promise<BillRunSummary> {
    if (!(period.to > period.from)) throw new RangeError('a bill run needs from < to');
    if (period.from % DAY_MS !== 0 || period.to % DAY_MS !== 0) {
      throw new RangeError('a bill run starts and ends at midnight (UTC)');
    }
    const began = performance.now();
    const billed = [...this.#byAccount.values()].filter(
      (e) => !e.prepaid && isBilled(e.tariffId as TariffId),
    );
    const accounts: Account[] = billed.map((e) => ({
      accountId: e.accountId,
      tariffId: e.tariffId as TariffId,
    }));
    const series = await seriesOfMany(this.#o.store, billed, period.from, period.to);
    const run = runBills(
      accounts,
      (a) => {
        const s = series.get(this.#byAccount.get(a.accountId)!.meterId);
        return s ? [s] : [];
      },
      { start: period.from, end: period.to },
      this.#versions,
    );
    const id = `R${String(++this.#runSeq).padStart(4, '0')}`;
    const at = this.#o.now();
    for (const bill of run.bills) {
      const entry = this.#byAccount.get(bill.accountId)!;
      const issued: IssuedBill = {
        ...bill,
        id: `${bill.accountId}:${isoDay(bill.period.start)}`,
        runId: id,
        servicePointId: entry.servicePointId,
        issuedAt: at,
      };
      this.#bills.set(issued.id, issued);
    }
    const summary: BillRunSummary = {
      id,
      period: { from: period.from, to: period.to },
      at,
      accounts: accounts.length,
      billed: run.bills.length,
      failed: run.failures.length,
      totalMinor: run.totalMinor,
      currency: this.#o.tariffs[0]?.currency ?? '€',
      elapsedMs: Math.round(performance.now() - began),
      failures: run.failures.map((f) => ({ accountId: f.accountId, reason: f.error.message })),
    };
    this.#runs.push(summary);
    if (this.#runs.length > MAX_RUNS_KEPT) this.#runs.shift();
    return summary;
  }

  async usage(
    servicePointId: string,
    query: { readonly from: number; readonly to: number; readonly granularity: 'day' | 'week' | 'month' },
  ): Promise<readonly UsageBucket[]> {
    const e = this.#byServicePoint.get(servicePointId);
    if (!e) return [];
    const edges = bucketEdges(query.from, query.to, query.granularity);
    const from = edges[0]!;
    const to = edges[edges.length - 1]!;
    const series = await seriesOf(this.#o.store, e, from, to);
    const out: UsageBucket[] = [];
    for (let k = 0; k + 1 < edges.length; k++) {
      const start = edges[k]!;
      const end = edges[k + 1]!;
      const tariff = this.#versionAt(e.tariffId as TariffId, start);
      const d = tariff ? computeDeterminants(tariff, [series], start, end) : undefined;
      const byPeriod: Record<string, number> = {};
      d?.periods.forEach((p, i) => {
        byPeriod[p] = d.importWhByPeriod[i] ?? 0;
      });
      out.push({
        start,
        end,
        importWh: d?.importWh ?? 0,
        exportWh: d?.exportWh ?? 0,
        byPeriod,
        estimatedShare: d && d.importWh > 0 ? d.estimatedWh / d.importWh : 0,
      });
    }
    return out;
  }

  priceNow(servicePointId: string, at: number): PriceNow | undefined {
    const e = this.#byServicePoint.get(servicePointId);
    const t = e ? this.#versionAt(e.tariffId as TariffId, at) : undefined;
    if (!t) return undefined;
    const midnight = Math.floor((at + t.utcOffsetMinutes * 60_000) / DAY_MS) * DAY_MS;
    const local = midnight - t.utcOffsetMinutes * 60_000;
    const switches = t.tou
      ? (t.tou.dayProfiles[dayProfileOn(t.tou, midnight)] ?? [{ startMinute: 0, period: t.tou.periods[0]! }])
      : [{ startMinute: 0, period: 'all day' }];
    const today = switches.map((s, i) => {
      const next = switches[i + 1];
      return {
        from: local + s.startMinute * 60_000,
        to: local + (next ? next.startMinute : 1440) * 60_000,
        period: s.period,
        pricePerKwhMinor: priceMinorOf(t, s.period),
      };
    });
    const now = today.find((p) => p.from <= at && at < p.to) ?? today[0]!;
    return {
      tariffId: t.tariffId,
      currency: t.currency,
      period: now.period,
      pricePerKwhMinor: now.pricePerKwhMinor,
      until: now.to,
      today,
    };
  }

  #versionAt(id: TariffId, at: number): TariffVersion | undefined {
    const list = this.#versions.get(id) ?? [];
    let found: TariffVersion | undefined;
    for (const v of list) if (v.effectiveFrom <= at) found = v;
    return found ?? list[0];
  }
}

/** The energy price of `period` in minor units per kWh (per m³ for water and gas), before taxes. */
function priceMinorOf(t: TariffVersion, period: string): number {
  const digits = t.minorDigits ?? 2;
  const toMinor = (micro: number) => (micro / 1_000_000) * 10 ** digits;
  const e = t.energy;
  switch (e.kind) {
    case 'flat':
      return toMinor(e.priceMicro);
    case 'tou':
      return toMinor(e.pricesMicro[period] ?? 0);
    case 'tiered':
      return toMinor((e.tiers[0]?.priceMicro ?? 0) + (e.touAddersMicro?.[period] ?? 0));
    case 'dynamic':
      return 0;
  }
}
