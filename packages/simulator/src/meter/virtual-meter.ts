import { hashInts, hashString, unit } from '../consumption/hash.js';
import type { EnergyModel, IntervalEnergy, VolumeModel } from '../metrology/types.js';
import { ZERO_ENERGY } from '../metrology/types.js';
import { EventLog, type LoggedEvent, type MeterLogName } from './event-log.js';
import type { MeterIdentity } from './identity.js';
import {
  addInterval,
  MAX_DEMAND_AT,
  MAX_DEMAND_W,
  newRegisters,
  Quantity,
  type Registers,
  resetDemand,
  slot,
  TOU_RATES,
} from './registers.js';

/** Seconds per load profile interval (IDIS load profile 1: 15 minutes). */
export const INTERVAL_SECONDS = 900;
const INTERVAL_MS = INTERVAL_SECONDS * 1000;
const DAY_MS = 86_400_000;

/** What the grid and any scenario do to a meter (the scenario engine provides it). */
export interface MeterConditions {
  /** Whether the network supplies the meter at `t` (false during an outage). */
  supplyOn(t: number): boolean;
  /** Energy the meter registers of `trueWh` delivered in the interval (less under theft). */
  registered(trueWh: number, intervalStart: number, intervalSeconds: number): number;
  /** How far the meter's clock is off the true time at `t` because of drift scenarios. */
  clockOffsetMs(t: number): number;
  /** Supply changes in `[from, to)`: power down at an outage's start, power up at its end. */
  supplyEdges(from: number, to: number): readonly { at: number; on: boolean; scenarioId: string }[];
  /** Tamper detections and clearings in `[from, to)`. */
  tamperEvents?(
    from: number,
    to: number,
  ): readonly {
    at: number;
    tamper: 'meter-cover' | 'terminal-cover' | 'magnetic-field';
    state: 'detected' | 'cleared';
    scenarioId: string;
  }[];
  /** Restarts in `[from, to)`. */
  reboots?(from: number, to: number): readonly { at: number; scenarioId: string }[];
  /** Voltage quality changes in `[from, to)`: a sag or swell beginning, or the voltage back to normal. */
  voltageEvents?(
    from: number,
    to: number,
  ): readonly { at: number; kind: 'sag' | 'swell' | 'normal'; scenarioId: string }[];
}

/** IDIS fraud event codes of each tamper, detected and cleared. */
const TAMPER_CODES = {
  'terminal-cover': [40, 41],
  'magnetic-field': [42, 43],
  'meter-cover': [44, 45],
} as const;

/** Conditions of a meter no scenario touches. */
export const NORMAL_CONDITIONS: MeterConditions = {
  supplyOn: () => true,
  registered: (trueWh) => trueWh,
  clockOffsetMs: () => 0,
  supplyEdges: () => [],
};

/** The TOU rate in force at an instant (the activity calendar). */
export interface RateSource {
  rateAt(t: number): number;
}

/** Whether the meter's breaker or valve lets energy through at an instant (disconnect control). */
export interface SupplySwitch {
  connectedAt(t: number): boolean;
}

export interface VirtualMeterOptions {
  readonly identity: MeterIdentity;
  readonly seed: number;
  readonly model:
    | { readonly kind: 'energy'; readonly energy: EnergyModel }
    | { readonly kind: 'volume'; readonly volume: VolumeModel };
  readonly historyStart: number;
  readonly utcOffsetMinutes: number;
  readonly conditions?: MeterConditions;
  readonly calendar: RateSource;
  readonly relay: SupplySwitch;
  /** Called for each interval as the meter catches up, in time order (prepayment charges here). */
  readonly onInterval?: (outcome: IntervalOutcome) => void;
}

