import { describe, expect, it } from 'vitest';
import { EmergencyCreditUnavailableError, PrepaymentAccount } from './account.js';
import { weekdayFriendlyHours } from './friendly-hours.js';
import type { PrepaymentConfig, SupplyCommandRequest } from './types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Friday 13 November 2026 (UTC; the friendly hours below use UTC+0). */
const FRI = Date.UTC(2026, 10, 13);
const SAT = FRI + 24 * HOUR;
const MON = FRI + 72 * HOUR;

class FakeCommandPort {
  readonly submitted: SupplyCommandRequest[] = [];
  async submit(request: SupplyCommandRequest): Promise<void> {
    this.submitted.push(request);
  }
}

/** 25 minor units per kWh: 4 000 Wh costs 100. */
function account(overrides: Partial<PrepaymentConfig> = {}) {
  const commands = new FakeCommandPort();
  const a = new PrepaymentAccount({
    accountId: 'A1',
    meterId: 'GM00000042',
    price: { perKwhMinor: 25 },
    lowCreditThresholdMinor: 300,
    emergencyCreditMinor: 500,
    friendlyHours: weekdayFriendlyHours(0),
    commands,
    openingBalanceMinor: 1_000,
    ...overrides,
  });
  return { a, commands };
}

/** `n` 15-minute intervals of `energyWh` from `start`. */
const intervals = (start: number, n: number, energyWh = 4_000) =>
  Array.from({ length: n }, (_, i) => ({ start: start + i * 15 * MIN, energyWh }));

const types = (a: PrepaymentAccount) => a.events.map((e) => e.type);

describe('PrepaymentAccount charges', () => {
  it('charges each interval at the flat price', async () => {
    const { a } = account();
    await a.applyIntervals(intervals(FRI, 2), FRI + HOUR);
    expect(a.balanceMinor).toBe(800);
  });

  it('charges at the price of the interval start from priceFor', async () => {
    // 10 before noon, 40 from noon: 2 000 Wh at 11:45 costs 20, at 12:00 costs 80.
    const { a } = account({ price: { priceFor: (t) => (t < FRI + 12 * HOUR ? 10 : 40) } });
    await a.applyIntervals(intervals(FRI + 11.75 * HOUR, 2, 2_000), FRI + 13 * HOUR);
    expect(a.balanceMinor).toBe(1_000 - 20 - 80);
  });

  it('does not charge a redelivered interval twice and charges only the difference of a correction', async () => {
    const { a } = account();
    await a.applyIntervals(intervals(FRI, 2), FRI + HOUR);
    await a.applyIntervals(intervals(FRI, 2), FRI + 2 * HOUR);
    expect(a.balanceMinor).toBe(800);
    await a.applyIntervals([{ start: FRI, energyWh: 2_000 }], FRI + 3 * HOUR);
    expect(a.balanceMinor).toBe(850);
    expect(a.events.at(-1)).toMatchObject({ type: 'charge-corrected', intervalStart: FRI, deltaMinor: -50 });
    expect(types(a).filter((t) => t === 'charged')).toHaveLength(2);
  });
});

describe('PrepaymentAccount.changes', () => {
  it('lists the new and corrected intervals without charging them', async () => {
    const { a } = account();
    await a.applyIntervals(intervals(FRI, 2), FRI + HOUR);
    // 00:00 unchanged, 00:15 from 4 000 to 4 010 Wh (charge 100 → 100: rounds the same), 00:30 new.
    const offered = [
      { start: FRI, energyWh: 4_000 },
      { start: FRI + 15 * MIN, energyWh: 4_010 },
      { start: FRI + 30 * MIN, energyWh: 0 },
      { start: FRI + 15 * MIN, energyWh: 6_000 },
    ];
    expect(a.changes(offered)).toEqual([offered[2], offered[3]]);
    expect(a.balanceMinor).toBe(800);
  });
});

