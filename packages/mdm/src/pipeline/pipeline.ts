import type { IntervalBlock, ReadingStore, StoreWriteResult } from '@gridmeter/domain';
import { Ingestor, type IngestorOptions, type IngestStats } from '../ingest/ingestor.js';
import { seriesKey } from './batch.js';
import { dayStartOf } from './calendar.js';
import { RollupKeeper, type RollupKeeperOptions } from './rollups.js';
import { type DayRef, type VeeBatchReport, VeeStage, type VeeStageOptions } from './vee-stage.js';

/** Options of an {@link MdmPipeline}: the ingestor's, plus the VEE stage's and the rollups'. */
export interface MdmPipelineOptions extends Omit<IngestorOptions, 'afterBatch' | 'beforeBatch'> {
  readonly vee?: Omit<VeeStageOptions, 'store'>;
  /** `false` keeps no rollups. */
  readonly rollups?: false | Omit<RollupKeeperOptions, 'store'>;
  /** Called after each batch has been validated and rolled up. */
  readonly onBatch?: (report: VeeBatchReport) => void;
  /**
   * Name of the checkpoint stored with every VEE outcome (default `mdm-pipeline`; one per
   * worker sharing a store): {@link MdmPipeline.recover} validates the raw changes after it.
   */
  readonly checkpointName?: string;
}

/** Counters of an {@link MdmPipeline}. */
export interface MdmPipelineStats {
  readonly ingest: IngestStats;
  readonly vee: {
    readonly batches: number;
    readonly windows: number;
    readonly inMemory: number;
    readonly validatedVersions: number;
    readonly estimatedVersions: number;
    readonly findings: number;
    /** Wall time in the VEE stage (loads, engine, writes). */
    readonly ms: number;
  };
  readonly rollups: { readonly rows: number; readonly ms: number };
}

/**
 * Raw ingest from the Bus → VEE → rollups. Each durable raw batch goes through the
 * {@link VeeStage} and its new meter-day sums through the {@link RollupKeeper}, in the ingestor's
 * write order (one batch at a time). A Bus delivery is acknowledged once its raw values are
 * durable; VEE follows. An error in VEE or rollups goes to `onError` and leaves the raw data
 * stored (re-run with `vee.revalidate` and `rollups.recompute`).
 *
 * VEE of batch N overlaps the raw write of batch N+1 (the engine's CPU work runs while the store
 * writes) unless the two batches share a (meter, channel) series: then the raw write waits for
 * VEE N, so VEE never sees a later raw version of a series it is validating. At most one batch's
 * VEE is behind the raw writes.
 *
 * @example
 * const pipeline = new MdmPipeline({ store, bus, vee: { configs: { '*': {} } }, rollups: { placeOf } });
 * pipeline.start();
 * // … later
 * await pipeline.stop();
 * console.log(pipeline.stats);
 */
