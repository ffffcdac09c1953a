import type { LatencySummary } from './histogram.js';
import type { FailureReason } from './types.js';

/** Every failure reason, in the order {@link PoolStats.failed} lists them. */
export const FAILURE_REASONS: readonly FailureReason[] = [
  'connect-refused',
  'connect-timeout',
  'response-timeout',
  'connection-lost',
  'association-refused',
  'authentication-failed',
  'access-denied',
  'protocol-error',
  'circuit-open',
  'cancelled',
  'other',
];

/** A snapshot of a {@link ConnectionPool}: what runs now, and counters since it was made. */
export interface PoolStats {
  /** Attempts holding a slot now (cancelled runs whose work has not returned included). */
  readonly running: number;
  /** Runs waiting for their meter, for a slot, or for a slot on their path. */
  readonly queued: number;
  /** Runs waiting out a retry delay (they hold their meter, not a slot). */
  readonly backingOff: number;
  /** Attempts running per path, for paths with at least one. */
  readonly runningByPath: ReadonlyMap<string, number>;
  /** Meters whose breaker is open or half-open. */
  readonly openBreakers: number;
  /** Meters the pool keeps state for (queued, running, failing or with a breaker not closed). */
  readonly trackedMeters: number;
  /** Runs that returned a value. */
  readonly succeeded: number;
  /** Runs that failed, by the reason they failed with. */
  readonly failed: Readonly<Record<FailureReason, number>>;
  /** Calls of work functions (first attempts and retries). */
  readonly attempts: number;
  /** Calls of work functions after the first of their run. */
  readonly retries: number;
  /** Duration of each attempt (one call of a work function). */
  readonly workMs: LatencySummary;
  /** Duration of each run that made an attempt, from `run()` to its result: queueing and retries included. */
  readonly runMs: LatencySummary;
}

/** A zero count for each failure reason. */
export function zeroFailures(): Record<FailureReason, number> {
  return Object.fromEntries(FAILURE_REASONS.map((r) => [r, 0])) as Record<FailureReason, number>;
}
