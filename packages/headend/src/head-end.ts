import { type Bus, type Clock, systemClock } from '@gridmeter/domain';
import {
  type CollectionJob,
  Collector,
  type MeterCollectionResult,
  type RoundSummary,
} from './collect/collector.js';
import { CollectionStateStore } from './collect/state.js';
import { CollectionKpis } from './kpi/kpis.js';
import { ConnectionPool } from './pool/pool.js';
import type { PoolOptions } from './pool/types.js';
import type { MeterProfileStore } from './registry/profile-store.js';
import type { MeterRegistry } from './registry/registry.js';
import { DlmsSessionOpener, InvocationCounterStore } from './session/dlms-session-opener.js';
import type { SessionOpener } from './session/types.js';

/** Everything a head-end node needs; adapters (bus, clock) are chosen by the composition root. */
export interface HeadEndOptions {
  readonly registry: MeterRegistry;
  readonly profiles: MeterProfileStore;
  readonly bus: Bus;
  readonly clock?: Clock;
  /** The head-end's DLMS system title (8 bytes). */
  readonly systemTitle: Uint8Array;
  readonly pool?: Partial<PoolOptions>;
  readonly responseTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Overrides the DLMS session opener (tests). */
  readonly opener?: SessionOpener;
  /** How far back the first profile read reaches (default 1 day). */
  readonly backfillMs?: number;
}

/** Defaults sized for this machine: ~20,000 open files per process, so 1,000 sessions at once at most. */
export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  maxConcurrent: 500,
  maxPerPath: 1,
  retry: { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000, jitter: 0.5 },
  breaker: { failureThreshold: 5, openMs: 10 * 60_000 },
};

/**
 * A head-end node: registry, connection pool, session opener, collector, KPIs and its own
 * collection state. Readings leave on the Bus; nothing else is stored here.
 *
 * @example
 * const headEnd = new HeadEnd({ registry, profiles, bus, systemTitle: new TextEncoder().encode('GMHES001') });
 * await headEnd.collect(registry.list().map((m) => m.id), ['profile', 'registers', 'events', 'clock']);
 */
export class HeadEnd {
  readonly registry: MeterRegistry;
  readonly profiles: MeterProfileStore;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly pool: ConnectionPool;
  readonly kpis = new CollectionKpis();
  readonly state = new CollectionStateStore();
  readonly invocationCounters = new InvocationCounterStore();
  readonly opener: SessionOpener;
  readonly collector: Collector;

  constructor(options: HeadEndOptions) {
    this.registry = options.registry;
    this.profiles = options.profiles;
    this.bus = options.bus;
    this.clock = options.clock ?? systemClock;
    this.pool = new ConnectionPool(
      {
        ...DEFAULT_POOL_OPTIONS,
        ...options.pool,
        retry: { ...DEFAULT_POOL_OPTIONS.retry, ...options.pool?.retry },
        breaker: { ...DEFAULT_POOL_OPTIONS.breaker, ...options.pool?.breaker },
      },
      this.clock,
    );
    this.opener =
      options.opener ??
      new DlmsSessionOpener({
        clientSystemTitle: options.systemTitle,
        invocationCounters: this.invocationCounters,
        ...(options.responseTimeoutMs ? { responseTimeoutMs: options.responseTimeoutMs } : {}),
        ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      });
    const registry = this.registry;
    const profiles = this.profiles;
    this.collector = new Collector({
      registry: {
        get: (id) => registry.get(id),
        credentials: (id) => registry.credentials(id),
        profile: (id) => profiles.require(id),
      },
      opener: this.opener,
      pool: this.pool,
      bus: this.bus,
      clock: this.clock,
      state: this.state,
      kpis: this.kpis,
      ...(options.backfillMs ? { backfillMs: options.backfillMs } : {}),
    });
  }

  /** One collection round over `meterIds`. */
  collect(
    meterIds: readonly string[],
    jobs: readonly CollectionJob[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<RoundSummary> {
    return this.collector.collectAll(meterIds, jobs, onProgress);
  }

  /** Reads one meter now (on-demand read). */
  read(meterId: string, jobs: readonly CollectionJob[]): Promise<MeterCollectionResult> {
    return this.collector.collectMeter(meterId, jobs);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
