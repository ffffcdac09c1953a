import type { MeterEvent } from '../events.js';
import type { Meter, MeterId, MeterInstallation, ServicePoint, ServicePointId } from '../identity.js';
import type { ChannelCode, IntervalBlock, RegisterRead } from '../reading.js';
import type {
  AtomicWriteResult,
  AtomicWrites,
  AuditEntry,
  ChannelInfo,
  IntervalVersion,
  IntervalWriteOptions,
  RevertResult,
  Rollup,
  RollupPeriod,
  RollupScope,
  RollupWriteMode,
  StoreWriteResult,
  VeeResult,
} from './reading-store-types.js';

export type {
  AtomicWriteResult,
  AtomicWrites,
  AuditEntry,
  ChangeAction,
  ChangeInfo,
  ChannelInfo,
  IntervalVersion,
  IntervalWriteOptions,
  ReadingKind,
  RevertResult,
  Rollup,
  RollupKey,
  RollupPeriod,
  RollupScope,
  RollupWriteMode,
  StoreWriteResult,
  VeeOutcome,
  VeeResult,
} from './reading-store-types.js';

/** Intervals of one channel of one meter whose start lies in `[from, to)` (epoch ms). */
export interface IntervalQuery {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

/**
 * Intervals of one channel of several meters whose start lies in `[from, to)` (epoch ms): the
 * batched form of {@link IntervalQuery}, one round trip for a whole batch of series.
 */
export interface MeterIntervalsQuery {
  /** Meters to read; repeats are read once. An empty list reads nothing. */
  readonly meterIds: readonly MeterId[];
  readonly channel: ChannelCode;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

export interface EventQuery {
  readonly meterId?: MeterId;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

export interface RegisterReadQuery {
  readonly meterId: MeterId;
  readonly register?: ChannelCode;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

/** Register reads of several meters (optionally one register) with `readAt` in `[from, to)`. */
export interface MeterRegisterReadsQuery {
  /** Meters to read; repeats are read once. An empty list reads nothing. */
  readonly meterIds: readonly MeterId[];
  readonly register?: ChannelCode;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

/** Audit entries recorded in `[from, to)` (epoch ms of recording), optionally of one change. */
export interface AuditQuery {
  readonly changeId?: string;
  readonly from?: number;
  readonly to?: number;
}

/** VEE results of one meter or the whole fleet (optionally one channel, rule or run) overlapping `[from, to)`. */
export interface VeeResultQuery {
  /** Every meter's results when absent (fleet-wide exception lists). */
  readonly meterId?: MeterId;
  readonly channel?: ChannelCode;
  readonly ruleId?: string;
  readonly runId?: string;
  readonly from: number;
  readonly to: number;
}

/** Rollups of one scope and period whose `periodStart` lies in `[from, to)`. */
export interface RollupQuery {
  readonly scope: RollupScope;
  /** All ids of the scope when absent. */
  readonly scopeId?: string;
  readonly channel?: ChannelCode;
  readonly period: RollupPeriod;
  readonly from: number;
  readonly to: number;
}

export interface InstallationQuery {
  readonly meterId?: MeterId;
  readonly servicePointId?: ServicePointId;
}

/**
 * Where meter data lives. Adapters: DuckDB (embedded default, one file) and PostgreSQL (shared,
 * partitioned by month); both pass one contract test suite (`@gridmeter/store`).
 *
 * Interval data is versioned. Each interval (meter, channel, start) has versions 1, 2, 3…, each of
 * a {@link ReadingKind}. A write of kind K for an interval is
 * - a duplicate (nothing stored) when value, quality and device status equal the latest stored
 *   version of kind K;
 * - otherwise a new version (counted `inserted` if no version of kind K existed, else `corrected`).
 * Reads return the latest version of each interval; {@link readIntervalVersions} returns all.
 *
 * Every write that stores versions records one audit entry (its `changeId`). {@link revertChange}
 * undoes a change by appending, for each interval where that change's version is still the latest,
 * a copy of the version before it; history is never rewritten, so a revert is itself revertible.
 *
 * A write that resolved is durable (committed). Concurrent writers neither lose nor duplicate
 * versions. Bad input (non-integer energy, reversed ranges, unaligned starts, an edit without user
 * or reason) is rejected with `RangeError`/`TypeError` before anything is written.
 *
 * @example
 * const r = await store.writeIntervalBlocks([block]);               // raw, as received
 * await store.writeIntervalBlocks([validated], { kind: 'validated', change: { ruleId: 'vee' } });
 * const current = await store.readIntervals({ meterId, channel, from, to });
 * await store.revertChange(r.changeId!, { user: 'ops', reason: 'bad import' });
 */
export interface ReadingStore {
  // --- Registry: service points, meters, installation history, channels ----------------------

