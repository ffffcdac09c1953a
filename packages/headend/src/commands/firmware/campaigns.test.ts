import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClock } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import type { SessionFor } from '../ports.js';
import { FakeMeter } from '../test-support/fake-meter.js';
import { FakePool } from '../test-support/fake-pool.js';
import { FirmwareCampaigns } from './campaigns.js';
import { planStages } from './staging.js';

const T0 = Date.UTC(2026, 10, 8, 9);
const IMAGE = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);

async function setup(n: number, path?: string, meters = new Map<string, FakeMeter>()) {
  const clock = new TestClock(T0);
  const ids = Array.from({ length: n }, (_, i) => `GM0000010${i}`);
  for (const id of ids) if (!meters.has(id)) meters.set(id, new FakeMeter(() => clock.now()));
  const sessionFor: SessionFor = async (id) => meters.get(id)!.session();
  const file = path ?? join(await mkdtemp(join(tmpdir(), 'gm-fw-')), 'campaigns.ndjson');
  const campaigns = await FirmwareCampaigns.open(file, { pool: new FakePool(2), sessionFor, clock });
  return { clock, ids, meters, campaigns, file };
}

describe('planStages', () => {
  it('takes ⌈share × n⌉ meters per stage and puts the rest in a last stage', () => {
    expect(planStages(['a', 'b', 'c', 'd', 'e'], [{ share: 0.2 }, { share: 0.4 }])).toEqual([
      ['a'],
      ['b', 'c'],
      ['d', 'e'],
    ]);
    expect(() => planStages(['a'], [{ share: 0.7 }, { share: 0.7 }])).toThrow(RangeError);
  });
});

describe('FirmwareCampaigns', () => {
  it('transfers in the meter block size, verifies, activates and checks the version on every meter', async () => {
    const { campaigns, ids, meters } = await setup(3);
    campaigns.start();
    const c = await campaigns.create({
      imageId: 'comm-2.0.0',
      image: IMAGE,
      module: 'communication',
      meterIds: ids,
      blockSize: 128,
      stages: [{ share: 0.34 }],
      maxFailureRate: 0.2,
      expectedVersion: '2.0.0',
    });
    const done = await campaigns.settled(c.id);
    expect(done.state).toBe('completed');
    expect(Object.values(done.meters)).toEqual(ids.map(() => ({ state: 'activated', version: '2.0.0' })));
    const m = meters.get(ids[0]!)!;
    expect(m.blocksReceived).toEqual(Array.from({ length: Math.ceil(1000 / 64) }, (_, i) => i));
    await campaigns.close();
  });

  it('resumes an interrupted transfer from the first block the meter lacks', async () => {
    const { campaigns, ids, meters } = await setup(1);
    const m = meters.get(ids[0]!)!;
    m.dropAfterBlocks = 5;
    campaigns.start();
    const c = await campaigns.create({
      imageId: 'comm-2.0.0',
      image: IMAGE,
      module: 'communication',
      meterIds: ids,
      stages: [{ share: 1 }],
      maxFailureRate: 0,
    });
    expect((await campaigns.settled(c.id)).meters[ids[0]!]).toEqual({ state: 'activated', version: '2.0.0' });
    expect(m.blocksReceived).toEqual(Array.from({ length: 16 }, (_, i) => i));
    await campaigns.close();
  });

  it('halts when the failure rate of finished meters passes maxFailureRate; later stages stay pending', async () => {
    const { campaigns, ids, meters } = await setup(5);
    meters.get(ids[0]!)!.acceptImage = () => undefined; // corrupt on the first meter (stage 1)
    campaigns.start();
    const c = await campaigns.create({
      imageId: 'bad',
      image: IMAGE,
      module: 'communication',
      meterIds: ids,
      stages: [{ share: 0.2 }, { share: 0.8 }],
      maxFailureRate: 0.5,
    });
    const done = await campaigns.settled(c.id);
    expect(done.state).toBe('halted');
    expect(done.note).toMatch(/failure rate 1.000 of 1 finished meters/);
    expect(done.meters[ids[0]!]).toMatchObject({ state: 'failed', step: 'verify' });
    for (const id of ids.slice(1)) expect(done.meters[id]).toEqual({ state: 'pending' });
    await campaigns.close();
  });

  it('activates at activateAt, and a restart resumes from the journal', async () => {
    const first = await setup(2);
    first.campaigns.start();
    const activateAt = T0 + 3_600_000;
    const c = await first.campaigns.create({
      imageId: 'comm-2.0.0',
      image: IMAGE,
      module: 'communication',
      meterIds: first.ids,
      activateAt,
      stages: [{ share: 0.5 }, { share: 0.5 }],
      maxFailureRate: 0,
    });
    const verified = await first.campaigns.settled(c.id);
    expect(Object.values(verified.meters).map((s) => s.state)).toEqual(['verified', 'verified']);
    expect(verified.state).toBe('running');
    await first.campaigns.close();
    // The head-end restarts before activateAt.
    const second = await setup(2, first.file, first.meters);
    expect(second.campaigns.get(c.id).meters[first.ids[0]!]).toEqual({ state: 'verified' });
    second.campaigns.start();
    second.clock.advance(3_600_000);
    const done = await second.campaigns.settled(c.id);
    expect(done.state).toBe('completed');
    expect(first.meters.get(first.ids[1]!)!.versions.communication).toBe('2.0.0');
    expect(first.meters.get(first.ids[0]!)!.blocksReceived).toHaveLength(16);
    await second.campaigns.close();
  });
});
