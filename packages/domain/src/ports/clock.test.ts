import { describe, expect, it } from 'vitest';
import { systemClock, TestClock } from './clock.js';

describe('TestClock', () => {
  it('fires timers in due order and shows each due time while it runs', () => {
    const clock = new TestClock(1_000);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
    clock.setTimeout(() => fired.push(['c', clock.now()]), 200);
    clock.advance(150);
    expect(fired).toEqual([['a', 1_100]]);
    clock.advance(1_000);
    expect(fired).toEqual([
      ['a', 1_100],
      ['b', 1_200],
      ['c', 1_200],
    ]);
    expect(clock.now()).toBe(2_150);
  });

  it('fires timers that timers schedule within the same advance', () => {
    const clock = new TestClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 10);
    }, 10);
    clock.advance(100);
    expect(fired).toEqual([10, 20]);
  });

  it('does not fire cancelled timers', () => {
    const clock = new TestClock(0);
    let n = 0;
    clock.setTimeout(() => n++, 10).cancel();
    clock.advance(20);
    expect(n).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets an async loop that sleeps keep up with advanceAsync', async () => {
    const clock = new TestClock(0);
    const ticks: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 4; i++) {
        await clock.sleep(15 * 60_000);
        ticks.push(clock.now());
      }
    })();
    await clock.advanceAsync(60 * 60_000);
    await loop;
    expect(ticks).toEqual([900_000, 1_800_000, 2_700_000, 3_600_000]);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = new TestClock(0);
    const ac = new AbortController();
    const p = clock.sleep(1_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses to go backwards', () => {
    expect(() => new TestClock(0).advance(-1)).toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('sleeps on real time', async () => {
    const t0 = Date.now();
    await systemClock.sleep(5);
    expect(systemClock.now()).toBeGreaterThanOrEqual(t0);
  });
});
