/** Something that can be cancelled, returned by {@link Clock.setTimeout}. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time as the core sees it. Everything that schedules, times out or stamps takes a `Clock`, so
 * tests and simulations can run days in milliseconds with {@link TestClock}.
 */
export interface Clock {
  /** Epoch milliseconds (UTC). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason if aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function sleepWith(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
  sleep(ms, signal) {
    return sleepWith(systemClock, ms, signal);
  },
};

interface PendingTimer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told. Timers fire in due order (ties in creation order) as
 * `advance` passes them; `now()` reads each timer's due time while it runs.
 *
 * @example
 * const clock = new TestClock(Date.UTC(2026, 0, 1));
 * const done = clock.sleep(15 * 60_000);
 * await clock.advanceAsync(15 * 60_000); // `done` has resolved
 */
export class TestClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Number of timers not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = { due: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  /** Moves time forward by `ms`, firing due timers synchronously. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`Cannot move a clock backwards or by ${ms}`);
    const target = this.#now + ms;
    for (let t = this.#next(target); t; t = this.#next(target)) {
      this.#now = t.due;
      t.fn();
    }
    this.#now = target;
  }

  /**
   * Like {@link advance}, but lets promise continuations run after each timer, so async code that
   * sleeps in a loop keeps up with the clock.
   */
  async advanceAsync(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`Cannot move a clock backwards or by ${ms}`);
    const target = this.#now + ms;
    await flushMicrotasks();
    for (let t = this.#next(target); t; t = this.#next(target)) {
      this.#now = t.due;
      t.fn();
      await flushMicrotasks();
    }
    this.#now = target;
  }

  /** Jumps the clock to an instant (forward only), firing timers on the way. */
  setTime(ms: number): void {
    this.advance(ms - this.#now);
  }

  #next(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    let bestIndex = -1;
    this.#timers.forEach((t, i) => {
      if (t.cancelled || t.due > limit) return;
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) {
        best = t;
        bestIndex = i;
      }
    });
    this.#timers = this.#timers.filter((t, i) => i !== bestIndex && !t.cancelled);
    return best;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