export class MdmPipeline {
  readonly ingestor: Ingestor;
  readonly vee: VeeStage;
  readonly rollups: RollupKeeper | undefined;
  readonly #onBatch: ((report: VeeBatchReport) => void) | undefined;
  #vee = {
    batches: 0,
    windows: 0,
    inMemory: 0,
    validatedVersions: 0,
    estimatedVersions: 0,
    findings: 0,
    ms: 0,
  };
  #rollups = { rows: 0, ms: 0 };
  /** The batch whose VEE may still be running: its series and its completion. */
  #inFlight: { readonly series: ReadonlySet<string>; readonly done: Promise<void> } | undefined;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #checkpoint: string;
  readonly #offset: number;
  readonly #store: ReadingStore;
  #checkpointReady: Promise<void> | undefined;
  /** Epoch ms just before the raw write of the batch being written. */
  #writeStartedAt = 0;

  constructor(options: MdmPipelineOptions) {
    const { vee, rollups, onBatch, checkpointName, ...ingest } = options;
    this.#checkpoint = checkpointName ?? 'mdm-pipeline';
    this.vee = new VeeStage({ ...vee, store: options.store });
    this.#offset = vee?.utcOffsetMinutes ?? 0;
    this.#store = options.store;
    this.rollups = rollups === false ? undefined : new RollupKeeper({ ...rollups, store: options.store });
    this.#onBatch = onBatch;
    this.#onError = ingest.onError;
    this.ingestor = new Ingestor({
      ...ingest,
      beforeBatch: (blocks) => this.#beforeBatch(blocks),
      afterBatch: (blocks, result) => this.#afterBatch(blocks, result),
    });
  }

  get stats(): MdmPipelineStats {
    return { ingest: this.ingestor.stats, vee: { ...this.#vee }, rollups: { ...this.#rollups } };
  }

  /** Subscribes to readings and events on the Bus. */
  start(): void {
    this.ingestor.start();
  }

  /** Unsubscribes and processes whatever is pending. */
  async stop(): Promise<void> {
    await this.ingestor.stop();
    await this.#inFlight?.done;
  }

  /** Ingests blocks directly; resolves when their raw values are durable (VEE follows). */
  ingestBlocks(blocks: readonly IntervalBlock[]): Promise<void> {
    return this.ingestor.ingestBlocks(blocks);
  }

  /** Writes the pending batch and waits until every batch so far has been validated and rolled up. */
  async flush(): Promise<void> {
    await this.ingestor.flush();
    await this.#inFlight?.done;
  }

  /**
   * Validates (and rolls up) every raw change stored since the checkpoint of the last committed
   * VEE outcome: the batches a crash left between their raw write and their VEE commit. Idempotent
   * (a batch validated twice changes nothing), so it may repeat work. Run it when a worker starts,
   * before `start()`, while no other worker processes the same meters.
   */
  async recover(): Promise<VeeBatchReport[]> {
    const store = this.#store;
    const startedAt = Date.now();
    const since = await store.readCheckpoint(this.#checkpoint);
    if (since === undefined) return [];
    const changes = (await store.readAudit({ from: since })).filter(
      (e) => e.action === 'ingest' && e.kind === 'raw',
    );
    const offset = this.#offset;
    const groups = new Map<string, Map<string, DayRef>>();
    for (const c of changes) {
      for (const v of await store.readChangeIntervals(c.changeId)) {
        const g = `${v.unit}/${v.intervalSeconds}`;
        let days = groups.get(g);
        if (!days) {
          days = new Map();
          groups.set(g, days);
        }
        const dayStart = dayStartOf(v.start, offset);
        days.set(`${seriesKey(v.meterId, v.channel)}\u0000${dayStart}`, {
          meterId: v.meterId,
          channel: v.channel,
          dayStart,
        });
      }
    }
    const reports: VeeBatchReport[] = [];
    for (const [g, days] of groups) {
      const [unit, seconds] = g.split('/').map(Number);
      const report = await this.vee.revalidate([...days.values()], unit, seconds, {
        ...(this.rollups ? { rollups: (d) => this.rollups!.deltas(d) } : {}),
        checkpoint: { name: this.#checkpoint, value: startedAt },
      });
      reports.push(report);
    }
    return reports;
  }

  async #beforeBatch(blocks: readonly IntervalBlock[]): Promise<void> {
    this.#checkpointReady ??= this.#initCheckpoint().catch((e: unknown) => {
      this.#checkpointReady = undefined; // try again with the next batch
      throw e;
    });
    await this.#checkpointReady;
    const f = this.#inFlight;
    if (f && blocks.some((b) => f.series.has(seriesKey(b.meterId, b.channel)))) await f.done;
    this.#writeStartedAt = Date.now();
  }

  /** Stores a first checkpoint before the first raw write, so a crash before any VEE commit is recoverable. */
  async #initCheckpoint(): Promise<void> {
    const store = this.#store;
    if ((await store.readCheckpoint(this.#checkpoint)) !== undefined) return;
    await store.writeAtomically({ checkpoint: { name: this.#checkpoint, value: Date.now() } });
  }

  async #afterBatch(blocks: readonly IntervalBlock[], result: StoreWriteResult): Promise<void> {
    await this.#inFlight?.done;
    const series = new Set(blocks.map((b) => seriesKey(b.meterId, b.channel)));
    const startedAt = this.#writeStartedAt;
    const done = this.#process(blocks, result, startedAt).catch((e: unknown) => this.#onError?.(e));
    this.#inFlight = { series, done };
  }

  async #process(
    blocks: readonly IntervalBlock[],
    result: StoreWriteResult,
    startedAt: number,
  ): Promise<void> {
    const t = performance.now();
    let rollupMs = 0;
    const rollups = this.rollups;
    const report = await this.vee.process(blocks, result, {
      ...(rollups
        ? {
            rollups: async (days) => {
              const r0 = performance.now();
              const deltas = await rollups.deltas(days);
              rollupMs += performance.now() - r0;
              this.#rollups.rows += deltas.length;
              return deltas;
            },
          }
        : {}),
      // Raw changes recorded from here on may not be validated yet (this one is, once this commits).
      checkpoint: { name: this.#checkpoint, value: startedAt },
    });
    const v = this.#vee;
    v.ms += performance.now() - t - rollupMs;
    this.#rollups.ms += rollupMs;
    if (report.windows === 0) return;
    v.batches++;
    v.windows += report.windows;
    v.inMemory += report.inMemory;
    v.validatedVersions += report.validatedVersions;
    v.estimatedVersions += report.estimatedVersions;
    v.findings += report.findings;
    this.#onBatch?.(report);
  }
}
