/**
 * Bill-run benchmark: one month (March 2026, 31 days × 96 = 2,976 15-min intervals) for ACCOUNTS
 * accounts (default 100,000) on a TOU + monthly tiers tariff with TOU adders, fixed, daily charge
 * and VAT. Data is a household-shaped load with deterministic hash noise, generated in chunks of
 * CHUNK accounts into reused typed arrays; generation and billing are timed separately.
 * Usage: npx tsx --conditions=source integration/bench/bill-run.ts
 */
import { type MeterId, meterId, type TariffId, tariffId } from '@gridmeter/domain';
import { type Account, type MeterSeries, runBills, type TariffVersion } from '@gridmeter/mdm';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 100_000);
const CHUNK = 1_000;
const START = Date.UTC(2026, 2, 1);
const END = Date.UTC(2026, 3, 1);
const N = ((END - START) / 900_000) | 0;

const hash = (a: number, b: number) => {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return ((h ^ (h >>> 12)) >>> 0) / 4_294_967_296;
};
// Night low, morning and evening peaks, relative to the household's average.
const SHAPE = Array.from({ length: 96 }, (_, i) => {
  const h = i / 4;
  return 0.5 + 0.8 * Math.exp(-((h - 8) ** 2) / 4) + 1.4 * Math.exp(-((h - 19) ** 2) / 6);
});

const T: TariffId = tariffId('RES-TOU-TIER');
const tariff: TariffVersion = {
  tariffId: T,
  version: 1,
  effectiveFrom: Date.UTC(2026, 0, 1) - 3_600_000,
  commodity: 'electricity',
  currency: '€',
  utcOffsetMinutes: 60,
  tou: {
    periods: ['peak', 'shoulder', 'offpeak'],
    seasons: [{ name: 'all year', from: '01-01', weekProfile: 'week' }],
    weekProfiles: { week: ['wd', 'wd', 'wd', 'wd', 'wd', 'we', 'we'] },
    dayProfiles: {
      wd: [
        { startMinute: 0, period: 'offpeak' },
        { startMinute: 420, period: 'shoulder' },
        { startMinute: 1020, period: 'peak' },
        { startMinute: 1260, period: 'shoulder' },
        { startMinute: 1320, period: 'offpeak' },
      ],
      we: [{ startMinute: 0, period: 'offpeak' }],
    },
    specialDays: [{ date: '04-03', dayProfile: 'we' }],
  },
  energy: {
    kind: 'tiered',
    basis: 'monthly',
    tiers: [
      { upTo: 180_000, priceMicro: 180_000 },
      { upTo: 350_000, priceMicro: 230_000 },
      { priceMicro: 310_000 },
    ],
    touAddersMicro: { peak: 60_000, shoulder: 0, offpeak: -40_000 },
  },
  fixedPerBillMinor: 450,
  perDayMicro: 120_000,
  taxes: [{ kind: 'percent', code: 'VAT', name: 'VAT', basisPoints: 1900 }],
};
// Midnight local (UTC+1) of 1 March is 28 Feb 23:00 UTC; the period is local months.
const period = { start: START - 3_600_000, end: END - 3_600_000 };

const meters: MeterId[] = Array.from({ length: ACCOUNTS }, (_, a) =>
  meterId(`GMB${String(a).padStart(7, '0')}`),
);
const accounts: Account[] = meters.map((m, a) => ({
  accountId: `ACC${a}`,
  tariffId: T,
  installations: [{ meterId: m, from: period.start }],
}));
const buffers = Array.from({ length: CHUNK }, () => new Int32Array(N));
const flags = Array.from({ length: CHUNK }, () => new Uint16Array(N));

let genMs = 0;
let billMs = 0;
let totalMinor = 0;
let bills = 0;
let failures = 0;
let usage = 0;
const tariffs = new Map([[T, [tariff]]]);
for (let c = 0; c < ACCOUNTS; c += CHUNK) {
  const t0 = performance.now();
  const chunk = accounts.slice(c, c + CHUNK);
  const series = new Map<string, MeterSeries[]>();
  chunk.forEach((account, k) => {
    const a = c + k;
    const base = 40 + Math.floor(hash(a, 7) * 160);
    const v = buffers[k] as Int32Array;
    const f = flags[k] as Uint16Array;
    for (let i = 0; i < N; i++) {
      v[i] = Math.round(base * (SHAPE[i % 96] ?? 1) * (0.7 + 0.6 * hash(a, i)));
      // One interval a day estimated (QualityFlag.estimated = 2).
      f[i] = i % 96 === a % 96 ? 2 : 0;
    }
    const meter = meters[a] as MeterId;
    series.set(account.accountId, [
      { meterId: meter, start: period.start, intervalSeconds: 900, importWh: v, flags: f },
    ]);
  });
  const t1 = performance.now();
  const run = runBills(chunk, (acc) => series.get(acc.accountId) ?? [], period, tariffs);
  const t2 = performance.now();
  genMs += t1 - t0;
  billMs += t2 - t1;
  bills += run.bills.length;
  failures += run.failures.length;
  totalMinor += run.totalMinor;
  for (const b of run.bills) usage += b.billedUsage;
  if (run.failures[0]) throw run.failures[0].error;
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `bill run: ${fmt(bills)} accounts × ${N} intervals, ${failures} failed; billing ${(billMs / 1000).toFixed(2)} s = ${fmt((bills / billMs) * 1000)} accounts/s (${fmt(((bills * N) / billMs) * 1000)} intervals/s); data generation ${(genMs / 1000).toFixed(2)} s (not counted)`,
);
console.log(
  `billed ${fmt(usage / 1000)} kWh, total ${(totalMinor / 100).toFixed(2)} €, average ${(totalMinor / bills / 100).toFixed(2)} € per bill`,
);
