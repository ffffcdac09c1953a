/**
 * The connection pool's contract: it runs work for one meter at a time, within global and
 * per-path concurrency limits, with retries and a circuit breaker. It knows nothing of DLMS: the
 * work opens and closes its own session.
 */

/** Why a piece of work failed, for KPIs ("failures by reason"). */
export type FailureReason =
  | 'connect-refused'
  | 'connect-timeout'
  | 'response-timeout'
  | 'connection-lost'
  | 'association-refused'
  | 'authentication-failed'
  | 'access-denied'
  | 'protocol-error'
  | 'circuit-open'
  | 'cancelled'
  | 'other';

/** A failure the pool gave up on (after retries), with its reason and the attempts made. */
export class PoolWorkError extends Error {
  override readonly name = 'PoolWorkError';
  constructor(
    readonly reason: FailureReason,
    readonly attempts: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** 0–1: share of each delay drawn at random ("full jitter" = 1). */
  readonly jitter: number;
}

export interface BreakerPolicy {
  /** Consecutive failed works (after retries) that open a meter's breaker. */
  readonly failureThreshold: number;
  /** How long an open breaker refuses work before letting one try through (half-open). */
  readonly openMs: number;
}

export interface PoolOptions {
  /** Sessions at once across all meters (keep well under the open-file limit). */
  readonly maxConcurrent: number;
  /** Sessions at once through one path (a concentrator, a gateway, a host). */
  readonly maxPerPath: number;
  readonly retry: RetryPolicy;
  readonly breaker: BreakerPolicy;
  /** Maps an error to a reason and whether to retry it (default `classifyError`). */
  readonly classify?: (error: unknown) => Classification;
}

/** What a failed attempt means: its reason and whether another attempt may help. */
export interface Classification {
  readonly reason: FailureReason;
  readonly retryable: boolean;
  /**
   * Attempts in all (the first included) for a run whose last failure has this classification,
   * when fewer than {@link RetryPolicy.attempts}: 2 = retried once. Optional; added to the
   * original contract.
   */
  readonly maxAttempts?: number;
}
