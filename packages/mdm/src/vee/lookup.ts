import { QualityFlag } from '@gridmeter/domain';
import { type ChannelSeries, indexAt } from './series.js';

/** Quality bits that keep a value out of medians, bands and history profiles. */
export const UNTRUSTED =
  QualityFlag.missing | QualityFlag.failedValidation | QualityFlag.suspect | QualityFlag.powerOutage;

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/**
 * Trusted values by time across the series under validation and its history (the series wins
 * where both hold the instant).
 */
export class ValueLookup {
  readonly #series: ChannelSeries;
  readonly #history: ChannelSeries | undefined;

  constructor(series: ChannelSeries, history?: ChannelSeries) {
    this.#series = series;
    this.#history = history;
  }

  /** Interval length of the series (ms). */
  get intervalMs(): number {
    return this.#series.intervalSeconds * 1000;
  }

  /** The trusted value of the interval starting at `t`, or null. */
  at(t: number): number | null {
    for (const s of [this.#series, this.#history]) {
      if (!s) continue;
      const i = indexAt(s, t);
      if (i < 0 || (t - s.start) % (s.intervalSeconds * 1000) !== 0) continue;
      const v = s.values[i];
      if (v === null || v === undefined) return null;
      return (s.quality[i]! & UNTRUSTED) === 0 ? v : null;
    }
    return null;
  }
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Epoch ms of the local midnight at or before `t`. */
export function localDayStart(t: number, utcOffsetMinutes: number): number {
  const off = utcOffsetMinutes * 60_000;
  return Math.floor((t + off) / DAY_MS) * DAY_MS - off;
}
