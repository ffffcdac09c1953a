/**
 * Benchmark child: the head-end. `setup` builds the registry from the fleet's identities (keys
 * derived from the seed, imported as the key file `gridmeter simulate keys` writes, each meter
 * dialled on the port of the simulator process that serves it) and a HeadEnd on an InProcessBus that counts what is
 * published; `collect` runs one round over every customer meter; `progress` answers while it runs.
 *
 * Sessions go through a timing opener: the real DlmsSessionOpener, with each session's open
 * (connect, AARQ, HLS pass 3/4), its GETs by object and its close timed, so the report can say
 * where a session's wall time goes.
 */

import { toHex } from '@gridmeter/codec';
import type { DlmsClient } from '@gridmeter/dlms';
import { type Clock, InProcessBus, Subjects, systemClock } from '@gridmeter/domain';
import {
  type CollectionJob,
  DlmsSessionOpener,
  HeadEnd,
  InvocationCounterStore,
  importSimulatorKeys,
  type LatencySummary,
  MasterKey,
  MeterProfileStore,
  MeterRegistry,
  type MeterSession,
  type RoundSummary,
  type SessionOpener,
} from '@gridmeter/headend';
import { Fleet, SimClock } from '@gridmeter/simulator';
import {
  HISTORY_START,
  NOW,
  type ProcessSample,
  SEED,
  sampleProcess,
  serveCommands,
  YESTERDAY,
} from './ipc.js';

const DAY_MS = 86_400_000;

/** Wall time spent per step of a session, summed over sessions (ms) and counted. */
export type PhaseTimes = Record<string, { readonly ms: number; readonly count: number }>;

export interface CollectReport {
  readonly round: RoundSummary;
  readonly wallMs: number;
  readonly bus: BusCounts;
  readonly completenessYesterday: number;
  readonly metersComplete: number;
  readonly sessionMs: LatencySummary;
  readonly attempts: number;
  readonly retries: number;
  readonly phases: PhaseTimes;
  readonly cpuMicros: number;
  readonly systemMicros: number;
  readonly sample: ProcessSample;
}

export interface BusCounts {
  messages: number;
  blocks: number;
  /** Interval values: intervals × channels. */
  intervalValues: number;
  registerReads: number;
  billingReads: number;
  events: number;
}

const PROFILE_OBIS = new Set(['1.0.99.1.0.255']);
const BILLING_OBIS = new Set(['1.0.98.2.0.255']);

const phases = new Map<string, { ms: number; count: number }>();
function time(phase: string, ms: number): void {
  const p = phases.get(phase);
  if (p) {
    p.ms += ms;
    p.count++;
  } else phases.set(phase, { ms, count: 1 });
}

async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await work();
  } finally {
    time(phase, performance.now() - t);
  }
}

function phaseOf(logicalName: unknown): string {
  const ln = String(logicalName);
  if (PROFILE_OBIS.has(ln)) return 'GET load profile';
  if (BILLING_OBIS.has(ln)) return 'GET daily billing';
  if (ln.startsWith('0.0.99.98.') || ln.startsWith('1.0.99.97.')) return 'GET event logs';
  return `GET ${ln}`;
}

