import {
  ConformanceBit,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  type DlmsData,
  DlmsServiceError,
  type GetDataResult,
  logicalName,
  profileGenericAccess,
  type SelectiveAccess,
} from '@gridmeter/dlms';
import {
  type Bus,
  type Clock,
  type IntervalBlock,
  type MeterEvent,
  type MeterId,
  type RegisterRead,
  Subjects,
  meterId as toMeterId,
} from '@gridmeter/domain';
import type { CollectionKpis } from '../kpi/kpis.js';
import { PoolWorkError } from '../pool/types.js';
import type {
  MeterCredentials,
  MeterProfile,
  MeterRecord,
  ProfileSpec,
  RegisterSpec,
} from '../registry/types.js';
import type { MeterSession, SessionOpener } from '../session/types.js';
import { integerOf, intervalsFromRows, parseProfileRows, timeOf } from './profile-rows.js';
import type { CollectionStateStore, Gap, MeterCollectionState } from './state.js';

/** What one collection run reads. */
export type CollectionJob = 'profile' | 'registers' | 'billing' | 'events' | 'clock' | 'instantaneous';

/** The registry as the collector needs it. */
export interface RegistryView {
  get(meterId: string): MeterRecord | undefined;
  credentials(meterId: string): MeterCredentials;
  profile(profileId: string): MeterProfile;
}

/** The pool as the collector needs it (see ConnectionPool). */
export interface PoolView {
  run<T>(
    meterId: string,
    path: string,
    work: (attempt: number, signal: AbortSignal) => Promise<T>,
    options?: { priority?: number },
  ): Promise<T>;
}

export interface CollectorOptions {
  readonly registry: RegistryView;
  readonly opener: SessionOpener;
  readonly pool: PoolView;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly state: CollectionStateStore;
  readonly kpis: CollectionKpis;
  /** How far back the first profile read of a meter reaches (default 1 day). */
  readonly backfillMs?: number;
  /** Re-reads of a gap before giving up (default 6). */
  readonly maxGapAttempts?: number;
  /** Gaps older than this are given up (default 7 days). */
  readonly gapGiveUpAfterMs?: number;
  /** Clock drift beyond which the meter's clock is set (default 10 s). */
  readonly clockDriftThresholdMs?: number;
  /** Meters handed to the pool at once in a round (default 2,000; keep above the pool's concurrency). */
  readonly maxInFlight?: number;
}

/** What one meter's collection produced. */
export interface MeterCollectionResult {
  readonly meterId: string;
  readonly intervals: number;
  readonly registerReads: number;
  readonly events: number;
  readonly openGaps: number;
  readonly clockDriftMs?: number;
  readonly clockSynchronised?: boolean;
}

