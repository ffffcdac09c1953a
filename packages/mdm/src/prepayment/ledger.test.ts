import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InProcessBus,
  type IntervalBlock,
  meterId,
  QualityFlag,
  Subjects,
  TestClock,
} from '@gridmeter/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { weekdayFriendlyHours } from './friendly-hours.js';
import { PrepaymentJournalError } from './journal.js';
import {
  type PrepaidAccountDefinition,
  PrepaymentAccountNotFoundError,
  PrepaymentLedger,
  PrepaymentLedgerClosedError,
  type PrepaymentLedgerOptions,
  type PrepaymentNotice,
} from './ledger.js';
import type { SupplyCommandRequest } from './types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Friday 13 November 2026, 00:00 UTC (the friendly hours below are UTC). */
const FRI = Date.UTC(2026, 10, 13);
const SAT = FRI + 24 * HOUR;
const MON = FRI + 72 * HOUR;
const IMPORT = '1-0:1.8.0*255';

/** Accepts commands like the head-end's CommandService: returns a command with an id. */
class FakeCommands {
  readonly submitted: SupplyCommandRequest[] = [];
  failing = false;
  async submit(request: SupplyCommandRequest): Promise<{ id: string }> {
    if (this.failing) throw new Error('head-end unavailable');
    this.submitted.push(request);
    return { id: `cmd-${this.submitted.length}` };
  }
}

const warnings: string[] = [];
const log = { warn: (message: string) => void warnings.push(message) };

/** 25 minor units per kWh: 4 000 Wh cost 100, 1 000 Wh cost 25. */
const A1: PrepaidAccountDefinition = {
  accountId: 'A1',
  servicePointId: 'SP1',
  meterId: 'GM00000042',
  currency: 'EUR',
  price: { perKwhMinor: 25 },
  lowCreditThresholdMinor: 300,
  emergencyCreditMinor: 500,
  friendlyHours: weekdayFriendlyHours(0),
  openingBalanceMinor: 1_000,
};

/** A block of 15-minute Wh values of `meter` from `start`. */
function block(
  start: number,
  values: readonly (number | null)[],
  options: { meter?: string; channel?: string; quality?: number } = {},
): IntervalBlock {
  return {
    meterId: meterId(options.meter ?? A1.meterId),
    channel: options.channel ?? IMPORT,
    unit: 30,
    start,
    intervalSeconds: 900,
    source: 'meter',
    values: values.map((value) => ({ value, quality: options.quality ?? 0 })),
  };
}

let dir: string;
let clock: TestClock;
let commands: FakeCommands;
const open: PrepaymentLedger[] = [];

async function ledger(options: Partial<PrepaymentLedgerOptions> = {}) {
  const l = await PrepaymentLedger.open({ accounts: [A1], commands, clock, log, ...options });
  open.push(l);
  return l;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gm-prepay-ledger-'));
  clock = new TestClock(FRI + 10 * HOUR);
  commands = new FakeCommands();
  warnings.length = 0;
});

afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
  await rm(dir, { recursive: true, force: true });
});