  /** Inserts or replaces service points by id. */
  upsertServicePoints(points: readonly ServicePoint[]): Promise<void>;
  readServicePoints(ids?: readonly ServicePointId[]): Promise<ServicePoint[]>;
  /** Inserts or replaces meters by id. */
  upsertMeters(meters: readonly Meter[]): Promise<void>;
  readMeters(ids?: readonly MeterId[]): Promise<Meter[]>;
  /**
   * Records installation periods, keyed by (meter, installedAt); a repeat replaces `removedAt`
   * (how a removal is recorded). Throws `RangeError` if `removedAt <= installedAt`.
   */
  upsertInstallations(installations: readonly MeterInstallation[]): Promise<void>;
  /** Installation history, oldest first. */
  readInstallations(query: InstallationQuery): Promise<MeterInstallation[]>;
  /** Inserts or replaces channels by (meter, channel). */
  upsertChannels(channels: readonly ChannelInfo[]): Promise<void>;
  readChannels(meterId: MeterId): Promise<ChannelInfo[]>;

  // --- Interval data, versions, audit -----------------------------------------------------------

  /** Stores every value of the blocks as versions of `options.kind` (default `raw`); see above. */
  writeIntervalBlocks(
    blocks: readonly IntervalBlock[],
    options?: IntervalWriteOptions,
  ): Promise<StoreWriteResult>;
  /**
   * The latest version of each stored interval in range, as blocks of consecutive intervals with
   * the same unit, length and source (a gap or a change of source starts a new block).
   */
  readIntervals(query: IntervalQuery): Promise<IntervalBlock[]>;
  /**
   * {@link readIntervals} for several meters in one query: the latest version of each stored
   * interval, as blocks, grouped by meter in the order of `meterIds` (first occurrence), each
   * meter's blocks by start. Equal to concatenating `readIntervals` per meter.
   * @example
   * const blocks = await store.readIntervalsForMeters({ meterIds: batchMeters, channel, from, to });
   */
  readIntervalsForMeters(query: MeterIntervalsQuery): Promise<IntervalBlock[]>;
  /** Every version of every interval in range, by start then version. */
  readIntervalVersions(query: IntervalQuery): Promise<IntervalVersion[]>;
  /** Audit entries, oldest first. */
  readAudit(query: AuditQuery): Promise<AuditEntry[]>;
  /**
   * Undoes a change (see above). Throws {@link UnknownChangeError} for an unknown id.
   * @example await store.revertChange(id, { user: 'alice', reason: 'estimate was wrong' })
   */
  revertChange(
    changeId: string,
    by: { readonly user: string; readonly reason: string },
  ): Promise<RevertResult>;

  // --- VEE results -------------------------------------------------------------------------------

  /** Stores results keyed by (run, rule, meter, channel, from); a repeat is a duplicate. */
  writeVeeResults(results: readonly VeeResult[]): Promise<StoreWriteResult>;
  readVeeResults(query: VeeResultQuery): Promise<VeeResult[]>;

  // --- Register reads and events ---------------------------------------------------------------

  /**
   * Keyed by (meter, register, readAt, billingPeriod). A repeat is a duplicate; a different value,
   * scaler, unit or quality for the same key replaces the stored read and counts as `corrected`.
   */
  writeRegisterReads(reads: readonly RegisterRead[]): Promise<StoreWriteResult>;
  readRegisterReads(query: RegisterReadQuery): Promise<RegisterRead[]>;
  /**
   * {@link readRegisterReads} for several meters in one query: grouped by meter in the order of
   * `meterIds` (first occurrence), each meter's reads in `readRegisterReads` order.
   */
  readRegisterReadsForMeters(query: MeterRegisterReadsQuery): Promise<RegisterRead[]>;
  /** Keyed by (meter, occurredAt, log, code): a logged event is a fact, so a repeat is a duplicate. */
  writeEvents(events: readonly MeterEvent[]): Promise<StoreWriteResult>;
  /** Events in range, oldest first. */
  readEvents(query: EventQuery): Promise<MeterEvent[]>;

  // --- Rollups ----------------------------------------------------------------------------------

  /**
   * Stores daily/monthly sums per meter, transformer or feeder. The store does not compute them:
   * the caller (MDM) does, incrementally, with `add` for deltas or `replace` for recomputed rows.
   * Both are atomic per row under concurrent writers.
   */
  upsertRollups(rollups: readonly Rollup[], mode?: RollupWriteMode): Promise<void>;
  /** Rollups by scope id then period start. */
  readRollups(query: RollupQuery): Promise<Rollup[]>;

  // --- Several writes at once ---------------------------------------------------------------------

  /**
   * Commits interval writes, VEE results, rollups and a checkpoint in one transaction (see
   * {@link AtomicWrites}): after a crash either all of them are stored or none. Each interval write
   * behaves as {@link writeIntervalBlocks} (its own change id and audit entry).
   * @example
   * await store.writeAtomically({
   *   intervals: [{ blocks: validated, options: { kind: 'validated' } }],
   *   rollups: deltas, checkpoint: { name: 'mdm-pipeline', value: rawRecordedAt },
   * });
   */
  writeAtomically(writes: AtomicWrites): Promise<AtomicWriteResult>;
  /** The value last stored for a checkpoint name by {@link writeAtomically}, if any. */
  readCheckpoint(name: string): Promise<number | undefined>;
  /** The interval versions one change stored (by meter, channel, start). Unknown change: none. */
  readChangeIntervals(changeId: string): Promise<IntervalVersion[]>;

  /** Releases connections; a closed store rejects further calls. */
  close(): Promise<void>;
}