/** Summary of a round over many meters. */
export interface RoundSummary {
  readonly meters: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly intervals: number;
  readonly registerReads: number;
  readonly events: number;
  readonly failuresByReason: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

/** The multiple-references bit of the negotiated conformance block (GET/SET/ACTION with lists). */
const MULTIPLE_REFERENCES = 1 << (23 - ConformanceBit.multipleReferences);
/** Attributes per GET-Request-With-List when the meter's profile sets no `maxListReferences`. */
const DEFAULT_MAX_LIST_REFERENCES = 32;

/** Daily billing columns after the clock: 1.8.0–1.8.4 then 2.8.0–2.8.4 (the simulator's and IDIS daily values). */
const BILLING_CHANNELS = [
  '1-0:1.8.0*255',
  '1-0:1.8.1*255',
  '1-0:1.8.2*255',
  '1-0:1.8.3*255',
  '1-0:1.8.4*255',
  '1-0:2.8.0*255',
  '1-0:2.8.1*255',
  '1-0:2.8.2*255',
  '1-0:2.8.3*255',
  '1-0:2.8.4*255',
] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a run counted. */
interface Counts {
  intervals: number;
  registerReads: number;
  events: number;
}

/** One attribute a run reads, and what it does with the result. */
interface PlannedRead {
  readonly ref: { readonly classId: number; readonly logicalName: Uint8Array; readonly attributeId: number };
  readonly access?: SelectiveAccess;
  /** Publishes what the result holds; throws, as a failed GET would, when the read must succeed. */
  readonly take: (result: GetDataResult) => Promise<void>;
}

/** Reads planned together: `list` reads went in one GET-Request-With-List even before lists were batched. */
interface ReadGroup {
  readonly list: boolean;
  readonly reads: readonly PlannedRead[];
}

const single = (read: PlannedRead): ReadGroup => ({ list: false, reads: [read] });

const listItem = (r: PlannedRead) =>
  r.access
    ? {
        classId: r.ref.classId,
        logicalName: r.ref.logicalName,
        attributeId: r.ref.attributeId,
        access: r.access,
      }
    : r.ref;

/** One read by GET-Request-Normal; a Data-Access-Result other than success becomes the result. */
async function getOne(session: MeterSession, read: PlannedRead): Promise<GetDataResult> {
  try {
    return { type: 'data', data: await session.client.get(read.ref, read.access) };
  } catch (e) {
    if (e instanceof DlmsServiceError && e.service === 'get')
      return { type: 'data-access-result', dataAccessResult: e.code };
    throw e;
  }
}

/** The data of a read that must succeed (profiles, billing, event logs). */
function dataOf(result: GetDataResult, ref: PlannedRead['ref']): DlmsData {
  if (result.type === 'data') return result.data;
  throw new DlmsServiceError(
    'get',
    result.dataAccessResult,
    `${ref.classId}/${ref.logicalName.join('.')}/${ref.attributeId}`,
  );
}

/** Logical names of the OBIS codes profiles name, parsed once. */
const OBIS_BYTES = new Map<string, Uint8Array>();
function obisBytes(obis: string): Uint8Array {
  let ln = OBIS_BYTES.get(obis);
  if (!ln) {
    ln = logicalName(obis);
    OBIS_BYTES.set(obis, ln);
  }
  return ln;
}

const CLOCK_COLUMN = {
  classId: 8,
  logicalName: logicalName('0.0.1.0.0.255'),
  attributeIndex: 2,
  dataIndex: 0,
};

/**
 * Reads meters as their profile says and puts what it read on the Bus: load profile from the last
 * interval stored (gap-aware: missing intervals are re-read until filled or given up, with the
 * reason kept), registers, daily billing snapshots, event logs since the last entry, instantaneous
 * values, and a clock check that sets the meter's clock beyond a drift threshold. Each meter's
 * run goes through the pool (one session per meter, retries, breaker).
 */
export class Collector {
  readonly #o: CollectorOptions;
  #lastRange:
    | { from: number; to: number; convention: string | undefined; access: SelectiveAccess }
    | undefined;

  constructor(options: CollectorOptions) {
    this.#o = options;
  }

