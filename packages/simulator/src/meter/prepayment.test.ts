import { ControlState, CreditStatus } from '@gridmeter/dlms';
import { describe, expect, it } from 'vitest';
import type { MeterEvent } from './event-codes.js';
import { PrepaidAccount } from './prepayment.js';
import { Relay } from './relay.js';

const HOUR = 3_600_000;

function setup(controlMode: 1 | 5, emergencyCreditMinor?: number) {
  const events: MeterEvent[] = [];
  const onEvent = (e: MeterEvent) => events.push(e);
  const relay = new Relay({ controlMode, onEvent });
  let disconnects = 0;
  const account = new PrepaidAccount({
    creditMinor: 1000,
    pricePerKwh: 25,
    lowCreditThreshold: 200,
    ...(emergencyCreditMinor !== undefined ? { emergencyCreditMinor } : {}),
    onEvent,
    requestDisconnect: (at) => {
      disconnects++;
      relay.localDisconnect(at, 'prepayment');
    },
    requestReconnect: (at) => relay.localReconnect(at, 'prepayment'),
  });
  /** Charges 1 kWh per hour while the relay is closed, for `hours`. */
  const run = (from: number, hours: number) => {
    for (let h = 1; h <= hours; h++) {
      const at = from + h * HOUR;
      account.charge(at, relay.connectedAt(at - HOUR) ? 1000 : 0);
    }
  };
  return { events, relay, account, run, disconnects: () => disconnects };
}

describe('PrepaidAccount', () => {
  it('runs down to zero: low credit once, exhausted once, relay asked to open once', () => {
    const s = setup(1);
    s.run(0, 60); // 40 h of 25 cents use the 1000 cents up
    expect(s.account.tokenCredit).toBe(0);
    expect(s.account.debt).toBe(0);
    expect(s.disconnects()).toBe(1);
    expect(s.relay.controlState).toBe(ControlState.ready_for_reconnection);
    expect(s.relay.connectedAt(40 * HOUR - 1)).toBe(true);
    expect(s.relay.connectedAt(40 * HOUR)).toBe(false);
    expect(s.events.map((e) => [e.at / HOUR, e.code])).toEqual([
      [33, 231], // 1000 − 33 × 25 = 175 < 200
      [40, 230],
      [40, 64],
    ]);
  });

  it('carries fractions of a cent over between charges', () => {
    const s = setup(1);
    for (let i = 1; i <= 1000; i++) s.account.charge(i, 1); // 1000 × 1 Wh at 25 c/kWh = 25 c
    expect(s.account.tokenCredit).toBe(975);
  });

  it('top-up in mode 5 reconnects automatically; in mode 1 the customer presses the button', () => {
    const auto = setup(5);
    auto.run(0, 45);
    auto.account.topUp(46 * HOUR, 500);
    expect(auto.relay.controlState).toBe(ControlState.connected);
    expect(auto.account.exhausted).toBe(false);

    const manual = setup(1);
    manual.run(0, 45);
    manual.account.topUp(46 * HOUR, 500);
    expect(manual.relay.controlState).toBe(ControlState.ready_for_reconnection);
    manual.relay.pressButton(47 * HOUR);
    expect(manual.relay.controlState).toBe(ControlState.connected);
  });

  it('offers emergency credit once: selectable when low, used after exhaustion, repaid by the top-up', () => {
    const s = setup(5, 300);
    s.run(0, 33);
    expect(s.account.emergencyCreditStatus).toBe(CreditStatus.selectable);
    s.run(33 * HOUR, 10); // exhausted at 40 h
    expect(s.disconnects()).toBe(1);
    expect(s.account.invokeEmergencyCredit(44 * HOUR)).toBe(true);
    expect(s.relay.controlState).toBe(ControlState.connected);
    s.run(44 * HOUR, 20); // 300 cents of emergency credit last 12 h
    expect(s.account.emergencyCreditStatus).toBe(CreditStatus.exhausted);
    expect(s.account.emergencyCreditRemaining).toBe(0);
    expect(s.disconnects()).toBe(2);
    expect(s.account.invokeEmergencyCredit(65 * HOUR)).toBe(false);
    s.account.topUp(66 * HOUR, 1000); // 300 repay the emergency credit, 700 to the token credit
    expect(s.account.tokenCredit).toBe(700);
    expect(s.account.emergencyCreditRemaining).toBe(300);
    expect(s.account.emergencyCreditStatus).toBe(CreditStatus.enabled);
    expect(s.relay.controlState).toBe(ControlState.connected);
    expect(s.events.filter((e) => e.code === 230).map((e) => e.at / HOUR)).toEqual([40, 56]);
  });

  it('refuses charges out of time order', () => {
    const s = setup(1);
    s.account.charge(10, 1);
    expect(() => s.account.charge(5, 1)).toThrow(RangeError);
  });
});
