import type { Clock, TimerHandle } from '@gridmeter/domain';
import type { CollectionJob, RoundSummary } from './collector.js';

/** One recurring collection of a meter group: which jobs, how often, at what offset in the period. */
export interface ScheduledCollection {
  readonly jobs: readonly CollectionJob[];
  /** Period, e.g. 86_400_000 for daily profile reads, 900_000 for instantaneous values. */
  readonly everyMs: number;
  /** Offset into the period (UTC), e.g. 20 minutes past midnight so yesterday is complete. */
  readonly offsetMs?: number;
}

/** The schedules of one meter group. */
export interface GroupSchedule {
  readonly group: string;
  readonly collections: readonly ScheduledCollection[];
}

export interface CollectionSchedulerOptions {
  readonly clock: Clock;
  readonly schedules: readonly GroupSchedule[];
  /** Active meters of a group now (the registry). */
  readonly metersOf: (group: string) => readonly string[];
  /** Runs one round (the head-end's collector). */
  readonly collect: (meterIds: readonly string[], jobs: readonly CollectionJob[]) => Promise<RoundSummary>;
  readonly onRound?: (group: string, collection: ScheduledCollection, summary: RoundSummary) => void;
  readonly onError?: (group: string, error: unknown) => void;
}

/**
 * Runs each group's collections at their times: the next run is the next instant ≡ offset
 * (mod period) after the previous one started. A round still running when its next time comes is
 * not started twice; that run is skipped and counted.
 */
export class CollectionScheduler {
  readonly #o: CollectionSchedulerOptions;
  readonly #timers = new Set<TimerHandle>();
  /** Collections whose round is running now. */
  readonly #busy = new Set<ScheduledCollection>();
  #running = 0;
  #skipped = 0;
  #rounds = 0;
  #stopped = true;

  constructor(options: CollectionSchedulerOptions) {
    for (const g of options.schedules) {
      for (const c of g.collections) {
        if (!(c.everyMs > 0)) throw new RangeError(`Group ${g.group}: everyMs must be positive`);
        if ((c.offsetMs ?? 0) < 0 || (c.offsetMs ?? 0) >= c.everyMs) {
          throw new RangeError(`Group ${g.group}: offsetMs must be in [0, everyMs)`);
        }
        if (c.jobs.length === 0)
          throw new RangeError(`Group ${g.group}: a collection needs at least one job`);
      }
    }
    this.#o = options;
  }

  get stats(): { rounds: number; running: number; skipped: number } {
    return { rounds: this.#rounds, running: this.#running, skipped: this.#skipped };
  }

  /** The first instant after `t` at which `c` is due. */
  static nextDue(c: ScheduledCollection, t: number): number {
    const offset = c.offsetMs ?? 0;
    return Math.floor((t - offset) / c.everyMs) * c.everyMs + offset + c.everyMs;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    for (const g of this.#o.schedules)
      for (const c of g.collections) this.#arm(g.group, c, this.#o.clock.now());
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
  }

  #arm(group: string, c: ScheduledCollection, after: number): void {
    if (this.#stopped) return;
    const due = CollectionScheduler.nextDue(c, after);
    const timer = this.#o.clock.setTimeout(async () => {
      this.#timers.delete(timer);
      this.#arm(group, c, due);
      if (this.#busy.has(c)) {
        this.#skipped++;
        return;
      }
      this.#busy.add(c);
      this.#running++;
      try {
        const summary = await this.#o.collect(this.#o.metersOf(group), c.jobs);
        this.#rounds++;
        this.#o.onRound?.(group, c, summary);
      } catch (e) {
        this.#o.onError?.(group, e);
      } finally {
        this.#running--;
        this.#busy.delete(c);
      }
    }, due - this.#o.clock.now());
    this.#timers.add(timer);
  }
}
