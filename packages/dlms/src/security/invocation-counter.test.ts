import { fromHex } from '@gridmeter/codec';
import { describe, expect, it } from 'vitest';
import { InvocationCounterExhaustedError, InvocationCounterReplayError } from './errors.js';
import { InvocationCounter, InvocationCounterGuard } from './invocation-counter.js';

describe('InvocationCounter (sender)', () => {
  it('hands out consecutive values from the initial one', () => {
    const ic = new InvocationCounter(5);
    expect([ic.next(), ic.next(), ic.next()]).toEqual([5, 6, 7]);
    expect(ic.value).toBe(8);
  });

  it('uses 2^32-1 once, then refuses to wrap', () => {
    const ic = new InvocationCounter(0xffff_fffe);
    expect(ic.next()).toBe(0xffff_fffe);
    expect(ic.next()).toBe(0xffff_ffff);
    expect(ic.remaining).toBe(0);
    expect(() => ic.next()).toThrow(InvocationCounterExhaustedError);
    expect(() => ic.next()).toThrow(InvocationCounterExhaustedError);
  });

  it('rejects an initial value outside 32 bits', () => {
    expect(() => new InvocationCounter(-1)).toThrow(RangeError);
    expect(() => new InvocationCounter(2 ** 32 + 1)).toThrow(RangeError);
  });
});

describe('InvocationCounterGuard (receiver)', () => {
  const meter = fromHex('4d4d4d0000bc614e');
  const other = fromHex('4142434445464748');

  it('accepts increasing counters and rejects equal or lower ones as replays', () => {
    const guard = new InvocationCounterGuard();
    guard.accept(meter, 'global-unicast', 10);
    guard.accept(meter, 'global-unicast', 12);
    let err: unknown;
    try {
      guard.accept(meter, 'global-unicast', 12);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvocationCounterReplayError);
    expect(err).toMatchObject({
      name: 'InvocationCounterReplayError',
      reason: 'replay',
      received: 12,
      lastAccepted: 12,
    });
    expect(() => guard.accept(meter, 'global-unicast', 11)).toThrow(InvocationCounterReplayError);
    expect(guard.lastAccepted(meter, 'global-unicast')).toBe(12);
  });

  it('keeps one window per system title and key', () => {
    const guard = new InvocationCounterGuard();
    guard.accept(meter, 'global-unicast', 100);
    guard.accept(meter, 'dedicated', 1);
    guard.accept(other, 'global-unicast', 1);
    guard.accept(meter, 'global-broadcast', 0);
    expect(guard.lastAccepted(other, 'dedicated')).toBeUndefined();
  });

  it('check does not record; reset forgets a renewed key or a whole sender', () => {
    const guard = new InvocationCounterGuard();
    guard.check(meter, 'dedicated', 3);
    guard.check(meter, 'dedicated', 3);
    guard.accept(meter, 'dedicated', 3);
    guard.accept(meter, 'global-unicast', 9);
    guard.reset(meter, 'dedicated');
    guard.accept(meter, 'dedicated', 0);
    expect(() => guard.accept(meter, 'global-unicast', 9)).toThrow(InvocationCounterReplayError);
    guard.reset(meter);
    guard.accept(meter, 'global-unicast', 0);
  });
});
