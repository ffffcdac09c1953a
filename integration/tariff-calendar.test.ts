/**
 * One TOU calendar definition drives the bill and the meter: programmed into a simulated meter
 * through the head-end's command service over TCP, the rate the meter registers in every interval
 * after activation equals the definition's own rate at that interval's start.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, systemClock, type TouCalendarDefinition, touRateAt } from '@gridmeter/domain';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandJournal, CommandService, type SessionFor } from '../packages/headend/src/commands/index.js';
import { touCalendarFor } from '../packages/headend/src/commands/tariff-calendar.js';
import { FakePool } from '../packages/headend/src/commands/test-support/fake-pool.js';
import type { MeterProfile } from '../packages/headend/src/registry/types.js';
import { openManagementSession } from './support/management-session.js';

/** Sunday 8 November 2026, 10:07:30 local (UTC+1). */
const NOW = Date.UTC(2026, 10, 8, 9, 7, 30);
const HOUR = 3_600_000;
const INTERVAL = 900_000;
const SPEC = {
  seed: 23,
  meters: 40,
  historyStart: Date.UTC(2026, 10, 1),
  utcOffsetMinutes: 60,
  hemisphere: 'northern',
} as const;

const PROFILE: MeterProfile = {
  id: 'gridmeter-sim',
  clock: { classId: 8, obis: '0.0.1.0.0.255', attributeId: 2 },
  registers: [],
  instantaneous: [],
  eventLogs: [],
};

const workdays = (type: string) => ({
  monday: type,
  tuesday: type,
  wednesday: type,
  thursday: type,
  friday: type,
});

/** Two seasons, workdays with four rates, weekends with a rate 4 daytime, a one-off special day at rate 5. */
const DEFINITION: TouCalendarDefinition = {
  name: 'IT-TOU-2026',
  utcOffsetMinutes: 60,
  seasons: [
    { name: 'SUMMER', start: { month: 4, day: 1 }, week: 'SUMMER' },
    { name: 'WINTER', start: { month: 10, day: 1 }, week: 'WINTER' },
  ],
  weeks: [
    { name: 'SUMMER', days: { ...workdays('SUMMER-WD'), saturday: 'WEEKEND', sunday: 'WEEKEND' } },
    { name: 'WINTER', days: { ...workdays('WINTER-WD'), saturday: 'WEEKEND', sunday: 'WEEKEND' } },
  ],
  days: [
    {
      name: 'SUMMER-WD',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: 420, rate: 2 },
        { startMinute: 1020, rate: 3 },
        { startMinute: 1380, rate: 1 },
      ],
    },
    {
      name: 'WINTER-WD',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: 390, rate: 2 },
        { startMinute: 990, rate: 3 },
        { startMinute: 1200, rate: 2 },
        { startMinute: 1380, rate: 1 },
      ],
    },
    {
      name: 'WEEKEND',
      switches: [
        { startMinute: 0, rate: 1 },
        { startMinute: 480, rate: 4 },
        { startMinute: 1320, rate: 1 },
      ],
    },
    { name: 'HOLIDAY', switches: [{ startMinute: 0, rate: 5 }] },
  ],
  specialDays: [
    { date: { year: 2026, month: 11, day: 10 }, dayType: 'HOLIDAY' },
    { date: { month: 12, day: 25 }, dayType: 'HOLIDAY' },
  ],
};

let fleet: Fleet;
let port: number;
let dir: string;
let clock: Clock;

/** A management session (HLS-GMAC, authenticated encryption) with the meter's own keys. */
const sessionFor: SessionFor = async (meterId) => {
  return openManagementSession(fleet, port, meterId, PROFILE);
};

beforeAll(async () => {
  const sim = new SimClock(NOW, { frozen: true });
  fleet = new Fleet({ spec: SPEC, clock: sim });
  port = (await fleet.listen({ host: '0.0.0.0', port: 0 })).port;
  clock = { now: () => sim.now(), setTimeout: systemClock.setTimeout, sleep: systemClock.sleep };
  dir = await mkdtemp(join(tmpdir(), 'gm-tariff-calendar-it-'));
});

afterAll(async () => {
  await fleet.close();
});

describe('a TOU calendar definition programmed into a simulated meter', () => {
  it('makes the meter register every interval after activation at the rate the definition gives', async () => {
    let index = -1;
    for (let k = 0; k < fleet.spec.meters && index < 0; k++) {
      if (fleet.identity(k).kind === 'household' && fleet.runtime(k).prepaid === undefined) index = k;
    }
    expect(index).toBeGreaterThanOrEqual(0);
    const meter = fleet.identity(index).id;
    const journal = await CommandJournal.open(join(dir, 'calendar.ndjson'), { clock });
    const service = new CommandService({
      journal,
      pool: new FakePool(1),
      sessionFor,
      clock,
      calendarFor: touCalendarFor(new Map([['IT-TOU-2026', DEFINITION]])),
    });
    // Sunday 12:15 local; the window runs to Wednesday 12:15 through Monday and the Tuesday holiday.
    const activateAt = Math.ceil((NOW + 2 * HOUR) / INTERVAL) * INTERVAL;
    const end = activateAt + 72 * HOUR;
    const command = await service.submit({
      meterId: meter,
      action: { kind: 'program-calendar', tariffId: 'IT-TOU-2026', activateAt },
      requestedBy: 'tariffs',
      idempotencyKey: 'it-tou-1',
    });
    await service.runUntilIdle();
    expect(service.get(command.id)).toMatchObject({ state: 'succeeded' });
    expect(service.result(command.id)?.data).toMatchObject({ specialDays: 2, activatedNow: false });

    fleet.clock.set(end);
    const truth = fleet.truth(meter, activateAt, end);
    expect(truth.length).toBe(288);
    const mismatches = truth.filter((t) => t.rate !== touRateAt(DEFINITION, t.start));
    expect(mismatches).toEqual([]);
    // The window exercises every day type: weekend rate 4, workday peak 3, holiday rate 5.
    expect(new Set(truth.map((t) => t.rate))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(truth.find((t) => t.start === Date.UTC(2026, 10, 10, 16))?.rate).toBe(5);
    expect(truth.find((t) => t.start === Date.UTC(2026, 10, 9, 16))?.rate).toBe(3);
    await journal.close();
  });
});