/** Everything about one interval: what was demanded, delivered and registered. */
export interface IntervalOutcome {
  readonly start: number;
  /** What the consumer would have drawn (the pure consumption model). */
  readonly demand: IntervalEnergy;
  /** What actually flowed: nothing while the supply was off or the relay open. */
  readonly delivered: IntervalEnergy;
  /** What the meter registered (less than delivered under theft). */
  readonly registered: IntervalEnergy;
  readonly rate: number;
  readonly supplyOn: boolean;
  readonly connected: boolean;
  /** IDIS AMR profile status: bit 7 power down, bit 5 clock adjusted, bit 2 data not valid. */
  readonly status: number;
}

/** One load profile entry: cumulative registers captured at the end of an interval. */
export interface ProfileEntry {
  /** True end of the interval (UTC ms). */
  readonly end: number;
  /** The meter's clock at capture (what the profile's clock column shows). */
  readonly meterTime: number;
  readonly status: number;
  readonly activeImportWh: number;
  readonly activeExportWh: number;
}

/** Registers captured by a billing profile at a local midnight or month start. */
export interface BillingSnapshot {
  readonly at: number;
  readonly meterTime: number;
  readonly registers: Registers;
}

/** Intervals whose registered energy a meter keeps at hand (two days). */
const RECENT_INTERVALS = 192;

export const AmrStatus = { powerDown: 0x80, clockAdjusted: 0x20, dataNotValid: 0x04 } as const;

/**
 * A virtual meter's registers, profiles and logs, materialised lazily: nothing is computed until
 * someone looks, then the meter catches up interval by interval from where it stopped (from
 * `historyStart` the first time). Daily checkpoints let any past interval be recomputed exactly
 * without keeping the profile itself: the step function is pure given the conditions, the
 * calendar and relay histories, so a recomputed interval equals the one registered then.
 */
export class VirtualMeter {
  readonly identity: MeterIdentity;
  readonly events = new EventLog();
  readonly #o: VirtualMeterOptions;
  readonly #conditions: MeterConditions;
  #cursor: number;
  readonly #registers: Registers;
  /** Registers at the start of each local day since historyStart (daily billing profile). */
  readonly #daily = new Map<number, BillingSnapshot>();
  /** Registers at each local month start (monthly billing profile), demand of the month closed. */
  readonly #monthly: BillingSnapshot[] = [];
  /** Manual clock adjustments: from `at` on, the meter's clock is off by `offsetMs` more. */
  readonly #clockAdjustments: { at: number; offsetMs: number }[] = [];
  /**
   * The registered import/export and status of the last {@link RECENT_INTERVALS} intervals, kept
   * as they were materialised, so reads of recent profile entries need no recomputation.
   */
  readonly #recent = new Float64Array(3 * RECENT_INTERVALS);

  constructor(options: VirtualMeterOptions) {
    if (options.historyStart % INTERVAL_MS !== 0)
      throw new RangeError('historyStart must be interval-aligned');
    this.#o = options;
    this.identity = options.identity;
    this.#conditions = options.conditions ?? NORMAL_CONDITIONS;
    this.#cursor = options.historyStart;
    this.#registers = initialRegisters(options);
    // The first checkpoint is the start of history itself (not necessarily a local midnight).
    this.#daily.set(options.historyStart, this.#snapshot(options.historyStart));
  }

  /** Instant up to which registers are materialised (interval-aligned). */
  get cursor(): number {
    return this.#cursor;
  }

  get historyStart(): number {
    return this.#o.historyStart;
  }

