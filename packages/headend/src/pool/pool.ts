import { type Clock, systemClock } from '@gridmeter/domain';
import { backoffDelayMs } from './backoff.js';
import { admits, type Breaker, outcomeOf, settle } from './breaker.js';
import { classifyError } from './classify.js';
import { IndexedHeap } from './heap.js';
import { LatencyHistogram } from './histogram.js';
import { type Job, type JobOptions, jobBefore, newJob, validateOptions } from './job.js';
import { type PoolStats, zeroFailures } from './stats.js';
import { type Classification, type FailureReason, type PoolOptions, PoolWorkError } from './types.js';

/** A meter's state, kept only while it has work or its breaker is not clean. */
interface MeterState extends Breaker {
  readonly id: string;
  /** The run that holds the meter: queued for a slot, running or backing off. */
  active: Job | undefined;
  /** Runs waiting for the meter, best first (priority, then arrival). */
  readonly waiting: Job[];
}

/** A path's state, kept only while it has attempts running or runs parked on it. */
interface PathState {
  running: number;
  /** Runs that reached the front while the path was full. */
  readonly parked: IndexedHeap<Job>;
}

/**
 * Runs work against meters: one run per meter at a time, at most `maxConcurrent` attempts at once
 * and `maxPerPath` per path, best priority first (then first come), retrying retryable failures
 * with exponential backoff and jitter, behind a per-meter circuit breaker. Every delay and
 * deadline uses the given {@link Clock}.
 *
 * A run holds its meter from its first attempt to its result; it holds a slot (global and on its
 * path) only while an attempt runs, not while it waits out a retry delay. A cancelled or expired
 * run fails at once; its work's signal is aborted, and its slot and meter stay taken until the work
 * returns, so the limits count every session still open.
 *
 * @example
 * const pool = new ConnectionPool({ maxConcurrent: 500, maxPerPath: 50, retry, breaker }, clock);
 * const value = await pool.run('MTR-1', '10.0.0.7', async (attempt, signal) => readMeter(signal));
 */
export class ConnectionPool {
  readonly #options: PoolOptions;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #classify: (error: unknown) => Classification;
  readonly #ready = new IndexedHeap<Job>(jobBefore);
  readonly #meters = new Map<string, MeterState>();
  readonly #paths = new Map<string, PathState>();
  readonly #idleWaiters: (() => void)[] = [];
  readonly #failed = zeroFailures();
  readonly #workMs = new LatencyHistogram();
  readonly #runMs = new LatencyHistogram();
  #seq = 0;
  /** Runs not yet retired: waiting, ready, parked, running or backing off. */
  #live = 0;
  #running = 0;
  #backingOff = 0;
  #openBreakers = 0;
  #succeeded = 0;
  #attempts = 0;
  #retries = 0;
  #closed = false;
  #dispatching = false;

  /**
   * @param options limits, retry and breaker policy, and the error classifier
   * @param clock the time every delay and deadline is measured in
   * @param random the jitter source, values in [0, 1)
   */
  constructor(options: PoolOptions, clock: Clock = systemClock, random: () => number = Math.random) {
    validateOptions(options);
    this.#options = options;
    this.#clock = clock;
    this.#random = random;
    this.#classify = options.classify ?? classifyError;
  }

