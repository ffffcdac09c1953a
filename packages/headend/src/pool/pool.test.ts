import { DlmsConnectionError, DlmsServiceError, DlmsTimeoutError } from '@gridmeter/dlms';
import { TestClock } from '@gridmeter/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionPool } from './pool.js';
import { type PoolOptions, PoolWorkError } from './types.js';

const lost = () => new DlmsConnectionError('Connection to 127.0.0.2:4059 closed');
const noResponse = () => new DlmsTimeoutError('No response from 127.0.0.2:4059 within 10000 ms');
const denied = () => new DlmsServiceError('get', 3, '1.0.99.1.0.255 a2');

function options(over: Partial<PoolOptions> = {}): PoolOptions {
  return {
    maxConcurrent: 4,
    maxPerPath: 4,
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 10_000, jitter: 0 },
    breaker: { failureThreshold: 3, openMs: 60_000 },
    ...over,
  };
}

/** Settles a promise into a value so a test can look at it without an unhandled rejection. */
function outcome<T>(p: Promise<T>): { done: boolean; value?: T; error?: unknown } {
  const o: { done: boolean; value?: T; error?: unknown } = { done: false };
  p.then(
    (value) => Object.assign(o, { done: true, value }),
    (error: unknown) => Object.assign(o, { done: true, error }),
  );
  return o;
}

/** Moves the clock in steps until `pool` has nothing queued, running or backing off. */
async function runOut(
  clock: TestClock,
  pool: ConnectionPool,
  stepMs = 10,
  maxSteps = 100_000,
): Promise<void> {
  let drained = false;
  void pool.drain().then(() => {
    drained = true;
  });
  for (let i = 0; i < maxSteps && !drained; i++) await clock.advanceAsync(stepMs);
  expect(drained).toBe(true);
}

describe('ConnectionPool limits', () => {
  it('never exceeds maxConcurrent, maxPerPath or one run per meter over random workloads', async () => {
    const run = fc.record({
      meter: fc.integer({ min: 0, max: 7 }),
      path: fc.integer({ min: 0, max: 3 }),
      durationMs: fc.integer({ min: 1, max: 60 }),
      submitAtMs: fc.integer({ min: 0, max: 200 }),
      priority: fc.integer({ min: 0, max: 2 }),
      failures: fc.integer({ min: 0, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(run, { minLength: 1, maxLength: 40 }),
        async (maxConcurrent, maxPerPath, runs) => {
          const clock = new TestClock();
          const pool = new ConnectionPool(
            options({
              maxConcurrent,
              maxPerPath,
              retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 50, jitter: 0.5 },
            }),
            clock,
            () => 0.5,
          );
          // Peaks are recorded, not asserted, inside work: a throw there would be a work failure.
          let global = 0;
          let peakGlobal = 0;
          let peakPath = 0;
          let peakMeter = 0;
          const byPath = new Map<number, number>();
          const byMeter = new Map<number, number>();
          const results: ReturnType<typeof outcome>[] = [];
          for (const r of runs) {
            let failuresLeft = r.failures;
            clock.setTimeout(() => {
              const work = async () => {
                global++;
                byPath.set(r.path, (byPath.get(r.path) ?? 0) + 1);
                byMeter.set(r.meter, (byMeter.get(r.meter) ?? 0) + 1);
                peakGlobal = Math.max(peakGlobal, global);
                peakPath = Math.max(peakPath, byPath.get(r.path) ?? 0);
                peakMeter = Math.max(peakMeter, byMeter.get(r.meter) ?? 0);
                await clock.sleep(r.durationMs);
                global--;
                byPath.set(r.path, (byPath.get(r.path) ?? 0) - 1);
                byMeter.set(r.meter, (byMeter.get(r.meter) ?? 0) - 1);
                if (failuresLeft-- > 0) throw lost();
                return r;
              };
              results.push(outcome(pool.run(`m${r.meter}`, `p${r.path}`, work, { priority: r.priority })));
            }, r.submitAtMs);
          }
          await clock.advanceAsync(201);
          await runOut(clock, pool);
          expect(results.every((o) => o.done)).toBe(true);
          expect(peakGlobal).toBeLessThanOrEqual(maxConcurrent);
          expect(peakPath).toBeLessThanOrEqual(maxPerPath);
          expect(peakMeter).toBe(1);
          const s = pool.stats();
          expect([s.running, s.queued, s.backingOff, s.runningByPath.size]).toEqual([0, 0, 0, 0]);
          const failed = Object.values(s.failed).reduce((a, b) => a + b, 0);
          expect(s.succeeded + failed).toBe(runs.length);
          expect(s.attempts - s.retries).toBe(runs.length - s.failed['circuit-open']);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runs one piece of work per meter at a time, in arrival order', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options({ maxConcurrent: 8 }), clock);
    const log: string[] = [];
    const results = [1, 2, 3, 4].map((n) =>
      pool.run('MTR-1', 'host-a', async () => {
        log.push(`start ${n}`);
        await clock.sleep(100);
        log.push(`end ${n}`);
        return n;
      }),
    );
    expect(pool.stats()).toMatchObject({ running: 1, queued: 3 });
    await runOut(clock, pool);
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
  });

  it('lets other paths run while one path is full', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options({ maxConcurrent: 3, maxPerPath: 1 }), clock);
    const started: string[] = [];
    const work = (name: string) => async () => {
      started.push(`${name}@${clock.now() - Date.UTC(2026, 0, 1)}`);
      await clock.sleep(100);
    };
    void pool.run('a1', 'A', work('a1'));
    void pool.run('a2', 'A', work('a2'));
    void pool.run('a3', 'A', work('a3'));
    void pool.run('b1', 'B', work('b1'));
    expect(pool.stats().runningByPath).toEqual(
      new Map([
        ['A', 1],
        ['B', 1],
      ]),
    );
    await runOut(clock, pool);
    expect(started).toEqual(['a1@0', 'b1@0', 'a2@100', 'a3@200']);
  });

  it('serves waiting runs by priority, then first come', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options({ maxConcurrent: 1 }), clock);
    const order: string[] = [];
    const work = (name: string) => async () => {
      order.push(name);
      await clock.sleep(10);
    };
    void pool.run('blocker', 'p', work('blocker'));
    const queued: [string, number][] = [
      ['low-1', 0],
      ['high-1', 5],
      ['mid-1', 2],
      ['high-2', 5],
      ['low-2', 0],
      ['mid-2', 2],
    ];
    for (const [name, priority] of queued) void pool.run(name, 'p', work(name), { priority });
    await runOut(clock, pool);
    expect(order).toEqual(['blocker', 'high-1', 'high-2', 'mid-1', 'mid-2', 'low-1', 'low-2']);
  });

  it('completes 10,000 queued runs, including 2,000 for one meter, and keeps no state afterwards', async () => {
    const pool = new ConnectionPool(options({ maxConcurrent: 10, maxPerPath: 5 }), new TestClock());
    const runs: Promise<number>[] = [];
    for (let i = 0; i < 8_000; i++) runs.push(pool.run(`m${i}`, `p${i % 7}`, async () => i));
    for (let i = 0; i < 2_000; i++) runs.push(pool.run('hot', 'p0', () => Promise.resolve(i)));
    const values = await Promise.all(runs);
    expect(values.slice(8_000)).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
    await pool.drain();
    const s = pool.stats();
    expect(s).toMatchObject({ running: 0, queued: 0, succeeded: 10_000, attempts: 10_000, trackedMeters: 0 });
    expect(s.runningByPath.size).toBe(0);
  });
});

