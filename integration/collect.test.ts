import { type Clock, InProcessBus, type IntervalBlock, systemClock } from '@gridmeter/domain';
import { HeadEnd } from '@gridmeter/headend';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryForFleet } from './support/fleet-registry.js';

const DAY = 86_400_000;
const HISTORY = Date.UTC(2026, 10, 1);
const TODAY = Date.UTC(2026, 10, 5);
const NOW = TODAY + 20 * 60_000; // 00:20 UTC: yesterday is complete
const YESTERDAY = TODAY - DAY;

/** The channel a meter's interval energy (or volume) travels on. */
const MAIN_CHANNELS = new Set(['1-0:1.8.0*255', '8-0:1.0.0*255', '7-0:3.0.0*255']);

/** Meters in the fleet: 2,000 in CI; `GRIDMETER_IT_METERS=10000` for the full-size run. */
const METERS = Number(process.env.GRIDMETER_IT_METERS ?? 2_000);

let fleet: Fleet;
let port: number;

beforeAll(async () => {
  fleet = new Fleet({
    spec: { seed: 21, meters: METERS, historyStart: HISTORY },
    maxCachedMeters: METERS + 1_000,
    clock: new SimClock(NOW, { frozen: true }),
  });
  port = (await fleet.listen({ host: '0.0.0.0', port: 0 })).port;
});

afterAll(async () => {
  await fleet.close();
});

/** Simulated time from the fleet's clock, real waits (the pool's backoff). */
function simulatedNow(): Clock {
  return { now: () => fleet.clock.now(), setTimeout: systemClock.setTimeout, sleep: systemClock.sleep };
}

async function collectYesterday(faultRate: number) {
  fleet.setFaults({ sessionFailureRate: faultRate });
  const { registry, profiles } = await registryForFleet(fleet, port);
  const bus = new InProcessBus();
  const blocks: IntervalBlock[] = [];
  bus.subscribe('gridmeter.readings.interval.*', (m) => {
    if (m.type === 'interval-block') blocks.push(m.block);
  });
  const headEnd = new HeadEnd({
    registry,
    profiles,
    bus,
    clock: simulatedNow(),
    systemTitle: new TextEncoder().encode('GMHES001'),
    pool: { maxConcurrent: 100, retry: { attempts: 6, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 } },
    backfillMs: DAY,
  });
  const ids = registry.list().map((m) => m.id);
  const round = await headEnd.collect(ids, ['clock', 'profile', 'registers', 'events']);
  fleet.setFaults({ sessionFailureRate: 0 });
  await headEnd.close();
  return { headEnd, ids, blocks, round };
}

describe('head-end against the simulator over real TCP', { timeout: 600_000 }, () => {
  it('collects yesterday from every meter to 100 % completeness, every interval equal to the truth', async () => {
    const { headEnd, ids, blocks, round } = await collectYesterday(0);
    expect(round.failed).toBe(0);
    expect(headEnd.kpis.completeness(YESTERDAY, ids)).toBe(1);
    // Every collected interval of the main channel equals what the simulator says the meter registered.
    const collected = new Map<string, Map<number, number>>();
    for (const b of blocks) {
      if (!MAIN_CHANNELS.has(b.channel)) continue;
      const m = collected.get(b.meterId) ?? new Map<number, number>();
      b.values.forEach((v, i) => {
        m.set(b.start + i * b.intervalSeconds * 1000, v.value!);
      });
      collected.set(b.meterId, m);
    }
    let compared = 0;
    for (const id of ids) {
      const truth = fleet.truth(id, YESTERDAY, TODAY);
      expect(truth).toHaveLength(96);
      const got = collected.get(id)!;
      for (const t of truth) {
        expect(got.get(t.start)).toBe(t.registeredWh);
        compared++;
      }
    }
    expect(compared).toBe(ids.length * 96);
    expect(headEnd.kpis.day(NOW, ids).readSuccessRate).toBe(1);
  });

  it('reaches at least 99.5 % completeness with 20 % of sessions failing at random', async () => {
    const { headEnd, ids, round } = await collectYesterday(0.2);
    expect(fleet.stats().faultsInjected).toBeGreaterThan(50);
    expect(headEnd.kpis.completeness(YESTERDAY, ids)).toBeGreaterThanOrEqual(0.995);
    expect(round.succeeded / round.meters).toBeGreaterThanOrEqual(0.995);
  });
});
