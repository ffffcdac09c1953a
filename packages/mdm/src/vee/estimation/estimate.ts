import { QualityFlag } from '@gridmeter/domain';
import { type AuditEntry, changesBetween } from '../audit.js';
import type { VeeConfig } from '../config.js';
import type { VeeContext } from '../context.js';
import { DAY_MS, UNTRUSTED, ValueLookup } from '../lookup.js';
import { registerDeltas } from '../rules/register.js';
import { type ChannelSeries, intervalMs, slotStart } from '../series.js';
import { historyProfileAt } from './profile.js';
import { apportion, scaleToTotal } from './rounding.js';

/** How an estimate was made. */
export const EstimationMethod = {
  /** Straight line between the valid values either side of a short gap. */
  linearInterpolation: 'linear-interpolation',
  /** Same-weekday history profile, scaled to the register delta or to the recent level. */
  historyProfile: 'history-profile',
  /** Zero for intervals the supply was off for: an outage is not consumption. */
  outageZero: 'outage-zero',
} as const;
export type EstimationMethod = (typeof EstimationMethod)[keyof typeof EstimationMethod];

/** What a history profile was scaled to. */
export type ScaleBasis = 'register' | 'level' | 'none';

/** One estimated run of intervals `[start, end)`. */
export interface Estimation {
  readonly method: EstimationMethod;
  readonly start: number;
  readonly end: number;
  readonly intervals: number;
  /** Energy filled in, in the channel's unit. */
  readonly energyWh: number;
  readonly reason: string;
  readonly scaleBasis?: ScaleBasis;
}

/** Output of {@link estimate}. */
export interface EstimationResult {
  readonly series: ChannelSeries;
  readonly estimations: readonly Estimation[];
  readonly audit: readonly AuditEntry[];
}

/** Flags an estimate clears: the interval now holds an estimated value in place of a missing or failed one. */
const CLEARED = QualityFlag.missing | QualityFlag.failedValidation;

interface Gap {
  from: number;
  /** Exclusive. */
  to: number;
}

/**
 * Fills the intervals that are missing (and, with `estimateFailed`, those that failed
 * validation): whole-outage intervals with 0 (`estimated | powerOutage`); gaps up to
 * `maxInterpolationSeconds` between two valid values by linear interpolation; longer gaps by the
 * same-weekday history profile, scaled so each register delta's intervals sum to it exactly when
 * reads are known, else to the level of the surrounding days. Values are integers; rounding
 * remainders are apportioned so sums are exact.
 *
 * @example
 * const { series: filled, estimations } = estimate(validated, context, veeConfig());
 */
