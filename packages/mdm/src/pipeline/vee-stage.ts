import { randomUUID } from 'node:crypto';
import type {
  ChannelCode,
  IntervalBlock,
  IntervalWriteOptions,
  MeterEvent,
  MeterId,
  ReadingStore,
  RegisterRead,
  Rollup,
  VeeResult as StoredVeeResult,
  StoreWriteResult,
} from '@gridmeter/domain';
import { configForGroup, type VeeConfig, type VeeConfigOverrides } from '../vee/config.js';
import { clockAdjustments, disconnectionWindows, outageWindows, type VeeContext } from '../vee/context.js';
import { VeeEngine } from '../vee/engine.js';
import type { Finding } from '../vee/finding.js';
import { type BatchSeries, collectBatch, seriesKey } from './batch.js';
import { DAY_MS } from './calendar.js';
import { StoreRegistry } from './registry.js';
import { type DaySums, runDay } from './run-day.js';
import { Timeline } from './timeline.js';
import { BlockBuilder, findingResult } from './vee-writes.js';

/** Options of a {@link VeeStage}. */
export interface VeeStageOptions {
  readonly store: ReadingStore;
  /** VEE overrides per meter group; `'*'` applies to every group (see `configForGroup`). */
  readonly configs?: Readonly<Record<string, VeeConfigOverrides>>;
  /** The group of a meter (default: none, so `'*'` and the defaults apply). */
  readonly groupOf?: (meterId: MeterId) => string | undefined;
  /** Whether a meter may export at `at` (default: its service point's `hasGeneration` in the store). */
  readonly hasGeneration?: (meterId: MeterId, at: number) => boolean;
  /** Local time of the meters, minutes east of UTC; days and months are local. Default 0. */
  readonly utcOffsetMinutes?: number;
  /** Days of history read before each day (spikes, usage bands, estimation). Default 28; 0 reads none. */
  readonly historyDays?: number;
  /** Read register reads for the register-delta check and scaling. Default true. */
  readonly registerReads?: boolean;
  /**
   * `all` (default) stores a validated version of every received value; `changed` only where VEE
   * changed its quality flags: a raw value that is the latest version and has no validated one
   * passed VEE unchanged.
   */
  readonly validatedVersions?: 'all' | 'changed';
  /** The run time (future-dated check, audit). Default `Date.now`. */
  readonly now?: () => number;
  readonly engine?: VeeEngine;
  /** Recorded as the user of every VEE change. Default `vee`. */
  readonly user?: string;
  /**
   * Series whose last `historyDays` (after VEE) are kept in memory, so the next batch of the same
   * series reads no history from the store (about 80 KB per series at 28 days). Default 1,000;
   * 0 keeps none. Assumes one VEE worker per meter; {@link VeeStage.revalidate} drops the series.
   */
  readonly historyCacheSeries?: number;
  /**
   * Unused: a batch reads its history and register reads with one query per channel
   * (`readIntervalsForMeters`, `readRegisterReadsForMeters`). Kept so existing options still type-check.
   */
  readonly readConcurrency?: number;
}

/** What a VEE run stores together with its outcome, in the same transaction. */
export interface VeeCommit {
  /** Rollup rows (deltas, `add`) from the run's day sums: they commit with the versions they come from. */
  readonly rollups?: (days: readonly DaySums[]) => Promise<readonly Rollup[]>;
  /** A checkpoint to store with the outcome (see `ReadingStore.writeAtomically`). */
  readonly checkpoint?: { readonly name: string; readonly value: number };
}

/** One VEE step of a run and the store change that holds its values (revert it with `revertChange`). */
export interface VeeStep {
  /** The engine's audit id, prefixed with run, meter, channel and day. */
  readonly auditId: string;
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  readonly step: 'validation' | 'estimation';
  /** Rule id or estimation method. */
  readonly cause: string;
  readonly intervals: number;
  /** First interval start it touched (epoch ms). */
  readonly from: number;
  /** End of the last interval it touched (epoch ms, exclusive). */
  readonly to: number;
  /** Absent when the store already held every value (a duplicate) or nothing was written. */
  readonly changeId?: string;
}

