/** The API fixture's billing and prepayment: real mdm tariffs, bills (calculateBill) and PrepaymentAccounts over the store's intervals. */
import type {
  BillingService,
  BillRunSummary,
  CommandGateway,
  IssuedBill,
  PrepaymentNoticeView,
  PrepaymentService,
  PrepaymentSummary,
  PriceNow,
  UsageBucket,
} from '@gridmeter/api';
import {
  type Clock,
  type MeterId,
  meterId,
  QualityFlag,
  type ReadingStore,
  tariffId,
} from '@gridmeter/domain';
import {
  type Account,
  calculateBill,
  dayProfileOn,
  type MeterSeries,
  PrepaymentAccount,
  type TariffVersion,
  type TouCalendar,
  weekdayFriendlyHours,
} from '@gridmeter/mdm';
import { DAY_MS, IMPORT, INSTALLED_AT, METERS, STEP_MS } from './fixture-fleet.js';

/** Weekdays: off-peak 00:00, shoulder 07:00, peak 17:00, shoulder 21:00, off-peak 22:00; weekends and New Year off-peak. */
const residentialTou: TouCalendar = {
  periods: ['peak', 'shoulder', 'offpeak'],
  seasons: [{ name: 'all year', from: '01-01', weekProfile: 'week' }],
  weekProfiles: { week: ['workday', 'workday', 'workday', 'workday', 'workday', 'weekend', 'weekend'] },
  dayProfiles: {
    workday: [
      { startMinute: 0, period: 'offpeak' },
      { startMinute: 420, period: 'shoulder' },
      { startMinute: 1020, period: 'peak' },
      { startMinute: 1260, period: 'shoulder' },
      { startMinute: 1320, period: 'offpeak' },
    ],
    weekend: [{ startMinute: 0, period: 'offpeak' }],
  },
  specialDays: [{ date: '2026-01-01', dayProfile: 'weekend' }],
};

const VAT = { kind: 'percent', code: 'VAT', name: 'VAT', basisPoints: 2000 } as const;

/** RES-TOU (two versions, the second from 2026-01-15) and RES-FLAT, in euros. */
export const TARIFFS: readonly TariffVersion[] = [
  {
    tariffId: tariffId('RES-TOU'),
    version: 1,
    effectiveFrom: INSTALLED_AT,
    commodity: 'electricity',
    currency: '€',
    minorDigits: 2,
    utcOffsetMinutes: 0,
    tou: residentialTou,
    energy: { kind: 'tou', pricesMicro: { peak: 420_000, shoulder: 260_000, offpeak: 140_000 } },
    fixedPerBillMinor: 900,
    taxes: [VAT],
  },
  {
    tariffId: tariffId('RES-TOU'),
    version: 2,
    effectiveFrom: Date.UTC(2026, 0, 15),
    commodity: 'electricity',
    currency: '€',
    minorDigits: 2,
    utcOffsetMinutes: 0,
    tou: residentialTou,
    energy: { kind: 'tou', pricesMicro: { peak: 450_000, shoulder: 280_000, offpeak: 150_000 } },
    fixedPerBillMinor: 900,
    taxes: [VAT],
  },
  {
    tariffId: tariffId('RES-FLAT'),
    version: 1,
    effectiveFrom: INSTALLED_AT,
    commodity: 'electricity',
    currency: '€',
    minorDigits: 2,
    utcOffsetMinutes: 0,
    energy: { kind: 'flat', priceMicro: 300_000 },
    perDayMicro: 400_000,
    taxes: [VAT],
  },
];

function versionsOf(id: string): TariffVersion[] {
  return TARIFFS.filter((t) => t.tariffId === id).sort((a, b) => a.version - b.version);
}

function versionAt(id: string, at: number): TariffVersion | undefined {
  return versionsOf(id)
    .filter((v) => v.effectiveFrom <= at)
    .at(-1);
}