export function estimate(
  series: ChannelSeries,
  context: VeeContext,
  config: VeeConfig,
  firstSequence = 1,
): EstimationResult {
  const ec = config.estimation;
  const n = series.values.length;
  const values = [...series.values];
  const quality = [...series.quality];
  const fill = (i: number) =>
    values[i] === null || (ec.estimateFailed && (quality[i]! & QualityFlag.failedValidation) !== 0);
  const todo: boolean[] = Array.from({ length: n }, (_, i) => fill(i));
  const estimations: Estimation[] = [];
  const audit: AuditEntry[] = [];
  let seq = firstSequence;
  const record = (
    method: EstimationMethod,
    gap: Gap,
    reason: string,
    before: ChannelSeries,
    scaleBasis?: ScaleBasis,
  ) => {
    const after = { ...series, values: [...values], quality: [...quality] };
    let energy = 0;
    for (let i = gap.from; i < gap.to; i++) energy += values[i] ?? 0;
    estimations.push({
      method,
      start: slotStart(series, gap.from),
      end: slotStart(series, gap.to),
      intervals: gap.to - gap.from,
      energyWh: energy,
      reason,
      ...(scaleBasis ? { scaleBasis } : {}),
    });
    const indices = [];
    for (let i = gap.from; i < gap.to; i++) indices.push(i);
    audit.push({
      id: `estimation:${seq++}`,
      step: 'estimation',
      meterId: series.meterId,
      channel: series.channel,
      at: context.now,
      actor: 'vee',
      cause: method,
      reason,
      changes: changesBetween(before, after, indices),
    });
  };
  const snapshot = (): ChannelSeries => ({ ...series, values: [...values], quality: [...quality] });

  // 1. Whole intervals without supply: zero, kept flagged as outage.
  for (const gap of runs(n, (i) => todo[i]! && wholeOutage(quality[i]!))) {
    const before = snapshot();
    for (let i = gap.from; i < gap.to; i++) {
      values[i] = 0;
      quality[i] = (quality[i]! & ~CLEARED) | QualityFlag.estimated | QualityFlag.powerOutage;
      todo[i] = false;
    }
    record(EstimationMethod.outageZero, gap, 'Supply off: no consumption', before);
  }

  // 2. Short gaps between two valid values: linear interpolation (blended with the profile).
  const shortLookup = new ValueLookup({ ...series, values, quality }, context.history);
  const trusted = (i: number) => i >= 0 && i < n && !todo[i] && values[i] !== null;
  const maxShort = Math.floor(ec.maxInterpolationSeconds / series.intervalSeconds);
  for (const gap of runs(n, (i) => todo[i]!)) {
    const len = gap.to - gap.from;
    if (len > maxShort || !trusted(gap.from - 1) || !trusted(gap.to)) continue;
    const a = values[gap.from - 1]!;
    const b = values[gap.to]!;
    const w = ec.interpolationProfileWeight ?? 0;
    let blended = false;
    const exact = Array.from({ length: len }, (_, k) => {
      const line = a + ((b - a) * (k + 1)) / (len + 1);
      if (w <= 0) return line;
      const p = historyProfileAt(shortLookup, slotStart(series, gap.from + k), ec);
      if (p === null) return line;
      blended = true;
      return (1 - w) * line + w * p;
    });
    const total = Math.round(exact.reduce((s, x) => s + x, 0));
    const ints = apportion(exact, total);
    const before = snapshot();
    for (let k = 0; k < len; k++) {
      const i = gap.from + k;
      values[i] = ints[k]!;
      quality[i] = (quality[i]! & ~CLEARED) | QualityFlag.estimated;
      todo[i] = false;
    }
    record(
      EstimationMethod.linearInterpolation,
      gap,
      `Gap of ${(len * series.intervalSeconds) / 60} min interpolated between ${a} and ${b}${
        blended ? `, blended ${w} with the history profile` : ''
      }`,
      before,
    );
  }

  // 3. The rest: history profile, per gap; register deltas rescale afterwards.
  const lookup = new ValueLookup({ ...series, values, quality }, context.history);
  const remaining = runs(n, (i) => todo[i]!);
  if (remaining.length === 0) return { series: snapshot(), estimations, audit };
  const onShare = supplyShares(series, context);
  const profile: number[] = new Array(n).fill(0);
  const meanLevel = meanOfTrusted(values, quality, todo);
  for (const gap of remaining) {
    for (let i = gap.from; i < gap.to; i++) {
      const p = historyProfileAt(lookup, slotStart(series, i), ec);
      profile[i] = (p ?? meanLevel) * (onShare[i] ?? 1);
    }
  }
  const deltas = registerDeltas(series, context);
  const basis: ScaleBasis[] = new Array(n).fill('none');
  const exact: number[] = new Array(n).fill(0);
  const scaledByRegister: boolean[] = new Array(n).fill(false);
  for (const d of deltas) {
    const idx: number[] = [];
    let known = 0;
    let unknownElsewhere = false;
    for (let i = d.from; i < d.to; i++) {
      if (todo[i]) idx.push(i);
      else if (values[i] === null) unknownElsewhere = true;
      else known += values[i]!;
    }
    if (idx.length === 0 || unknownElsewhere) continue;
    const target = Math.max(0, d.deltaWh - known);
    const ints = scaleToTotal(
      idx.map((i) => profile[i]!),
      target,
    );
    idx.forEach((i, k) => {
      exact[i] = ints[k]!;
      basis[i] = 'register';
      scaledByRegister[i] = true;
    });
  }
  for (const gap of remaining) {
    const level = levelFactor(series, lookup, values, quality, todo, gap, ec);
    const free: number[] = [];
    for (let i = gap.from; i < gap.to; i++) {
      if (scaledByRegister[i]) continue;
      free.push(i);
      exact[i] = profile[i]! * level.factor;
      basis[i] = level.basis;
    }
    if (free.length > 0) {
      const total = Math.round(free.reduce((s, i) => s + exact[i]!, 0));
      const ints = apportion(
        free.map((i) => exact[i]!),
        total,
      );
      free.forEach((i, k) => {
        exact[i] = ints[k]!;
      });
    }
    const before = snapshot();
    for (let i = gap.from; i < gap.to; i++) {
      values[i] = exact[i]!;
      quality[i] = (quality[i]! & ~CLEARED) | QualityFlag.estimated;
      todo[i] = false;
    }
    const bases = new Set(basis.slice(gap.from, gap.to));
    const scale: ScaleBasis = bases.has('register') ? 'register' : bases.has('level') ? 'level' : 'none';
    const hours = ((gap.to - gap.from) * series.intervalSeconds) / 3600;
    record(
      EstimationMethod.historyProfile,
      gap,
      `Gap of ${hours} h filled from the same-weekday profile of ${ec.historyWeeks} weeks, scaled to ${
        scale === 'register'
          ? 'the register delta'
          : scale === 'level'
            ? `the level of ±${ec.levelWindowDays} days (×${level.factor.toFixed(3)})`
            : 'nothing'
      }`,
      before,
      scale,
    );
  }
  return { series: snapshot(), estimations, audit };
}

