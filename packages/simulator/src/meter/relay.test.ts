import { ControlState } from '@gridmeter/dlms';
import { describe, expect, it } from 'vitest';
import type { MeterEvent } from './event-codes.js';
import { Relay } from './relay.js';

const { disconnected: D, connected: C, ready_for_reconnection: R } = ControlState;

function relay(controlMode: 0 | 1 | 2 | 3 | 4 | 5 | 6) {
  const events: MeterEvent[] = [];
  return { relay: new Relay({ controlMode, onEvent: (e) => events.push(e) }), events };
}

describe('Relay', () => {
  it('mode 1: remote disconnect, remote reconnect to ready, manual reconnect; events 62, 59, 61', () => {
    const { relay: r, events } = relay(1);
    expect(r.remoteDisconnect(10)).toBe(true);
    expect(r.controlState).toBe(D);
    expect(r.remoteReconnect(20)).toBe(true);
    expect(r.controlState).toBe(R);
    expect(r.outputState).toBe(false);
    expect(r.pressButton(30)).toBe(true);
    expect(r.controlState).toBe(C);
    expect(events.map((e) => [e.at, e.code, e.log])).toEqual([
      [10, 62, 'disconnect'],
      [20, 59, 'disconnect'],
      [30, 61, 'disconnect'],
    ]);
  });

  it('mode 2: remote reconnect connects directly (transition a, event 63)', () => {
    const { relay: r, events } = relay(2);
    r.remoteDisconnect(1);
    expect(r.remoteReconnect(2)).toBe(true);
    expect(r.controlState).toBe(C);
    expect(events.map((e) => e.code)).toEqual([62, 63]);
  });

  it('mode 0 refuses every transition', () => {
    const { relay: r, events } = relay(0);
    expect(r.remoteDisconnect(1)).toBe(false);
    expect(r.localDisconnect(2)).toBe(false);
    expect(r.pressButton(3)).toBe(false);
    expect(r.controlState).toBe(C);
    expect(events).toEqual([]);
  });

  it('mode 3 has no manual disconnect; local disconnect (g) gives event 64', () => {
    const { relay: r, events } = relay(3);
    expect(r.pressButton(1)).toBe(false);
    expect(r.localDisconnect(2, 'limiter')).toBe(true);
    expect(r.controlState).toBe(R);
    expect(r.localReconnect(3)).toBe(false); // h only in modes 5 and 6
    expect(events.map((e) => e.code)).toEqual([64]);
  });

  it('mode 5: manual disconnect (f, event 60) and local reconnect (h, no event)', () => {
    const { relay: r, events } = relay(5);
    expect(r.pressButton(1)).toBe(true);
    expect(r.controlState).toBe(R);
    expect(r.localReconnect(2)).toBe(true);
    expect(r.controlState).toBe(C);
    expect(events.map((e) => e.code)).toEqual([60]);
  });

  it('answers the supply at past instants from its history', () => {
    const { relay: r } = relay(2);
    r.remoteDisconnect(100);
    r.remoteReconnect(200);
    expect([50, 100, 150, 199, 200, 1000].map((t) => r.connectedAt(t))).toEqual([
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(() => r.remoteDisconnect(150)).toThrow(RangeError);
  });
});
