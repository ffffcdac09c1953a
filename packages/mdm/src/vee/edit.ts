import { QualityFlag } from '@gridmeter/domain';
import { type AuditEntry, changesBetween } from './audit.js';
import type { ChannelSeries } from './series.js';
import { indexAt } from './series.js';

/** A person's correction of one interval. */
export interface ManualEdit {
  /** Epoch ms of the interval's start. */
  readonly start: number;
  /** New integer value, or null to mark the interval missing (for re-estimation). */
  readonly value: number | null;
  readonly reason: string;
  readonly user: string;
}

/** Flags an edit clears: the edited value replaces whatever was missing, estimated or doubtful. */
const CLEARED_BY_EDIT =
  QualityFlag.missing | QualityFlag.estimated | QualityFlag.failedValidation | QualityFlag.suspect;

/**
 * Applies manual edits, giving the edited version and one audit entry per edit. Edited intervals
 * carry `edited`; missing, estimated, failed and suspect are cleared; event flags (outage,
 * clock adjusted, tamper) stay.
 *
 * @example
 * const { series: v2, audit } = applyEdits(v1, [{ start, value: 412, reason: 'customer read', user: 'jdoe' }], Date.now());
 */
export function applyEdits(
  series: ChannelSeries,
  edits: readonly ManualEdit[],
  at: number,
  firstSequence = 1,
): { series: ChannelSeries; audit: AuditEntry[] } {
  let current = series;
  const audit: AuditEntry[] = [];
  edits.forEach((e, k) => {
    const i = indexAt(current, e.start);
    if (i < 0 || (e.start - current.start) % (current.intervalSeconds * 1000) !== 0) {
      throw new RangeError(
        `Edit at ${new Date(e.start).toISOString()} is not an interval of ${current.meterId}`,
      );
    }
    if (e.value !== null && !Number.isSafeInteger(e.value)) {
      throw new RangeError(`Edit value ${e.value} is not a safe integer`);
    }
    if (!e.reason.trim() || !e.user.trim()) throw new RangeError('An edit needs a reason and a user');
    const values = [...current.values];
    const quality = [...current.quality];
    values[i] = e.value;
    quality[i] =
      e.value === null
        ? (quality[i]! & ~CLEARED_BY_EDIT) | QualityFlag.missing | QualityFlag.edited
        : (quality[i]! & ~CLEARED_BY_EDIT) | QualityFlag.edited;
    const next = { ...current, values, quality };
    audit.push({
      id: `edit:${firstSequence + k}`,
      step: 'edit',
      meterId: current.meterId,
      channel: current.channel,
      at,
      actor: e.user,
      cause: 'manual',
      reason: e.reason,
      changes: changesBetween(current, next, [i]),
    });
    current = next;
  });
  return { series: current, audit };
}