describe('PrepaymentAccount.commandFailed', () => {
  it('makes a failed disconnection due again at the first friendly instant 30 minutes later', async () => {
    const { a, commands } = account({ openingBalanceMinor: 200 });
    await a.applyIntervals(intervals(MON + 15 * HOUR, 2), MON + 15.75 * HOUR); // 0 at 15:45: submitted
    expect(await a.commandFailed('A1:disconnect:1', 'failed: meter unreachable', MON + 15.75 * HOUR)).toBe(
      true,
    );
    // 16:15 is after the window: Tuesday 09:00.
    expect([a.supply, a.nextActionAt]).toEqual(['disconnect-pending', MON + 33 * HOUR]);
    await a.tick(MON + 33 * HOUR);
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual(['A1:disconnect:1', 'A1:disconnect:1.1']);
    expect(a.supply).toBe('disconnected');
  });

  it('tries a failed reconnection again 30 minutes later and only logs an older command failing', async () => {
    const { a, commands } = account({ openingBalanceMinor: 200 });
    await a.applyIntervals(intervals(MON + 9 * HOUR, 2), MON + 9.5 * HOUR); // disconnect:1
    await a.topUp('R1', 1_000, MON + 10 * HOUR); // reconnect:1
    expect(await a.commandFailed('A1:disconnect:1', 'expired', MON + 10 * HOUR)).toBe(false);
    expect(await a.commandFailed('A1:reconnect:1', 'failed', MON + 10 * HOUR)).toBe(true);
    expect([a.supply, a.nextActionAt]).toEqual(['disconnected', MON + 10.5 * HOUR]);
    await a.tick(MON + 10.25 * HOUR);
    await a.tick(MON + 10.5 * HOUR);
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual([
      'A1:disconnect:1',
      'A1:reconnect:1',
      'A1:reconnect:1.1',
    ]);
    expect(a.supply).toBe('connected');
    expect(a.events.filter((e) => e.type === 'command-failed')).toHaveLength(2);
  });
});

describe('PrepaymentAccount state', () => {
  it('goes on from its state as the account it was taken from', async () => {
    const { a, commands } = account({ openingBalanceMinor: 200 });
    await a.applyIntervals(intervals(FRI + 21.5 * HOUR, 2), FRI + 22 * HOUR); // 0, due Monday 09:00
    const state = JSON.parse(JSON.stringify(a.state(3))) as ReturnType<PrepaymentAccount['state']>;
    expect(state).toMatchObject({
      balanceMinor: 0,
      supply: 'disconnect-pending',
      disconnectAt: MON + 9 * HOUR,
    });
    expect(state.events.map((e) => e.type)).toEqual(['low-credit', 'charged', 'disconnect-due']);
    const b = new PrepaymentAccount(
      {
        accountId: 'A1',
        meterId: 'GM00000042',
        price: { perKwhMinor: 25 },
        lowCreditThresholdMinor: 300,
        emergencyCreditMinor: 500,
        friendlyHours: weekdayFriendlyHours(0),
        commands,
      },
      state,
    );
    for (const x of [a, b]) {
      await x.applyIntervals(intervals(FRI + 21.5 * HOUR, 2), SAT); // redelivery: nothing
      await x.tick(MON + 9 * HOUR);
      await x.topUp('R1', 1_000, MON + 10 * HOUR);
    }
    expect(b.balanceMinor).toBe(a.balanceMinor);
    expect(b.events.slice(3)).toEqual(a.events.slice(-b.events.length + 3));
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual([
      'A1:disconnect:1',
      'A1:reconnect:1',
      'A1:disconnect:1',
      'A1:reconnect:1',
    ]);
  });
});

describe('PrepaymentAccount charge horizon', () => {
  it('forgets charges older than the horizon before the newest and no longer charges intervals that old', async () => {
    const { a } = account({ chargeHorizonMs: 24 * HOUR });
    await a.applyIntervals(intervals(FRI, 4), FRI + HOUR); // 600
    await a.applyIntervals(intervals(FRI + 25 * HOUR, 1), SAT + 2 * HOUR); // 500; FRI 00:00–00:45 now too old
    expect(a.state().charges.map(([start]) => start)).toEqual([FRI + 25 * HOUR]);
    // A redelivery or a correction of the forgotten intervals changes nothing.
    expect(a.changes(intervals(FRI, 4, 1_000))).toEqual([]);
    await a.applyIntervals(intervals(FRI, 4, 1_000), SAT + 3 * HOUR);
    // Within the horizon (Friday 01:15, 23 h 45 before the newest) still charged.
    await a.applyIntervals(intervals(FRI + 1.25 * HOUR, 1), SAT + 3 * HOUR);
    expect(a.balanceMinor).toBe(400);
  });
});

describe('PrepaymentAccount low credit', () => {
  it('alerts once per crossing of the threshold', async () => {
    const { a } = account();
    await a.applyIntervals(intervals(FRI, 8), FRI + 2 * HOUR); // 1 000 → 200, crossing at 300
    expect(a.events.filter((e) => e.type === 'low-credit')).toEqual([
      { type: 'low-credit', at: FRI + 2 * HOUR, balanceMinor: 300, thresholdMinor: 300 },
    ]);
    await a.applyIntervals(intervals(FRI + 2 * HOUR, 1), FRI + 3 * HOUR); // 100
    expect(types(a).filter((t) => t === 'low-credit')).toHaveLength(1);
    await a.topUp('T1', 1_000, FRI + 4 * HOUR); // 1 100
    await a.applyIntervals(intervals(FRI + 3 * HOUR, 8), FRI + 5 * HOUR); // 300
    expect(types(a).filter((t) => t === 'low-credit')).toHaveLength(2);
  });
});

