/**
 * What the meters register per TOU register equals the MDM's TOU determinants for the same period
 * and tariff: one calendar definition is programmed into simulated meters through the head-end's
 * command service over TCP, and over a window after activation that crosses a weekend, a special
 * day and a season change, each meter's 1-0:1.8.r register deltas (read over DLMS at both ends)
 * equal computeDeterminants' energy per period from the same meter's interval data, to the Wh.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DlmsData } from '@gridmeter/dlms';
import {
  type Clock,
  meterId,
  systemClock,
  type TouCalendarDefinition,
  tariffId,
  touRateAt,
} from '@gridmeter/domain';
import {
  computeDeterminants,
  type TariffVersion,
  touCalendarOf,
  validateTariffVersion,
} from '@gridmeter/mdm';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandJournal, CommandService, type SessionFor } from '../packages/headend/src/commands/index.js';
import { touCalendarFor } from '../packages/headend/src/commands/tariff-calendar.js';
import { FakePool } from '../packages/headend/src/commands/test-support/fake-pool.js';
import type { MeterProfile } from '../packages/headend/src/registry/types.js';
import { openManagementSession } from './support/management-session.js';

/** Friday 25 September 2026, 10:07:30 local (UTC+1). */
const NOW = Date.UTC(2026, 8, 25, 9, 7, 30);
const HOUR = 3_600_000;
const INTERVAL = 900_000;
const METERS = 5;
const SPEC = {
  seed: 41,
  meters: 40,
  historyStart: Date.UTC(2026, 8, 18),
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

/**
 * Two seasons (winter from 1 October) with off-peak 1 / shoulder 2 / peak 3 on workdays, weekends
 * off-peak with a daytime shoulder, and a one-off special day (Friday 2 October 2026) off-peak.
 */
const DEFINITION: TouCalendarDefinition = {
  name: 'IT-TOU-REG',
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
        { startMinute: 600, rate: 2 },
        { startMinute: 1200, rate: 1 },
      ],
    },
    { name: 'HOLIDAY', switches: [{ startMinute: 0, rate: 1 }] },
  ],
  specialDays: [
    { date: { year: 2026, month: 10, day: 2 }, dayType: 'HOLIDAY' },
    { date: { month: 12, day: 25 }, dayType: 'HOLIDAY' },
  ],
};

const PERIODS = { 1: 'off-peak', 2: 'shoulder', 3: 'peak' } as const;

const TARIFF: TariffVersion = {
  tariffId: tariffId('IT-TOU-REG'),
  version: 1,
  // Local midnight of 1 January 2026 (UTC+1).
  effectiveFrom: Date.UTC(2026, 0, 1) - HOUR,
  commodity: 'electricity',
  currency: '€',
  utcOffsetMinutes: DEFINITION.utcOffsetMinutes,
  tou: touCalendarOf(DEFINITION, PERIODS),
  energy: { kind: 'tou', pricesMicro: { 'off-peak': 100_000, shoulder: 200_000, peak: 300_000 } },
};

let fleet: Fleet;
let port: number;
let dir: string;
let clock: Clock;

/** A management session (HLS-GMAC, authenticated encryption) with the meter's own keys. */
const sessionFor: SessionFor = async (meter) => {
  return openManagementSession(fleet, port, meter, PROFILE);
};

const numberOf = (d: DlmsData): number => {
  if (d.type === 'double-long-unsigned') return d.value;
  if (d.type === 'long64-unsigned') return Number(d.value);
  throw new TypeError(`Not an energy register value: ${d.type}`);
};

/** Active import registers 1-0:1.8.0 … 1-0:1.8.4 at the simulated now, read over DLMS. */
async function readRegisters(meter: string): Promise<number[]> {
  const session = await sessionFor(meter, new AbortController().signal);
  try {
    const out: number[] = [];
    for (let r = 0; r <= 4; r++) {
      out.push(
        numberOf(await session.client.get({ classId: 3, logicalName: `1.0.1.8.${r}.255`, attributeId: 2 })),
      );
    }
    return out;
  } finally {
    await session.close();
  }
}

/** Register delta; double-long-unsigned registers roll over at 2^32. */
const delta = (to: number, from: number) => (((to - from) % 2 ** 32) + 2 ** 32) % 2 ** 32;