describe('ConnectionPool retries', () => {
  it('retries with exact exponential delays capped at maxDelayMs when jitter is 0', async () => {
    const clock = new TestClock(0);
    const retry = { attempts: 5, baseDelayMs: 100, maxDelayMs: 250, jitter: 0 };
    const pool = new ConnectionPool(options({ retry }), clock);
    const startedAt: number[] = [];
    const result = outcome(
      pool.run('m', 'p', async (attempt) => {
        startedAt.push(clock.now());
        expect(attempt).toBe(startedAt.length);
        throw noResponse();
      }),
    );
    await runOut(clock, pool, 1);
    expect(startedAt).toEqual([0, 100, 300, 550, 800]);
    expect(result.error).toBeInstanceOf(PoolWorkError);
    expect(result.error).toMatchObject({ reason: 'response-timeout', attempts: 5 });
    expect((result.error as Error).cause).toBeInstanceOf(DlmsTimeoutError);
    expect(pool.stats()).toMatchObject({ attempts: 5, retries: 4 });
  });

  it('keeps jittered delays within [d·(1 − jitter), d]', async () => {
    const clock = new TestClock(0);
    const retry = { attempts: 6, baseDelayMs: 1_000, maxDelayMs: 8_000, jitter: 0.5 };
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    const pool = new ConnectionPool(options({ retry }), clock, random);
    const startedAt: number[] = [];
    const result = outcome(
      pool.run('m', 'p', async () => {
        startedAt.push(clock.now());
        throw lost();
      }),
    );
    await runOut(clock, pool, 1);
    expect(result.error).toMatchObject({ reason: 'connection-lost', attempts: 6 });
    const nominal = [1_000, 2_000, 4_000, 8_000, 8_000];
    nominal.forEach((d, i) => {
      const waited = (startedAt[i + 1] as number) - (startedAt[i] as number);
      expect(waited).toBeGreaterThanOrEqual(d / 2);
      expect(waited).toBeLessThanOrEqual(d + 1);
    });
  });

  it('succeeds on a later attempt and counts the retries', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options(), clock);
    const result = outcome(
      pool.run('m', 'p', async (attempt) => {
        if (attempt < 3) throw lost();
        return 'read';
      }),
    );
    await runOut(clock, pool);
    expect(result.value).toBe('read');
    expect(pool.stats()).toMatchObject({ succeeded: 1, attempts: 3, retries: 2 });
  });

  it('does not retry non-retryable failures', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options(), clock);
    let calls = 0;
    const result = outcome(
      pool.run('m', 'p', async () => {
        calls++;
        throw denied();
      }),
    );
    await runOut(clock, pool);
    expect(calls).toBe(1);
    expect(result.error).toMatchObject({ reason: 'access-denied', attempts: 1 });
  });

  it('holds the meter but not the slot while backing off', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options({ maxConcurrent: 1 }), clock);
    void pool
      .run('m1', 'p', async (attempt) => {
        if (attempt === 1) throw lost();
      })
      .catch(() => {});
    const other = outcome(pool.run('m2', 'p', async () => 'other'));
    const same = outcome(pool.run('m1', 'p', async () => 'same'));
    await clock.advanceAsync(50);
    expect(other.value).toBe('other');
    expect(same.done).toBe(false);
    expect(pool.stats()).toMatchObject({ backingOff: 1, running: 0, queued: 1 });
    await runOut(clock, pool);
    expect(same.value).toBe('same');
  });
});