describe('PrepaymentAccount disconnection', () => {
  it('disconnects at zero credit on Friday 22:00 only at Monday 09:00', async () => {
    const { a, commands } = account({ openingBalanceMinor: 200 });
    await a.applyIntervals(intervals(FRI + 21.5 * HOUR, 2), FRI + 22 * HOUR);
    expect(a.balanceMinor).toBe(0);
    expect(a.supply).toBe('disconnect-pending');
    expect(a.disconnectDueAt).toBe(MON + 9 * HOUR);
    await a.tick(SAT + 12 * HOUR);
    await a.tick(MON + 9 * HOUR - MIN);
    expect(commands.submitted).toEqual([]);
    await a.tick(MON + 9 * HOUR);
    expect(commands.submitted).toEqual([
      {
        meterId: 'GM00000042',
        action: { kind: 'disconnect' },
        idempotencyKey: 'A1:disconnect:1',
        requestedBy: 'prepayment',
      },
    ]);
    expect(a.supply).toBe('disconnected');
    await a.tick(MON + 10 * HOUR);
    expect(commands.submitted).toHaveLength(1);
  });

  it('keeps the supply on while emergency credit lasts, then disconnects in friendly hours at once', async () => {
    const { a, commands } = account({ openingBalanceMinor: 200 });
    await a.applyIntervals(intervals(FRI + 21.5 * HOUR, 2), FRI + 22 * HOUR); // 0, due Monday 09:00
    await a.useEmergencyCredit(FRI + 23 * HOUR); // 500
    expect(a.balanceMinor).toBe(500);
    expect(a.supply).toBe('connected');
    await a.tick(MON + 9 * HOUR);
    expect(commands.submitted).toEqual([]);
    await a.applyIntervals(intervals(MON + 9 * HOUR, 5), MON + 10.25 * HOUR); // 500 − 5 × 100 = 0
    expect(commands.submitted.map((c) => [c.action.kind, c.idempotencyKey])).toEqual([
      ['disconnect', 'A1:disconnect:2'],
    ]);
    expect(a.events.at(-1)).toMatchObject({ type: 'disconnect-submitted', at: MON + 10.25 * HOUR });
  });

  it('reconnects on a top-up that leaves a positive balance after repaying emergency credit', async () => {
    const { a, commands } = account({ openingBalanceMinor: 200 });
    await a.applyIntervals(intervals(MON + 9 * HOUR, 2), MON + 9.5 * HOUR); // 0 → disconnect now
    await a.useEmergencyCredit(MON + 10 * HOUR); // 500, reconnect
    await a.applyIntervals(intervals(MON + 10 * HOUR, 5), MON + 11.25 * HOUR); // 0 → disconnect
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual([
      'A1:disconnect:1',
      'A1:reconnect:1',
      'A1:disconnect:2',
    ]);
    // 300 repays 300 of the 500 owed: balance stays 0, supply stays off.
    await a.topUp('R1', 300, MON + 12 * HOUR);
    expect([a.balanceMinor, a.emergencyCreditOwedMinor, a.supply]).toEqual([0, 200, 'disconnected']);
    // 2 000 repays the remaining 200: 0 + 2 000 − 200 = 1 800.
    expect(await a.topUp('R2', 2_000, MON + 13 * HOUR)).toBe(true);
    expect([a.balanceMinor, a.emergencyCreditOwedMinor, a.supply]).toEqual([1_800, 0, 'connected']);
    expect(commands.submitted.at(-1)).toMatchObject({
      action: { kind: 'reconnect' },
      idempotencyKey: 'A1:reconnect:2',
    });
  });

  it('ignores a top-up whose reference was seen before', async () => {
    const { a } = account();
    expect(await a.topUp('R1', 500, FRI)).toBe(true);
    expect(await a.topUp('R1', 500, FRI + MIN)).toBe(false);
    expect(a.balanceMinor).toBe(1_500);
    expect(a.events.at(-1)).toMatchObject({ type: 'top-up-duplicate', reference: 'R1', balanceMinor: 1_500 });
  });

  it('refuses emergency credit while credit is not low or earlier credit is unpaid', async () => {
    const { a } = account();
    expect(a.emergencyCreditAvailable).toBe(false);
    await expect(a.useEmergencyCredit(FRI)).rejects.toThrow(EmergencyCreditUnavailableError);
    await a.applyIntervals(intervals(FRI, 8), FRI + 2 * HOUR); // 200
    expect(a.emergencyCreditAvailable).toBe(true);
    await a.useEmergencyCredit(FRI + 2 * HOUR); // 700
    expect(a.emergencyCreditAvailable).toBe(false);
    await a.applyIntervals(intervals(FRI + 2 * HOUR, 5), FRI + 4 * HOUR); // 200
    await expect(a.useEmergencyCredit(FRI + 4 * HOUR)).rejects.toThrow(/earlier credit unpaid/);
  });
});