  /** Collects one meter; throws PoolWorkError when the pool gave up. */
  async collectMeter(meterId: string, jobs: readonly CollectionJob[]): Promise<MeterCollectionResult> {
    const record = this.#o.registry.get(meterId);
    if (!record) throw new RangeError(`Meter ${meterId} is not in the registry`);
    const started = performance.now();
    const at = this.#o.clock.now();
    try {
      const result = await this.#o.pool.run(meterId, record.endpoint.host, async () => {
        const session = await this.#o.opener.open(
          record,
          this.#o.registry.credentials(meterId),
          this.#o.registry.profile(record.profileId),
        );
        try {
          return await this.#collect(session, jobs);
        } finally {
          await session.close();
        }
      });
      this.#o.kpis.recordRun(meterId, at, { ok: true }, performance.now() - started);
      return result;
    } catch (e) {
      const reason = e instanceof PoolWorkError ? e.reason : 'other';
      this.#o.kpis.recordRun(meterId, at, { ok: false, reason }, performance.now() - started);
      throw e;
    }
  }

  /** Collects many meters (the pool bounds concurrency); never throws for a single meter's failure. */
  async collectAll(
    meterIds: readonly string[],
    jobs: readonly CollectionJob[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<RoundSummary> {
    const t0 = performance.now();
    let succeeded = 0;
    let failed = 0;
    let intervals = 0;
    let registerReads = 0;
    let events = 0;
    const failuresByReason: Record<string, number> = {};
    let done = 0;
    // A bounded set of workers hands meters to the pool, so a round over a million meters does
    // not hold a million pending runs in memory at once.
    let next = 0;
    const worker = async () => {
      while (next < meterIds.length) {
        const id = meterIds[next++]!;
        try {
          const r = await this.collectMeter(id, jobs);
          succeeded++;
          intervals += r.intervals;
          registerReads += r.registerReads;
          events += r.events;
        } catch (e) {
          failed++;
          const reason = e instanceof PoolWorkError ? e.reason : 'other';
          failuresByReason[reason] = (failuresByReason[reason] ?? 0) + 1;
        } finally {
          onProgress?.(++done, meterIds.length);
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(meterIds.length, this.#o.maxInFlight ?? 2_000) }, worker),
    );
    return {
      meters: meterIds.length,
      succeeded,
      failed,
      intervals,
      registerReads,
      events,
      failuresByReason,
      elapsedMs: performance.now() - t0,
    };
  }

  async #collect(session: MeterSession, jobs: readonly CollectionJob[]): Promise<MeterCollectionResult> {
    const id = toMeterId(session.record.id);
    const state = this.#o.state.get(id);
    const counts: Counts = { intervals: 0, registerReads: 0, events: 0 };
    let clockDriftMs: number | undefined;
    let clockSynchronised: boolean | undefined;
    // Clock first: a drifting meter's timestamps are then judged against a corrected clock next time.
    if (jobs.includes('clock'))
      ({ clockDriftMs, clockSynchronised } = await this.#checkClock(session, state));
    const { profile } = session;
    const plan: ReadGroup[] = [];
    if (jobs.includes('profile') && profile.loadProfile)
      plan.push(...this.#planProfile(session, id, state, profile.loadProfile, counts));
    if (jobs.includes('registers')) plan.push(this.#planRegisters(id, profile.registers, counts));
    if (jobs.includes('instantaneous')) plan.push(this.#planRegisters(id, profile.instantaneous, counts));
    if (jobs.includes('billing') && profile.dailyBilling)
      plan.push(this.#planBilling(session, id, state, profile.dailyBilling.obis, counts));
    if (jobs.includes('events')) plan.push(...this.#planEvents(session, id, state, counts));
    await this.#execute(session, plan);
    return {
      meterId: id,
      intervals: counts.intervals,
      registerReads: counts.registerReads,
      events: counts.events,
      openGaps: state.gaps.filter((g) => !g.givenUp).length,
      ...(clockDriftMs !== undefined ? { clockDriftMs } : {}),
      ...(clockSynchronised !== undefined ? { clockSynchronised } : {}),
    };
  }

  /**
   * Runs a session's planned reads. When the association negotiated multiple-references
   * (IEC 62056-5-3 §9.3.6 GET-Request-With-List), every read of the run — profile ranges,
   * registers, billing, event logs, each with its own selective access — travels in as few
   * GET-Request-With-List as the profile's `maxListReferences` allows: one request and one
   * response instead of one exchange per object. Otherwise each read is its own GET and each
   * register group one list, as before.
   */
  async #execute(session: MeterSession, groups: readonly ReadGroup[]): Promise<void> {
    const negotiated = session.client.association?.conformance;
    const limit =
      negotiated !== undefined && (negotiated & MULTIPLE_REFERENCES) !== 0
        ? (session.profile.quirks?.maxListReferences ?? DEFAULT_MAX_LIST_REFERENCES)
        : 1;
    if (limit > 1) {
      const reads = groups.flatMap((g) => g.reads);
      for (let i = 0; i < reads.length; i += limit) {
        const chunk = reads.slice(i, i + limit);
        const results =
          chunk.length === 1
            ? [await getOne(session, chunk[0]!)]
            : await session.client.getWithList(chunk.map(listItem));
        await Promise.all(chunk.map((read, k) => read.take(results[k]!)));
      }
      return;
    }
    for (const group of groups) {
      if (group.reads.length === 0) continue;
      if (group.list && negotiated === undefined) {
        const results = await session.client.getWithList(group.reads.map(listItem));
        await Promise.all(group.reads.map((read, k) => read.take(results[k]!)));
      } else {
        for (const read of group.reads) await read.take(await getOne(session, read));
      }
    }
  }

  // --- load profile ------------------------------------------------------------------------------

  /**
   * Open gaps are re-read first; then the range from the last interval stored (a meter's first
   * read reaches back `backfillMs`, from the start of that UTC day) to the last complete interval.
   */
  #planProfile(
    session: MeterSession,
    id: MeterId,
    state: MeterCollectionState,
    spec: ProfileSpec,
    counts: Counts,
  ): ReadGroup[] {
    const ms = spec.intervalSeconds * 1000;
    const now = this.#o.clock.now();
    const lastComplete = Math.floor(now / ms) * ms;
    const groups: ReadGroup[] = [];
    for (const gap of [...state.gaps]) {
      if (gap.givenUp) continue;
      groups.push(
        single(
          this.#rangeRead(session, id, spec, gap.start, gap.end, (got) => {
            counts.intervals += got.length;
            this.#updateGap(state, gap, got, now, ms);
          }),
        ),
      );
    }
    const from =
      state.lastIntervalEnd ??
      Math.floor((lastComplete - (this.#o.backfillMs ?? 86_400_000)) / 86_400_000) * 86_400_000;
    if (from >= lastComplete) return groups;
    groups.push(
      single(
        this.#rangeRead(session, id, spec, from, lastComplete, (got) => {
          counts.intervals += got.length;
          // Every expected interval in [from, lastComplete) that did not arrive becomes a gap
          // (`got` is in time order: walk it beside the expected starts).
          let next = 0;
          let runStart: number | undefined;
          for (let t = from; t <= lastComplete; t += ms) {
            while (next < got.length && got[next]! < t) next++;
            const missing = t < lastComplete && got[next] !== t;
            if (missing && runStart === undefined) runStart = t;
            if (!missing && runStart !== undefined) {
              state.gaps.push({
                start: runStart,
                end: t,
                attempts: 0,
                firstSeen: now,
                lastReason: 'not in the first read',
              });
              runStart = undefined;
            }
          }
          state.lastIntervalEnd = lastComplete;
        }),
      ),
    );
    return groups;
  }

  /** A read of intervals starting in [from, to): publishes them, hands `done` the interval starts received. */
  #rangeRead(
    session: MeterSession,
    id: MeterId,
    spec: ProfileSpec,
    from: number,
    to: number,
    done: (got: number[]) => void,
  ): PlannedRead {
    const ms = spec.intervalSeconds * 1000;
    const ref = { classId: 7, logicalName: obisBytes(spec.obis), attributeId: 2 };
    return {
      ref,
      access: this.#range(session.profile, from, to),
      take: async (result) => {
        const buffer = dataOf(result, ref);
        const { rows } = parseProfileRows(buffer, spec, session.profile.quirks?.deviationConvention);
        const { blocks, intervalStarts } = intervalsFromRows(
          id,
          rows.filter((r) => r.end >= from && r.end <= to),
          spec,
        );
        const wanted = intervalStarts.filter((s) => s >= from && s + ms <= to);
        await this.#publishBlocks(id, blocks);
        this.#o.kpis.recordIntervals(id, wanted, spec.intervalSeconds);
        done(wanted);
      },
    };
  }

  #updateGap(state: MeterCollectionState, gap: Gap, got: readonly number[], now: number, ms: number): void {
    const i = state.gaps.indexOf(gap);
    const have = new Set(got);
    const still: number[] = [];
    for (let t = gap.start; t < gap.end; t += ms) if (!have.has(t)) still.push(t);
    if (still.length === 0) {
      state.gaps.splice(i, 1);
      return;
    }
    const attempts = gap.attempts + 1;
    const reason =
      got.length === 0 ? 'meter returned no rows for the range' : 'meter returned part of the range';
    const givenUp =
      attempts >= (this.#o.maxGapAttempts ?? 6)
        ? `${reason} after ${attempts} re-reads`
        : now - gap.firstSeen > (this.#o.gapGiveUpAfterMs ?? 7 * 86_400_000)
          ? `${reason}; older than the give-up age`
          : undefined;
    state.gaps[i] = {
      start: still[0]!,
      end: still.at(-1)! + ms,
      attempts,
      firstSeen: gap.firstSeen,
      lastReason: reason,
      ...(givenUp ? { givenUp } : {}),
    };
  }

  /**
   * Selective access by clock range [from, to]; the event logs of a run mostly ask the same range,
   * so the last one encoded is kept.
   */
  #range(profile: MeterProfile, from: number, to: number): SelectiveAccess {
    const convention = profile.quirks?.deviationConvention;
    const last = this.#lastRange;
    if (last && last.from === from && last.to === to && last.convention === convention) return last.access;
    const access = this.#encodeRange(profile, from, to);
    this.#lastRange = { from, to, convention, access };
    return access;
  }

  #encodeRange(profile: MeterProfile, from: number, to: number): SelectiveAccess {
    const stamp = (t: number): DlmsData => ({
      type: 'octet-string',
      value: cosemDateTimeToBytes(
        cosemDateTimeFromDate(new Date(t), 0, undefined, profile.quirks?.deviationConvention),
      ),
    });
    return profileGenericAccess({
      type: 'range-descriptor',
      restrictingObject: CLOCK_COLUMN,
      fromValue: stamp(from),
      toValue: stamp(to),
      selectedValues: [],
    });
  }

  async #publishBlocks(id: MeterId, blocks: readonly IntervalBlock[]): Promise<void> {
    await Promise.all(
      blocks.map((block) =>
        this.#o.bus.publish(Subjects.intervalBlock(id), { type: 'interval-block', block }),
      ),
    );
  }

  // --- registers, billing, events, clock --------------------------------------------------------

  /** Registers read together; a register the meter cannot give is skipped. */
  #planRegisters(id: MeterId, specs: readonly RegisterSpec[], counts: Counts): ReadGroup {
    return {
      list: true,
      reads: specs.map((spec) => ({
        ref: { classId: spec.classId, logicalName: obisBytes(spec.obis), attributeId: spec.attributeId },
        take: async (r) => {
          const value = r.type === 'data' ? integerOf(r.data) : undefined;
          if (value === undefined) return;
          const read: Mutable<RegisterRead> = {
            meterId: id,
            register: spec.channel,
            readAt: this.#o.clock.now(),
            value,
            unit: spec.unit ?? 0,
            quality: 0,
          };
          if (spec.scaler) read.scaler = spec.scaler;
          await this.#o.bus.publish(Subjects.registerRead(id), { type: 'register-read', read });
          counts.registerReads++;
        },
      })),
    };
  }

  #planBilling(
    session: MeterSession,
    id: MeterId,
    state: MeterCollectionState,
    obis: string,
    counts: Counts,
  ): ReadGroup {
    const now = this.#o.clock.now();
    const from = (state.lastBillingAt ?? now - 2 * 86_400_000) + 1000;
    const ref = { classId: 7, logicalName: obisBytes(obis), attributeId: 2 };
    return single({
      ref,
      access: this.#range(session.profile, from, now),
      take: async (result) => {
        const buffer = dataOf(result, ref);
        if (buffer.type !== 'array') return;
        const published: Promise<void>[] = [];
        let last = state.lastBillingAt ?? 0;
        for (const row of buffer.items) {
          if (row.type !== 'structure') continue;
          const at = timeOf(row.items[0], session.profile.quirks?.deviationConvention);
          if (at === undefined || at < from) continue;
          last = Math.max(last, at);
          for (let c = 0; c < BILLING_CHANNELS.length; c++) {
            const value = integerOf(row.items[c + 1]);
            if (value === undefined) continue;
            const read: RegisterRead = {
              meterId: id,
              register: BILLING_CHANNELS[c]!,
              readAt: at,
              value,
              unit: 30,
              quality: 0,
              billingPeriod: 1,
            };
            published.push(this.#o.bus.publish(Subjects.registerRead(id), { type: 'register-read', read }));
          }
        }
        // The rows travel together; the position moves only once all are taken.
        await Promise.all(published);
        if (last > 0) state.lastBillingAt = last;
        counts.registerReads += published.length;
      },
    });
  }

  /** Each event log since its last entry read (a week back the first time). */
  #planEvents(session: MeterSession, id: MeterId, state: MeterCollectionState, counts: Counts): ReadGroup[] {
    const now = this.#o.clock.now();
    return session.profile.eventLogs.map((log) => {
      const from = (state.lastEventAt[log.log] ?? now - 7 * 86_400_000) + 1000;
      const ref = { classId: 7, logicalName: obisBytes(log.obis), attributeId: 2 };
      return single({
        ref,
        access: this.#range(session.profile, from, now),
        take: async (result) => {
          const buffer = dataOf(result, ref);
          if (buffer.type !== 'array') return;
          const published: Promise<void>[] = [];
          let last = state.lastEventAt[log.log] ?? 0;
          for (const row of buffer.items) {
            if (row.type !== 'structure') continue;
            const at = timeOf(row.items[log.clockColumn], session.profile.quirks?.deviationConvention);
            const code = integerOf(row.items[log.codeColumn]);
            if (at === undefined || code === undefined || at < from) continue;
            const event: MeterEvent = {
              meterId: id,
              occurredAt: at,
              code: Number(code),
              log: log.log,
              source: 'log',
            };
            published.push(this.#o.bus.publish(Subjects.meterEvent(id), { type: 'meter-event', event }));
            last = Math.max(last, at);
          }
          // The entries travel together; the log's position moves only once all are taken.
          await Promise.all(published);
          if (published.length > 0) state.lastEventAt[log.log] = last;
          counts.events += published.length;
        },
      });
    });
  }

  async #checkClock(
    session: MeterSession,
    state: MeterCollectionState,
  ): Promise<{ clockDriftMs?: number; clockSynchronised?: boolean }> {
    const ref = session.profile.clock;
    const before = this.#o.clock.now();
    const value = await session.client.get({
      classId: ref.classId,
      logicalName: ref.obis,
      attributeId: ref.attributeId,
    });
    const after = this.#o.clock.now();
    const meterTime = timeOf(value, session.profile.quirks?.deviationConvention);
    if (meterTime === undefined) return {};
    const drift = meterTime - (before + after) / 2;
    state.lastClockDriftMs = drift;
    if (Math.abs(drift) <= (this.#o.clockDriftThresholdMs ?? 10_000))
      return { clockDriftMs: drift, clockSynchronised: false };
    const now = this.#o.clock.now();
    await session.client.set(
      { classId: ref.classId, logicalName: ref.obis, attributeId: ref.attributeId },
      {
        type: 'octet-string',
        value: cosemDateTimeToBytes(
          cosemDateTimeFromDate(new Date(now), 0, 0, session.profile.quirks?.deviationConvention),
        ),
      },
    );
    state.lastClockSyncAt = now;
    return { clockDriftMs: drift, clockSynchronised: true };
  }
}
