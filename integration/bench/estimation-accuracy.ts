/**
 * Estimation accuracy on real half-hourly household data (Smart Grid Smart City trial, 10
 * households, 2012-02 → 2014-03, ../shared/data/load-profiles; read at run time, not copied).
 *
 *   npx tsx --conditions=source integration/bench/estimation-accuracy.ts [--trials 2000] [--seed 1]
 *
 * Each trial picks a household and a gap at random (seeded), cuts a window of 7 days either side
 * of the gap with the 4 weeks before it as history, removes the gap's real values, estimates them
 * with the mdm VEE estimator, and compares with the values removed. Only windows whose real data is
 * complete are used, so the truth is known for every interval. Gap classes:
 * - short: 1–4 half-hours (≤ 2 h): linear interpolation blended ½ with the history profile (the
 *   default), and the line alone;
 * - long: 56 half-hours (28 h, the public anchor's gap): same-weekday history profile, (a) scaled
 *   to the level of the surrounding 2 days, (b) scaled to the register delta of daily register
 *   reads at local midnight (which then fixes the gap's total energy exactly), (c) unscaled.
 * Prints MAE relative to the mean reading: Σ|estimate − truth| / Σ truth over every removed
 * interval of the class (= mean absolute error / mean removed reading), and the gap energy error:
 * Σ over gaps of |Σ estimate − Σ truth| / Σ truth (what billing sees). `VEE_ESTIMATION='{"historyWeeks":8}'`
 * overrides the estimation configuration of the long class.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { meterId, QualityFlag, type RegisterRead } from '@gridmeter/domain';
import { type ChannelSeries, estimate, type VeeConfig, veeConfig } from '@gridmeter/mdm';

const FILE = new URL('../../../shared/data/load-profiles/sgsc-smart_meter10-full.csv.gz', import.meta.url);
const HALF_HOUR = 1_800_000;
const DAY = 48;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Household {
  readonly id: string;
  readonly start: number;
  /** Wh per half-hour; null where the trial has no reading. */
  readonly wh: (number | null)[];
}

function load(): Household[] {
  const text = gunzipSync(readFileSync(FILE)).toString('utf8');
  const rows = new Map<string, [number, number][]>();
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const [id, stamp, kwh] = line.split(',');
    // Timestamps are local wall-clock time; treated as UTC they keep weekdays and slots right.
    const t = Date.parse(`${stamp!.replace(' ', 'T')}Z`);
    let list = rows.get(id!);
    if (!list) {
      list = [];
      rows.set(id!, list);
    }
    list.push([t, Math.round(Number(kwh) * 1000)]);
  }
  return [...rows].map(([id, list]) => {
    list.sort((a, b) => a[0] - b[0]);
    const start = Math.floor(list[0]![0] / (DAY * HALF_HOUR)) * DAY * HALF_HOUR;
    const n = (list[list.length - 1]![0] - start) / HALF_HOUR + 1;
    const wh: (number | null)[] = new Array(n).fill(null);
    for (const [t, v] of list) wh[(t - start) / HALF_HOUR] = v;
    return { id, start, wh };
  });
}

/** Mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function series(h: Household, from: number, to: number): ChannelSeries {
  const values = h.wh.slice(from, to);
  return {
    meterId: meterId(`SGSC${h.id}`),
    channel: '1-0:1.8.0*255',
    intervalSeconds: 1800,
    start: h.start + from * HALF_HOUR,
    values,
    quality: values.map((v) => (v === null ? QualityFlag.missing : 0)),
  };
}

interface Trial {
  readonly h: Household;
  /** Indices into h.wh. */
  readonly windowFrom: number;
  readonly windowTo: number;
  readonly gapFrom: number;
  readonly gapTo: number;
}

function trials(
  households: Household[],
  count: number,
  gapLength: (r: () => number) => number,
  seed: number,
): Trial[] {
  const r = prng(seed);
  const out: Trial[] = [];
  const pad = 7 * DAY;
  const historyLen = 28 * DAY;
  for (let attempts = 0; out.length < count && attempts < count * 50; attempts++) {
    const h = households[Math.floor(r() * households.length)]!;
    const len = gapLength(r);
    const gapFrom = historyLen + pad + Math.floor(r() * (h.wh.length - historyLen - 2 * pad - len));
    // Window on whole days so daily register reads fall on its ends.
    const windowFrom = Math.floor((gapFrom - pad) / DAY) * DAY;
    const windowTo = Math.ceil((gapFrom + len + pad) / DAY) * DAY;
    if (windowTo > h.wh.length || windowFrom - historyLen < 0) continue;
    let complete = true;
    for (let i = windowFrom; i < windowTo && complete; i++) complete = h.wh[i] !== null;
    if (!complete) continue;
    out.push({ h, windowFrom, windowTo, gapFrom, gapTo: gapFrom + len });
  }
  return out;
}