  /** The meter's clock at true time `t`: drift scenarios plus clock adjustments. */
  meterTime(t: number): number {
    let offset = this.#conditions.clockOffsetMs(t);
    for (const a of this.#clockAdjustments) if (a.at <= t) offset += a.offsetMs;
    return Math.round(t + offset);
  }

  /** Sets the meter's clock to `meterTimeMs` at true time `t` (events 4 and 5). */
  setClock(t: number, meterTimeMs: number): void {
    const before = this.meterTime(t);
    this.advanceTo(t);
    this.#clockAdjustments.push({ at: t, offsetMs: meterTimeMs - before });
    this.logEvent({ at: t, code: 4, log: 'standard', cause: 'clock-set' }, before);
    this.logEvent({ at: t, code: 5, log: 'standard', cause: 'clock-set' });
  }

  /** Appends an event, stamped with the meter's clock unless a stamp is given. */
  logEvent(e: Omit<LoggedEvent, 'meterTime'>, meterTime = this.meterTime(e.at)): void {
    this.events.add({ ...e, meterTime });
  }

  /** Events of one log in `[from, to)` after catching up to `to`. */
  eventLog(log: MeterLogName, from: number, to: number): LoggedEvent[] {
    this.advanceTo(to);
    return this.events.entries(log, from, to);
  }

  /** What the consumer draws in any stretch of time (the pure consumption model). */
  demandEnergy(start: number, seconds: number): IntervalEnergy {
    const m = this.#o.model;
    return m.kind === 'energy'
      ? m.energy.interval(start, seconds)
      : { ...ZERO_ENERGY, importWh: m.volume.litres(start, seconds) };
  }

  /** The pure step: what happened in the interval starting at `start`. */
  intervalOutcome(start: number): IntervalOutcome {
    const o = this.#o;
    const demand = this.demandEnergy(start, INTERVAL_SECONDS);
    // Water and gas flow without mains power; electricity needs the supply.
    const supplyOn = o.model.kind === 'volume' ? true : this.#conditions.supplyOn(start);
    const connected = o.relay.connectedAt(start);
    const delivered = supplyOn && connected ? demand : ZERO_ENERGY;
    let registered = delivered;
    if (delivered.importWh > 0) {
      const importWh = this.#conditions.registered(delivered.importWh, start, INTERVAL_SECONDS);
      if (importWh !== delivered.importWh) {
        const f = importWh / delivered.importWh;
        registered = {
          ...delivered,
          importWh,
          reactiveImportVarh: Math.round(delivered.reactiveImportVarh * f),
        };
      }
    }
    let status = 0;
    if (!this.#conditions.supplyOn(start) || !this.#conditions.supplyOn(start + INTERVAL_MS - 1)) {
      status |= AmrStatus.powerDown;
    }
    if (this.#clockAdjustments.some((a) => a.at >= start && a.at < start + INTERVAL_MS))
      status |= AmrStatus.clockAdjusted;
    return {
      start,
      demand,
      delivered,
      registered,
      rate: o.calendar.rateAt(start),
      supplyOn,
      connected,
      status,
    };
  }

  /** Catches registers, billing snapshots and supply events up to `t` (floored to an interval). */
  advanceTo(t: number): void {
    const target = Math.floor(t / INTERVAL_MS) * INTERVAL_MS;
    if (target <= this.#cursor) return;
    for (const edge of this.#conditions.supplyEdges(this.#cursor, target)) {
      this.logEvent({ at: edge.at, code: edge.on ? 2 : 1, log: 'standard', cause: edge.scenarioId });
      this.logEvent({ at: edge.at, code: edge.on ? 235 : 234, log: 'power-failure', cause: edge.scenarioId });
    }
    for (const e of this.#conditions.tamperEvents?.(this.#cursor, target) ?? []) {
      const [detected, cleared] = TAMPER_CODES[e.tamper];
      this.logEvent({
        at: e.at,
        code: e.state === 'detected' ? detected : cleared,
        log: 'fraud',
        cause: e.scenarioId,
      });
    }
    for (const v of this.#conditions.voltageEvents?.(this.#cursor, target) ?? []) {
      // IDIS power quality codes per phase: under voltage 76–78, over voltage 79–81, normal 85–87.
      const first = v.kind === 'sag' ? 76 : v.kind === 'swell' ? 79 : 85;
      for (let phase = 0; phase < this.identity.phases; phase++) {
        this.logEvent({ at: v.at, code: first + phase, log: 'power-quality', cause: v.scenarioId });
      }
    }
    for (const r of this.#conditions.reboots?.(this.#cursor, target) ?? []) {
      this.logEvent({ at: r.at, code: 1, log: 'standard', cause: r.scenarioId });
      this.logEvent({ at: r.at, code: 2, log: 'standard', cause: r.scenarioId });
    }
    while (this.#cursor < target) {
      const outcome = this.intervalOutcome(this.#cursor);
      const end = this.#cursor + INTERVAL_MS;
      addInterval(this.#registers, outcome.registered, outcome.rate, end, INTERVAL_SECONDS);
      // One buffer, three rows of the ring: import, export, status.
      const ring = (this.#cursor / INTERVAL_MS) % RECENT_INTERVALS;
      this.#recent[ring] = outcome.registered.importWh;
      this.#recent[RECENT_INTERVALS + ring] = outcome.registered.exportWh;
      this.#recent[2 * RECENT_INTERVALS + ring] = outcome.status;
      this.#cursor = end;
      this.#o.onInterval?.(outcome);
      const dayStart = this.#localDayStart(end);
      if (dayStart === end) {
        if (this.#isMonthStart(end)) {
          this.#monthly.push(this.#snapshot(end));
          resetDemand(this.#registers);
        }
        this.#daily.set(end, this.#snapshot(end));
      }
    }
  }

  /** Registers at true time `t`, including the energy of the interval in progress. */
  registersAt(t: number): Registers {
    this.advanceTo(t);
    const base = Math.floor(t / INTERVAL_MS) * INTERVAL_MS;
    const regs = base === this.#cursor ? this.#registers.slice() : this.#replayTo(base);
    const seconds = (t - base) / 1000;
    if (seconds > 0 && this.#o.model.kind === 'energy') {
      const partial = this.#partialOutcome(base, seconds);
      addInterval(regs, partial, this.#o.calendar.rateAt(base), t, seconds);
    }
    return regs;
  }

  /** Load profile entries with interval ends in `(from, to]` (true time), oldest first. */
  profile(from: number, to: number): ProfileEntry[] {
    const first = Math.max(this.#o.historyStart, Math.floor(from / INTERVAL_MS) * INTERVAL_MS);
    const last = Math.floor(to / INTERVAL_MS) * INTERVAL_MS;
    if (last <= first) return [];
    this.advanceTo(last);
    const out: ProfileEntry[] = [];
    let t = this.#checkpointAtOrBefore(first);
    const checkpoint = this.#daily.get(t)!.registers;
    let importWh = checkpoint[slot(Quantity.activeImport)]!;
    let exportWh = checkpoint[slot(Quantity.activeExport)]!;
    const recentFrom = this.#cursor - RECENT_INTERVALS * INTERVAL_MS;
    for (; t < last; t += INTERVAL_MS) {
      let status: number;
      if (t >= recentFrom) {
        const ring = (t / INTERVAL_MS) % RECENT_INTERVALS;
        importWh += this.#recent[ring]!;
        exportWh += this.#recent[RECENT_INTERVALS + ring]!;
        status = this.#recent[2 * RECENT_INTERVALS + ring]!;
      } else {
        const outcome = this.intervalOutcome(t);
        importWh += outcome.registered.importWh;
        exportWh += outcome.registered.exportWh;
        status = outcome.status;
      }
      if (t + INTERVAL_MS <= first) continue;
      out.push({
        end: t + INTERVAL_MS,
        meterTime: this.meterTime(t + INTERVAL_MS),
        status,
        activeImportWh: importWh,
        activeExportWh: exportWh,
      });
    }
    return out;
  }

  /** Interval outcomes in `[from, to)` (ground truth for one meter). */
  outcomes(from: number, to: number): IntervalOutcome[] {
    const first = Math.floor(from / INTERVAL_MS) * INTERVAL_MS;
    this.advanceTo(to);
    const out: IntervalOutcome[] = [];
    for (let t = first; t < to; t += INTERVAL_MS) out.push(this.intervalOutcome(t));
    return out;
  }

  /** Daily billing snapshots (local midnights) in `[from, to]`. */
  dailySnapshots(from: number, to: number): BillingSnapshot[] {
    this.advanceTo(to);
    return [...this.#daily.values()].filter(
      (s) => s.at >= from && s.at <= to && this.#localDayStart(s.at) === s.at,
    );
  }

  /** Monthly billing snapshots (local month starts) in `[from, to]`. */
  monthlySnapshots(from: number, to: number): BillingSnapshot[] {
    this.advanceTo(to);
    return this.#monthly.filter((s) => s.at >= from && s.at <= to);
  }

  /** Number of load profile entries held (since historyStart). */
  entriesInUse(t: number): number {
    return Math.max(0, Math.floor((t - this.#o.historyStart) / INTERVAL_MS));
  }

  #partialOutcome(start: number, seconds: number): IntervalEnergy {
    const o = this.#o;
    if (o.model.kind !== 'energy') return ZERO_ENERGY;
    if (!this.#conditions.supplyOn(start) || !o.relay.connectedAt(start)) return ZERO_ENERGY;
    const e = o.model.energy.interval(start, seconds);
    const importWh = e.importWh > 0 ? this.#conditions.registered(e.importWh, start, INTERVAL_SECONDS) : 0;
    return { ...e, importWh };
  }

  /** Registers at an interval boundary before the cursor, recomputed from the day's checkpoint. */
  #replayTo(boundary: number): Registers {
    let t = this.#checkpointAtOrBefore(boundary);
    const regs = this.#daily.get(t)!.registers.slice();
    for (; t < boundary; t += INTERVAL_MS) {
      const outcome = this.intervalOutcome(t);
      addInterval(regs, outcome.registered, outcome.rate, t + INTERVAL_MS, INTERVAL_SECONDS);
    }
    return regs;
  }

  #checkpointAtOrBefore(t: number): number {
    let day = this.#localDayStart(t);
    while (!this.#daily.has(day)) {
      if (day <= this.#o.historyStart) return this.#o.historyStart;
      day -= DAY_MS;
    }
    return day;
  }

  #snapshot(t: number): BillingSnapshot {
    return { at: t, meterTime: this.meterTime(t), registers: this.#registers.slice() };
  }

  #localDayStart(t: number): number {
    const off = this.#o.utcOffsetMinutes * 60_000;
    return Math.floor((t + off) / DAY_MS) * DAY_MS - off;
  }

  #isMonthStart(t: number): boolean {
    const local = new Date(t + this.#o.utcOffsetMinutes * 60_000);
    return local.getUTCDate() === 1 && local.getUTCHours() === 0 && local.getUTCMinutes() === 0;
  }
}

/**
 * Registers at historyStart: a meter that has been in service for a while. Rates 1–4 start with
 * hashed shares of a hashed total; the totals are their sums, so rates always add up.
 */
function initialRegisters(o: VirtualMeterOptions): Registers {
  const regs = newRegisters();
  const key = hashString(o.seed, `registers:${o.identity.id}`);
  const scale = o.identity.kind === 'industrial' ? 1000 : o.identity.kind === 'commercial' ? 50 : 1;
  const base = (q: number, kwhMax: number) => {
    let total = 0;
    for (let r = 1; r <= TOU_RATES; r++) {
      const v = Math.round(unit(hashInts(key, q, r)) * kwhMax * 250 * scale);
      regs[q * 5 + r] = v;
      total += v;
    }
    regs[q * 5] = total;
  };
  base(Quantity.activeImport, 20_000);
  base(Quantity.reactiveImport, 4_000);
  if (o.identity.kind === 'prosumer') base(Quantity.activeExport, 8_000);
  regs[MAX_DEMAND_W] = 0;
  regs[MAX_DEMAND_AT] = 0;
  return regs;
}