function wholeOutage(q: number): boolean {
  return (q & QualityFlag.powerOutage) !== 0 && (q & QualityFlag.partialInterval) === 0;
}

function runs(n: number, member: (i: number) => boolean): Gap[] {
  const out: Gap[] = [];
  let from = -1;
  for (let i = 0; i <= n; i++) {
    const m = i < n && member(i);
    if (m && from < 0) from = i;
    if (!m && from >= 0) {
      out.push({ from, to: i });
      from = -1;
    }
  }
  return out;
}

/** Share of each interval the supply was on (1 outside outages). */
function supplyShares(series: ChannelSeries, context: VeeContext): number[] {
  const ms = intervalMs(series);
  return series.values.map((_, i) => {
    const s = slotStart(series, i);
    let off = 0;
    for (const w of context.outages ?? []) off += Math.max(0, Math.min(w.end, s + ms) - Math.max(w.start, s));
    return Math.max(0, 1 - off / ms);
  });
}

function meanOfTrusted(
  values: readonly (number | null)[],
  quality: readonly number[],
  todo: readonly boolean[],
): number {
  let sum = 0;
  let count = 0;
  values.forEach((v, i) => {
    if (v === null || todo[i] || (quality[i]! & UNTRUSTED) !== 0) return;
    sum += v;
    count++;
  });
  return count > 0 ? sum / count : 0;
}

/**
 * Ratio of the actual energy to the history profile over the trusted intervals within
 * `levelWindowDays` of the gap, clamped to [0.25, 4]: the profile follows the season and the
 * household's current level. 1 when there is nothing to compare.
 */
function levelFactor(
  series: ChannelSeries,
  lookup: ValueLookup,
  values: readonly (number | null)[],
  quality: readonly number[],
  todo: readonly boolean[],
  gap: Gap,
  ec: VeeConfig['estimation'],
): { factor: number; basis: ScaleBasis } {
  const perDay = Math.round(DAY_MS / intervalMs(series));
  const span = ec.levelWindowDays * perDay;
  let actual = 0;
  let expected = 0;
  for (let i = Math.max(0, gap.from - span); i < Math.min(values.length, gap.to + span); i++) {
    if (i >= gap.from && i < gap.to) continue;
    const v = values[i];
    if (v === null || v === undefined || todo[i] || (quality[i]! & UNTRUSTED) !== 0) continue;
    const p = historyProfileAt(lookup, slotStart(series, i), ec);
    if (p === null) continue;
    actual += v;
    expected += p;
  }
  if (span === 0 || expected <= 0 || actual <= 0) return { factor: 1, basis: 'none' };
  return { factor: Math.min(4, Math.max(0.25, actual / expected)), basis: 'level' };
}
