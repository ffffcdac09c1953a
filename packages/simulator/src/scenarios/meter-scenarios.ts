/** One meter's view of the scenario schedule: what is happening to it at any simulated time. */
import { registeredUnderTheft, theftDraw } from './theft.js';
import type { Scenario } from './types.js';

/** What a {@link MeterScenarios} reads from its schedule. */
export interface MeterScenarioSource {
  readonly seed: number;
  readonly utcOffsetMinutes: number;
  /** Changes whenever a scenario is added. */
  readonly version: number;
  /** The scenarios touching fleet index `index`, by start. */
  scenariosOf(index: number): readonly Scenario[];
}

/** Power going off or coming back at a meter. */
export interface SupplyEdge {
  readonly at: number;
  readonly on: boolean;
  readonly scenarioId: string;
}

/** A tamper detected (scenario start) or cleared (scenario end). */
export interface TamperEvent {
  readonly at: number;
  readonly tamper: Extract<Scenario, { type: 'tamper' }>['tamper'];
  readonly state: 'detected' | 'cleared';
  readonly scenarioId: string;
}

/** A meter restart. */
export interface RebootEvent {
  readonly at: number;
  readonly scenarioId: string;
}

type Of<T extends Scenario['type']> = Extract<Scenario, { type: T }>;

const endOf = (s: Scenario): number => s.end ?? (s.type === 'reboot' ? s.start : Number.POSITIVE_INFINITY);
const covers = (s: Scenario, t: number): boolean => s.start <= t && t < endOf(s);

/**
 * The scenarios of one meter, live: scenarios added to the schedule later show up here too. Every
 * query costs O(scenarios touching this meter). Time windows are [start, end).
 */
export class MeterScenarios {
  readonly index: number;
  readonly #source: MeterScenarioSource;
  #version = -1;
  #scenarios: readonly Scenario[] = [];

  constructor(source: MeterScenarioSource, index: number) {
    this.#source = source;
    this.index = index;
  }

  /** The scenarios of each type, filled as asked (a meter catching up asks several times an interval). */
  #byType = new Map<Scenario['type'], readonly Scenario[]>();

  /** All scenarios touching this meter, past and future, by start. */
  get scenarios(): readonly Scenario[] {
    if (this.#version !== this.#source.version) {
      this.#scenarios = this.#source.scenariosOf(this.index);
      this.#version = this.#source.version;
      this.#byType = new Map();
    }
    return this.#scenarios;
  }

