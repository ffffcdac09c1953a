import { listenWrapperTcp, type WrapperTcpListener } from '@gridmeter/dlms';
import { hashInts, hashString, unit } from '../consumption/hash.js';
import { type MeterIdentity, meterIdentity, meterIndexOfId, meterKindOf } from '../meter/identity.js';
import { INTERVAL_SECONDS, type IntervalOutcome } from '../meter/virtual-meter.js';
import { ZERO_ENERGY } from '../metrology/types.js';
import type { MeterScenarios } from '../scenarios/meter-scenarios.js';
import { type ScenarioLogEntry, ScenarioSchedule } from '../scenarios/schedule.js';
import { affectedIndices } from '../scenarios/targets.js';
import type { Scenario } from '../scenarios/types.js';
import { validateScenario } from '../scenarios/validate.js';
import { Topology } from '../topology/topology.js';
import { meterIndexOf } from './addressing.js';
import { TransformerCheckModel, technicalLossesWh } from './check-meter-model.js';
import { checkFleetSpec, type FleetSpec } from './fleet-spec.js';
import { MeterRuntime } from './meter-runtime.js';
import { buildPushNotification, type PushDestination, type PushReason, sendPush } from './push-sender.js';
import { SimClock } from './sim-clock.js';

export interface FleetOptions {
  readonly spec: FleetSpec;
  /** Simulated time (default: real time, starting now). */
  readonly clock?: SimClock;
  /** Scenarios known from the start (e.g. a parsed scenario file). */
  readonly scenarios?: readonly Scenario[];
  /** Where meters push last gasp / power restored / alarms; no pushes when absent. */
  readonly push?: PushDestination;
  /** Meters kept materialised (least recently used beyond this are dropped unless changed by a client). */
  readonly maxCachedMeters?: number;
  /** Network faults to inject (also settable at run time with {@link Fleet.setFaults}). */
  readonly faults?: FleetFaults;
  /**
   * Serve only one shard of the fleet: the fleet runs as `count` processes (each with its own
   * listening port), process `index` answering for the meters {@link Fleet.shardOf} gives it and
   * refusing the others. Every process still knows the whole fleet (identities, truth).
   */
  readonly shard?: FleetShard;
}

/** One of `count` processes serving a fleet together (see {@link Fleet.shardOf}). */
export interface FleetShard {
  readonly index: number;
  readonly count: number;
}

/**
 * Faults injected into the fleet's network behaviour, for testing a head-end's retries: each
 * accepted connection fails with this probability — half refused at once, half cut off shortly
 * after the client's first request. Draws are deterministic from the seed and a counter.
 */
export interface FleetFaults {
  readonly sessionFailureRate: number;
}

/** The truth about one interval of one meter, for scoring VEE and analytics. */
export interface TruthInterval {
  readonly start: number;
  /** What the customer would have drawn. */
  readonly demandWh: number;
  /** What flowed (0 during outages and with the relay open). */
  readonly deliveredWh: number;
  /** What the meter registered (less than delivered under theft). */
  readonly registeredWh: number;
  readonly exportWh: number;
  readonly rate: number;
  readonly supplyOn: boolean;
  readonly connected: boolean;
  /** Ids of the scenarios in force at the interval's start. */
  readonly scenarios: readonly string[];
}

/** Counters for the benchmark and `gridmeter simulate`'s status line. */
export interface FleetStats {
  readonly meters: number;
  readonly fleetSize: number;
  readonly materialised: number;
  readonly connectionsAccepted: number;
  readonly connectionsRefused: number;
  readonly sessionsOpen: number;
  readonly pushesSent: number;
  readonly pushesFailed: number;
  readonly faultsInjected: number;
}

/**
 * A fleet of virtual meters: topology, scenarios, simulated time, lazily materialised meters, the
 * DLMS/COSEM listener that serves every meter on its own loopback address, pushes, and the ground
 * truth. Everything derives from the spec; only client commands add state.
 *
 * @example
 * const fleet = new Fleet({ spec: { seed: 1, meters: 1000, historyStart: Date.UTC(2026, 10, 1) } });
 * await fleet.listen({ port: 4059 }); // meter 0 answers on 127.1.0.0:4059
 */