/** Times `get` by the object read and `getWithList` as one step; everything else passes through. */
function timedClient(client: DlmsClient): DlmsClient {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'get') {
        return (ref: { logicalName: unknown }, ...rest: unknown[]) =>
          timed(phaseOf(ref.logicalName), () =>
            (value as (...a: unknown[]) => Promise<unknown>).call(target, ref, ...rest),
          );
      }
      if (prop === 'getWithList') {
        return (...args: unknown[]) =>
          timed('GET-with-list (profile, registers, billing, event logs)', () =>
            (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
          );
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

class TimingOpener implements SessionOpener {
  readonly #inner: SessionOpener;
  constructor(inner: SessionOpener) {
    this.#inner = inner;
  }
  async open(...args: Parameters<SessionOpener['open']>): Promise<MeterSession> {
    const session = await timed('open (connect, AARQ, HLS)', () => this.#inner.open(...args));
    return {
      record: session.record,
      profile: session.profile,
      client: timedClient(session.client),
      close: () => timed('close (RLRQ, FIN)', () => session.close()),
    };
  }
}

/**
 * A registry for a fleet served by one simulator process per port: the fleet's key file (what
 * `gridmeter simulate keys` writes) with each meter's row naming the port of the shard that serves
 * it, imported into a registry sealed with a master key.
 */
async function registryForShards(fleet: Fleet, ports: readonly number[], indices: readonly number[]) {
  const rows = ['meter_id,address,port,kind,system_title,encryption_key,authentication_key,lls_password'];
  for (const i of indices) {
    const id = fleet.identity(i);
    rows.push(
      [
        id.id,
        id.address,
        ports[fleet.shardOf(i, ports.length)],
        id.kind,
        toHex(id.systemTitle),
        toHex(id.encryptionKey),
        toHex(id.authenticationKey),
        id.llsPassword,
      ].join(','),
    );
  }
  const profiles = new MeterProfileStore();
  const registry = await MeterRegistry.open({ masterKey: MasterKey.generate(), profiles });
  await importSimulatorKeys(rows.join('\n'), { registry });
  return { registry, profiles };
}

let headEnd: HeadEnd | undefined;
let ids: string[] = [];
let done = 0;
const bus = new InProcessBus();
const counts: BusCounts = {
  messages: 0,
  blocks: 0,
  intervalValues: 0,
  registerReads: 0,
  billingReads: 0,
  events: 0,
};
bus.subscribe(Subjects.allReadings, (m) => {
  counts.messages++;
  if (m.type === 'interval-block') {
    counts.blocks++;
    counts.intervalValues += m.block.values.length;
  } else if (m.type === 'register-read') {
    if (m.read.billingPeriod === undefined) counts.registerReads++;
    else counts.billingReads++;
  }
});
bus.subscribe(Subjects.allEvents, (m) => {
  counts.messages++;
  if (m.type === 'meter-event') counts.events++;
});

serveCommands(async (cmd) => {
  switch (cmd.cmd) {
    case 'setup': {
      const t0 = performance.now();
      const meters = cmd.meters as number;
      // Only identities (addresses, keys) come from this fleet; it never listens.
      const fleet = new Fleet({
        spec: { seed: SEED, meters, historyStart: HISTORY_START },
        clock: new SimClock(NOW, { frozen: true }),
      });
      const customers = Array.from({ length: meters }, (_, i) => i);
      const { registry, profiles } = await registryForShards(fleet, cmd.ports as number[], customers);
      ids = registry.list().map((m) => m.id);
      // The head-end's clock starts at the simulator's 00:20 and runs in real time: pool
      // latencies are real, "yesterday" is the same day on both sides.
      const origin = performance.now();
      const clock: Clock = {
        now: () => NOW + Math.floor(performance.now() - origin),
        setTimeout: systemClock.setTimeout,
        sleep: systemClock.sleep,
      };
      const systemTitle = new TextEncoder().encode('GMHES001');
      const invocationCounters = new InvocationCounterStore();
      headEnd = new HeadEnd({
        registry,
        profiles,
        bus,
        clock,
        systemTitle,
        opener: new TimingOpener(
          new DlmsSessionOpener({
            clientSystemTitle: systemTitle,
            invocationCounters,
            connectTimeoutMs: 20_000,
            responseTimeoutMs: 30_000,
          }),
        ),
        pool: { maxConcurrent: cmd.concurrency as number, maxPerPath: 1 },
        backfillMs: DAY_MS,
      });
      return { meters: ids.length, setupMs: performance.now() - t0, sample: sampleProcess() };
    }
    case 'collect': {
      if (!headEnd) throw new Error('setup first');
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const round = await headEnd.collect(ids, cmd.jobs as CollectionJob[], (n) => {
        done = n;
      });
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const kpis = headEnd.kpis;
      let metersComplete = 0;
      for (const id of ids) if (kpis.intervalsOf(id, YESTERDAY) === kpis.intervalsPerDay) metersComplete++;
      const pool = headEnd.pool.stats();
      const report: CollectReport = {
        round,
        wallMs,
        bus: counts,
        completenessYesterday: kpis.completeness(YESTERDAY, ids),
        metersComplete,
        sessionMs: pool.workMs,
        attempts: pool.attempts,
        retries: pool.retries,
        phases: Object.fromEntries(phases),
        cpuMicros: cpu.user + cpu.system,
        systemMicros: cpu.system,
        sample: sampleProcess(),
      };
      await headEnd.close();
      return { report };
    }
    case 'progress': {
      const stats = headEnd?.pool.stats();
      return {
        done,
        running: stats?.running ?? 0,
        retries: stats?.retries ?? 0,
        failed: stats ? Object.values(stats.failed).reduce((a, b) => a + b, 0) : 0,
        intervalValues: counts.intervalValues,
        sample: sampleProcess(),
      };
    }
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
});
