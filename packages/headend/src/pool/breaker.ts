import type { BreakerPolicy, FailureReason } from './types.js';

/** A meter's circuit breaker: closed (work runs), open (work refused), half-open (one trial run). */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What a finished run tells the breaker about the meter. */
export type BreakerOutcome = 'alive' | 'dead' | 'neutral';

/** The breaker part of a meter's state in the pool. */
export interface Breaker {
  state: BreakerState;
  /** Consecutive runs that ended `dead`. */
  failures: number;
  /** While open: the instant (clock ms) from which one trial run may go through. */
  openUntil: number;
}

/**
 * How a run's end counts: success and access-denied prove the meter answers (an association was
 * made), cancellation says nothing about it, every other failure counts against it.
 */
export function outcomeOf(reason: FailureReason | undefined): BreakerOutcome {
  if (reason === undefined || reason === 'access-denied') return 'alive';
  if (reason === 'cancelled' || reason === 'circuit-open') return 'neutral';
  return 'dead';
}

/** Whether the breaker refuses a run starting at `now`; moves an expired open breaker to half-open. */
export function admits(breaker: Breaker, now: number): 'closed' | 'trial' | 'refused' {
  if (breaker.state === 'closed') return 'closed';
  if (breaker.state === 'open' && now >= breaker.openUntil) {
    breaker.state = 'half-open';
    return 'trial';
  }
  // Half-open with a trial under way cannot happen: the pool runs one piece of work per meter.
  return 'refused';
}

/**
 * Applies a finished run (`trial` = the half-open trial) and returns the change in the number
 * of breakers that are not closed (−1, 0 or +1).
 */
export function settle(
  breaker: Breaker,
  policy: BreakerPolicy,
  outcome: BreakerOutcome,
  trial: boolean,
  now: number,
): number {
  const wasClosed = breaker.state === 'closed';
  if (outcome === 'alive') {
    breaker.failures = 0;
    breaker.state = 'closed';
  } else if (outcome === 'dead') {
    breaker.failures++;
    if (trial || breaker.failures >= policy.failureThreshold) {
      breaker.state = 'open';
      breaker.openUntil = now + policy.openMs;
    }
  } else if (trial) {
    // A cancelled trial leaves the breaker open and already expired: the next run is the trial.
    breaker.state = 'open';
  }
  const isClosed = breaker.state === 'closed';
  return wasClosed === isClosed ? 0 : isClosed ? -1 : 1;
}
