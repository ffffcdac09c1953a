import type { FailureReason } from '../pool/types.js';

const DAY_MS = 86_400_000;

/** KPIs of one day. */
export interface DayKpis {
  readonly day: string;
  readonly attempts: number;
  readonly successes: number;
  /** Meters with at least one successful read that day. */
  readonly metersRead: number;
  readonly readSuccessRate: number;
  /** Intervals stored for the day / (meters expected × intervals per day). */
  readonly completeness: number;
  readonly failuresByReason: Readonly<Partial<Record<FailureReason, number>>>;
}

/** Latency percentiles of collection sessions (ms). */
export interface LatencyKpis {
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * The head-end's KPIs, kept in memory: read success per day and per meter, completeness of a
 * day's intervals (a bitmap per meter and day, so re-reads never count twice), session latency
 * percentiles over the most recent samples, and failures by reason.
 */
export class CollectionKpis {
  readonly intervalsPerDay: number;
  readonly #days = new Map<
    number,
    { attempts: number; successes: number; failures: Map<FailureReason, number>; ok: Set<string> }
  >();
  readonly #perMeter = new Map<string, { ok: number; failed: number; lastReason?: FailureReason }>();
  readonly #intervals = new Map<string, Map<number, Uint8Array>>();
  readonly #latency: number[] = [];
  #latencyAt = 0;
  readonly #maxSamples: number;

  constructor(options: { intervalSeconds?: number; latencySamples?: number } = {}) {
    this.intervalsPerDay = 86_400 / (options.intervalSeconds ?? 900);
    this.#maxSamples = options.latencySamples ?? 20_000;
  }

  /** One collection run of one meter ended (after the pool's retries). */
  recordRun(
    meterId: string,
    at: number,
    outcome: { ok: true } | { ok: false; reason: FailureReason },
    latencyMs?: number,
  ): void {
    const day = Math.floor(at / DAY_MS);
    let d = this.#days.get(day);
    if (!d) {
      d = { attempts: 0, successes: 0, failures: new Map(), ok: new Set() };
      this.#days.set(day, d);
    }
    d.attempts++;
    const m = this.#perMeter.get(meterId) ?? { ok: 0, failed: 0 };
    if (outcome.ok) {
      d.successes++;
      d.ok.add(meterId);
      m.ok++;
    } else {
      d.failures.set(outcome.reason, (d.failures.get(outcome.reason) ?? 0) + 1);
      m.failed++;
      m.lastReason = outcome.reason;
    }
    this.#perMeter.set(meterId, m);
    if (latencyMs !== undefined) {
      if (this.#latency.length < this.#maxSamples) this.#latency.push(latencyMs);
      else this.#latency[this.#latencyAt++ % this.#maxSamples] = latencyMs;
    }
  }

  /** Intervals (by start, UTC ms) now stored for a meter. */
  recordIntervals(meterId: string, starts: readonly number[], intervalSeconds = 900): void {
    let days = this.#intervals.get(meterId);
    if (!days) {
      days = new Map();
      this.#intervals.set(meterId, days);
    }
    const perDay = 86_400 / intervalSeconds;
    for (const s of starts) {
      const day = Math.floor(s / DAY_MS);
      let bits = days.get(day);
      if (!bits) {
        bits = new Uint8Array(Math.ceil(perDay / 8));
        days.set(day, bits);
      }
      const slot = Math.floor((s - day * DAY_MS) / (intervalSeconds * 1000));
      bits[slot >> 3]! |= 1 << (slot & 7);
    }
  }

  /** Share of the expected intervals of UTC day `dayStart` stored, over `meterIds`. */
  completeness(dayStart: number, meterIds: readonly string[]): number {
    if (meterIds.length === 0) return 1;
    const day = Math.floor(dayStart / DAY_MS);
    let have = 0;
    for (const id of meterIds) {
      const bits = this.#intervals.get(id)?.get(day);
      if (bits) for (const b of bits) have += popcount(b);
    }
    return have / (meterIds.length * this.intervalsPerDay);
  }

  /** Intervals stored for one meter on a UTC day. */
  intervalsOf(meterId: string, dayStart: number): number {
    const bits = this.#intervals.get(meterId)?.get(Math.floor(dayStart / DAY_MS));
    let n = 0;
    if (bits) for (const b of bits) n += popcount(b);
    return n;
  }

  day(dayStart: number, meterIds: readonly string[]): DayKpis {
    const day = Math.floor(dayStart / DAY_MS);
    const d = this.#days.get(day);
    return {
      day: new Date(day * DAY_MS).toISOString().slice(0, 10),
      attempts: d?.attempts ?? 0,
      successes: d?.successes ?? 0,
      metersRead: d?.ok.size ?? 0,
      readSuccessRate: d && d.attempts > 0 ? d.successes / d.attempts : 0,
      completeness: this.completeness(dayStart, meterIds),
      failuresByReason: Object.fromEntries(d?.failures ?? []),
    };
  }

  meter(meterId: string): { ok: number; failed: number; lastReason?: FailureReason } {
    return this.#perMeter.get(meterId) ?? { ok: 0, failed: 0 };
  }

  latency(): LatencyKpis {
    const s = [...this.#latency].sort((a, b) => a - b);
    const q = (p: number) => (s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(p * s.length))]!);
    return { samples: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s.at(-1) ?? 0 };
  }
}

function popcount(b: number): number {
  let n = 0;
  for (let x = b; x; x &= x - 1) n++;
  return n;
}
