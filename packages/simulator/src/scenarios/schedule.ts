/** The fleet's scenarios, indexed so one meter's scenarios are found without walking the fleet. */
import { meterIdOf } from '../meter/identity.js';
import { ScenarioError } from './errors.js';
import { type MeterScenarioSource, MeterScenarios } from './meter-scenarios.js';
import {
  affectedIndices,
  reachesCheckMeters,
  scenarioTargets,
  type TargetContext,
  targetRanges,
} from './targets.js';
import type { Scenario, ScenarioType } from './types.js';
import { readScenario, validateScenario } from './validate.js';

/** What a schedule needs: the fleet's seed, grid and kinds, and its local time. */
export interface ScheduleOptions extends TargetContext {
  /** Local time of the fleet, minutes east of UTC (zero-window thefts); default 0. */
  readonly utcOffsetMinutes?: number;
  /** Simulated now; scenarios added with {@link ScenarioSchedule.add} may not start before it. */
  readonly now?: () => number;
  /** Scenarios known from the start (a parsed file); they may lie in the past. */
  readonly scenarios?: readonly Scenario[];
}

/** One scenario in the ground-truth log. */
export interface ScenarioLogEntry {
  readonly id: string;
  readonly type: ScenarioType;
  readonly start: number;
  readonly end?: number;
  /** The target in words, e.g. "transformer T00003: 41 customer meters and check meter GMC0000003". */
  readonly target: string;
  readonly meterCount: number;
  /** Meter ids, listed when there are at most `listLimit` of them. */
  readonly meters?: readonly string[];
  /** The type's own fields: theft model, tamper kind, percent, ppm or module. */
  readonly details: Readonly<Record<string, unknown>>;
}

interface FractionEntry {
  readonly scenario: Scenario;
  readonly touches: (index: number) => boolean;
}

/**
 * The scenarios of a fleet run: from the file and injected at run time. `forMeter(i)` answers what
 * is happening to meter i in O(scenarios touching it); `log()` is the ground truth.
 *
 * @example
 * const schedule = new ScenarioSchedule({ seed, topology, kindOf, utcOffsetMinutes: 60, scenarios: parseScenarioFile(text, { topology }) });
 * schedule.forMeter(7).registered(trueWh, intervalStart, 900);
 */
export class ScenarioSchedule implements MeterScenarioSource {
  readonly seed: number;
  readonly utcOffsetMinutes: number;
  readonly #ctx: TargetContext;
  readonly #now: (() => number) | undefined;
  readonly #all: Scenario[] = [];
  /** Order added, for ties in start. */
  readonly #sequence = new Map<Scenario, number>();
  readonly #ids = new Set<string>();
  readonly #byMeter = new Map<number, Scenario[]>();
  readonly #byTransformer = new Map<number, Scenario[]>();
  readonly #byFeeder = new Map<number, Scenario[]>();
  readonly #fractions: FractionEntry[] = [];
  readonly #views = new Map<number, MeterScenarios>();
  readonly #logEntries = new Map<string, ScenarioLogEntry>();
  #version = 0;

  constructor(options: ScheduleOptions) {
    this.seed = options.seed;
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
    this.#ctx = { seed: options.seed, topology: options.topology, kindOf: options.kindOf };
    this.#now = options.now;
    for (const s of options.scenarios ?? [])
      this.#insert(readScenario(s, undefined, { topology: options.topology }));
  }

  /** Increases with every added scenario. */
  get version(): number {
    return this.#version;
  }

  /** Every scenario, in the order added. */
  get scenarios(): readonly Scenario[] {
    return this.#all;
  }

  /**
   * Adds a scenario at run time. Throws `ScenarioError` when it is invalid, its id is taken, or it
   * starts before the schedule's now.
   */
  add(scenario: Scenario): Scenario {
    const now = this.#now?.();
    const checked = validateScenario(scenario, {
      topology: this.#ctx.topology,
      ...(now === undefined ? {} : { now }),
    });
    this.#insert(checked);
    return checked;
  }