/** What {@link VeeStage.process} did for one batch. */
export interface VeeBatchReport {
  readonly runId: string;
  /** (meter, channel, day) windows validated. */
  readonly windows: number;
  /** Windows taken whole from the batch without reading the day back. */
  readonly inMemory: number;
  readonly validatedVersions: number;
  readonly estimatedVersions: number;
  readonly findings: number;
  readonly steps: readonly VeeStep[];
  /** The latest-version sums of every validated day, for rollups. */
  readonly days: readonly DaySums[];
  /** Store changes: validated, and one per estimation method. */
  readonly changeIds: Readonly<Record<string, string>>;
}

/** A day to validate again from the store. */
export interface DayRef {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** Local day start (epoch ms). */
  readonly dayStart: number;
}

/**
 * The VEE stage after raw ingest. For a durable raw batch it finds the touched (meter, channel,
 * local day) windows, loads what VEE needs (the day's latest values, `historyDays` of history,
 * register reads — one `readIntervalsForMeters` and one `readRegisterReadsForMeters` per channel
 * and batch, history from its cache where it has it — the meter's events for outages,
 * disconnections and clock adjustments, whether it has generation), runs {@link VeeEngine} per
 * day, and stores the outcome in one `writeAtomically`: one change of kind `validated` and one of
 * kind `estimated` per estimation method, the findings as VEE results, and what a
 * {@link VeeCommit} adds (rollup deltas, a checkpoint). Each engine audit entry maps to the change
 * holding its values ({@link VeeStep}); `store.revertChange(changeId)` undoes it.
 *
 * When the raw write stored every value of the batch (no duplicates), a day the batch holds whole
 * is validated from the batch in memory; otherwise the day is read back from the store. A batch
 * of duplicates only changed nothing and is skipped.
 *
 * @example
 * const vee = new VeeStage({ store, configs: { '*': {}, commercial: { thresholds: { maxDemandW: 43_500 } } },
 *   groupOf: (id) => groups.get(id) });
 * const report = await vee.process(blocks, rawResult);
 */
export class VeeStage {
  readonly #o: VeeStageOptions;
  readonly #engine: VeeEngine;
  readonly #configs = new Map<string, VeeConfig>();
  readonly #registry: StoreRegistry | undefined;
  readonly #offset: number;
  readonly #history = new Map<string, Timeline>();

  constructor(options: VeeStageOptions) {
    this.#o = options;
    this.#engine = options.engine ?? new VeeEngine();
    this.#offset = options.utcOffsetMinutes ?? 0;
    this.#registry = options.hasGeneration ? undefined : new StoreRegistry(options.store);
  }

  /** Re-reads the store's registry (service points, installations) used for generation. */
  refreshRegistry(): Promise<void> {
    return this.#registry?.refresh() ?? Promise.resolve();
  }

