import type { MeterEvent } from '../events.js';
import type { MeterId } from '../identity.js';
import type { ChannelCode, IntervalBlock, RegisterRead } from '../reading.js';

/** What a store did with a batch: new rows, exact repeats ignored, changed values kept as versions. */
export interface StoreWriteResult {
  readonly inserted: number;
  readonly duplicates: number;
  readonly corrected: number;
}

export interface IntervalQuery {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

export interface EventQuery {
  readonly meterId?: MeterId;
  readonly from: number;
  readonly to: number;
}

/**
 * Where readings live. Writes are idempotent: the same interval value twice is stored once, a
 * different value for the same interval becomes a new version. A write that resolved is durable.
 * Adapters: DuckDB (embedded default) and PostgreSQL; both pass one contract test suite.
 */
export interface ReadingStore {
  writeIntervalBlocks(blocks: readonly IntervalBlock[]): Promise<StoreWriteResult>;
  writeRegisterReads(reads: readonly RegisterRead[]): Promise<StoreWriteResult>;
  writeEvents(events: readonly MeterEvent[]): Promise<StoreWriteResult>;
  /** The latest version of each interval in range, as blocks of consecutive intervals. */
  readIntervals(query: IntervalQuery): Promise<IntervalBlock[]>;
  readRegisterReads(query: {
    meterId: MeterId;
    register?: ChannelCode;
    from: number;
    to: number;
  }): Promise<RegisterRead[]>;
  readEvents(query: EventQuery): Promise<MeterEvent[]>;
  close(): Promise<void>;
}
