import type { ChannelCode, MeterId, QualityFlags } from '@gridmeter/domain';
import type { ChannelSeries } from './series.js';

/** One interval's value and quality at a moment of its history. */
export interface IntervalState {
  readonly value: number | null;
  readonly quality: QualityFlags;
}

/** What a step did to one interval. */
export interface IntervalChange {
  readonly index: number;
  /** Epoch ms of the interval's start (the key the store keeps). */
  readonly start: number;
  readonly before: IntervalState;
  readonly after: IntervalState;
}

/** The kinds of step that change a series. */
export type AuditStep = 'validation' | 'estimation' | 'edit' | 'reversal';

/**
 * A record of one VEE step on one channel: enough to show who changed what and why, and to
 * undo it ({@link reverse}). Data only; the store persists it.
 */
export interface AuditEntry {
  /** Unique within a run: `${step}:${sequence}`; the store prefixes its own run id. */
  readonly id: string;
  readonly step: AuditStep;
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** Epoch ms the step ran (the run's `now`, or the edit's time). */
  readonly at: number;
  /** `vee` for automatic steps, the user for manual edits. */
  readonly actor: string;
  /** Rule id, estimation method or `manual`. */
  readonly cause: string;
  readonly reason: string;
  readonly changes: readonly IntervalChange[];
}

/** The prior state of an interval, as {@link reverse} gives it back. */
export interface IntervalPatch {
  readonly index: number;
  readonly start: number;
  readonly value: number | null;
  readonly quality: QualityFlags;
}

/**
 * The values and quality the intervals had before `entry`'s step.
 *
 * @example
 * const prior = reverse(entry); // [{ index: 12, start, value: null, quality: QualityFlag.missing }]
 */
export function reverse(entry: AuditEntry): IntervalPatch[] {
  return entry.changes.map((c) => ({ index: c.index, start: c.start, ...c.before }));
}

/** A copy of `series` with the patches applied (matched by interval start). */
export function applyPatches(series: ChannelSeries, patches: readonly IntervalPatch[]): ChannelSeries {
  const values = [...series.values];
  const quality = [...series.quality];
  const ms = series.intervalSeconds * 1000;
  for (const p of patches) {
    const i = (p.start - series.start) / ms;
    if (!Number.isInteger(i) || i < 0 || i >= values.length) {
      throw new RangeError(
        `Patch for ${new Date(p.start).toISOString()} is outside series ${series.meterId}`,
      );
    }
    values[i] = p.value;
    quality[i] = p.quality;
  }
  return { ...series, values, quality };
}

/** Builds the changes between two versions of a series (same grid), for the intervals listed. */
export function changesBetween(
  before: ChannelSeries,
  after: ChannelSeries,
  indices: Iterable<number>,
): IntervalChange[] {
  const ms = before.intervalSeconds * 1000;
  const out: IntervalChange[] = [];
  for (const index of indices) {
    const b = { value: before.values[index] ?? null, quality: before.quality[index] ?? 0 };
    const a = { value: after.values[index] ?? null, quality: after.quality[index] ?? 0 };
    if (a.value === b.value && a.quality === b.quality) continue;
    out.push({ index, start: before.start + index * ms, before: b, after: a });
  }
  return out;
}

/**
 * Undoes `entry` on `series` and records the undo as a `reversal` entry (itself reversible),
 * provided no later step changed those intervals again.
 *
 * @example
 * const { series: restored, entry: undo } = revert(edited, editEntry, { user: 'ops', at: Date.now() });
 */
export function revert(
  series: ChannelSeries,
  entry: AuditEntry,
  by: { readonly user: string; readonly at: number; readonly id?: string },
): { series: ChannelSeries; entry: AuditEntry } {
  const ms = series.intervalSeconds * 1000;
  for (const c of entry.changes) {
    const i = (c.start - series.start) / ms;
    if (series.values[i] !== c.after.value || series.quality[i] !== c.after.quality) {
      throw new AuditConflictError(entry.id, c.start);
    }
  }
  const restored = applyPatches(series, reverse(entry));
  const indices = entry.changes.map((c) => (c.start - series.start) / ms);
  return {
    series: restored,
    entry: {
      id: by.id ?? `reversal:${entry.id}`,
      step: 'reversal',
      meterId: series.meterId,
      channel: series.channel,
      at: by.at,
      actor: by.user,
      cause: entry.id,
      reason: `Reverses ${entry.step} ${entry.cause}`,
      changes: changesBetween(series, restored, indices),
    },
  };
}

/** A step cannot be reverted because a later step changed one of its intervals. */
export class AuditConflictError extends Error {
  override readonly name = 'AuditConflictError';
  constructor(
    readonly entryId: string,
    readonly start: number,
  ) {
    super(`Cannot reverse ${entryId}: interval ${new Date(start).toISOString()} changed since`);
  }
}
