import { type MeterId, QualityFlag } from '@gridmeter/domain';
import { periodMap } from './calendar.js';
import type { TariffVersion } from './tariff.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Interval data of one meter as typed arrays: interval `i` starts at `start + i·intervalSeconds`.
 * Values are integer Wh (electricity) or litres (water, gas); a `missing` flag counts as 0.
 */
export interface MeterSeries {
  readonly meterId: MeterId;
  readonly start: number;
  readonly intervalSeconds: number;
  readonly importWh: ArrayLike<number>;
  readonly exportWh?: ArrayLike<number>;
  /** QualityFlags per interval (import channel). */
  readonly flags?: ArrayLike<number>;
}

/** A meter installed at the account's service point over `[from, to)` (epoch ms). */
export interface Installation {
  readonly meterId: MeterId;
  readonly from: number;
  readonly to?: number;
}

/**
 * Billing determinants of `[start, end)` under one tariff version: energy (or volume) per TOU
 * period, export, maximum 15-minute demand, and the estimated share.
 */
export interface BillingDeterminants {
  readonly start: number;
  readonly end: number;
  /** Whole days in the span. */
  readonly days: number;
  /** TOU period names; `['total']` without a calendar. */
  readonly periods: readonly string[];
  readonly importWh: number;
  readonly importWhByPeriod: readonly number[];
  readonly exportWh: number;
  readonly exportWhByPeriod: readonly number[];
  /** Maximum 15-minute average demand in W (0 without data). */
  readonly maxDemandW: number;
  readonly maxDemandWByPeriod: readonly number[];
  /** Import energy from intervals flagged `estimated`. */
  readonly estimatedWh: number;
  readonly intervals: number;
  readonly missingIntervals: number;
  /** Σ Wh × hourly price (µ/kWh) for dynamic tariffs: divide by 10^7 for cents. */
  readonly dynamicImportCost: number;
  readonly dynamicExportCost: number;
}

const priceCache = new WeakMap<TariffVersion, Map<string, Float64Array>>();

function hourlyPrices(t: TariffVersion, start: number, end: number): Float64Array | undefined {
  if (t.energy.kind !== 'dynamic') return undefined;
  const key = `${start}/${end}`;
  let m = priceCache.get(t);
  if (!m) {
    m = new Map();
    priceCache.set(t, m);
  }
  const hit = m.get(key);
  if (hit) return hit;
  const first = Math.floor(start / HOUR_MS) * HOUR_MS;
  const out = new Float64Array(Math.ceil((end - first) / HOUR_MS));
  for (let h = 0; h < out.length; h++) {
    const price = t.energy.hourlyPricesMicro.get(first + h * HOUR_MS);
    if (price === undefined) {
      throw new RangeError(
        `No hourly price for ${new Date(first + h * HOUR_MS).toISOString()} in ${t.tariffId}`,
      );
    }
    out[h] = price;
  }
  m.set(key, out);
  return out;
}

/**
 * Determinants of `[start, end)` (local midnights) from every meter's series, each clipped to its
 * installation window when `installations` is given. One pass over each series.
 * @example computeDeterminants(version, [series], Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1))
 */
export function computeDeterminants(
  t: TariffVersion,
  series: readonly MeterSeries[],
  start: number,
  end: number,
  installations?: readonly Installation[],
): BillingDeterminants {
  const periods = t.tou?.periods ?? ['total'];
  const np = periods.length;
  const imp = new Float64Array(np);
  const exp = new Float64Array(np);
  const demand = new Float64Array(np);
  let estimatedWh = 0;
  let intervals = 0;
  let missing = 0;
  let dynImp = 0;
  let dynExp = 0;
  const prices = hourlyPrices(t, start, end);
  const firstHour = Math.floor(start / HOUR_MS) * HOUR_MS;
  for (const s of series) {
    const step = s.intervalSeconds * 1000;
    if (DAY_MS % step !== 0 || s.start % step !== 0) {
      throw new RangeError(
        `Series of ${s.meterId}: intervals of ${s.intervalSeconds}s must divide a day and align`,
      );
    }
    const windows: readonly { from: number; to?: number }[] = installations
      ? installations.filter((i) => i.meterId === s.meterId)
      : [{ from: start }];
    const map = periodMap(t, start, end, s.intervalSeconds);
    for (const w of windows) {
      const lo = Math.max(start, w.from, s.start);
      const hi = Math.min(end, w.to ?? end, s.start + s.importWh.length * step);
      if (hi <= lo) continue;
      const i0 = Math.ceil((lo - s.start) / step);
      const i1 = Math.ceil((hi - s.start) / step);
      const m0 = (s.start - start) / step;
      // Intervals per 15-minute demand window; 1 when intervals are 15 min or longer.
      const k = step < 900_000 ? 900_000 / step : 1;
      // Average power over a window: Wh × 3,600,000 ms/h ÷ window ms = W.
      const toW = 3_600_000 / Math.max(step, 900_000);
      const { importWh: values, exportWh: exports, flags } = s;
      const base = s.start / step;
      let win = 0;
      let winPeriod = 0;
      for (let i = i0; i < i1; i++) {
        let v = values[i] as number;
        const f = flags === undefined ? 0 : (flags[i] as number);
        if (f !== 0 || Number.isNaN(v)) {
          if ((f & QualityFlag.missing) !== 0 || Number.isNaN(v)) {
            v = 0;
            missing++;
          } else if ((f & QualityFlag.estimated) !== 0) estimatedWh += v;
        }
        const p = map[m0 + i] as number;
        imp[p] = (imp[p] as number) + v;
        const x = exports === undefined ? 0 : (exports[i] as number);
        if (x !== 0) exp[p] = (exp[p] as number) + x;
        if (prices !== undefined) {
          const price = prices[Math.floor((s.start + i * step - firstHour) / HOUR_MS)] as number;
          dynImp += v * price;
          dynExp += x * price;
        }
        if (k === 1) {
          if (v * toW > (demand[p] as number)) demand[p] = v * toW;
          continue;
        }
        const abs = base + i;
        if (abs % k === 0) {
          win = 0;
          winPeriod = p;
        }
        win += v;
        if (abs % k === k - 1 || i === i1 - 1) {
          if (win * toW > (demand[winPeriod] as number)) demand[winPeriod] = win * toW;
        }
      }
      intervals += i1 - i0;
    }
  }
  const importWh = imp.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(importWh) || !Number.isSafeInteger(dynImp) || !Number.isSafeInteger(dynExp)) {
    throw new RangeError('Interval values must be integers and their sums safe integers');
  }
  const demandW = [...demand].map(Math.round);
  return {
    start,
    end,
    days: Math.round((end - start) / DAY_MS),
    periods,
    importWh,
    importWhByPeriod: [...imp],
    exportWh: exp.reduce((a, b) => a + b, 0),
    exportWhByPeriod: [...exp],
    maxDemandW: Math.max(0, ...demandW),
    maxDemandWByPeriod: demandW,
    estimatedWh,
    intervals,
    missingIntervals: missing,
    dynamicImportCost: dynImp,
    dynamicExportCost: dynExp,
  };
}