describe('PrepaymentLedger charges', () => {
  it('charges the active import of a prepaid meter at the price, interval by interval', async () => {
    const l = await ledger();
    // 4 000, 2 000, 0, 1 000 Wh at 25/kWh: 100 + 50 + 0 + 25 = 175.
    await l.applyBlock(block(FRI, [4_000, 2_000, 0, 1_000]));
    expect(l.account('A1')?.balanceMinor).toBe(825);
    expect(l.account('A1')?.events.map((e) => e.detail)).toEqual([
      'interval 2026-11-13T00:00:00.000Z charged 100',
      'interval 2026-11-13T00:15:00.000Z charged 50',
      'interval 2026-11-13T00:30:00.000Z charged 0',
      'interval 2026-11-13T00:45:00.000Z charged 25',
    ]);
  });

  it('ignores other channels, other meters, missing and invalid values and intervals before openedAt', async () => {
    const l = await ledger({ accounts: [{ ...A1, openedAt: FRI + 30 * MIN }] });
    await l.applyBlock(block(FRI, [4_000], { channel: '1-0:2.8.0*255' }));
    await l.applyBlock(block(FRI, [4_000], { meter: 'GM00000043' }));
    await l.applyBlock(block(FRI + HOUR, [4_000], { quality: QualityFlag.deviceInvalid }));
    await l.applyBlock(block(FRI + 2 * HOUR, [4_000], { quality: QualityFlag.missing }));
    // Before openedAt (00:00, 00:15), no value (00:30), then 00:45 charged 25.
    await l.applyBlock(block(FRI, [4_000, 4_000, null, 1_000]));
    expect(l.account('A1')).toMatchObject({ balanceMinor: 975, events: [{ type: 'charged' }] });
  });

  it('charges an interval once however often it arrives, and a correction by its difference', async () => {
    const l = await ledger();
    const notices: PrepaymentNotice[] = [];
    l.on((n) => notices.push(n));
    await l.applyBlock(block(FRI, [4_000, 4_000]));
    await l.applyBlock(block(FRI, [4_000, 4_000]));
    await l.applyBlock(block(FRI + 15 * MIN, [4_000]));
    expect(l.account('A1')?.balanceMinor).toBe(800);
    // 00:15 corrected from 4 000 to 2 000 Wh: 50 back.
    await l.applyBlock(block(FRI, [4_000, 2_000]));
    expect(l.account('A1')?.balanceMinor).toBe(850);
    expect(notices.map((n) => n.event.type)).toEqual(['charged', 'charged', 'charge-corrected']);
    expect(notices[2]).toMatchObject({
      accountId: 'A1',
      meterId: 'GM00000042',
      servicePointId: 'SP1',
      event: { type: 'charge-corrected', intervalStart: FRI + 15 * MIN, deltaMinor: -50, balanceMinor: 850 },
    });
  });

  it('charges blocks published on the bus', async () => {
    const bus = new InProcessBus();
    const l = await ledger({ bus });
    l.start();
    await bus.publish(Subjects.intervalBlock(A1.meterId), {
      type: 'interval-block',
      block: block(FRI, [4_000, 4_000]),
    });
    expect(l.account('A1')?.balanceMinor).toBe(800);
    await l.close();
    await bus.publish(Subjects.intervalBlock(A1.meterId), {
      type: 'interval-block',
      block: block(FRI + HOUR, [4_000]),
    });
    expect(l.account('A1')?.balanceMinor).toBe(800);
  });
});

