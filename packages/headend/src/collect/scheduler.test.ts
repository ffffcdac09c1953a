import { TestClock } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import type { CollectionJob, RoundSummary } from './collector.js';
import { CollectionScheduler, type ScheduledCollection } from './scheduler.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 5, 10);
const summary = (meters: number): RoundSummary => ({
  meters,
  succeeded: meters,
  failed: 0,
  intervals: 0,
  registerReads: 0,
  events: 0,
  failuresByReason: {},
  elapsedMs: 0,
});

describe('CollectionScheduler', () => {
  it('runs each group at its period and offset', async () => {
    const clock = new TestClock(T0);
    const runs: [string, string, number][] = [];
    const scheduler = new CollectionScheduler({
      clock,
      schedules: [
        {
          group: 'household',
          collections: [{ jobs: ['profile', 'events'], everyMs: DAY, offsetMs: 20 * 60_000 }],
        },
        { group: 'industrial', collections: [{ jobs: ['instantaneous'], everyMs: 900_000 }] },
      ],
      metersOf: (g) => (g === 'household' ? ['A', 'B'] : ['C']),
      collect: async (ids, jobs: readonly CollectionJob[]) => {
        runs.push([ids.join(''), jobs.join('+'), clock.now()]);
        return summary(ids.length);
      },
    });
    scheduler.start();
    await clock.advanceAsync(DAY);
    scheduler.stop();
    const household = runs.filter((r) => r[0] === 'AB');
    expect(household).toEqual([['AB', 'profile+events', Date.UTC(2026, 10, 6, 0, 20)]]);
    const industrial = runs.filter((r) => r[0] === 'C');
    expect(industrial).toHaveLength(96);
    expect(industrial[0]![2]).toBe(T0 + 900_000);
    expect(scheduler.stats.rounds).toBe(97);
  });

  it('skips a period while the previous round is still running', async () => {
    const clock = new TestClock(T0);
    let release: (() => void) | undefined;
    let started = 0;
    const c: ScheduledCollection = { jobs: ['profile'], everyMs: 60_000 };
    const scheduler = new CollectionScheduler({
      clock,
      schedules: [{ group: 'g', collections: [c] }],
      metersOf: () => ['A'],
      collect: () => {
        started++;
        return new Promise((r) => {
          release = () => r(summary(1));
        });
      },
    });
    scheduler.start();
    await clock.advanceAsync(60_000 * 3);
    expect(started).toBe(1);
    expect(scheduler.stats.skipped).toBe(2);
    release!();
    await clock.advanceAsync(60_000);
    expect(started).toBe(2);
    scheduler.stop();
  });

  it('rejects bad schedules', () => {
    const base = { clock: new TestClock(T0), metersOf: () => [], collect: async () => summary(0) };
    expect(
      () =>
        new CollectionScheduler({
          ...base,
          schedules: [{ group: 'g', collections: [{ jobs: [], everyMs: 1 }] }],
        }),
    ).toThrow(/at least one job/);
    expect(
      () =>
        new CollectionScheduler({
          ...base,
          schedules: [{ group: 'g', collections: [{ jobs: ['profile'], everyMs: 10, offsetMs: 10 }] }],
        }),
    ).toThrow(/offsetMs/);
  });
});