beforeAll(async () => {
  const sim = new SimClock(NOW, { frozen: true });
  fleet = new Fleet({ spec: SPEC, clock: sim });
  port = (await fleet.listen({ host: '0.0.0.0', port: 0 })).port;
  clock = { now: () => sim.now(), setTimeout: systemClock.setTimeout, sleep: systemClock.sleep };
  dir = await mkdtemp(join(tmpdir(), 'gm-tou-registers-it-'));
});

afterAll(async () => {
  await fleet?.close();
});

describe("meters' TOU registers against the MDM's TOU determinants", () => {
  it('register per TOU rate exactly the energy the MDM bills per TOU period', async () => {
    const meters: string[] = [];
    for (let k = 0; k < fleet.spec.meters && meters.length < METERS; k++) {
      if (fleet.identity(k).kind === 'household' && fleet.runtime(k).prepaid === undefined) {
        meters.push(fleet.identity(k).id);
      }
    }
    expect(meters).toHaveLength(METERS);
    expect(() => validateTariffVersion(TARIFF)).not.toThrow();

    const journal = await CommandJournal.open(join(dir, 'calendar.ndjson'), { clock });
    const service = new CommandService({
      journal,
      pool: new FakePool(2),
      sessionFor,
      clock,
      calendarFor: touCalendarFor(new Map([[DEFINITION.name, DEFINITION]])),
    });
    // Friday 12:15 local; activation is T.
    const activateAt = Math.ceil((NOW + 2 * HOUR) / INTERVAL) * INTERVAL;
    const ids = [];
    for (const [i, meter] of meters.entries()) {
      const command = await service.submit({
        meterId: meterId(meter),
        action: { kind: 'program-calendar', tariffId: DEFINITION.name, activateAt },
        requestedBy: 'tariffs',
        idempotencyKey: `it-tou-reg-${i}`,
      });
      ids.push(command.id);
    }
    await service.runUntilIdle();
    for (const id of ids) expect(service.get(id)).toMatchObject({ state: 'succeeded' });
    await journal.close();

    // Friday 13:15 local to Tuesday 6 October 12:30 local: Saturday and Sunday (summer weekend),
    // Monday–Wednesday summer workdays, the winter season from Thursday 1 October, the special day
    // Friday 2 October, the winter weekend and Monday–Tuesday winter workdays.
    const start = activateAt + 4 * INTERVAL;
    const end = Date.UTC(2026, 9, 6, 11, 30);
    expect(start % INTERVAL).toBe(0);

    fleet.clock.set(start);
    const before = new Map<string, number[]>();
    for (const meter of meters) before.set(meter, await readRegisters(meter));
    fleet.clock.set(end);
    const after = new Map<string, number[]>();
    for (const meter of meters) after.set(meter, await readRegisters(meter));

    const rates = new Set<number>();
    for (const meter of meters) {
      const truth = fleet.truth(meter, start, end);
      expect(truth).toHaveLength((end - start) / INTERVAL);
      expect(truth.filter((t) => t.rate !== touRateAt(DEFINITION, t.start))).toEqual([]);
      for (const t of truth) rates.add(t.rate);

      const series = {
        meterId: meterId(meter),
        start,
        intervalSeconds: 900,
        importWh: truth.map((t) => t.registeredWh),
      };
      const d = computeDeterminants(TARIFF, [series], start, end);
      expect(d.periods).toEqual(['off-peak', 'shoulder', 'peak']);

      const b = before.get(meter)!;
      const a = after.get(meter)!;
      const registered = [1, 2, 3].map((r) => delta(a[r]!, b[r]!));
      expect({ meter, registered }).toEqual({ meter, registered: d.importWhByPeriod });
      expect({ meter, total: delta(a[0]!, b[0]!) }).toEqual({ meter, total: d.importWh });
      expect({ meter, rate4: delta(a[4]!, b[4]!) }).toEqual({ meter, rate4: 0 });
      expect(d.importWhByPeriod.every((wh) => wh > 0)).toBe(true);
    }
    // The window exercises all three rates, and each meter registered energy in each.
    expect(rates).toEqual(new Set([1, 2, 3]));
  });
});