export class Fleet {
  readonly spec: FleetSpec;
  readonly topology: Topology;
  readonly clock: SimClock;
  readonly schedule: ScenarioSchedule;
  readonly #push: PushDestination | undefined;
  readonly #maxCached: number;
  readonly #runtimes = new Map<number, MeterRuntime>();
  readonly #inUse = new Map<number, number>();
  #listener: WrapperTcpListener | undefined;
  #pushTimer: NodeJS.Timeout | undefined;
  #pushCursor: number;
  #stats = {
    connectionsAccepted: 0,
    connectionsRefused: 0,
    sessionsOpen: 0,
    pushesSent: 0,
    pushesFailed: 0,
    faultsInjected: 0,
  };
  #faults: FleetFaults = { sessionFailureRate: 0 };
  #faultDraws = 0;
  readonly #cutNext = new Set<string>();
  /** The shard this process serves; undefined: all of the fleet. */
  readonly shard: FleetShard | undefined;
  readonly #shardKey: number;

  constructor(options: FleetOptions) {
    this.spec = checkFleetSpec(options.spec);
    this.topology = new Topology(this.spec);
    this.#shardKey = hashString(this.spec.seed, 'shard');
    if (options.shard) {
      const { index, count } = options.shard;
      if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
        throw new RangeError(
          `shard must have an integer count ≥ 1 and index in [0, count), got ${index}/${count}`,
        );
      }
      this.shard = options.shard;
    } else this.shard = undefined;
    this.clock = options.clock ?? new SimClock(Date.now());
    this.#push = options.push;
    this.#maxCached = options.maxCachedMeters ?? 5_000;
    this.schedule = new ScenarioSchedule({
      seed: this.spec.seed,
      topology: this.topology,
      kindOf: (i) => meterKindOf(this.spec, this.topology, i),
      utcOffsetMinutes: this.spec.utcOffsetMinutes ?? 0,
      now: () => this.clock.now(),
      scenarios: options.scenarios ?? [],
    });
    this.#pushCursor = this.clock.now();
    if (options.faults) this.setFaults(options.faults);
  }

  /** Changes the injected faults from now on. */
  setFaults(faults: FleetFaults): void {
    if (!(faults.sessionFailureRate >= 0 && faults.sessionFailureRate <= 1)) {
      throw new RangeError(`sessionFailureRate must be in [0, 1], got ${faults.sessionFailureRate}`);
    }
    this.#faults = faults;
  }

  /** 'none', or how the next connection fails. */
  #drawFault(): 'none' | 'refuse' | 'cut' {
    const p = this.#faults.sessionFailureRate;
    if (p <= 0) return 'none';
    const u = unit(hashInts(hashString(this.spec.seed, 'faults'), this.#faultDraws++));
    if (u >= p) return 'none';
    this.#stats.faultsInjected++;
    return u < p / 2 ? 'refuse' : 'cut';
  }

  /** Customer meters plus check meters. */
  get size(): number {
    return this.topology.fleetSize;
  }

  identity(index: number): MeterIdentity {
    return meterIdentity(this.spec, this.topology, index);
  }

  /**
   * Which of `count` processes serves fleet index `index`: a stable hash of its transformer, so
   * that a transformer's customers and its check meter (which registers their sum) live in one
   * process. Pure in (seed, topology, index, count): a head-end's registry and every shard agree.
   *
   * @example
   * const port = shardPorts[fleet.shardOf(index, shardPorts.length)];
   */
  shardOf(index: number, count: number): number {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be ≥ 1, got ${count}`);
    if (count === 1) return 0;
    return hashInts(this.#shardKey, this.topology.transformerOf(index)) % count;
  }

  /** Whether this process serves fleet index `index` (always, unless the fleet is sharded). */
  serves(index: number): boolean {
    return this.shard === undefined || this.shardOf(index, this.shard.count) === this.shard.index;
  }

  /** Fleet index of a meter id, or undefined. */
  indexOf(meterId: string): number | undefined {
    return meterIndexOfId(meterId, this.topology);
  }

  /** The meter at `index`, materialised on first use. */
  runtime(index: number): MeterRuntime {
    let r = this.#runtimes.get(index);
    if (r) {
      this.#runtimes.delete(index);
      this.#runtimes.set(index, r);
      return r;
    }
    const identity = this.identity(index);
    const scenarios = this.schedule.forMeter(index);
    r = new MeterRuntime(identity, {
      spec: this.spec,
      now: () => this.clock.now(),
      scenarios,
      ...(this.#push ? { pushDestination: this.#push } : {}),
      pushNow: (runtime) => void this.#pushFrom(runtime, 'scheduled', 0, this.clock.now()),
      ...(identity.kind === 'transformer-check' ? { checkMeterModel: this.#checkMeterModel(index) } : {}),
    });
    this.#runtimes.set(index, r);
    this.#evict(index);
    return r;
  }

  /** Meters materialised now. */
  get materialised(): number {
    return this.#runtimes.size;
  }

  /** Whether meter `index` answers on the network at `t` (without materialising it). */
  reachable(index: number, t = this.clock.now()): boolean {
    const s = this.schedule.forMeter(index);
    const kind = meterKindOf(this.spec, this.topology, index);
    return s.reachable(t) && (kind === 'water' || kind === 'gas' || s.supplyOn(t));
  }

  /** Adds a scenario at run time (it may not start in the past). */
  injectScenario(scenario: Scenario | Record<string, unknown>): Scenario {
    const s = validateScenario(scenario, { topology: this.topology, now: this.clock.now() });
    return this.schedule.add(s);
  }

  scenarioLog(listLimit?: number): ScenarioLogEntry[] {
    return this.schedule.log(listLimit === undefined ? {} : { listLimit });
  }

  /** Ground truth of one meter, interval by interval, in `[from, to)` (to ≤ now). */
  truth(meterId: string, from: number, to: number): TruthInterval[] {
    const index = this.indexOf(meterId);
    if (index === undefined) throw new RangeError(`No meter ${meterId} in this fleet`);
    const now = this.clock.now();
    const r = this.runtime(index);
    const scenarios = this.schedule.forMeter(index);
    const end = Math.min(to, Math.floor(now / 900_000) * 900_000);
    return r.meter.outcomes(Math.max(from, this.spec.historyStart), end).map((o) => truthOf(o, scenarios));
  }

  /** A transformer's true energy balance in `[from, to)`: customers' delivered energy, losses, check meter. */
  transformerTruth(transformerId: string, from: number, to: number) {
    const t = this.topology.transformerIndex(transformerId);
    if (t === undefined) throw new RangeError(`No transformer ${transformerId} in this fleet`);
    const info = this.topology.transformer(t);
    const check = this.runtime(info.checkMeterIndex);
    const intervals = check.meter.outcomes(
      Math.max(from, this.spec.historyStart),
      Math.min(to, this.clock.now()),
    );
    return intervals.map((o) => {
      const customers = this.#electricityCustomers(t).map((i) =>
        this.#delivered(i, o.start, INTERVAL_SECONDS),
      );
      const importWh = customers.reduce((a, e) => a + e.importWh, 0);
      const exportWh = customers.reduce((a, e) => a + e.exportWh, 0);
      return {
        start: o.start,
        customersImportWh: importWh,
        customersExportWh: exportWh,
        lossesWh: o.supplyOn
          ? Math.round(technicalLossesWh(info.ratedKva, importWh - exportWh, INTERVAL_SECONDS))
          : 0,
        checkMeterImportWh: o.registered.importWh,
        checkMeterExportWh: o.registered.exportWh,
      };
    });
  }

  /**
   * Serves every meter over the IEC 62056-47 wrapper on TCP: one listening socket; the address a
   * client dialled (127.x.y.z) says which meter answers. Unreachable or unpowered meters refuse.
   */
  async listen(
    options: { host?: string; port?: number; idleTimeoutMs?: number } = {},
  ): Promise<WrapperTcpListener> {
    this.#listener = await listenWrapperTcp({
      host: options.host ?? '0.0.0.0',
      port: options.port ?? 4059,
      maxFrameBytes: 8 + 2048,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      // Many head-end sessions connect at once; the default backlog (511) overflows.
      backlog: 4096,
      accept: (address) => {
        const index = meterIndexOf(address);
        const known = index !== undefined && index < this.size && this.serves(index) && this.reachable(index);
        const fault = known ? this.#drawFault() : 'none';
        if (fault === 'cut') this.#cutNext.add(address);
        const ok = known && fault !== 'refuse';
        if (ok) this.#stats.connectionsAccepted++;
        else this.#stats.connectionsRefused++;
        return ok;
      },
      serverFor: (address) => {
        const index = meterIndexOf(address);
        return index === undefined || index >= this.size || !this.serves(index)
          ? undefined
          : this.runtime(index).dlmsServer();
      },
      onSession: (session, socket) => {
        const index = meterIndexOf((socket.localAddress ?? '').replace(/^::ffff:/, ''));
        if (index === undefined) return;
        this.#stats.sessionsOpen++;
        const address = (socket.localAddress ?? '').replace(/^::ffff:/, '');
        if (this.#cutNext.delete(address)) {
          // The link drops while the first request is being answered.
          setImmediate(() => socket.destroy());
        }
        this.#inUse.set(index, (this.#inUse.get(index) ?? 0) + 1);
        socket.once('close', () => {
          this.#stats.sessionsOpen--;
          const n = (this.#inUse.get(index) ?? 1) - 1;
          if (n <= 0) {
            this.#inUse.delete(index);
            this.#runtimes.get(index)?.releaseServer();
          } else this.#inUse.set(index, n);
        });
        void session;
      },
    });
    this.#pushTimer = setInterval(() => void this.processPushes(), 1_000);
    return this.#listener;
  }

  /**
   * Sends the pushes due up to now: last gasp when an outage starts, power restored when it ends,
   * for every meter the outage covers. Runs every second while listening; tests call it directly.
   */
  async processPushes(now = this.clock.now()): Promise<number> {
    const from = this.#pushCursor;
    if (now <= from) return 0;
    this.#pushCursor = now;
    const due: { index: number; at: number; reason: PushReason; code: number }[] = [];
    const ctx = {
      seed: this.spec.seed,
      topology: this.topology,
      kindOf: (i: number) => meterKindOf(this.spec, this.topology, i),
    };
    for (const s of this.schedule.scenarios) {
      const edges: [number, PushReason, number][] = [];
      if (s.type === 'outage') {
        edges.push([s.start, 'last-gasp', 234]);
        if (s.end !== undefined) edges.push([s.end, 'power-restored', 235]);
      } else if (s.type === 'tamper') {
        edges.push([s.start, 'alarm', TAMPER_ALARM[s.tamper]]);
      }
      for (const [at, reason, code] of edges) {
        if (at <= from || at > now) continue;
        for (const index of affectedIndices(s, ctx))
          if (this.serves(index)) due.push({ index, at, reason, code });
      }
    }
    let sent = 0;
    for (const d of due) {
      const kind = meterKindOf(this.spec, this.topology, d.index);
      if (d.reason !== 'alarm' && (kind === 'water' || kind === 'gas')) continue;
      if (await this.#pushFrom(this.runtime(d.index), d.reason, d.code, d.at)) sent++;
    }
    return sent;
  }

  /** Sends one push from a meter to its push destination; false when it has none or it failed. */
  async #pushFrom(r: MeterRuntime, reason: PushReason, code: number, at: number): Promise<boolean> {
    const destination = r.pushDestination;
    if (!destination) return false;
    const apdu = buildPushNotification(
      r.identity,
      r.invocationCounter,
      reason,
      code,
      r.meter.meterTime(at),
      this.spec.utcOffsetMinutes ?? 0,
    );
    const ok = await sendPush(r.identity.address, destination, apdu);
    if (ok) this.#stats.pushesSent++;
    else this.#stats.pushesFailed++;
    return ok;
  }

  stats(): FleetStats {
    return {
      meters: this.spec.meters,
      fleetSize: this.size,
      materialised: this.materialised,
      ...this.#stats,
    };
  }

  async close(): Promise<void> {
    if (this.#pushTimer) clearInterval(this.#pushTimer);
    await this.#listener?.close();
    this.#listener = undefined;
  }

  #electricityCustomers(t: number): number[] {
    return this.topology.transformer(t).meterIndices.filter((i) => {
      const k = meterKindOf(this.spec, this.topology, i);
      return k !== 'water' && k !== 'gas';
    });
  }

  /** What flowed through customer `index` in an interval (after catching it up to there). */
  #delivered(index: number, start: number, seconds: number) {
    const r = this.runtime(index);
    r.meter.advanceTo(start);
    const aligned = start % 900_000 === 0 && seconds === INTERVAL_SECONDS;
    if (aligned) return r.meter.intervalOutcome(start).delivered;
    const s = this.schedule.forMeter(index);
    return s.supplyOn(start) && r.relay.connectedAt(start)
      ? r.meter.demandEnergy(start, seconds)
      : ZERO_ENERGY;
  }

  #checkMeterModel(checkIndex: number): TransformerCheckModel {
    const t = this.topology.transformerOf(checkIndex);
    const info = this.topology.transformer(t);
    let customers: number[] | undefined;
    return new TransformerCheckModel(info.ratedKva, () => {
      customers ??= this.#electricityCustomers(t);
      return customers.map((i) => ({
        delivered: (start: number, seconds: number) => this.#delivered(i, start, seconds),
      }));
    });
  }

  /** Drops least recently used clean meters beyond the cache size; never `keep` (being handed out). */
  #evict(keep: number): void {
    if (this.#runtimes.size <= this.#maxCached) return;
    for (const [index, r] of this.#runtimes) {
      if (this.#runtimes.size <= this.#maxCached) break;
      if (index === keep || r.dirty || this.#inUse.has(index) || r.identity.kind === 'transformer-check')
        continue;
      this.#runtimes.delete(index);
    }
  }
}

/** The event code an alarm push carries for each tamper (IDIS fraud detection codes). */
const TAMPER_ALARM = { 'terminal-cover': 40, 'magnetic-field': 42, 'meter-cover': 44 } as const;

function truthOf(o: IntervalOutcome, scenarios: MeterScenarios): TruthInterval {
  return {
    start: o.start,
    demandWh: o.demand.importWh,
    deliveredWh: o.delivered.importWh,
    registeredWh: o.registered.importWh,
    exportWh: o.delivered.exportWh,
    rate: o.rate,
    supplyOn: o.supplyOn,
    connected: o.connected,
    scenarios: scenarios.active(o.start).map((s) => s.id),
  };
}
