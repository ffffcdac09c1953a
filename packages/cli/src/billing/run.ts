/** `gridmeter billing run|explain`: intervals from the store, bills from `runBills`. */
import { type ChannelCode, QualityFlag, type ReadingStore } from '@gridmeter/domain';
import {
  type Account,
  type BillingPeriod,
  type BillRun,
  type MeterSeries,
  runBills,
  type TariffVersion,
} from '@gridmeter/mdm';
import type { AccountInput } from './input.js';

/** The channel billed when an account's meter names none: active energy import. */
export const DEFAULT_CHANNEL: ChannelCode = '1-0:1.8.0*255';

/** A bill run and how long it took (reading the store included). */
export interface BillingRunReport {
  readonly run: BillRun;
  readonly accounts: number;
  readonly intervals: number;
  readonly elapsedMs: number;
}

/** Each stored block of an account's meters in the period (clipped to the meter's window) as a series. */
async function seriesOf(store: ReadingStore, a: AccountInput, period: BillingPeriod) {
  const out: MeterSeries[] = [];
  let intervals = 0;
  for (const m of a.meters) {
    const from = Math.max(period.start, m.from ?? period.start);
    const to = Math.min(period.end, m.to ?? period.end);
    if (to <= from) continue;
    const blocks = await store.readIntervals({
      meterId: m.meterId,
      channel: m.channel ?? DEFAULT_CHANNEL,
      from,
      to,
    });
    for (const b of blocks) {
      const n = b.values.length;
      const importWh = new Int32Array(n);
      const flags = new Uint16Array(n);
      b.values.forEach((v, i) => {
        importWh[i] = v.value ?? 0;
        flags[i] = v.value === null ? v.quality | QualityFlag.missing : v.quality;
      });
      intervals += n;
      out.push({ meterId: b.meterId, start: b.start, intervalSeconds: b.intervalSeconds, importWh, flags });
    }
  }
  return { series: out, intervals };
}

const toAccount = (a: AccountInput): Account => ({
  accountId: a.id,
  tariffId: a.tariffId,
  ...(a.priorUsage === undefined ? {} : { priorUsage: a.priorUsage }),
  ...(a.carryInWh === undefined ? {} : { carryInWh: a.carryInWh }),
});

/** Reads every account's intervals for the period (latest versions, quality) and bills them. */
export async function runBilling(
  store: ReadingStore,
  accounts: readonly AccountInput[],
  tariffs: ReadonlyMap<Account['tariffId'], readonly TariffVersion[]>,
  period: BillingPeriod,
): Promise<BillingRunReport> {
  const t0 = performance.now();
  const series = new Map<string, readonly MeterSeries[]>();
  let intervals = 0;
  for (const a of accounts) {
    const s = await seriesOf(store, a, period);
    series.set(a.id, s.series);
    intervals += s.intervals;
  }
  const run = runBills(accounts.map(toAccount), (a) => series.get(a.accountId) ?? [], period, tariffs);
  return { run, accounts: accounts.length, intervals, elapsedMs: performance.now() - t0 };
}