describe('ConnectionPool circuit breaker', () => {
  const breakerOptions = options({ breaker: { failureThreshold: 2, openMs: 60_000 } });
  const fail = async () => {
    throw lost();
  };

  it('opens after N failed runs, refuses at once, lets one trial through, closes on success', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(breakerOptions, clock);
    for (let i = 0; i < 2; i++) {
      const r = outcome(pool.run('m', 'p', fail));
      await runOut(clock, pool);
      expect(r.error).toMatchObject({ reason: 'connection-lost', attempts: 3 });
    }
    expect(pool.stats().openBreakers).toBe(1);
    let calls = 0;
    const refused = outcome(
      pool.run('m', 'p', async () => {
        calls++;
      }),
    );
    await clock.advanceAsync(0);
    expect(refused.error).toMatchObject({ reason: 'circuit-open', attempts: 0 });
    expect(calls).toBe(0);
    expect(outcome(pool.run('other', 'p', async () => 1))).toBeDefined();

    await clock.advanceAsync(60_000);
    const trial = outcome(pool.run('m', 'p', fail));
    await runOut(clock, pool);
    expect(trial.error).toMatchObject({ reason: 'connection-lost', attempts: 1 });
    const again = outcome(pool.run('m', 'p', async () => 'x'));
    await clock.advanceAsync(0);
    expect(again.error).toMatchObject({ reason: 'circuit-open' });

    await clock.advanceAsync(60_000);
    const ok = outcome(pool.run('m', 'p', async () => 'read'));
    await runOut(clock, pool);
    expect(ok.value).toBe('read');
    const s = pool.stats();
    expect(s).toMatchObject({ openBreakers: 0, trackedMeters: 0, succeeded: 2 });
    expect(s.failed).toMatchObject({ 'connection-lost': 3, 'circuit-open': 2 });
  });

  it('refuses runs queued behind the run that opens the breaker', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(breakerOptions, clock);
    void pool.run('m', 'p', fail).catch(() => {});
    void pool.run('m', 'p', fail).catch(() => {});
    const third = outcome(pool.run('m', 'p', async () => 'x'));
    await runOut(clock, pool);
    expect(third.error).toMatchObject({ reason: 'circuit-open', attempts: 0 });
  });

  it('does not count access-denied against the meter and keeps no state after a success', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(breakerOptions, clock);
    for (let i = 0; i < 3; i++) {
      void pool
        .run('m', 'p', async () => {
          throw denied();
        })
        .catch(() => {});
    }
    await runOut(clock, pool);
    expect(pool.stats()).toMatchObject({ openBreakers: 0, trackedMeters: 0 });
    void pool.run('m', 'p', fail).catch(() => {});
    await runOut(clock, pool);
    expect(pool.stats().trackedMeters).toBe(1);
  });
});

