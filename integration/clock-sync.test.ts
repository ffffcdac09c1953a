import { type Clock, InProcessBus, systemClock } from '@gridmeter/domain';
import { HeadEnd } from '@gridmeter/headend';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { afterAll, describe, expect, it } from 'vitest';
import { registryForFleet } from './support/fleet-registry.js';

const HISTORY = Date.UTC(2026, 10, 1);
const NOW = Date.UTC(2026, 10, 3, 12);

describe('clock check and synchronisation', () => {
  const fleet = new Fleet({
    spec: { seed: 4, meters: 30, historyStart: HISTORY },
    clock: new SimClock(NOW, { frozen: true }),
    scenarios: [
      // 200 ppm for the 2 days before now: 172,800 s × 200e-6 = 34.56 s fast.
      {
        id: 'drift',
        type: 'clock-drift',
        target: { meters: ['GM00000002'] },
        start: HISTORY + 12 * 3_600_000,
        ppm: 200,
      },
    ],
  });
  afterAll(() => fleet.close());

  it('sets the clock of a meter that drifted beyond the threshold, and leaves the others alone', async () => {
    const port = (await fleet.listen({ host: '0.0.0.0', port: 0 })).port;
    const { registry, profiles } = await registryForFleet(fleet, port, [0, 1, 2]);
    const clock: Clock = {
      now: () => fleet.clock.now(),
      setTimeout: systemClock.setTimeout,
      sleep: systemClock.sleep,
    };
    const headEnd = new HeadEnd({
      registry,
      profiles,
      bus: new InProcessBus(),
      clock,
      systemTitle: new TextEncoder().encode('GMHES001'),
    });
    const drifted = fleet.runtime(1).meter;
    expect(drifted.meterTime(NOW) - NOW).toBe(34_560);
    // Its profile rows, stamped 34.56 s fast, still all arrive for a range read in meter time.
    await headEnd.read('GM00000002', ['profile']);
    expect(headEnd.kpis.intervalsOf('GM00000002', NOW - 86_400_000 - 12 * 3_600_000)).toBe(96);
    const a = await headEnd.read('GM00000002', ['clock']);
    expect(a.clockSynchronised).toBe(true);
    expect(Math.round(a.clockDriftMs! / 1000)).toBe(35);
    expect(drifted.meterTime(NOW) - NOW).toBe(0);
    // The meter logged the adjustment (events 4 and 5).
    expect(drifted.eventLog('standard', NOW, NOW + 1).map((e) => e.code)).toEqual([4, 5]);
    const b = await headEnd.read('GM00000001', ['clock']);
    expect(b.clockSynchronised).toBe(false);
    await headEnd.close();
  });
});
