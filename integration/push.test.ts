/**
 * The head-end's push listener against a simulated fleet: an outage on a transformer makes every
 * electricity meter on it push a last gasp, and power restored when it ends, over UDP and TCP.
 * Expected events come from the simulator's ground truth (which meters, and each meter's clock).
 */
import { InProcessBus, type MeterEvent, Subjects } from '@gridmeter/domain';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { afterEach, describe, expect, it } from 'vitest';
// The head-end has no root index yet; its push module is imported directly.
import { PushListener, type PushRegistry } from '../packages/headend/src/push/index.js';
import type { MeterRecord } from '../packages/headend/src/registry/types.js';

const HISTORY = Date.UTC(2026, 10, 1);
const NOW = Date.UTC(2026, 10, 8, 9, 7, 30);
const OUTAGE_START = NOW + 60_000;
const OUTAGE_END = NOW + 3_600_000;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A registry built from the fleet's identities (system title, keys, address). */
function fleetRegistry(fleet: Fleet): PushRegistry {
  const byTitle = new Map<string, number>();
  const byId = new Map<string, number>();
  for (let i = 0; i < fleet.size; i++) {
    const id = fleet.identity(i);
    byTitle.set(hex(id.systemTitle), i);
    byId.set(id.id, i);
  }
  const record = (i: number): MeterRecord => {
    const id = fleet.identity(i);
    return {
      id: id.id,
      medium: id.kind === 'water' ? 'water' : id.kind === 'gas' ? 'gas' : 'electricity',
      endpoint: { transport: 'tcp', host: id.address, port: 4059, framing: 'wrapper' },
      protocol: 'dlms',
      association: {
        clientSap: 1,
        serverSap: 1,
        authentication: 'hls-gmac',
        security: 'authenticated-encrypted',
      },
      profileId: id.kind,
      group: 'all',
      topology: {},
      state: 'active',
    };
  };
  return {
    bySystemTitle: (title) => {
      const i = byTitle.get(hex(title));
      return i === undefined ? undefined : record(i);
    },
    credentials: (meterId) => {
      const i = byId.get(meterId);
      if (i === undefined) throw new Error(`Unknown meter ${meterId}`);
      const id = fleet.identity(i);
      return {
        encryptionKey: id.encryptionKey,
        authenticationKey: id.authenticationKey,
        serverSystemTitle: id.systemTitle,
      };
    },
  };
}

let listener: PushListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.each(['udp', 'tcp'] as const)('push listener and a simulated fleet over %s', (transport) => {
  it('turns an outage on a transformer into a last gasp and a power restored from each electricity meter on it', async () => {
    const bus = new InProcessBus();
    const events: MeterEvent[] = [];
    bus.subscribe(Subjects.allEvents, (m) => {
      if (m.type === 'meter-event') events.push(m.event);
    });
    // The fleet needs the listener's port and the registry needs the fleet: the registry comes late.
    let registry: PushRegistry | undefined;
    const lazy: PushRegistry = {
      bySystemTitle: (t) => registry?.bySystemTitle(t),
      credentials: (id) => {
        if (!registry) throw new Error('no fleet yet');
        return registry.credentials(id);
      },
    };
    listener = new PushListener({ registry: lazy, bus });
    const bound = await listener.start({ [transport]: { port: 0 } });
    const port = bound[transport]!.port;
    const fleet = new Fleet({
      spec: { seed: 3, meters: 60, historyStart: HISTORY, utcOffsetMinutes: 60 },
      clock: new SimClock(NOW, { frozen: true }),
      push: { transport, host: '127.0.0.1', port },
    });
    registry = fleetRegistry(fleet);
    const t = fleet.topology.transformer(0);
    const electricity = t.meterIndices.filter((i) => {
      const kind = fleet.identity(i).kind;
      return kind !== 'water' && kind !== 'gas';
    });
    expect(electricity.length).toBeGreaterThan(2);
    fleet.injectScenario({
      id: 'out-1',
      type: 'outage',
      target: { transformer: t.id },
      start: OUTAGE_START,
      end: OUTAGE_END,
    });

    fleet.clock.advance(120_000);
    const gasps = await fleet.processPushes();
    await until(() => events.length === gasps, `${gasps} last gasps`);
    fleet.clock.set(OUTAGE_END + 60_000);
    const restores = await fleet.processPushes();
    await until(() => events.length === gasps + restores, `${restores} power restored`);
    await listener.settled();

    for (const [code, at] of [
      [234, OUTAGE_START],
      [235, OUTAGE_END],
    ] as const) {
      for (const i of electricity) {
        const id = fleet.identity(i);
        const meterClock = fleet.runtime(i).meter.meterTime(at);
        const got = events.filter((e) => e.meterId === id.id && e.code === code);
        expect(got, `${id.id} code ${code}`).toHaveLength(1);
        expect(got[0]).toMatchObject({ log: 'power-failure', source: 'push' });
        // A COSEM date-time carries hundredths of a second.
        expect(got[0]!.occurredAt).toBe(Math.floor(meterClock / 10) * 10);
      }
    }
    // Nothing from meters off that transformer (its check meter may push too).
    const affected = new Set([...t.meterIndices, t.checkMeterIndex].map((i) => fleet.identity(i).id));
    expect(events.every((e) => affected.has(e.meterId))).toBe(true);
    const stats = listener.stats();
    expect(stats.accepted).toBe(gasps + restores);
    expect(Object.values(stats.rejected).every((n) => n === 0)).toBe(true);
  });
});