describe('ConnectionPool cancellation', () => {
  it('cancels a queued run without calling its work', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options({ maxConcurrent: 1 }), clock);
    void pool.run('a', 'p', () => clock.sleep(100));
    const controller = new AbortController();
    let called = false;
    const r = outcome(
      pool.run(
        'b',
        'p',
        async () => {
          called = true;
        },
        { signal: controller.signal },
      ),
    );
    controller.abort();
    await clock.advanceAsync(0);
    expect(r.error).toMatchObject({ reason: 'cancelled', attempts: 0 });
    await runOut(clock, pool);
    expect(called).toBe(false);
  });

  it('fails a running run at once, aborts its signal, and keeps the meter until the work returns', async () => {
    const clock = new TestClock(0);
    const pool = new ConnectionPool(options(), clock);
    const controller = new AbortController();
    let aborted = false;
    const first = outcome(
      pool.run(
        'm',
        'p',
        async (_attempt, signal) => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
          await clock.sleep(500); // a session that takes its time to close
        },
        { signal: controller.signal },
      ),
    );
    let secondStartedAt = -1;
    const second = outcome(
      pool.run('m', 'p', async () => {
        secondStartedAt = clock.now();
      }),
    );
    await clock.advanceAsync(100);
    controller.abort();
    await clock.advanceAsync(0);
    expect(aborted).toBe(true);
    expect(first.error).toMatchObject({ reason: 'cancelled', attempts: 1 });
    expect(pool.stats().running).toBe(1);
    await runOut(clock, pool);
    expect(second.done).toBe(true);
    expect(secondStartedAt).toBe(500);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const pool = new ConnectionPool(options(), new TestClock());
    await expect(pool.run('m', 'p', async () => 1, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      reason: 'cancelled',
      attempts: 0,
    });
  });

  it('fails a run whose deadline passes during an attempt with cancelled', async () => {
    const clock = new TestClock(0);
    const pool = new ConnectionPool(options(), clock);
    const r = outcome(pool.run('m', 'p', () => clock.sleep(1_000), { deadlineMs: 300 }));
    await clock.advanceAsync(299);
    expect(r.done).toBe(false);
    await clock.advanceAsync(1);
    expect(r.error).toMatchObject({ reason: 'cancelled', attempts: 1 });
    await runOut(clock, pool);
  });

  it('gives up with the last failure when the next attempt would start after the deadline', async () => {
    const clock = new TestClock(0);
    const pool = new ConnectionPool(
      options({ retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 10_000, jitter: 0 } }),
      clock,
    );
    let failedAt = -1;
    const r = pool.run(
      'm',
      'p',
      async () => {
        await clock.sleep(50);
        throw noResponse();
      },
      { deadlineMs: 400 },
    );
    r.catch(() => {
      failedAt = clock.now();
    });
    await runOut(clock, pool, 1);
    // Attempts at 0 and 150 (each failing 50 ms in); the third would start at 200 + 200 = 400.
    await expect(r).rejects.toMatchObject({ reason: 'response-timeout', attempts: 2 });
    expect(failedAt).toBe(200);
  });

  it('close() fails queued and backing-off runs with cancelled, lets running work finish, refuses new runs', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options({ maxConcurrent: 1 }), clock);
    const running = outcome(pool.run('a', 'p', () => clock.sleep(100).then(() => 'a')));
    const queued = outcome(pool.run('b', 'p', async () => 'b'));
    const sameMeter = outcome(pool.run('a', 'p', async () => 'a2'));
    let closed = false;
    void pool.close().then(() => {
      closed = true;
    });
    await clock.advanceAsync(0);
    expect(queued.error).toMatchObject({ reason: 'cancelled' });
    expect(sameMeter.error).toMatchObject({ reason: 'cancelled' });
    expect(closed).toBe(false);
    await clock.advanceAsync(100);
    expect(running.value).toBe('a');
    expect(closed).toBe(true);
    await expect(pool.run('c', 'p', async () => 'c')).rejects.toMatchObject({ reason: 'cancelled' });
  });
});

describe('ConnectionPool stats', () => {
  it('counts runs by outcome and gives percentiles of work duration', async () => {
    const clock = new TestClock();
    const pool = new ConnectionPool(options({ maxConcurrent: 200, maxPerPath: 200 }), clock);
    for (let ms = 1; ms <= 100; ms++) void pool.run(`m${ms}`, 'p', () => clock.sleep(ms));
    void pool
      .run('denied', 'p', async () => {
        throw denied();
      })
      .catch(() => {});
    await runOut(clock, pool, 1);
    const s = pool.stats();
    expect(s.succeeded).toBe(100);
    expect(s.failed['access-denied']).toBe(1);
    expect(s.attempts).toBe(101);
    expect(s.workMs).toMatchObject({ count: 101, minMs: 0, maxMs: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99 });
    expect(s.runMs.count).toBe(101);
  });

  it('rejects options out of range', () => {
    expect(() => new ConnectionPool(options({ maxConcurrent: 0 }), new TestClock())).toThrow(/maxConcurrent/);
    expect(
      () => new ConnectionPool(options({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, jitter: 2 } })),
    ).toThrow(/retry.jitter/);
  });
});