  #insert(s: Scenario): void {
    if (this.#ids.has(s.id))
      throw new ScenarioError({ scenarioId: s.id, field: 'id' }, 'is already scheduled');
    this.#ids.add(s.id);
    this.#sequence.set(s, this.#all.length);
    this.#all.push(s);
    const { topology } = this.#ctx;
    const target = s.target;
    if ('meters' in target) {
      for (const r of targetRanges(s, topology) ?? [])
        for (let i = r.from; i < r.to; i++) push(this.#byMeter, i, s);
    } else if ('transformer' in target) {
      push(this.#byTransformer, topology.transformerIndex(target.transformer)!, s);
    } else if ('feeder' in target) {
      push(this.#byFeeder, topology.feederIndex(target.feeder)!, s);
    } else {
      this.#fractions.push({ scenario: s, touches: scenarioTargets(s, this.#ctx) });
    }
    this.#version++;
  }

  /** The scenarios touching fleet index `index`, by start (ties in the order added). */
  scenariosOf(index: number): Scenario[] {
    const { topology } = this.#ctx;
    if (!Number.isInteger(index) || index < 0 || index >= topology.fleetSize) {
      throw new RangeError(`Fleet index ${index} outside 0-${topology.fleetSize - 1}`);
    }
    const found: Scenario[] = [...(this.#byMeter.get(index) ?? [])];
    if (this.#byTransformer.size > 0 || this.#byFeeder.size > 0) {
      const t = topology.transformerOf(index);
      const check = topology.isCheckMeter(index);
      const reaches = (s: Scenario) => !check || reachesCheckMeters(s.type);
      for (const s of this.#byTransformer.get(t) ?? []) if (reaches(s)) found.push(s);
      for (const s of this.#byFeeder.get(Math.floor(t / topology.transformersPerFeeder)) ?? []) {
        if (reaches(s)) found.push(s);
      }
    }
    for (const f of this.#fractions) if (f.touches(index)) found.push(f.scenario);
    return found.sort((a, b) => a.start - b.start || this.#sequence.get(a)! - this.#sequence.get(b)!);
  }

  /** What is happening to meter `index`; the object is live (later scenarios show up) and cached. */
  forMeter(index: number): MeterScenarios {
    const cached = this.#views.get(index);
    if (cached) return cached;
    const view = new MeterScenarios(this, index);
    if (view.scenarios.length > 0) this.#views.set(index, view);
    return view;
  }

  /** The ground-truth log: every scenario with its window, target and affected meters, by start. */
  log(options: { readonly listLimit?: number } = {}): ScenarioLogEntry[] {
    const limit = options.listLimit ?? 1000;
    return [...this.#all]
      .sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((s) => {
        const key = `${limit}:${s.id}`;
        let entry = this.#logEntries.get(key);
        if (!entry) {
          entry = this.#logEntry(s, limit);
          this.#logEntries.set(key, entry);
        }
        return entry;
      });
  }

  #logEntry(s: Scenario, limit: number): ScenarioLogEntry {
    const { topology } = this.#ctx;
    const ids: string[] = [];
    let count = 0;
    let checkCount = 0;
    for (const i of affectedIndices(s, this.#ctx)) {
      if (count < limit) ids.push(meterIdOf(i, topology));
      if (topology.isCheckMeter(i)) checkCount++;
      count++;
    }
    const target = s.target;
    let description: string;
    if ('meters' in target) description = `meters ${target.meters.join(', ')}`;
    else if ('transformer' in target || 'feeder' in target) {
      const name = 'transformer' in target ? `transformer ${target.transformer}` : `feeder ${target.feeder}`;
      description = `${name}: ${count - checkCount} customer meters${checkCount ? ` and ${checkCount} check meter(s)` : ''}`;
    } else {
      const among = target.kinds ? `${target.kinds.join(', ')} meters` : 'customer meters';
      description = `fraction ${target.fraction} of ${among}: ${count} meters`;
    }
    const { id, type, start, end } = s;
    const details: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(s)) if (!BASE_KEYS.has(key)) details[key] = value;
    return {
      id,
      type,
      start,
      ...(end === undefined ? {} : { end }),
      target: description,
      meterCount: count,
      ...(count <= limit ? { meters: ids } : {}),
      details,
    };
  }
}

const BASE_KEYS: ReadonlySet<string> = new Set(['id', 'type', 'start', 'end', 'target']);

function push<K>(map: Map<K, Scenario[]>, key: K, s: Scenario): void {
  const list = map.get(key);
  if (list) list.push(s);
  else map.set(key, [s]);
}
