import {
  type Bus,
  type BusMessage,
  type IntervalBlock,
  type MeterEvent,
  type ReadingStore,
  type RegisterRead,
  type StoreWriteResult,
  Subjects,
  type Subscription,
} from '@gridmeter/domain';

export interface IngestorOptions {
  readonly store: ReadingStore;
  readonly bus: Bus;
  /** Intervals per store write (default 20,000). */
  readonly batchIntervals?: number;
  /** Register reads or events per store write (default 5,000 each). */
  readonly batchRecords?: number;
  /** Longest a reading waits for its batch to fill (default 50 ms). */
  readonly flushMs?: number;
  /** Queue group shared by MDM workers (each message to one of them). */
  readonly queue?: string;
  /**
   * Called before each interval batch's store write, in write order (the pipeline waits here for
   * VEE work the batch must not overtake).
   */
  readonly beforeBatch?: (blocks: readonly IntervalBlock[]) => Promise<void> | void;
  /** Called after each interval batch is durable (VEE and rollups hook in here). */
  readonly afterBatch?: (blocks: readonly IntervalBlock[], result: StoreWriteResult) => Promise<void> | void;
  readonly onError?: (error: unknown) => void;
}

/** Counters of what the ingestor stored. */
export interface IngestStats {
  readonly batches: number;
  readonly intervals: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly corrected: number;
  readonly registerReads: number;
  readonly events: number;
  /** Wall time spent in interval store writes (ms). */
  readonly writeMs: number;
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Takes readings from the Bus into the store, idempotently: interval blocks, register reads and
 * events are batched (by size or time) and each kind written in one store call per batch —
 * register reads and events first, so VEE of the batch's intervals sees them; a Bus delivery
 * resolves only once its readings are durable, so an acknowledged reading is never lost, and a
 * redelivered one is stored once (the store counts it as a duplicate). Backpressure: while a write
 * is in progress, at most two batches wait; further deliveries wait for room, which slows the
 * publishers.
 */
export class Ingestor {
  readonly #o: IngestorOptions;
  readonly #subs: Subscription[] = [];
  #pending: IntervalBlock[] = [];
  #pendingIntervals = 0;
  #pendingReads: RegisterRead[] = [];
  #pendingEvents: MeterEvent[] = [];
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #roomWaiters: (() => void)[] = [];
  #stats = {
    batches: 0,
    intervals: 0,
    inserted: 0,
    duplicates: 0,
    corrected: 0,
    registerReads: 0,
    events: 0,
    writeMs: 0,
  };

  constructor(options: IngestorOptions) {
    this.#o = options;
  }

  get stats(): IngestStats {
    return { ...this.#stats };
  }

  /** Subscribes to readings and events on the Bus. */
  start(): void {
    const queue = this.#o.queue ?? 'mdm';
    this.#subs.push(
      this.#o.bus.subscribe(Subjects.allReadings, (m) => this.#onMessage(m), { queue }),
      this.#o.bus.subscribe(Subjects.allEvents, (m) => this.#onMessage(m), { queue }),
    );
  }

  /** Unsubscribes and writes whatever is pending. */
  async stop(): Promise<void> {
    for (const s of this.#subs.splice(0)) s.unsubscribe();
    await this.flush();
  }

  /** Stores interval blocks directly (file imports, benchmarks); resolves when they are durable. */
  ingestBlocks(blocks: readonly IntervalBlock[]): Promise<void> {
    return this.#enqueue(() => {
      for (const b of blocks) {
        this.#pending.push(b);
        this.#pendingIntervals += b.values.length;
      }
    });
  }

  /** Stores register reads with the next batch; resolves when they are durable. */
  ingestRegisterReads(reads: readonly RegisterRead[]): Promise<void> {
    return this.#enqueue(() => this.#pendingReads.push(...reads));
  }

  /** Stores meter events with the next batch; resolves when they are durable. */
  ingestEvents(events: readonly MeterEvent[]): Promise<void> {
    return this.#enqueue(() => this.#pendingEvents.push(...events));
  }

  /** Waits for room, adds to the pending batch, and resolves once that batch is durable. */
  async #enqueue(add: () => void): Promise<void> {
    await this.#room();
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    add();
    if (this.#full()) this.#startFlush();
    else this.#armTimer();
    return done;
  }

  /** Writes the pending batch now and waits for every write so far. */
  async flush(): Promise<void> {
    this.#startFlush();
    await this.#writing;
  }

  async #onMessage(m: BusMessage): Promise<void> {
    switch (m.type) {
      case 'interval-block':
        return this.ingestBlocks([m.block]);
      case 'register-read':
        return this.ingestRegisterReads([m.read]);
      case 'meter-event':
        return this.ingestEvents([m.event]);
      default:
        return undefined;
    }
  }

  /** Waits while two batches are already queued behind the running write. */
  async #room(): Promise<void> {
    while (this.#inFlight >= 2 && this.#full()) {
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    }
  }

  /** Whether the pending batch has reached a size limit of any kind. */
  #full(): boolean {
    const records = this.#o.batchRecords ?? 5_000;
    return (
      this.#pendingIntervals >= (this.#o.batchIntervals ?? 20_000) ||
      this.#pendingReads.length >= records ||
      this.#pendingEvents.length >= records
    );
  }

  #armTimer(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#startFlush();
    }, this.#o.flushMs ?? 50);
  }

  #startFlush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#waiters.length === 0) return;
    const blocks = this.#pending;
    const reads = this.#pendingReads;
    const events = this.#pendingEvents;
    const waiters = this.#waiters;
    const intervals = this.#pendingIntervals;
    this.#pending = [];
    this.#pendingReads = [];
    this.#pendingEvents = [];
    this.#waiters = [];
    this.#pendingIntervals = 0;
    this.#inFlight++;
    this.#writing = this.#writing.then(async () => {
      try {
        if (reads.length > 0) {
          await this.#o.store.writeRegisterReads(reads);
          this.#stats.registerReads += reads.length;
        }
        if (events.length > 0) {
          await this.#o.store.writeEvents(events);
          this.#stats.events += events.length;
        }
        if (blocks.length === 0) {
          for (const w of waiters) w.resolve();
          return;
        }
        await this.#o.beforeBatch?.(blocks);
        const t0 = performance.now();
        const result = await this.#o.store.writeIntervalBlocks(blocks, { kind: 'raw' });
        this.#stats.writeMs += performance.now() - t0;
        this.#stats.batches++;
        this.#stats.intervals += intervals;
        this.#stats.inserted += result.inserted;
        this.#stats.duplicates += result.duplicates;
        this.#stats.corrected += result.corrected;
        for (const w of waiters) w.resolve();
        try {
          await this.#o.afterBatch?.(blocks, result);
        } catch (e) {
          this.#o.onError?.(e);
        }
      } catch (e) {
        for (const w of waiters) w.reject(e);
        this.#o.onError?.(e);
      } finally {
        this.#inFlight--;
        for (const r of this.#roomWaiters.splice(0)) r();
      }
    });
  }
}