  /** Validates the days a durable raw batch touched; `result` is the raw write's result. */
  process(
    blocks: readonly IntervalBlock[],
    result?: StoreWriteResult,
    commit?: VeeCommit,
  ): Promise<VeeBatchReport> {
    const batch = collectBatch(blocks, this.#offset);
    if (result && result.inserted + result.corrected === 0) return Promise.resolve(emptyReport());
    const inMemory = result !== undefined && result.duplicates === 0;
    return this.#run([...batch.values()], inMemory, commit);
  }

  /** Validates the given days again from the store (after late events, a revert, a config change). */
  revalidate(
    days: readonly DayRef[],
    unit = 30,
    intervalSeconds = 900,
    commit?: VeeCommit,
  ): Promise<VeeBatchReport> {
    const bySeries = new Map<string, BatchSeries>();
    for (const d of days) {
      const k = seriesKey(d.meterId, d.channel);
      this.#history.delete(k);
      let s = bySeries.get(k);
      if (!s) {
        s = {
          meterId: d.meterId,
          channel: d.channel,
          unit,
          intervalSeconds,
          source: 'meter',
          uniform: true,
          days: new Map(),
        };
        bySeries.set(k, s);
      }
      s.days.set(d.dayStart, {
        values: [],
        quality: [],
        deviceStatus: [],
        seen: new Uint8Array(0),
        covered: 0,
      });
    }
    return this.#run([...bySeries.values()], false, commit);
  }

  #config(meterId: MeterId): { config: VeeConfig; group: string | undefined } {
    const group = this.#o.groupOf?.(meterId);
    const key = group ?? '\u0000';
    let config = this.#configs.get(key);
    if (!config) {
      config = configForGroup(this.#o.configs ?? {}, group);
      this.#configs.set(key, config);
    }
    return { config, group };
  }

  /**
   * Builds each series' timeline: history from the cache where it reaches, the rest of the
   * history and the days the batch does not hold whole from the store, and register reads — one
   * `readIntervalsForMeters` and one `readRegisterReadsForMeters` per channel for the whole batch.
   */
  async #load(series: readonly BatchSeries[], inMemory: boolean, historyMs: number): Promise<Loaded[]> {
    const o = this.#o;
    const plans = series.map((s) => {
      const days = [...s.days.keys()].sort((a, b) => a - b);
      const first = days[0]!;
      const last = days[days.length - 1]!;
      const perDay = DAY_MS / (s.intervalSeconds * 1000);
      const whole = days.map((d) => inMemory && s.days.get(d)!.covered === perDay);
      let readFrom = first - historyMs;
      const readTo = whole.every((w) => w) ? first : last + DAY_MS;
      // The cache holds the days before `first` only if VEE has not yet seen anything later.
      const cached = historyMs > 0 ? this.#history.get(seriesKey(s.meterId, s.channel)) : undefined;
      const base =
        cached &&
        cached.ms === s.intervalSeconds * 1000 &&
        cached.to <= first &&
        Timeline.canExtend(cached, readFrom, last + DAY_MS)
          ? cached
          : undefined;
      let tl: Timeline;
      if (base) {
        const cachedTo = base.to;
        // Same length (the steady state: one more day per batch): shift the cached one in place.
        const sameLength = base.length === Math.ceil((last + DAY_MS - readFrom) / base.ms);
        tl =
          sameLength && base.advanceTo(readFrom, s) ? base : new Timeline(s, readFrom, last + DAY_MS, base);
        readFrom = cachedTo;
      } else {
        tl = new Timeline(s, readFrom, last + DAY_MS);
      }
      return { s, days, whole, tl, reads: [] as RegisterRead[], readFrom, readTo, first, last };
    });
    const byChannel = new Map<ChannelCode, (typeof plans)[number][]>();
    for (const p of plans) {
      const l = byChannel.get(p.s.channel) ?? [];
      l.push(p);
      byChannel.set(p.s.channel, l);
    }
    for (const [channel, list] of byChannel) {
      const toRead = list.filter((p) => p.readTo > p.readFrom);
      if (toRead.length > 0) {
        const blocks = await o.store.readIntervalsForMeters({
          meterIds: toRead.map((p) => p.s.meterId),
          channel,
          from: Math.min(...toRead.map((p) => p.readFrom)),
          to: Math.max(...toRead.map((p) => p.readTo)),
        });
        const byMeter = groupBy(blocks, (b) => b.meterId);
        for (const p of toRead) p.tl.fillFromStore(byMeter.get(p.s.meterId) ?? [], p.readFrom, p.readTo);
      }
      for (const p of list) {
        p.days.forEach((d, i) => {
          if (p.whole[i]) p.tl.fillFromBatch(d, p.s.days.get(d)!);
        });
      }
      if (o.registerReads === false) continue;
      const reads = await o.store.readRegisterReadsForMeters({
        meterIds: list.map((p) => p.s.meterId),
        register: channel,
        from: Math.min(...list.map((p) => p.first)),
        to: Math.max(...list.map((p) => p.last)) + DAY_MS + 1,
      });
      const readsOf = groupBy(reads, (r) => r.meterId);
      for (const p of list) {
        const to = p.last + DAY_MS + 1;
        p.reads = (readsOf.get(p.s.meterId) ?? []).filter((r) => r.readAt >= p.first && r.readAt < to);
      }
    }
    return plans;
  }

