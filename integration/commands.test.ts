/**
 * Commands and firmware campaigns of the head-end against a simulated fleet over real TCP: every
 * result is checked in the meter's own state (relay, credit, calendar truth, firmware version).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, systemClock } from '@gridmeter/domain';
import { buildFirmwareImage, defaultTouCalendar, Fleet, SimClock } from '@gridmeter/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CalendarDefinition,
  CommandJournal,
  CommandService,
  FirmwareCampaigns,
  type SessionFor,
} from '../packages/headend/src/commands/index.js';
import { FakePool } from '../packages/headend/src/commands/test-support/fake-pool.js';
import type { MeterProfile } from '../packages/headend/src/registry/types.js';
import { openManagementSession } from './support/management-session.js';

const HISTORY = Date.UTC(2026, 10, 1);
const NOW = Date.UTC(2026, 10, 8, 9, 7, 30);
const HOUR = 3_600_000;
const SPEC = {
  seed: 11,
  meters: 120,
  historyStart: HISTORY,
  utcOffsetMinutes: 60,
  hemisphere: 'northern',
} as const;

const PROFILE: MeterProfile = {
  id: 'gridmeter-sim',
  clock: { classId: 8, obis: '0.0.1.0.0.255', attributeId: 2 },
  registers: [{ classId: 3, obis: '1.0.1.8.0.255', attributeId: 2, channel: '1-0:1.8.0*255' }],
  instantaneous: [],
  eventLogs: [],
};

let fleet: Fleet;
let port: number;
let dir: string;
let clock: Clock;
const sessions: string[] = [];

/** A management session (HLS-GMAC, authenticated encryption) with the meter's own keys. */
const sessionFor: SessionFor = async (meterId) => {
  sessions.push(meterId);
  return openManagementSession(fleet, port, meterId, PROFILE);
};

/** Every day profile of the default calendar made flat rate 4. */
const FLAT_4: CalendarDefinition = (() => {
  const base = defaultTouCalendar('FLAT-4');
  return {
    calendarName: 'FLAT-4',
    seasonProfile: base.seasonProfile,
    weekProfileTable: base.weekProfileTable,
    dayProfileTable: base.dayProfileTable.map((d) => ({
      dayId: d.dayId,
      daySchedule: [{ ...d.daySchedule[0]!, scriptSelector: 4 }],
    })),
  };
})();

async function service(file: string) {
  const journal = await CommandJournal.open(file, { clock });
  const s = new CommandService({
    journal,
    pool: new FakePool(2),
    sessionFor,
    clock,
    calendarFor: async (tariffId) => (tariffId === 'FLAT-4' ? FLAT_4 : undefined),
  });
  return { journal, service: s };
}

function indices(filter: (i: number) => boolean, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < fleet.spec.meters && out.length < n; i++) if (filter(i)) out.push(i);
  if (out.length < n) throw new Error('not enough meters');
  return out;
}
const electricity = (i: number) => !['water', 'gas'].includes(fleet.identity(i).kind);

beforeAll(async () => {
  const sim = new SimClock(NOW, { frozen: true });
  fleet = new Fleet({ spec: SPEC, clock: sim });
  port = (await fleet.listen({ host: '0.0.0.0', port: 0 })).port;
  clock = { now: () => sim.now(), setTimeout: systemClock.setTimeout, sleep: systemClock.sleep };
  dir = await mkdtemp(join(tmpdir(), 'gm-commands-it-'));
});

afterAll(async () => {
  await fleet.close();
});