/** The TOU period in force at `at`, its price in micro-units per kWh, and when it ends (epoch ms). */
export function periodAt(
  v: TariffVersion,
  at: number,
): { period: string; priceMicro: number; until: number } {
  const priceOf = (period: string) =>
    v.energy.kind === 'tou'
      ? (v.energy.pricesMicro[period] ?? 0)
      : v.energy.kind === 'flat'
        ? v.energy.priceMicro
        : 0;
  const offset = v.utcOffsetMinutes * 60_000;
  const local = at + offset;
  const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  if (!v.tou) return { period: 'total', priceMicro: priceOf('total'), until: midnight + DAY_MS - offset };
  const switches = v.tou.dayProfiles[dayProfileOn(v.tou, midnight)] ?? [];
  const minute = (local - midnight) / 60_000;
  let k = 0;
  while (k + 1 < switches.length && (switches[k + 1]?.startMinute ?? 1440) <= minute) k++;
  const period = switches[k]?.period ?? 'total';
  const until = midnight + (switches[k + 1]?.startMinute ?? 1440) * 60_000 - offset;
  return { period, priceMicro: priceOf(period), until };
}

const microToMinorPerKwh = (micro: number) => micro / 10_000;

/** Interval data of meters over `[start, end)` from the store, as billing series. */
async function seriesFor(
  store: ReadingStore,
  ids: readonly MeterId[],
  start: number,
  end: number,
): Promise<MeterSeries[]> {
  const n = Math.round((end - start) / STEP_MS);
  return Promise.all(
    ids.map(async (id) => {
      const importWh = new Int32Array(n);
      const flags = new Uint16Array(n).fill(QualityFlag.missing);
      for (const b of await store.readIntervals({ meterId: id, channel: IMPORT, from: start, to: end })) {
        b.values.forEach((v, k) => {
          const i = (b.start - start) / STEP_MS + k;
          if (i < 0 || i >= n) return;
          importWh[i] = v.value ?? 0;
          flags[i] = v.value === null ? v.quality | QualityFlag.missing : v.quality;
        });
      }
      return { meterId: id, start, intervalSeconds: STEP_MS / 1000, importWh, flags };
    }),
  );
}

interface FixtureAccount extends Account {
  readonly servicePointId: string;
  readonly meterIds: readonly MeterId[];
}

const ACCOUNTS: readonly FixtureAccount[] = METERS.filter(
  (m) => !m.prepaid && m.account && m.tariff && m.sp,
).map((m) => ({
  accountId: m.account ?? '',
  tariffId: tariffId(m.tariff ?? ''),
  servicePointId: m.sp ?? '',
  meterIds: [meterId(m.id)],
  installations: [{ meterId: meterId(m.id), from: INSTALLED_AT }],
}));

/** Tariffs, bill runs over the store's validated data, usage and prices. */
export class FixtureBilling implements BillingService {
  readonly #bills = new Map<string, IssuedBill>();
  readonly #runs: BillRunSummary[] = [];

  constructor(
    private readonly store: ReadingStore,
    private readonly clock: Clock,
  ) {}

  tariffs(): readonly TariffVersion[] {
    return TARIFFS;
  }

  tariffOf(servicePointId: string): TariffVersion | undefined {
    const m = METERS.find((x) => x.sp === servicePointId && x.tariff);
    return m?.tariff === undefined ? undefined : versionAt(m.tariff, this.clock.now());
  }

  bills(
    filter: { readonly accountId?: string; readonly servicePointId?: string } = {},
  ): readonly IssuedBill[] {
    return [...this.#bills.values()].filter(
      (b) =>
        (filter.accountId === undefined || b.accountId === filter.accountId) &&
        (filter.servicePointId === undefined || b.servicePointId === filter.servicePointId),
    );
  }

  bill(id: string): IssuedBill | undefined {
    return this.#bills.get(id);
  }

  billRuns(): readonly BillRunSummary[] {
    return this.#runs;
  }

