import type { FeederId, MeterId, TransformerId } from '../identity.js';
import type { QualityFlags } from '../quality.js';
import type { ChannelCode, IntervalBlock, ReadingSource } from '../reading.js';

/**
 * What produced a version of an interval value. Every interval (meter, channel, start) keeps a
 * chain of versions; each write adds versions of one kind.
 * - `raw`: as received from the meter, a push or an import file.
 * - `validated`: the raw value after VEE validation (quality flags set by the rules).
 * - `estimated`: a value VEE estimation filled in or replaced.
 * - `edited`: a value a person entered (with user and reason).
 */
export type ReadingKind = 'raw' | 'validated' | 'estimated' | 'edited';

/** The kinds in a stable order (stored as text, never as an ordinal). */
export const READING_KINDS: readonly ReadingKind[] = ['raw', 'validated', 'estimated', 'edited'];

/** The step an audited change belongs to. */
export type ChangeAction = 'ingest' | 'validate' | 'estimate' | 'edit' | 'revert';

/**
 * Who and why, for one write. Every write that stores at least one version is recorded as one
 * {@link AuditEntry}; the versions it stored carry its `changeId`, so it can be reverted.
 */
export interface ChangeInfo {
  /** Defaults from the kind: raw → ingest, validated → validate, estimated → estimate, edited → edit. */
  readonly action?: Exclude<ChangeAction, 'revert'>;
  /** A person (required for `edited`) or a service name ("mdm-vee"). */
  readonly user?: string;
  /** Why (required for `edited`). */
  readonly reason?: string;
  /** The VEE rule or estimation method that produced the values ("spike-check", "linear"). */
  readonly ruleId?: string;
  /**
   * The id the change gets (a new UUID) when it stores anything, so related writes in the same
   * {@link AtomicWrites} (VEE results) can name it; default: the store draws one.
   */
  readonly changeId?: string;
}

/** Options of {@link ReadingStore.writeIntervalBlocks}. */
export interface IntervalWriteOptions {
  /** Kind of every value in the call; default `raw`. */
  readonly kind?: ReadingKind;
  readonly change?: ChangeInfo;
}

/** What a store did with a batch: new rows, exact repeats ignored, changed values kept as versions. */
export interface StoreWriteResult {
  /** Values stored where none of the same kind existed (the first raw, the first validated…). */
  readonly inserted: number;
  /** Values equal (value, quality, device status) to the latest stored one of the same kind. */
  readonly duplicates: number;
  /** Values that differ from the latest stored one of the same kind, stored as a new version. */
  readonly corrected: number;
  /** The audit entry of the write, if it stored anything (interval writes only). */
  readonly changeId?: string;
}

/** One stored version of one interval value. */
export interface IntervalVersion {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** Epoch ms (UTC) at the start of the interval. */
  readonly start: number;
  readonly intervalSeconds: number;
  readonly unit: number;
  /** 1 for the first version of the interval, +1 for each later one (any kind). */
  readonly version: number;
  readonly kind: ReadingKind;
  readonly value: number | null;
  readonly quality: QualityFlags;
  readonly deviceStatus?: number;
  readonly source: ReadingSource;
  /** The write that stored this version (see {@link AuditEntry}). */
  readonly changeId: string;
  /** Epoch ms when the store wrote it. */
  readonly recordedAt: number;
}

/** One audited step: an ingest, a VEE validation, an estimation, an edit or a revert. */
export interface AuditEntry {
  readonly changeId: string;
  readonly action: ChangeAction;
  readonly kind: ReadingKind;
  readonly user?: string;
  readonly reason?: string;
  readonly ruleId?: string;
  /** For a revert: the change it undid. */
  readonly revertsChangeId?: string;
  /** Epoch ms when it was recorded. */
  readonly at: number;
  /** Number of interval versions the change stored. */
  readonly versions: number;
  /** Smallest interval start it touched (epoch ms, inclusive). */
  readonly from: number;
  /** End of the last interval it touched (epoch ms, exclusive). */
  readonly to: number;
}