  /**
   * Runs `work` for `meterId` through `path` and resolves with its value. `work` gets the attempt
   * number (1 first) and a signal aborted when the run is cancelled or its deadline passes. Fails
   * with {@link PoolWorkError}: the last attempt's reason after the retries allowed, at once with
   * 'circuit-open' while the meter's breaker is open, or 'cancelled'.
   *
   * `options.priority`: higher runs first (default 0). `options.signal`: cancels the run.
   * `options.deadlineMs`: milliseconds from this call after which the run fails, with its last
   * attempt's reason if an attempt has failed, else 'cancelled'.
   */
  run<T>(
    meterId: string,
    path: string,
    work: (attempt: number, signal: AbortSignal) => Promise<T>,
    options: JobOptions = {},
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job = newJob(meterId, path, work, options, this.#seq++, this.#clock.now(), resolve, reject);
      if (this.#closed) return this.#settle(job, 'cancelled', 'the pool is closed');
      if (options.signal?.aborted)
        return this.#settle(
          job,
          'cancelled',
          'its signal was aborted before it started',
          options.signal.reason,
        );
      const meter = this.#meterFor(meterId);
      if (meter.active) {
        insertSorted(meter.waiting, job);
      } else if (!this.#admit(meter, job)) {
        return;
      }
      this.#live++;
      const signal = options.signal;
      if (signal) {
        job.onAbort = () => this.#cancel(job, 'cancelled', 'its signal was aborted', signal.reason);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      if (options.deadlineMs !== undefined) {
        const ms = options.deadlineMs;
        job.deadline = this.#clock.setTimeout(
          () =>
            this.#cancel(
              job,
              job.lastReason ?? 'cancelled',
              `its deadline of ${ms} ms passed`,
              job.lastError,
            ),
          ms,
        );
      }
      this.#dispatch();
    });
  }

  /** A snapshot of what runs now and the counters since the pool was made. */
  stats(): PoolStats {
    const runningByPath = new Map<string, number>();
    for (const [path, state] of this.#paths) if (state.running > 0) runningByPath.set(path, state.running);
    return {
      running: this.#running,
      queued: this.#live - this.#running - this.#backingOff,
      backingOff: this.#backingOff,
      runningByPath,
      openBreakers: this.#openBreakers,
      trackedMeters: this.#meters.size,
      succeeded: this.#succeeded,
      failed: { ...this.#failed },
      attempts: this.#attempts,
      retries: this.#retries,
      workMs: this.#workMs.summary(),
      runMs: this.#runMs.summary(),
    };
  }

  /** Resolves once no run is queued, running or backing off (at once if none is). */
  drain(): Promise<void> {
    if (this.#live === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Fails every queued or backing-off run, and every later `run()`, with 'cancelled'. Running
   * attempts finish (a failure is no longer retried); resolves when they have.
   */
  close(): Promise<void> {
    this.#closed = true;
    for (const meter of this.#meters.values()) {
      for (const job of [...meter.waiting]) this.#cancel(job, 'cancelled', 'the pool was closed');
      const active = meter.active;
      if (active && active.state !== 'running') this.#cancel(active, 'cancelled', 'the pool was closed');
    }
    return this.drain();
  }

  /** Checks the meter's breaker and, if it lets the run through, queues it for a slot. */
  #admit(meter: MeterState, job: Job): boolean {
    const verdict = admits(meter, this.#clock.now());
    if (verdict === 'refused') {
      const until = new Date(meter.openUntil).toISOString();
      this.#settle(job, 'circuit-open', `the breaker of meter ${job.meterId} is open until ${until}`);
      this.#forgetMeterIfIdle(meter);
      return false;
    }
    job.trial = verdict === 'trial';
    meter.active = job;
    job.state = 'ready';
    this.#ready.push(job);
    return true;
  }

  /** Starts ready runs while slots are free; runs whose path is full wait on that path. */
  #dispatch(): void {
    if (this.#dispatching || this.#closed) return;
    this.#dispatching = true;
    try {
      while (this.#running < this.#options.maxConcurrent) {
        const job = this.#ready.pop();
        if (!job) break;
        const path = this.#pathFor(job.path);
        if (path.running >= this.#options.maxPerPath) {
          job.state = 'parked';
          path.parked.push(job);
          continue;
        }
        this.#start(job, path);
      }
    } finally {
      this.#dispatching = false;
    }
  }

  #start(job: Job, path: PathState): void {
    job.state = 'running';
    job.attempts++;
    this.#attempts++;
    if (job.attempts > 1) this.#retries++;
    this.#running++;
    path.running++;
    const startedAt = this.#clock.now();
    let attempt: Promise<unknown>;
    try {
      attempt = Promise.resolve(job.work(job.attempts, job.controller.signal));
    } catch (e) {
      attempt = Promise.reject(e);
    }
    attempt.then(
      (value) => this.#attemptEnded(job, startedAt, true, value),
      (error: unknown) => this.#attemptEnded(job, startedAt, false, error),
    );
  }

  #attemptEnded(job: Job, startedAt: number, ok: boolean, result: unknown): void {
    const now = this.#clock.now();
    this.#workMs.record(now - startedAt);
    this.#running--;
    this.#releasePathSlot(job.path);
    if (job.settled) {
      this.#retire(job);
    } else if (ok) {
      this.#settle(job, undefined, '', result);
      this.#retire(job);
    } else {
      const c = this.#classify(result);
      job.lastReason = c.reason;
      job.lastError = result;
      const limit = job.trial
        ? 1
        : Math.min(this.#options.retry.attempts, c.maxAttempts ?? Number.POSITIVE_INFINITY);
      const retry = c.retryable && job.attempts < limit && !this.#closed;
      const delay = retry ? backoffDelayMs(this.#options.retry, job.attempts, this.#random) : 0;
      if (retry && now + delay < job.deadlineAt) {
        this.#backOff(job, delay);
      } else {
        const why = retry ? ' (the next would start after the deadline)' : '';
        this.#settle(job, c.reason, `attempt ${job.attempts} failed${why}`, result);
        this.#retire(job);
      }
    }
    this.#dispatch();
  }

  #backOff(job: Job, delayMs: number): void {
    job.state = 'backoff';
    this.#backingOff++;
    job.backoff = this.#clock.setTimeout(() => {
      job.backoff = undefined;
      this.#backingOff--;
      job.state = 'ready';
      this.#ready.push(job);
      this.#dispatch();
    }, delayMs);
  }

  /** Fails the run now, wherever it is; a running attempt is aborted and keeps its slot until it returns. */
  #cancel(job: Job, reason: FailureReason, why: string, cause?: unknown): void {
    if (job.settled) return;
    switch (job.state) {
      case 'waiting': {
        const meter = this.#meters.get(job.meterId) as MeterState;
        meter.waiting.splice(meter.waiting.indexOf(job), 1);
        this.#settle(job, reason, why, cause);
        this.#live--;
        this.#forgetMeterIfIdle(meter);
        this.#notifyIfIdle();
        return;
      }
      case 'ready':
        this.#ready.remove(job);
        break;
      case 'parked': {
        const path = this.#paths.get(job.path) as PathState;
        path.parked.remove(job);
        this.#forgetPathIfIdle(job.path, path);
        break;
      }
      case 'backoff':
        job.backoff?.cancel();
        job.backoff = undefined;
        this.#backingOff--;
        break;
      case 'running':
        job.controller.abort(
          new PoolWorkError(reason, job.attempts, `Run for meter ${job.meterId} ended: ${why}`),
        );
        this.#settle(job, reason, why, cause);
        return;
    }
    this.#settle(job, reason, why, cause);
    this.#retire(job);
    this.#dispatch();
  }

  /**
   * Gives the caller its result (once), counts it and tells the meter's breaker. `reason`
   * undefined = success with `detail` as the value.
   */
  #settle(job: Job, reason: FailureReason | undefined, why: string, detail?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.deadline?.cancel();
    job.deadline = undefined;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    const now = this.#clock.now();
    if (job.attempts > 0) this.#runMs.record(now - job.submittedAt);
    if (job.attempts > 0 || job.trial) {
      const meter = this.#meters.get(job.meterId) as MeterState;
      this.#openBreakers += settle(meter, this.#options.breaker, outcomeOf(reason), job.trial, now);
    }
    if (reason === undefined) {
      this.#succeeded++;
      job.resolve(detail);
      return;
    }
    this.#failed[reason]++;
    const message = `Run for meter ${job.meterId} via ${job.path} failed (${reason}) after ${job.attempts} attempt(s): ${why}`;
    job.reject(
      new PoolWorkError(reason, job.attempts, message, detail === undefined ? undefined : { cause: detail }),
    );
  }

  /** The run no longer holds its meter: the next run for the meter may go. */
  #retire(job: Job): void {
    const meter = this.#meters.get(job.meterId) as MeterState;
    this.#live--;
    meter.active = undefined;
    while (!meter.active) {
      const next = meter.waiting.shift();
      if (!next) break;
      if (this.#closed) {
        this.#settle(next, 'cancelled', 'the pool was closed');
        this.#live--;
      } else if (!this.#admit(meter, next)) {
        this.#live--;
      }
    }
    this.#forgetMeterIfIdle(meter);
    this.#notifyIfIdle();
  }

  #releasePathSlot(name: string): void {
    const path = this.#paths.get(name) as PathState;
    path.running--;
    const next = path.parked.pop();
    if (next) {
      next.state = 'ready';
      this.#ready.push(next);
    }
    this.#forgetPathIfIdle(name, path);
  }

  #meterFor(meterId: string): MeterState {
    let meter = this.#meters.get(meterId);
    if (!meter) {
      meter = { id: meterId, active: undefined, waiting: [], state: 'closed', failures: 0, openUntil: 0 };
      this.#meters.set(meterId, meter);
    }
    return meter;
  }

  #forgetMeterIfIdle(meter: MeterState): void {
    if (meter.active || meter.waiting.length > 0 || meter.state !== 'closed' || meter.failures > 0) return;
    this.#meters.delete(meter.id);
  }

  #pathFor(name: string): PathState {
    let path = this.#paths.get(name);
    if (!path) {
      path = { running: 0, parked: new IndexedHeap<Job>(jobBefore) };
      this.#paths.set(name, path);
    }
    return path;
  }

  #forgetPathIfIdle(name: string, path: PathState): void {
    if (path.running === 0 && path.parked.size === 0) this.#paths.delete(name);
  }

  #notifyIfIdle(): void {
    if (this.#live !== 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}

/** Inserts `job` after every run that goes before it (higher priority, or equal and earlier). */
function insertSorted(queue: Job[], job: Job): void {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (jobBefore(queue[mid] as Job, job)) lo = mid + 1;
    else hi = mid;
  }
  queue.splice(lo, 0, job);
  job.state = 'waiting';
}