function score(
  list: Trial[],
  config: VeeConfig,
  withRegister: boolean,
): { relMae: number; energyErr: number; intervals: number; ms: number } {
  let absErr = 0;
  let energyErr = 0;
  let truth = 0;
  let intervals = 0;
  const t0 = performance.now();
  for (const t of list) {
    const s = series(t.h, t.windowFrom, t.windowTo);
    const values = [...s.values];
    const quality = [...s.quality];
    for (let i = t.gapFrom; i < t.gapTo; i++) {
      values[i - t.windowFrom] = null;
      quality[i - t.windowFrom] = QualityFlag.missing;
    }
    const history = series(t.h, t.windowFrom - 28 * DAY, t.windowFrom);
    const registerReads: RegisterRead[] = [];
    if (withRegister) {
      // Daily reads at local midnight: cumulative energy since the window start.
      let cum = 0;
      for (let i = t.windowFrom; i <= t.windowTo; i++) {
        if ((i - t.windowFrom) % DAY === 0) {
          registerReads.push({
            meterId: s.meterId,
            register: s.channel,
            readAt: t.h.start + i * HALF_HOUR,
            value: BigInt(cum),
            unit: 30,
            quality: 0,
          });
        }
        if (i < t.windowTo) cum += t.h.wh[i]!;
      }
    }
    const r = estimate(
      { ...s, values, quality },
      { now: Number.MAX_SAFE_INTEGER, history, registerReads },
      config,
    );
    let gapErr = 0;
    for (let i = t.gapFrom; i < t.gapTo; i++) {
      const e = r.series.values[i - t.windowFrom]!;
      const real = t.h.wh[i]!;
      absErr += Math.abs(e - real);
      gapErr += e - real;
      truth += real;
      intervals++;
    }
    energyErr += Math.abs(gapErr);
  }
  return { relMae: absErr / truth, energyErr: energyErr / truth, intervals, ms: performance.now() - t0 };
}

const tuning = JSON.parse(process.env.VEE_ESTIMATION ?? '{}');
const count = option('--trials', 2000);
const seed = option('--seed', 1);
const started = performance.now();
const households = load();
const short = trials(households, count, (r) => 1 + Math.floor(r() * 4), seed);
const long = trials(households, Math.ceil(count / 4), () => 56, seed + 1);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const rows: [string, string, ReturnType<typeof score>][] = [
  [
    'short (≤ 2 h, 1–4 half-hours)',
    'linear interpolation blended ½ with the history profile',
    score(short, veeConfig(), false),
  ],
  [
    'short (≤ 2 h, 1–4 half-hours)',
    'linear interpolation alone',
    score(short, veeConfig({ estimation: { interpolationProfileWeight: 0 } }), false),
  ],
  [
    'long (28 h)',
    'history profile, unscaled',
    score(long, veeConfig({ estimation: { ...tuning, levelWindowDays: 0 } }), false),
  ],
  [
    'long (28 h)',
    'history profile scaled to the level of ±2 days',
    score(long, veeConfig({ estimation: tuning }), false),
  ],
  [
    'long (28 h)',
    'history profile scaled to the register delta (daily reads)',
    score(long, veeConfig({ estimation: tuning }), true),
  ],
];
console.log(
  `households ${households.length}, trials: short ${short.length}, long ${long.length} (seed ${seed})`,
);
console.log('| gap class | method | intervals | MAE / mean reading | gap energy error | time |');
console.log('|---|---|---|---|---|---|');
for (const [cls, method, s] of rows) {
  console.log(
    `| ${cls} | ${method} | ${s.intervals.toLocaleString('en')} | ${pct(s.relMae)} | ${pct(s.energyErr)} | ${s.ms.toFixed(0)} ms |`,
  );
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