/** Result of {@link ReadingStore.revertChange}. */
export interface RevertResult {
  /** The audit entry of the revert itself (a revert can be reverted too). */
  readonly changeId: string;
  /** Intervals whose current version was the reverted change's and now is the one before it. */
  readonly reverted: number;
  /** Intervals the reverted change wrote that a later change has since superseded (left alone). */
  readonly skipped: number;
}

/** Outcome of one VEE rule on one channel and interval range. */
export type VeeOutcome = 'passed' | 'failed' | 'suspect' | 'estimated' | 'skipped';

/** What one VEE rule concluded about one channel over one interval range. */
export interface VeeResult {
  /** The VEE run that produced it; with rule, meter, channel and `from` it identifies the result. */
  readonly runId: string;
  readonly ruleId: string;
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
  readonly outcome: VeeOutcome;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  /** The change that stored the values the rule produced, if any. */
  readonly changeId?: string;
  /** Epoch ms when the rule ran. */
  readonly at: number;
}

/** One channel of one meter, with the unit and interval length its profile has. */
export interface ChannelInfo {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** DLMS unit code (30 = Wh). */
  readonly unit: number;
  /** Load profile capture period; absent for register-only channels. */
  readonly intervalSeconds?: number;
}

/** What a rollup sums over. */
export type RollupScope = 'meter' | 'transformer' | 'feeder';

/** Rollup period: a day or a calendar month, starting at `periodStart` (the caller's time zone). */
export type RollupPeriod = 'day' | 'month';

/** Identifies one rollup row. */
export interface RollupKey {
  readonly scope: RollupScope;
  /** A MeterId, TransformerId or FeederId according to `scope`. */
  readonly scopeId: MeterId | TransformerId | FeederId | string;
  readonly channel: ChannelCode;
  readonly period: RollupPeriod;
  /** Epoch ms at the start of the day or month. */
  readonly periodStart: number;
}

/** Sums of the latest interval versions over one period; every field an integer. */
export interface Rollup extends RollupKey {
  /** Sum of the interval values (Wh, varh…): a safe integer, stored as BIGINT. */
  readonly energy: number;
  /** Intervals with a value. */
  readonly intervals: number;
  /** Intervals whose value was estimated. */
  readonly estimated: number;
  /** Intervals missing (no value). */
  readonly missing: number;
}

/**
 * How {@link ReadingStore.upsertRollups} treats an existing row: `replace` overwrites it with the
 * given sums; `add` adds the given numbers (deltas, may be negative) to it atomically.
 */
export type RollupWriteMode = 'replace' | 'add';

/**
 * Writes that commit together (one transaction): all of them or none. Interval writes run in
 * order, each classified and audited as its own change; then VEE results, rollups, checkpoint. A
 * VEE result naming the (caller-chosen) change id of an interval write of the same call that
 * stored nothing (all duplicates) is stored without a change id.
 */
export interface AtomicWrites {
  readonly intervals?: readonly {
    readonly blocks: readonly IntervalBlock[];
    readonly options?: IntervalWriteOptions;
  }[];
  readonly veeResults?: readonly VeeResult[];
  readonly rollups?: readonly Rollup[];
  /** How the rollups are written; default `add`. */
  readonly rollupMode?: RollupWriteMode;
  /**
   * A named value stored with the writes (e.g. how far a pipeline has processed its input), read
   * back with `readCheckpoint`; a later write of the name replaces it.
   */
  readonly checkpoint?: { readonly name: string; readonly value: number };
}

/** What {@link ReadingStore.writeAtomically} stored. */
export interface AtomicWriteResult {
  /** One per interval write, in order. */
  readonly intervals: readonly StoreWriteResult[];
  readonly veeResults: StoreWriteResult;
}

/** A revert names a change the store does not hold. */
export class UnknownChangeError extends Error {
  override readonly name = 'UnknownChangeError';
  constructor(readonly changeId: string) {
    super(`Cannot revert change ${changeId}: no such change in the audit trail`);
  }
}

/** The store cannot be reached or opened (server down, file locked by another process). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