  /** The scenarios of one type, by start (shared: do not change). */
  #of<T extends Scenario['type']>(type: T): readonly Of<T>[] {
    const all = this.scenarios;
    if (all.length === 0) return all as readonly Of<T>[];
    let found = this.#byType.get(type);
    if (!found) {
      found = all.filter((s) => s.type === type);
      this.#byType.set(type, found);
    }
    return found as readonly Of<T>[];
  }

  /** Scenarios in force at t (a reboot without an end is an instant, never in force). */
  active(t: number): Scenario[] {
    return this.scenarios.filter((s) => covers(s, t));
  }

  /** False while an outage covers the meter. */
  supplyOn(t: number): boolean {
    return !this.#of('outage').some((s) => covers(s, t));
  }

  /** Share of [from, to) with supply, in [0, 1]. */
  suppliedShare(from: number, to: number): number {
    if (!(to > from)) return this.supplyOn(from) ? 1 : 0;
    let off = 0;
    for (const block of this.#outageBlocks()) {
      const lo = Math.max(from, block.start);
      const hi = Math.min(to, block.end);
      if (hi > lo) off += hi - lo;
    }
    return 1 - off / (to - from);
  }

  /**
   * Supply changes in [from, to): off at the start of an outage, on at its end. Overlapping
   * outages give one off and one on; each edge names the scenario that caused it.
   */
  supplyEdges(from: number, to: number): SupplyEdge[] {
    const edges: SupplyEdge[] = [];
    for (const block of this.#outageBlocks()) {
      if (block.start >= from && block.start < to)
        edges.push({ at: block.start, on: false, scenarioId: block.startId });
      if (block.end >= from && block.end < to)
        edges.push({ at: block.end, on: true, scenarioId: block.endId });
    }
    return edges;
  }

  /** Outages merged into disjoint blocks, by start. */
  #outageBlocks(): { start: number; end: number; startId: string; endId: string }[] {
    const outages = [...this.#of('outage')].sort((a, b) => a.start - b.start);
    const blocks: { start: number; end: number; startId: string; endId: string }[] = [];
    for (const s of outages) {
      const last = blocks[blocks.length - 1];
      const end = endOf(s);
      if (last && s.start <= last.end) {
        if (end > last.end) {
          last.end = end;
          last.endId = s.id;
        }
      } else {
        blocks.push({ start: s.start, end, startId: s.id, endId: s.id });
      }
    }
    return blocks;
  }

  /**
   * Whole Wh the meter registers for an interval whose true energy is `trueWh`, under every theft
   * in force during it (applied in start order); equals `trueWh` when there is none. Outages are not
   * applied here (see {@link suppliedShare}).
   */
  registered(trueWh: number, intervalStart: number, intervalSeconds: number): number {
    let wh = Math.max(0, Math.floor(trueWh));
    const intervalEnd = intervalStart + intervalSeconds * 1000;
    for (const s of this.#of('theft')) {
      if (s.start >= intervalEnd || endOf(s) <= intervalStart) continue;
      wh = registeredUnderTheft(s.model, wh, {
        start: intervalStart,
        intervalSeconds,
        theftStart: s.start,
        ...(s.end === undefined ? {} : { theftEnd: s.end }),
        utcOffsetMinutes: this.#source.utcOffsetMinutes,
        draw: theftDraw(this.#source.seed, s.id, this.index, intervalStart),
      });
    }
    return wh;
  }

  /** Supply voltage relative to nominal: 1 − percent/100 in a sag, 1 + percent/100 in a swell. */
  voltageFactor(t: number): number {
    let factor = 1;
    for (const s of this.scenarios) {
      if (s.type !== 'voltage-sag' && s.type !== 'voltage-swell') continue;
      if (covers(s, t)) factor *= s.type === 'voltage-sag' ? 1 - s.percent / 100 : 1 + s.percent / 100;
    }
    return factor;
  }

  /** Clock drift rate in force at t, ppm (positive = the meter's clock runs fast). */
  clockDriftPpm(t: number): number {
    let ppm = 0;
    for (const s of this.#of('clock-drift')) if (covers(s, t)) ppm += s.ppm;
    return ppm;
  }

  /**
   * How far the meter's clock is ahead of true time at t, in ms: ppm × time drifted so far. After a
   * drift ends the clock keeps what it gained; setting the clock is the meter's business.
   */
  clockOffsetMs(t: number): number {
    let offset = 0;
    for (const s of this.#of('clock-drift')) {
      const drifted = Math.min(t, endOf(s)) - s.start;
      if (drifted > 0) offset += (s.ppm * drifted) / 1e6;
    }
    return offset;
  }

  /** False while the meter is unreachable or restarting (a reboot with an end). */
  reachable(t: number): boolean {
    return (
      !this.#of('unreachable').some((s) => covers(s, t)) && !this.#of('reboot').some((s) => covers(s, t))
    );
  }

  /** Restarts in [from, to), at each reboot scenario's start. */
  reboots(from: number, to: number): RebootEvent[] {
    return this.#of('reboot')
      .filter((s) => s.start >= from && s.start < to)
      .map((s) => ({ at: s.start, scenarioId: s.id }));
  }

  /** Tamper detections (at start) and clearances (at end) in [from, to), by time. */
  tamperEvents(from: number, to: number): TamperEvent[] {
    const events: TamperEvent[] = [];
    for (const s of this.#of('tamper')) {
      if (s.start >= from && s.start < to) {
        events.push({ at: s.start, tamper: s.tamper, state: 'detected', scenarioId: s.id });
      }
      if (s.end !== undefined && s.end >= from && s.end < to) {
        events.push({ at: s.end, tamper: s.tamper, state: 'cleared', scenarioId: s.id });
      }
    }
    return events.sort((a, b) => a.at - b.at);
  }

  /** Whether a firmware module of the meter is failing at t. */
  firmwareFailure(module: Of<'firmware-failure'>['module'], t: number): boolean {
    return this.#of('firmware-failure').some((s) => s.module === module && covers(s, t));
  }
}
