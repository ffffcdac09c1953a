/**
 * Prepayment end to end, over real TCP: a prepaid simulated meter is read by the head-end every
 * simulated hour; the Collector publishes its load profile on an InProcessBus; the MDM's
 * PrepaymentLedger charges each interval; when the credit runs out inside friendly hours the
 * ledger submits a disconnect through the head-end's CommandService and the meter's relay opens;
 * a top-up reconnects it; a run-out in the evening waits for the next morning's friendly window,
 * and a disconnection that fails at the meter (unreachable) is retried once it answers again.
 * The relay is checked in the simulator's state and as the head-end reads Disconnect control's
 * control_state over DLMS; balances against the simulator's ground truth (a second fleet with
 * the same seed tells what the meter will register before it does).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, InProcessBus, Subjects, systemClock } from '@gridmeter/domain';
import { CommandService, HeadEnd } from '@gridmeter/headend';
import {
  type PrepaidAccountDefinition,
  PrepaymentLedger,
  type PrepaymentNotice,
  weekdayFriendlyHours,
} from '@gridmeter/mdm';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrepaymentSummary } from '../packages/api/src/ports.js';
import { CommandJournal } from '../packages/headend/src/commands/index.js';
import { registryForFleet } from './support/fleet-registry.js';

const HOUR = 3_600_000;
/** Wednesday 18 November 2026, 00:00 UTC; the fleet's local time is UTC. */
const WED = Date.UTC(2026, 10, 18);
const THU = WED + 24 * HOUR;
const SPEC = { seed: 7, meters: 60, historyStart: WED - 2 * 24 * HOUR, utcOffsetMinutes: 0 } as const;
/** Minor units (cents) per kWh. */
const PRICE = 25;
/** Control state of Disconnect control (IEC 62056-6-2 §4.5.8). */
const DISCONNECTED = 0;
const CONNECTED = 1;
const READY_FOR_RECONNECTION = 2;
/** The head-end's channel for control_state (Disconnect control 0-0:96.3.10, attribute 3). */
const CONTROL_STATE_CHANNEL = '0-0:96.3.10*255';

/** What an interval costs, by hand: round(Wh × cents per kWh / 1000). */
const chargeOf = (wh: number) => Math.round((wh * PRICE) / 1000);

let fleet: Fleet;
/** The same fleet (same seed, same setup) on its own clock: the ground truth ahead of time. */
let oracle: Fleet;
let port: number;
let index: number;
let meter: string;
let dir: string;
let clock: Clock;

/** A prepaid household; its own token credit is made ample so that only the central ledger decides the supply. */
function setUpMeter(f: Fleet, i: number): void {
  const runtime = f.runtime(i);
  runtime.settle();
  runtime.prepaid!.topUp(f.clock.now(), 10_000_000);
}

/** The charges of the oracle's registered energy in [from, to). */
function oracleCharges(from: number, to: number): number {
  return oracle.truth(meter, from, to).reduce((sum, t) => sum + chargeOf(t.registeredWh), 0);
}

beforeAll(async () => {
  fleet = new Fleet({ spec: SPEC, clock: new SimClock(WED, { frozen: true }) });
  oracle = new Fleet({ spec: SPEC, clock: new SimClock(WED, { frozen: true }) });
  port = (await fleet.listen({ host: '0.0.0.0', port: 0 })).port;
  const found = Array.from({ length: SPEC.meters }, (_, i) => i).find(
    (i) => fleet.identity(i).kind === 'household' && fleet.runtime(i).prepaid !== undefined,
  );
  if (found === undefined) throw new Error('no prepaid household in the fleet');
  index = found;
  meter = fleet.identity(index).id;
  setUpMeter(fleet, index);
  setUpMeter(oracle, index);
  oracle.clock.set(THU + 12 * HOUR);
  clock = { now: () => fleet.clock.now(), setTimeout: systemClock.setTimeout, sleep: systemClock.sleep };
  dir = await mkdtemp(join(tmpdir(), 'gm-prepayment-it-'));
});