describe('PrepaymentLedger supply', () => {
  it('defers a disconnection due on Friday night to Monday 09:00 and submits it on the tick then', async () => {
    clock = new TestClock(FRI + 22 * HOUR);
    const l = await ledger();
    const notices: string[] = [];
    l.on((n) => notices.push(n.event.type));
    // 10 × 4 000 Wh = 1 000: balance 0 at Friday 22:00.
    await l.applyBlock(block(FRI + 19 * HOUR, Array(10).fill(4_000)));
    expect(l.account('A1')).toMatchObject({ balanceMinor: 0, lowCredit: true, supply: 'disconnect-pending' });
    expect(l.account('A1')?.events.at(-1)?.detail).toBe('disconnection due at 2026-11-16T09:00:00.000Z');
    await l.tick(SAT + 12 * HOUR);
    await l.tick(MON + 9 * HOUR - MIN);
    expect(commands.submitted).toEqual([]);
    clock.setTime(MON + 9 * HOUR);
    await l.tick();
    expect(commands.submitted).toEqual([
      {
        meterId: 'GM00000042',
        action: { kind: 'disconnect' },
        idempotencyKey: 'A1:disconnect:1',
        requestedBy: 'prepayment',
      },
    ]);
    expect(l.account('A1')?.supply).toBe('disconnected');
    // 1 000 − 7 × 100 = 300 reaches the threshold.
    expect(notices).toEqual([
      ...Array(7).fill('charged'),
      'low-credit',
      ...Array(3).fill('charged'),
      'disconnect-due',
      'disconnect-submitted',
    ]);
  });

  it('disconnects at once inside friendly hours and reconnects on a top-up', async () => {
    const l = await ledger();
    await l.applyBlock(block(FRI + 7 * HOUR, Array(10).fill(4_000)));
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual(['A1:disconnect:1']);
    const summary = await l.topUp('A1', 2_000, 'V-1', 'portal');
    expect(summary).toMatchObject({ balanceMinor: 2_000, lowCredit: false, supply: 'connected' });
    expect(summary.events.slice(-2).map((e) => e.detail)).toEqual([
      'top-up V-1 of 2000 by portal',
      'command A1:reconnect:1',
    ]);
    expect(commands.submitted.map((c) => c.action.kind)).toEqual(['disconnect', 'reconnect']);
    // The same reference again credits nothing.
    expect((await l.topUp('A1', 2_000, 'V-1', 'portal')).balanceMinor).toBe(2_000);
  });

  it('summarises emergency credit: available, then in use with what is owed', async () => {
    const l = await ledger();
    await l.applyBlock(block(FRI, Array(8).fill(4_000))); // 200
    expect(l.account('A1')).toMatchObject({ emergencyCreditMinor: 500, emergencyCreditInUse: false });
    const s = await l.useEmergencyCredit('A1', 'customer');
    expect(s).toMatchObject({ balanceMinor: 700, emergencyCreditMinor: 500, emergencyCreditInUse: true });
    await expect(l.useEmergencyCredit('A1', 'customer')).rejects.toThrow(/earlier credit unpaid/);
    // 300 repays 300 of the 500: 200 still owed.
    expect(await l.topUp('A1', 300, 'V-2', 'shop')).toMatchObject({
      balanceMinor: 700,
      emergencyCreditMinor: 200,
      emergencyCreditInUse: true,
    });
  });

  it('keeps a command the head-end refused and delivers it on a later tick', async () => {
    const l = await ledger();
    commands.failing = true;
    await l.applyBlock(block(FRI + 7 * HOUR, Array(10).fill(4_000)));
    expect(l.account('A1')?.supply).toBe('disconnected');
    expect(warnings.join()).toMatch(/A1:disconnect:1 not accepted/);
    commands.failing = false;
    await l.tick();
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual(['A1:disconnect:1']);
  });

  it('takes blocks for several accounts at once, each account in arrival order', async () => {
    const B1 = { ...A1, accountId: 'B1', meterId: 'GM00000043', servicePointId: 'SP2' };
    const journalPath = join(dir, 'prepayment.ndjson');
    const l = await ledger({ journalPath, accounts: [A1, B1] });
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      work.push(l.applyBlock(block(FRI + i * HOUR, [1_000])));
      work.push(l.applyBlock(block(FRI + i * HOUR, [2_000], { meter: 'GM00000043' })));
      if (i === 10) work.push(l.topUp('B1', 100, 'B-V1', 'shop'));
    }
    await Promise.all(work);
    // A1: 1 000 − 20 × 25 = 500; B1: 1 000 − 20 × 50 + 100 = 100.
    expect(l.accounts().map((a) => a.balanceMinor)).toEqual([500, 100]);
    const starts = l.account('A1')!.events.map((e) => e.detail!.slice(9, 33));
    expect(starts).toEqual([...starts].sort());
    await l.close();
    const reopened = await ledger({ journalPath, accounts: [A1, B1] });
    expect(reopened.accounts().map((a) => a.balanceMinor)).toEqual([500, 100]);
  });

  it('refuses operations once closed', async () => {
    const l = await ledger();
    await l.close();
    await expect(l.topUp('A1', 100, 'x', 'p')).rejects.toThrow(PrepaymentLedgerClosedError);
    await expect(l.applyBlock(block(FRI, [1_000]))).rejects.toThrow(PrepaymentLedgerClosedError);
  });

  it('takes a disconnection the head-end reports failed back to pending and retries it, also after a restart', async () => {
    const bus = new InProcessBus();
    const journalPath = join(dir, 'prepayment.ndjson');
    const l = await ledger({ bus, journalPath });
    l.start();
    await l.applyBlock(block(FRI + 7 * HOUR, Array(10).fill(4_000))); // disconnect:1 = cmd-1 at 10:00
    const result = (commandId: string, state: 'failed' | 'succeeded') =>
      bus.publish(Subjects.commandResult(A1.meterId), {
        type: 'command-result',
        commandId,
        meterId: meterId(A1.meterId),
        state,
        detail: 'meter unreachable',
        at: clock.now(),
      });
    await result('cmd-9', 'failed'); // not ours
    expect(l.account('A1')?.supply).toBe('disconnected');
    await result('cmd-1', 'failed');
    expect(l.account('A1')).toMatchObject({ supply: 'disconnect-pending' });
    expect(l.account('A1')?.events.at(-2)?.detail).toBe(
      'command A1:disconnect:1 failed (failed: meter unreachable)',
    );
    await l.close();

    const reopened = await ledger({ bus, journalPath });
    reopened.start();
    clock.setTime(FRI + 10.5 * HOUR);
    await reopened.tick();
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual(['A1:disconnect:1', 'A1:disconnect:1.1']);
    await result('cmd-2', 'succeeded');
    expect(reopened.account('A1')?.supply).toBe('disconnected');
  });

  it('leaves charges out of summaries with summaryCharges false, so top-ups and alerts stay in view', async () => {
    const l = await ledger({ recentEvents: 2, summaryCharges: false });
    await l.topUp('A1', 100, 'V-1', 'portal');
    await l.applyBlock(block(FRI, Array(30).fill(400))); // 30 × 10 = 300 → 800
    expect(l.account('A1')?.events.map((e) => e.type)).toEqual(['topped-up']);
    await l.applyBlock(block(FRI + 8 * HOUR, Array(20).fill(4_000))); // 800 − 2 000 = −1 200
    expect(l.account('A1')?.events.map((e) => e.type)).toEqual(['disconnect-due', 'disconnect-submitted']);
  });

  it('rejects unknown accounts and bad amounts', async () => {
    const l = await ledger();
    await expect(l.topUp('A9', 100, 'x', 'p')).rejects.toThrow(PrepaymentAccountNotFoundError);
    await expect(l.useEmergencyCredit('A9', 'p')).rejects.toThrow(PrepaymentAccountNotFoundError);
    await expect(l.topUp('A1', 0, 'x', 'p')).rejects.toThrow(RangeError);
    await expect(l.topUp('A1', 1.5, 'x', 'p')).rejects.toThrow(RangeError);
    expect(l.accounts().map((a) => a.accountId)).toEqual(['A1']);
    expect(l.account('A9')).toBeUndefined();
  });
});

