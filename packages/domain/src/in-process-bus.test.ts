import { describe, expect, it } from 'vitest';
import { meterId } from './identity.js';
import { InProcessBus } from './in-process-bus.js';
import { BusError, type BusMessage, Subjects, subjectMatches } from './ports/bus.js';

const event = (code: number): BusMessage => ({
  type: 'meter-event',
  event: { meterId: meterId('GM1'), occurredAt: 0, code, log: 'standard', source: 'log' },
});

describe('subject matching', () => {
  it.each([
    ['a.b.c', 'a.b.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.*', 'a.b.c', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
  ])('%s matches %s: %s', (p, s, expected) => {
    expect(subjectMatches(p, s)).toBe(expected);
  });
});

describe('InProcessBus', () => {
  it('delivers to matching subscribers in publish order', async () => {
    const bus = new InProcessBus();
    const got: number[] = [];
    bus.subscribe(Subjects.allEvents, (m) => {
      if (m.type === 'meter-event') got.push(m.event.code);
    });
    bus.subscribe(Subjects.allReadings, () => {
      throw new Error('must not receive events');
    });
    for (let i = 1; i <= 3; i++) await bus.publish(Subjects.meterEvent('GM1'), event(i));
    expect(got).toEqual([1, 2, 3]);
  });

  it('waits for async handlers before publish resolves (backpressure)', async () => {
    const bus = new InProcessBus();
    let done = false;
    bus.subscribe('x.>', async () => {
      await new Promise((r) => setTimeout(r, 5));
      done = true;
    });
    await bus.publish('x.y', event(1));
    expect(done).toBe(true);
  });

  it('splits a queue group round robin and still feeds plain subscribers everything', async () => {
    const bus = new InProcessBus();
    const a: number[] = [];
    const b: number[] = [];
    const all: number[] = [];
    const code = (m: BusMessage) => (m.type === 'meter-event' ? m.event.code : -1);
    bus.subscribe('e.>', (m) => void a.push(code(m)), { queue: 'mdm' });
    bus.subscribe('e.>', (m) => void b.push(code(m)), { queue: 'mdm' });
    bus.subscribe('e.>', (m) => void all.push(code(m)));
    for (let i = 0; i < 4; i++) await bus.publish('e.1', event(i));
    expect(a).toEqual([0, 2]);
    expect(b).toEqual([1, 3]);
    expect(all).toEqual([0, 1, 2, 3]);
  });

  it('reports a failing handler to the error sink, not to the publisher, and keeps delivering', async () => {
    const errors: string[] = [];
    const bus = new InProcessBus({
      onHandlerError: (e, subject) => errors.push(`${subject}: ${(e as Error).message}`),
    });
    const got: number[] = [];
    bus.subscribe('e.*', () => {
      throw new Error('boom');
    });
    bus.subscribe('e.*', (m) => void got.push(m.type === 'meter-event' ? m.event.code : 0));
    await bus.publish('e.1', event(7));
    expect(errors).toEqual(['e.1: boom']);
    expect(got).toEqual([7]);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = new InProcessBus();
    let n = 0;
    const sub = bus.subscribe('e.*', () => void n++);
    await bus.publish('e.1', event(1));
    sub.unsubscribe();
    await bus.publish('e.1', event(2));
    expect(n).toBe(1);
  });

  it('rejects invalid subjects and publishes after close', async () => {
    const bus = new InProcessBus();
    await expect(bus.publish('a.*', event(1))).rejects.toThrow(BusError);
    await expect(bus.publish('a..b', event(1))).rejects.toThrow(BusError);
    expect(() => bus.subscribe('a.>.b', () => {})).toThrow(BusError);
    await bus.close();
    await expect(bus.publish('a.b', event(1))).rejects.toThrow(/closed/);
  });
});