afterAll(async () => {
  await fleet?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('prepayment end to end: simulator → head-end → bus → ledger → head-end commands → relay', () => {
  it('disconnects at zero credit in friendly hours, reconnects on a top-up, and waits for the morning after an evening run-out', {
    timeout: 120_000,
  }, async () => {
    const relay = fleet.runtime(index).relay;
    expect(relay.controlState).toBe(CONNECTED);
    const { registry, profiles } = await registryForFleet(fleet, port, [index]);
    const bus = new InProcessBus();
    const headEnd = new HeadEnd({
      registry,
      profiles,
      bus,
      clock,
      systemTitle: new TextEncoder().encode('GMHES001'),
      pool: { maxConcurrent: 4, retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 } },
    });
    const journal = await CommandJournal.open(join(dir, 'commands.ndjson'), { clock });
    const commands = new CommandService({
      journal,
      pool: headEnd.pool,
      clock,
      bus,
      // As the composition root wires it: the head-end's own opener, association and invocation counters.
      sessionFor: async (id) => {
        const record = registry.require(id);
        return headEnd.opener.open(record, registry.credentials(id), profiles.require(record.profileId));
      },
    });

    // Credit for Wednesday 00:00–10:00 exactly: it runs out with the 09:45 interval, in friendly hours.
    const opening = oracleCharges(WED, WED + 10 * HOUR);
    expect(opening).toBeGreaterThan(100);
    const account: PrepaidAccountDefinition = {
      accountId: 'PA-1',
      servicePointId: 'SP-1',
      meterId: meter,
      currency: 'EUR',
      price: { perKwhMinor: PRICE },
      lowCreditThresholdMinor: 50,
      emergencyCreditMinor: 0,
      friendlyHours: weekdayFriendlyHours(0),
      openingBalanceMinor: opening,
      openedAt: WED,
    };
    const journalPath = join(dir, 'prepayment.ndjson');
    const ledger = await PrepaymentLedger.open({ accounts: [account], commands, bus, clock, journalPath });
    ledger.start();
    const notices: PrepaymentNotice[] = [];
    ledger.on((n) => {
      if (n.event.type !== 'charged') notices.push(n);
    });
    // The ledger's summary is the API's PrepaymentSummary (checked by the compiler).
    const summary = (): PrepaymentSummary => ledger.account('PA-1')!;

    /** The head-end's hourly read at `t`, then whatever commands it queued. */
    /**
     * The relay as the head-end reads it over DLMS: Disconnect control control_state, read with
     * the registers and published as a register read.
     */
    const controlStates: number[] = [];
    bus.subscribe(Subjects.registerRead(meter), (m) => {
      if (m.type === 'register-read' && m.read.register === CONTROL_STATE_CHANNEL) {
        controlStates.push(Number(m.read.value));
      }
    });
    const readRelay = async () => {
      const round = await headEnd.collect([meter], ['registers']);
      expect(round.failed).toBe(0);
      return controlStates.at(-1);
    };

    const collectAt = async (t: number) => {
      fleet.clock.set(t);
      const round = await headEnd.collect([meter], ['profile']);
      expect(round.failed).toBe(0);
      await ledger.flush();
      await commands.runUntilIdle();
    };

    for (let h = 1; h <= 9; h++) await collectAt(WED + h * HOUR);
    expect(summary()).toMatchObject({
      supply: 'connected',
      balanceMinor: oracleCharges(WED + 9 * HOUR, WED + 10 * HOUR),
    });
    expect(relay.controlState).toBe(CONNECTED);

    // 10:00: the 09:00–10:00 block brings the balance to 0 → disconnect now, the relay opens.
    await collectAt(WED + 10 * HOUR);
    expect(summary()).toMatchObject({ balanceMinor: 0, lowCredit: true, supply: 'disconnected' });
    const [off] = commands.list({ meterId: meter });
    expect(off).toMatchObject({
      action: { kind: 'disconnect' },
      idempotencyKey: 'PA-1:disconnect:1',
      state: 'succeeded',
    });
    expect(relay.controlState).toBe(DISCONNECTED);
    expect(await readRelay()).toBe(DISCONNECTED);

    // 11:00: nothing registered while the relay was open; the customer tops up for 11:00–20:00.
    await collectAt(WED + 11 * HOUR);
    expect(fleet.truth(meter, WED + 10 * HOUR, WED + 11 * HOUR).map((t) => t.registeredWh)).toEqual([
      0, 0, 0, 0,
    ]);
    expect(summary().balanceMinor).toBe(0);
    const credit = oracleCharges(WED + 11 * HOUR, WED + 20 * HOUR);
    const afterTopUp = await ledger.topUp('PA-1', credit, 'voucher-1', 'portal');
    expect(afterTopUp).toMatchObject({ balanceMinor: credit, supply: 'connected' });
    expect(afterTopUp.events.find((e) => e.type === 'topped-up')?.detail).toBe(
      `top-up voucher-1 of ${credit} by portal`,
    );
    await commands.runUntilIdle();
    // Control mode 5: remote reconnection makes the relay ready; the customer presses the button.
    expect(relay.controlState).toBe(READY_FOR_RECONNECTION);
    expect(await readRelay()).toBe(READY_FOR_RECONNECTION);
    expect(relay.pressButton(fleet.clock.now())).toBe(true);
    expect(relay.controlState).toBe(CONNECTED);
    expect(await readRelay()).toBe(CONNECTED);

    // 20:00: credit runs out in the evening → due at Thursday 09:00, the relay stays closed all night.
    for (let h = 12; h <= 20; h++) await collectAt(WED + h * HOUR);
    expect(summary()).toMatchObject({ balanceMinor: 0, supply: 'disconnect-pending' });
    expect(notices.at(-1)?.event).toMatchObject({ type: 'disconnect-due', submitAt: THU + 9 * HOUR });
    for (let h = 21; h <= 24 + 8; h++) {
      await collectAt(WED + h * HOUR);
      await ledger.tick();
    }
    expect(relay.controlState).toBe(CONNECTED);
    expect(commands.list({ meterId: meter })).toHaveLength(2);
    const night = oracleCharges(WED + 20 * HOUR, THU + 8 * HOUR);
    expect(night).toBeGreaterThan(0);
    expect(summary().balanceMinor).toBe(-night);

    // Thursday 09:00: the friendly window opens and the tick submits the disconnection, but the
    // meter is unreachable until 09:20: the command fails, the ledger hears it on the bus and
    // makes the disconnection due again at 09:30, when the retry opens the relay.
    fleet.injectScenario({
      id: 'prepaid-meter-unreachable',
      type: 'unreachable',
      target: { meters: [meter] },
      start: THU + 9 * HOUR,
      end: THU + 9 * HOUR + 20 * 60_000,
    });
    fleet.clock.set(THU + 9 * HOUR);
    await ledger.tick();
    await commands.runUntilIdle();
    expect(relay.controlState).toBe(CONNECTED);
    expect(summary()).toMatchObject({ supply: 'disconnect-pending' });
    expect(notices.at(-1)?.event).toMatchObject({ type: 'disconnect-due', submitAt: THU + 9.5 * HOUR });
    fleet.clock.set(THU + 9.5 * HOUR);
    await ledger.tick();
    await commands.runUntilIdle();
    expect(relay.controlState).toBe(DISCONNECTED);
    expect(await readRelay()).toBe(DISCONNECTED);
    expect(relay.connectedAt(THU + 3 * HOUR)).toBe(true);
    expect(commands.list({ meterId: meter }).map((c) => [c.idempotencyKey, c.state])).toEqual([
      ['PA-1:disconnect:1', 'succeeded'],
      ['PA-1:reconnect:1', 'succeeded'],
      ['PA-1:disconnect:2', 'failed'],
      ['PA-1:disconnect:2.1', 'succeeded'],
    ]);
    expect(notices.map((n) => n.event.type)).toEqual([
      'low-credit',
      'disconnect-due',
      'disconnect-submitted',
      'topped-up',
      'reconnect-submitted',
      'low-credit',
      'disconnect-due',
      'disconnect-submitted',
      'command-failed',
      'disconnect-due',
      'disconnect-submitted',
    ]);

    // The balance is the opening credit plus the top-up minus what the meter truly registered.
    const registered = fleet
      .truth(meter, WED, THU + 8 * HOUR)
      .reduce((sum, t) => sum + chargeOf(t.registeredWh), 0);
    expect(summary().balanceMinor).toBe(opening + credit - registered);

    // A restarted ledger reads the same account back from its journal.
    const before = summary();
    await ledger.close();
    const reopened = await PrepaymentLedger.open({ accounts: [account], commands, clock, journalPath });
    expect(reopened.account('PA-1')).toEqual(before);
    await reopened.close();
    await journal.close();
    await headEnd.close();
  });
});