describe('PrepaymentLedger journal', () => {
  it('replays to the same accounts after a restart and charges a redelivered interval nothing', async () => {
    const journalPath = join(dir, 'prepayment.ndjson');
    const first = await ledger({ journalPath });
    await first.applyBlock(block(FRI + 7 * HOUR, Array(10).fill(4_000))); // 0 → disconnected
    await first.topUp('A1', 500, 'V-1', 'portal'); // 500 → reconnected
    await first.applyBlock(block(FRI + 10 * HOUR, [4_000, 2_000])); // 350
    await first.applyBlock(block(FRI + 10 * HOUR, [4_000, 1_000])); // corrected: 375
    const before = first.account('A1');
    await first.close();

    const second = await ledger({ journalPath });
    expect(second.account('A1')).toEqual(before);
    expect(before).toMatchObject({ balanceMinor: 375, supply: 'connected' });
    await second.applyBlock(block(FRI + 7 * HOUR, Array(12).fill(4_000))); // 10 known, 2 new: 175
    await second.topUp('A1', 500, 'V-1', 'portal'); // duplicate
    expect(second.account('A1')?.balanceMinor).toBe(175);
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual(['A1:disconnect:1', 'A1:reconnect:1']);
  });

  it('charges at the journaled price after a restart, whatever the definition says now', async () => {
    const journalPath = join(dir, 'prepayment.ndjson');
    const first = await ledger({ journalPath });
    await first.applyBlock(block(FRI, [4_000])); // 100 at 25/kWh
    await first.close();
    const second = await ledger({ journalPath, accounts: [{ ...A1, price: { perKwhMinor: 50 } }] });
    expect(second.account('A1')?.balanceMinor).toBe(900);
    await second.applyBlock(block(FRI + 15 * MIN, [4_000])); // 200 at the new price
    expect(second.account('A1')?.balanceMinor).toBe(700);
  });

  it('drops a torn last line with a warning and delivers a command the crash kept from the head-end', async () => {
    const journalPath = join(dir, 'prepayment.ndjson');
    const first = await ledger({ journalPath });
    await first.applyBlock(block(FRI + 7 * HOUR, Array(10).fill(4_000)));
    await first.close();
    // Remove the `sent` record (the crash came before the head-end took the command) and add a torn line.
    const lines = (await readFile(journalPath, 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ t: 'sent', a: 'A1', key: 'A1:disconnect:1', id: 'cmd-1' });
    await rm(journalPath);
    await appendFile(journalPath, `${lines.slice(0, -1).join('\n')}\n{"t":"top-up","a":"A1","at":1,"re`);
    commands.submitted.length = 0;

    const second = await ledger({ journalPath });
    expect(warnings.join()).toMatch(/dropped a torn last line of 33 bytes/);
    expect(second.account('A1')).toMatchObject({ balanceMinor: 0, supply: 'disconnected' });
    expect(commands.submitted).toEqual([]);
    second.start();
    await second.flush();
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual(['A1:disconnect:1']);
    expect((await readFile(journalPath, 'utf8')).endsWith('"key":"A1:disconnect:1","id":"cmd-1"}\n')).toBe(
      true,
    );
  });

  it('compacts the journal into one snapshot per account that replays to the same ledger', async () => {
    const journalPath = join(dir, 'prepayment.ndjson');
    const first = await ledger({ journalPath });
    await first.applyBlock(block(FRI + 7 * HOUR, Array(10).fill(4_000))); // 0 → disconnected
    await first.topUp('A1', 500, 'V-1', 'portal'); // reconnected
    commands.failing = true;
    await first.applyBlock(block(FRI + 10 * HOUR, Array(6).fill(4_000))); // −100 → disconnect, refused
    await first.compact();
    expect((await readFile(journalPath, 'utf8')).trimEnd().split('\n')).toHaveLength(1);
    await first.topUp('A1', 1_000, 'V-2', 'shop'); // 900: reconnect, refused too
    const before = first.account('A1');
    await first.close();

    commands.failing = false;
    commands.submitted.length = 0;
    const second = await ledger({ journalPath });
    expect(second.account('A1')).toEqual(before);
    expect(before).toMatchObject({ balanceMinor: 900, supply: 'connected' });
    expect(before?.events.find((e) => e.type === 'topped-up')?.detail).toBe('top-up V-1 of 500 by portal');
    await second.applyBlock(block(FRI + 7 * HOUR, Array(10).fill(4_000))); // charged before the snapshot
    await second.topUp('A1', 500, 'V-1', 'portal');
    expect(second.account('A1')?.balanceMinor).toBe(900);
    second.start();
    await second.flush();
    expect(commands.submitted.map((c) => c.idempotencyKey)).toEqual(['A1:disconnect:2', 'A1:reconnect:2']);
  });

  it('compacts by itself every compactEveryRecords records', async () => {
    const journalPath = join(dir, 'prepayment.ndjson');
    const l = await ledger({ journalPath, compactEveryRecords: 5 });
    for (let i = 0; i < 12; i++) await l.applyBlock(block(FRI + i * HOUR, [1_000]));
    await l.flush();
    const lines = (await readFile(journalPath, 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBeLessThan(5);
    await l.close();
    const reopened = await ledger({ journalPath });
    expect(reopened.account('A1')?.balanceMinor).toBe(1_000 - 12 * 25);
  });

  it('refuses a journal with a damaged line or an account that is not configured', async () => {
    const journalPath = join(dir, 'prepayment.ndjson');
    await appendFile(journalPath, '{"t":"tick","a":"A1","at":1}\nnot json\n{"t":"tick","a":"A1","at":2}\n');
    await expect(ledger({ journalPath })).rejects.toThrow(PrepaymentJournalError);
    await rm(journalPath);
    await appendFile(journalPath, '{"t":"tick","a":"B7","at":1}\n');
    await expect(ledger({ journalPath })).rejects.toThrow(/account B7, which is not configured/);
  });
});