  async runBills(
    period: { readonly from: number; readonly to: number },
    _by: string,
  ): Promise<BillRunSummary> {
    const started = performance.now();
    const failures: { accountId: string; reason: string }[] = [];
    const runId = `RUN-${String(this.#runs.length + 1).padStart(3, '0')}`;
    let billed = 0;
    let totalMinor = 0;
    for (const account of ACCOUNTS) {
      try {
        const series = await seriesFor(this.store, account.meterIds, period.from, period.to);
        const bill = calculateBill(account, versionsOf(account.tariffId), series, {
          start: period.from,
          end: period.to,
        });
        const id = `${account.accountId}:${new Date(period.from).toISOString().slice(0, 10)}`;
        this.#bills.set(id, {
          ...bill,
          id,
          runId,
          servicePointId: account.servicePointId,
          issuedAt: this.clock.now(),
        });
        billed++;
        totalMinor += bill.totalMinor;
      } catch (err) {
        failures.push({ accountId: account.accountId, reason: (err as Error).message });
      }
    }
    const run: BillRunSummary = {
      id: runId,
      period: { from: period.from, to: period.to },
      at: this.clock.now(),
      accounts: ACCOUNTS.length,
      billed,
      failed: failures.length,
      totalMinor,
      currency: '€',
      elapsedMs: performance.now() - started,
      failures,
    };
    this.#runs.push(run);
    return run;
  }

  async usage(
    servicePointId: string,
    query: { readonly from: number; readonly to: number; readonly granularity: 'day' | 'week' | 'month' },
  ): Promise<readonly UsageBucket[]> {
    const tariff = METERS.find((m) => m.sp === servicePointId)?.tariff;
    const ids = METERS.filter((m) => m.sp === servicePointId && m.kind === 'electricity').map((m) =>
      meterId(m.id),
    );
    const from = Math.floor(query.from / DAY_MS) * DAY_MS;
    const buckets: {
      start: number;
      end: number;
      importWh: number;
      estimatedWh: number;
      byPeriod: Record<string, number>;
    }[] = [];
    for (let start = bucketStart(from, query.granularity); start < query.to; ) {
      const end = bucketEnd(start, query.granularity);
      buckets.push({ start, end, importWh: 0, estimatedWh: 0, byPeriod: {} });
      start = end;
    }
    for (const id of ids) {
      for (const b of await this.store.readIntervals({
        meterId: id,
        channel: IMPORT,
        from: buckets[0]?.start ?? from,
        to: query.to,
      })) {
        b.values.forEach((v, k) => {
          if (v.value === null) return;
          const t = b.start + k * b.intervalSeconds * 1000;
          const bucket = buckets.find((x) => x.start <= t && t < x.end);
          if (!bucket) return;
          const version = tariff === undefined ? undefined : versionAt(tariff, t);
          const period = version ? periodAt(version, t).period : 'total';
          bucket.importWh += v.value;
          if (v.quality & QualityFlag.estimated) bucket.estimatedWh += v.value;
          bucket.byPeriod[period] = (bucket.byPeriod[period] ?? 0) + v.value;
        });
      }
    }
    return buckets.map((b) => ({
      start: b.start,
      end: b.end,
      importWh: b.importWh,
      exportWh: 0,
      byPeriod: b.byPeriod,
      estimatedShare: b.importWh === 0 ? 0 : b.estimatedWh / b.importWh,
    }));
  }

  priceNow(servicePointId: string, at: number): PriceNow | undefined {
    const tariff = METERS.find((m) => m.sp === servicePointId)?.tariff;
    const v = tariff === undefined ? undefined : versionAt(tariff, at);
    if (!v) return undefined;
    const now = periodAt(v, at);
    const dayStart = Math.floor(at / DAY_MS) * DAY_MS;
    const today: PriceNow['today'][number][] = [];
    for (let t = dayStart; t < dayStart + DAY_MS; ) {
      const p = periodAt(v, t);
      const to = Math.min(p.until, dayStart + DAY_MS);
      today.push({ from: t, to, period: p.period, pricePerKwhMinor: microToMinorPerKwh(p.priceMicro) });
      t = to;
    }
    return {
      tariffId: v.tariffId,
      currency: v.currency,
      period: now.period,
      pricePerKwhMinor: microToMinorPerKwh(now.priceMicro),
      until: now.until,
      today,
    };
  }
}