  async #run(list: BatchSeries[], inMemory: boolean, commit?: VeeCommit): Promise<VeeBatchReport> {
    const o = this.#o;
    const store = o.store;
    const series = list.filter((s) => s.uniform && s.days.size > 0);
    if (series.length === 0) return emptyReport();
    const now = o.now?.() ?? Date.now();
    const runId = `vee-${now}-${randomUUID().slice(0, 8)}`;
    const historyMs = (o.historyDays ?? 28) * DAY_MS;
    await this.#registry?.ready();

    let minDay = Number.POSITIVE_INFINITY;
    let maxDay = Number.NEGATIVE_INFINITY;
    for (const s of series) {
      for (const d of s.days.keys()) {
        if (d < minDay) minDay = d;
        if (d > maxDay) maxDay = d;
      }
    }
    // Events of every meter at once: outages may have begun the day before.
    const events = await store.readEvents({ from: minDay - DAY_MS, to: maxDay + DAY_MS });
    const eventsOf = new Map<string, MeterEvent[]>();
    for (const e of events) {
      const l = eventsOf.get(e.meterId) ?? [];
      l.push(e);
      eventsOf.set(e.meterId, l);
    }

    const loaded = await this.#load(series, inMemory, historyMs);

    const validated = new BlockBuilder();
    const estimated = new Map<string, BlockBuilder>();
    const pending: { step: Omit<VeeStep, 'changeId'>; kind: string }[] = [];
    const findingsOut: { meta: BatchSeries; f: Finding }[] = [];
    const sums: DaySums[] = [];
    let windows = 0;
    let memDays = 0;
    for (const { s, days, whole, tl, reads } of loaded) {
      const { config, group } = this.#config(s.meterId);
      const evs = eventsOf.get(s.meterId) ?? [];
      const clock = clockAdjustments(evs.filter((e) => e.log === 'standard'));
      for (let i = 0; i < days.length; i++) {
        const dayStart = days[i]!;
        const dayEnd = dayStart + DAY_MS;
        const context: VeeContext = {
          now,
          ...(historyMs > 0 ? { history: tl.series(dayStart - historyMs, dayStart) } : {}),
          registerReads: reads,
          outages: outageWindows(evs, dayEnd),
          disconnections: disconnectionWindows(evs, dayEnd),
          clockAdjustments: clock,
          events: evs,
          hasGeneration:
            o.hasGeneration?.(s.meterId, dayStart) ?? this.#registry!.hasGeneration(s.meterId, dayStart),
          utcOffsetMinutes: this.#offset,
          ...(group !== undefined ? { meterGroup: group } : {}),
        };
        const day = runDay(this.#engine, tl, dayStart, context, config, {
          validated,
          estimated,
          all: o.validatedVersions !== 'changed',
        });
        windows++;
        if (whole[i]) memDays++;
        sums.push(day.sums);
        for (const f of day.result.findings) findingsOut.push({ meta: s, f });
        for (const a of day.result.audit) {
          pending.push({
            kind: a.step === 'estimation' ? `estimated:${a.cause}` : 'validated',
            step: {
              auditId: `${runId}/${s.meterId}/${s.channel}/${dayStart}/${a.id}`,
              meterId: s.meterId,
              channel: s.channel,
              step: a.step === 'estimation' ? 'estimation' : 'validation',
              cause: a.cause,
              intervals: a.changes.length,
              from: a.changes[0]?.start ?? dayStart,
              to: (a.changes[a.changes.length - 1]?.start ?? dayStart) + tl.ms,
            },
          });
        }
      }
    }

    const keep = o.historyCacheSeries ?? 1_000;
    if (historyMs > 0 && keep > 0) {
      for (const { s, tl } of loaded) {
        // The timeline itself: it covers the last `historyDays` before its end (copied from at the next batch).
        const k = seriesKey(s.meterId, s.channel);
        this.#history.delete(k);
        this.#history.set(k, tl);
      }
      for (const k of this.#history.keys()) {
        if (this.#history.size <= keep) break;
        this.#history.delete(k);
      }
    }

    const user = o.user ?? 'vee';
    // Change ids drawn here so the findings can name them; one atomic write stores everything.
    const ids = new Map<string, string>([['validated', randomUUID()]]);
    const intervals: { blocks: IntervalBlock[]; options: IntervalWriteOptions }[] = [];
    const vBlocks = validated.done();
    if (vBlocks.length > 0) {
      intervals.push({
        blocks: vBlocks,
        options: {
          kind: 'validated',
          change: {
            action: 'validate',
            user,
            ruleId: 'vee',
            reason: `VEE run ${runId}: validation`,
            changeId: ids.get('validated')!,
          },
        },
      });
    }
    let estimatedCount = 0;
    for (const [method, b] of estimated) {
      estimatedCount += b.count;
      const changeId = randomUUID();
      ids.set(`estimated:${method}`, changeId);
      intervals.push({
        blocks: b.done(),
        options: {
          kind: 'estimated',
          change: {
            action: 'estimate',
            user,
            ruleId: method,
            reason: `VEE run ${runId}: ${method}`,
            changeId,
          },
        },
      });
    }
    const results: StoredVeeResult[] = findingsOut.map(({ meta, f }) =>
      findingResult(runId, meta, f, now, vBlocks.length > 0 ? ids.get('validated') : undefined),
    );
    for (const { step, kind } of pending) {
      if (step.step !== 'estimation') continue;
      const changeId = ids.get(kind);
      results.push({
        runId,
        ruleId: step.cause,
        meterId: step.meterId,
        channel: step.channel,
        from: step.from,
        to: step.to,
        outcome: 'estimated',
        details: { intervals: step.intervals, auditId: step.auditId },
        ...(changeId ? { changeId } : {}),
        at: now,
      });
    }
    const rollups = commit?.rollups ? await commit.rollups(sums) : [];
    const changeIds: Record<string, string> = {};
    if (intervals.length + results.length + rollups.length > 0 || commit?.checkpoint) {
      const r = await store.writeAtomically({
        intervals,
        veeResults: results,
        rollups,
        ...(commit?.checkpoint ? { checkpoint: commit.checkpoint } : {}),
      });
      r.intervals.forEach((w, i) => {
        const kind = intervals[i]!.options.kind === 'validated' ? 'validated' : undefined;
        const key = kind ?? `estimated:${intervals[i]!.options.change!.ruleId}`;
        if (w.changeId) changeIds[key] = w.changeId;
      });
    }
    const steps: VeeStep[] = pending.map(({ step, kind }) => {
      const changeId = changeIds[kind];
      return changeId ? { ...step, changeId } : step;
    });
    return {
      runId,
      windows,
      inMemory: memDays,
      validatedVersions: validated.count,
      estimatedVersions: estimatedCount,
      findings: findingsOut.length,
      steps,
      days: sums,
      changeIds,
    };
  }
}

/** A series ready for VEE: its days in order, which of them the batch holds whole, its timeline. */
interface Loaded {
  readonly s: BatchSeries;
  readonly days: readonly number[];
  readonly whole: readonly boolean[];
  readonly tl: Timeline;
  readonly reads: readonly RegisterRead[];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const l = out.get(k);
    if (l) l.push(it);
    else out.set(k, [it]);
  }
  return out;
}

function emptyReport(): VeeBatchReport {
  return {
    runId: '',
    windows: 0,
    inMemory: 0,
    validatedVersions: 0,
    estimatedVersions: 0,
    findings: 0,
    steps: [],
    days: [],
    changeIds: {},
  };
}
