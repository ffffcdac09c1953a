import type { TimerHandle } from '@gridmeter/domain';
import type { HeapItem } from './heap.js';
import type { FailureReason, PoolOptions } from './types.js';

/** Per-run options of {@link ConnectionPool.run}. */
export interface JobOptions {
  /** Higher runs first; equal priorities run in arrival order (default 0). */
  readonly priority?: number;
  /** Aborting it fails the run with 'cancelled' and aborts the work's signal. */
  readonly signal?: AbortSignal;
  /** Milliseconds from the call after which the run fails (see {@link ConnectionPool.run}). */
  readonly deadlineMs?: number;
}

/** Where a run is: waiting for its meter, ready for a slot, parked on a full path, running, backing off. */
export type JobState = 'waiting' | 'ready' | 'parked' | 'running' | 'backoff';

/** One call of `run()` as the pool tracks it. */
export interface Job extends HeapItem {
  readonly meterId: string;
  readonly path: string;
  readonly work: (attempt: number, signal: AbortSignal) => Promise<unknown>;
  readonly priority: number;
  readonly seq: number;
  readonly submittedAt: number;
  /** Clock instant after which no attempt starts (infinite without a deadline). */
  readonly deadlineAt: number;
  readonly signal: AbortSignal | undefined;
  readonly controller: AbortController;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  state: JobState;
  attempts: number;
  /** This run is the half-open breaker's one trial (it gets a single attempt). */
  trial: boolean;
  /** The caller has its result; a running attempt may still be out. */
  settled: boolean;
  lastReason: FailureReason | undefined;
  lastError: unknown;
  onAbort: (() => void) | undefined;
  deadline: TimerHandle | undefined;
  backoff: TimerHandle | undefined;
}

/** Queue order: higher priority first, then earlier arrival. */
export function jobBefore(a: Job, b: Job): boolean {
  return a.priority !== b.priority ? a.priority > b.priority : a.seq < b.seq;
}

/** A run as submitted, not yet queued; throws a RangeError for a bad priority or deadline. */
export function newJob<T>(
  meterId: string,
  path: string,
  work: (attempt: number, signal: AbortSignal) => Promise<T>,
  options: JobOptions,
  seq: number,
  now: number,
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
): Job {
  const priority = options.priority ?? 0;
  if (!Number.isFinite(priority)) throw new RangeError(`Run priority ${priority} is not a finite number`);
  const deadlineMs = options.deadlineMs;
  if (deadlineMs !== undefined && !(deadlineMs >= 0)) {
    throw new RangeError(`Run deadline ${deadlineMs} ms is not a non-negative number`);
  }
  return {
    meterId,
    path,
    work,
    priority,
    seq,
    submittedAt: now,
    deadlineAt: deadlineMs === undefined ? Number.POSITIVE_INFINITY : now + deadlineMs,
    signal: options.signal,
    controller: new AbortController(),
    resolve: resolve as (value: unknown) => void,
    reject,
    heapIndex: -1,
    state: 'waiting',
    attempts: 0,
    trial: false,
    settled: false,
    lastReason: undefined,
    lastError: undefined,
    onAbort: undefined,
    deadline: undefined,
    backoff: undefined,
  };
}

/** Throws a RangeError naming the first option out of range. */
export function validateOptions(options: PoolOptions): void {
  const { maxConcurrent, maxPerPath, retry, breaker } = options;
  const checks: [string, number, boolean][] = [
    ['maxConcurrent', maxConcurrent, Number.isInteger(maxConcurrent) && maxConcurrent >= 1],
    ['maxPerPath', maxPerPath, Number.isInteger(maxPerPath) && maxPerPath >= 1],
    ['retry.attempts', retry.attempts, Number.isInteger(retry.attempts) && retry.attempts >= 1],
    ['retry.baseDelayMs', retry.baseDelayMs, retry.baseDelayMs >= 0],
    ['retry.maxDelayMs', retry.maxDelayMs, retry.maxDelayMs >= 0],
    ['retry.jitter', retry.jitter, retry.jitter >= 0 && retry.jitter <= 1],
    [
      'breaker.failureThreshold',
      breaker.failureThreshold,
      Number.isInteger(breaker.failureThreshold) && breaker.failureThreshold >= 1,
    ],
    ['breaker.openMs', breaker.openMs, breaker.openMs >= 0],
  ];
  for (const [name, value, ok] of checks) {
    if (!ok) throw new RangeError(`Pool option ${name} = ${value} is out of range`);
  }
}