function bucketStart(t: number, g: 'day' | 'week' | 'month'): number {
  const d = new Date(Math.floor(t / DAY_MS) * DAY_MS);
  if (g === 'day') return d.getTime();
  if (g === 'week') return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function bucketEnd(start: number, g: 'day' | 'week' | 'month'): number {
  if (g === 'day') return start + DAY_MS;
  if (g === 'week') return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

interface PrepaidSpec {
  readonly account: PrepaymentAccount;
  readonly accountId: string;
  readonly servicePointId: string;
  readonly meterId: string;
  readonly thresholdMinor: number;
  queue: Promise<unknown>;
}

/** Prepayment accounts (mdm PrepaymentAccount) of the prepaid meters, charged from their last two days of intervals. */
export class FixturePrepayment implements PrepaymentService {
  readonly #accounts = new Map<string, PrepaidSpec>();
  readonly #listeners = new Set<(n: PrepaymentNoticeView) => void>();

  constructor(private readonly clock: Clock) {}

  /** Opens the accounts and charges the last two days of `series` (per meter). */
  static async open(
    clock: Clock,
    commands: CommandGateway,
    series: ReadonlyMap<string, readonly number[]>,
    seriesStart: number,
  ): Promise<FixturePrepayment> {
    const p = new FixturePrepayment(clock);
    const now = clock.now();
    for (const m of METERS.filter((x) => x.prepaid && x.account && x.sp)) {
      const accountId = m.account ?? '';
      const account = new PrepaymentAccount({
        accountId,
        meterId: m.id,
        price: { perKwhMinor: 25 },
        lowCreditThresholdMinor: 500,
        emergencyCreditMinor: 500,
        friendlyHours: weekdayFriendlyHours(0),
        openingBalanceMinor: m.id === 'GM0004' ? 850 : 5_000,
        commands: {
          submit: (r) =>
            commands.submit({
              meterId: r.meterId,
              action: r.action,
              idempotencyKey: r.idempotencyKey,
              requestedBy: r.requestedBy,
            }),
        },
      });
      const values = series.get(m.id) ?? [];
      const first = Math.max(0, values.length - 192);
      await account.applyIntervals(
        values.slice(first).map((energyWh, k) => ({ start: seriesStart + (first + k) * STEP_MS, energyWh })),
        now,
      );
      p.#accounts.set(accountId, {
        account,
        accountId,
        servicePointId: m.sp ?? '',
        meterId: m.id,
        thresholdMinor: 500,
        queue: Promise.resolve(),
      });
    }
    return p;
  }

  #summary(s: PrepaidSpec): PrepaymentSummary {
    const a = s.account;
    return {
      accountId: s.accountId,
      servicePointId: s.servicePointId,
      meterId: s.meterId,
      currency: '€',
      balanceMinor: a.balanceMinor,
      emergencyCreditMinor: 500,
      emergencyCreditInUse: a.emergencyCreditOwedMinor > 0,
      lowCredit: a.balanceMinor <= s.thresholdMinor,
      supply: a.supply,
      events: a.events
        .filter((e) => e.type !== 'charged')
        .map((e) => {
          const { at, type, balanceMinor, ...rest } = e;
          const detail = Object.entries(rest)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(' ');
          return { at, type, balanceMinor, ...(detail === '' ? {} : { detail }) };
        }),
    };
  }

  accounts(): readonly PrepaymentSummary[] {
    return [...this.#accounts.values()].map((s) => this.#summary(s));
  }

  account(accountId: string): PrepaymentSummary | undefined {
    const s = this.#accounts.get(accountId);
    return s && this.#summary(s);
  }

  async topUp(
    accountId: string,
    amountMinor: number,
    reference: string,
    _by: string,
  ): Promise<PrepaymentSummary> {
    const s = this.#accounts.get(accountId);
    if (!s) throw new RangeError(`No prepayment account ${accountId}`);
    const seen = s.account.events.length;
    const run = s.queue.then(() => s.account.topUp(reference, amountMinor, this.clock.now()));
    s.queue = run.catch(() => undefined);
    await run;
    for (const e of s.account.events.slice(seen)) {
      if (e.type === 'charged' || e.type === 'top-up-duplicate') continue;
      const notice = {
        accountId,
        servicePointId: s.servicePointId,
        meterId: s.meterId,
        type: e.type,
        balanceMinor: e.balanceMinor,
        at: e.at,
      };
      for (const l of this.#listeners) l(notice);
    }
    return this.#summary(s);
  }

  onNotice(listener: (n: PrepaymentNoticeView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