describe('head-end commands against the simulated fleet over TCP', () => {
  it('disconnects and reconnects a meter, visible in its relay', async () => {
    const [i] = indices((k) => fleet.identity(k).kind === 'commercial', 1);
    const meter = fleet.identity(i!).id;
    const { journal, service: s } = await service(join(dir, 'relay.ndjson'));
    const off = await s.submit({ meterId: meter, action: { kind: 'disconnect' }, requestedBy: 'ops:it' });
    await s.runUntilIdle();
    expect(s.get(off.id).state).toBe('succeeded');
    expect(fleet.runtime(i!).relay.controlState).toBe(0);
    const on = await s.submit({ meterId: meter, action: { kind: 'reconnect' }, requestedBy: 'ops:it' });
    await s.runUntilIdle();
    expect(s.get(on.id)).toMatchObject({ state: 'succeeded', result: 'control_state connected' });
    expect(fleet.runtime(i!).relay.controlState).toBe(1);
    await journal.close();
  });

  it('tops up a prepaid meter, visible in its account', async () => {
    const [i] = indices(
      (k) => fleet.identity(k).kind === 'household' && fleet.runtime(k).prepaid !== undefined,
      1,
    );
    const account = fleet.runtime(i!).prepaid!;
    fleet.runtime(i!).settle(); // charge the consumption up to now first
    const before = account.tokenCredit;
    const { journal, service: s } = await service(join(dir, 'topup.ndjson'));
    const c = await s.submit({
      meterId: fleet.identity(i!).id,
      action: { kind: 'top-up', amountMinor: 2_000, currency: 'EUR' },
      requestedBy: 'portal',
    });
    await s.runUntilIdle();
    expect(s.get(c.id).state).toBe('succeeded');
    expect(account.tokenCredit).toBe(before + 2_000);
    expect(s.result(c.id)?.data).toMatchObject({ before, after: before + 2_000 });
    await journal.close();
  });

  it('programs a calendar whose activation changes the rate in the truth', async () => {
    const [i] = indices(
      (k) => fleet.identity(k).kind === 'household' && fleet.runtime(k).prepaid === undefined,
      1,
    );
    const meter = fleet.identity(i!).id;
    const activateAt = Math.ceil((fleet.clock.now() + 2 * HOUR) / 900_000) * 900_000;
    const { journal, service: s } = await service(join(dir, 'calendar.ndjson'));
    const c = await s.submit({
      meterId: meter,
      action: { kind: 'program-calendar', tariffId: 'FLAT-4', activateAt },
      requestedBy: 'tariffs',
    });
    await s.runUntilIdle();
    expect(s.get(c.id)).toMatchObject({ state: 'succeeded' });
    fleet.clock.set(activateAt + 3 * HOUR);
    const after = fleet.truth(meter, activateAt, activateAt + 3 * HOUR);
    expect(after.length).toBe(12);
    expect(after.every((t) => t.rate === 4)).toBe(true);
    expect(fleet.truth(meter, activateAt - 900_000, activateAt)[0]?.rate).not.toBe(4);
    await journal.close();
  });

  it('runs a command once per idempotency key across a restart on the same journal file', async () => {
    const [i] = indices((k) => fleet.identity(k).kind === 'industrial', 1);
    const meter = fleet.identity(i!).id;
    const file = join(dir, 'idempotency.ndjson');
    const first = await service(file);
    const a = await first.service.submit({
      meterId: meter,
      action: { kind: 'set-limiter', thresholdW: 50_000 },
      requestedBy: 'ops',
      idempotencyKey: 'lim-1',
    });
    await first.service.runUntilIdle();
    expect(fleet.runtime(i!).limiter?.thresholdNormalW).toBe(50_000);
    await first.journal.close();
    fleet.runtime(i!).limiter?.setThresholdNormal(70_000, fleet.clock.now());
    const count = sessions.length;
    const second = await service(file);
    const b = await second.service.submit({
      meterId: meter,
      action: { kind: 'set-limiter', thresholdW: 50_000 },
      requestedBy: 'ops',
      idempotencyKey: 'lim-1',
    });
    await second.service.runUntilIdle();
    expect(b).toMatchObject({ id: a.id, state: 'succeeded' });
    expect(sessions.length).toBe(count);
    expect(fleet.runtime(i!).limiter?.thresholdNormalW).toBe(70_000);
    await second.journal.close();
  });

  it('rolls firmware out stage by stage, halts when the failure rate passes the threshold, and shows the new version', async () => {
    const picked = indices(electricity, 10).slice(0);
    const good = picked.slice(0, 5);
    const failing = fleet.identity(good[2]!).id;
    fleet.injectScenario({
      id: 'fw-fail',
      type: 'firmware-failure',
      module: 'communication',
      target: { meters: [failing] },
      start: fleet.clock.now(),
    });
    const campaigns = await FirmwareCampaigns.open(join(dir, 'campaigns.ndjson'), {
      pool: new FakePool(2),
      sessionFor,
      clock,
    });
    campaigns.start();
    const image = buildFirmwareImage({
      module: 'communication',
      version: '2.1.0',
      body: new Uint8Array(1500).fill(7),
    });
    const ids = good.map((i) => fleet.identity(i).id);
    const a = await campaigns.create({
      imageId: 'comm-2.1.0',
      image,
      module: 'communication',
      meterIds: ids,
      blockSize: 512,
      stages: [{ share: 0.2 }, { share: 0.4 }, { share: 0.4 }],
      maxFailureRate: 0.25,
      expectedVersion: '2.1.0',
    });
    const doneA = await campaigns.settled(a.id);
    expect(doneA.state).toBe('halted');
    expect(doneA.meters[ids[0]!]).toEqual({ state: 'activated', version: '2.1.0' });
    expect(fleet.runtime(good[0]!).imageTransfer.version('communication')).toBe('2.1.0');
    expect(doneA.meters[failing]).toMatchObject({ state: 'failed', step: 'activate' });
    expect(fleet.runtime(good[2]!).imageTransfer.version('communication')).toBe('1.0.0');
    expect([doneA.meters[ids[3]!], doneA.meters[ids[4]!]]).toEqual([
      { state: 'pending' },
      { state: 'pending' },
    ]);
    expect(fleet.runtime(good[3]!).imageTransfer.version('communication')).toBe('1.0.0');

    // A corrupt image fails verification on the first meter and halts the rollout there.
    const bad = buildFirmwareImage({
      module: 'communication',
      version: '2.2.0',
      body: new Uint8Array(900).fill(3),
    });
    bad[bad.length - 40]! ^= 0xff;
    const others = picked.slice(5).map((i) => fleet.identity(i).id);
    const b = await campaigns.create({
      imageId: 'comm-2.2.0',
      image: bad,
      module: 'communication',
      meterIds: others,
      stages: [{ share: 0.2 }, { share: 0.8 }],
      maxFailureRate: 0.5,
    });
    const doneB = await campaigns.settled(b.id);
    expect(doneB.state).toBe('halted');
    expect(doneB.meters[others[0]!]).toMatchObject({ state: 'failed', step: 'verify' });
    expect(others.slice(1).map((m) => doneB.meters[m]?.state)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    for (const i of picked.slice(5))
      expect(fleet.runtime(i).imageTransfer.version('communication')).toBe('1.0.0');
    await campaigns.close();

    // A restarted head-end sees the same campaign states from the journal.
    const reopened = await FirmwareCampaigns.open(join(dir, 'campaigns.ndjson'), {
      pool: new FakePool(2),
      sessionFor,
      clock,
    });
    expect(reopened.get(a.id).meters).toEqual(doneA.meters);
    expect(reopened.get(b.id).state).toBe('halted');
    await reopened.close();
  });
});
