import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { type BusMessage, InProcessBus, type MeterEvent, Subjects } from '@gridmeter/domain';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { PushListener, type PushListenerOptions } from './push-listener.js';
import {
  dateTimeBytes,
  generalGlo,
  gridmeterNotification,
  testMeter,
  testRegistry,
  wrap,
} from './test-pushes.js';
import type { PushRejectReason } from './types.js';

/** 2026-11-08 10:07:30 local at UTC+1 (deviation −60) = 09:07:30 UTC. */
const AT = dateTimeBytes(2026, 11, 8, 10, 7, 30, -60);
const AT_MS = Date.UTC(2026, 10, 8, 9, 7, 30);
const secured = testMeter(1);
const open = testMeter(2, { host: '127.0.0.1', security: 'none' });
const registry = testRegistry([secured, open]);
const lastGasp = (ic: number) =>
  wrap(generalGlo(gridmeterNotification(secured.record.id, 1, 234, AT), secured, ic));

let listener: PushListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

async function setUp(options: Partial<PushListenerOptions> = {}) {
  const bus = new InProcessBus();
  const events: MeterEvent[] = [];
  const live: MeterEvent[] = [];
  const rejects: PushRejectReason[] = [];
  bus.subscribe(Subjects.allEvents, (m: BusMessage, subject) => {
    if (m.type === 'meter-event') {
      expect(subject).toBe(Subjects.meterEvent(m.event.meterId));
      events.push(m.event);
    }
  });
  listener = new PushListener({
    registry,
    bus,
    onEvent: (e) => live.push(e),
    onReject: (reason) => rejects.push(reason),
    ...options,
  });
  const bound = await listener.start({ udp: { port: 0 }, tcp: { port: 0 } });
  return { bus, events, live, rejects, bound, listener };
}

async function sendUdp(port: number, ...datagrams: Uint8Array[]): Promise<void> {
  const socket = createSocket('udp4');
  for (const d of datagrams) await new Promise<void>((r) => socket.send(d, port, '127.0.0.1', () => r()));
  socket.close();
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s.setNoDelay(true)));
    s.on('error', reject);
  });
}

const write = (s: Socket, bytes: Uint8Array) => new Promise<void>((r) => s.write(bytes, () => r()));
const closed = (s: Socket) => new Promise<void>((r) => (s.closed ? r() : s.on('close', () => r())));

describe('PushListener', () => {
  it('publishes a last gasp received over UDP as a MeterEvent of the meter', async () => {
    const { bound, events, live, listener } = await setUp();
    await sendUdp(bound.udp!.port, lastGasp(1));
    await until(() => events.length === 1, 'the event');
    expect(events[0]).toMatchObject({
      meterId: secured.record.id,
      code: 234,
      log: 'power-failure',
      occurredAt: AT_MS,
      source: 'push',
    });
    expect(live).toEqual(events);
    expect(listener.stats()).toMatchObject({ received: 1, accepted: 1 });
  });

  it('listens on loopback unless told otherwise', async () => {
    const { bound } = await setUp();
    expect(bound.udp?.host).toBe('127.0.0.1');
    expect(bound.tcp?.host).toBe('127.0.0.1');
  });

  it('rejects a replayed datagram, a wrong key and an unknown sender, counting each reason', async () => {
    const { bound, events, rejects, listener } = await setUp();
    const stranger = testMeter(7);
    const wrongKey = generalGlo(gridmeterNotification(secured.record.id, 1, 234, AT), secured, 9, {
      encryptionKey: new Uint8Array(16),
    });
    await sendUdp(
      bound.udp!.port,
      lastGasp(1),
      lastGasp(1),
      wrap(wrongKey),
      wrap(generalGlo(gridmeterNotification(stranger.record.id, 1, 234, AT), stranger, 1)),
    );
    await until(() => listener.stats().received === 4, 'four datagrams');
    await listener.settled();
    expect(events).toHaveLength(1);
    expect(rejects).toEqual(['replay', 'authentication-failed', 'unknown-sender']);
    const { rejected } = listener.stats();
    expect([rejected.replay, rejected['authentication-failed'], rejected['unknown-sender']]).toEqual([
      1, 1, 1,
    ]);
  });

  it('accepts a plain push from a meter without security at its source address, not from a secured one', async () => {
    const first = await setUp({
      registry: testRegistry([testMeter(2, { host: '127.0.0.1', security: 'none' })]),
    });
    await sendUdp(first.bound.udp!.port, wrap(gridmeterNotification(open.record.id, 2, 235, AT)));
    await until(() => first.events.length === 1, 'the event');
    expect(first.events[0]).toMatchObject({ meterId: open.record.id, code: 235, log: 'power-failure' });
    expect(first.rejects).toEqual([]);
    await first.listener.close();
    const second = await setUp({ registry: testRegistry([testMeter(1, { host: '127.0.0.1' })]) });
    await sendUdp(second.bound.udp!.port, wrap(gridmeterNotification(secured.record.id, 1, 234, AT)));
    await until(() => second.rejects.length === 1, 'the rejection');
    expect(second.rejects).toEqual(['unauthenticated']);
  });

  it('takes a TCP push split at every offset', async () => {
    const { bound, events, listener } = await setUp();
    const length = lastGasp(1).length;
    for (let at = 1; at < length; at++) {
      const frame = lastGasp(at);
      const s = await tcp(bound.tcp!.port);
      await write(s, frame.subarray(0, at));
      await new Promise((r) => setTimeout(r, 1));
      await write(s, frame.subarray(at));
      s.end();
      await closed(s);
    }
    await until(() => events.length === length - 1, 'every push');
    await listener.settled();
    expect(listener.stats()).toMatchObject({ received: length - 1, accepted: length - 1 });
    expect(events.every((e) => e.code === 234 && e.meterId === secured.record.id)).toBe(true);
  });

  it('takes several pushes written at once on one connection', async () => {
    const { bound, events } = await setUp();
    const s = await tcp(bound.tcp!.port);
    await write(s, Buffer.concat([lastGasp(1), lastGasp(2), lastGasp(3)]));
    s.end();
    await until(() => events.length === 3, 'three events');
  });

  it('cuts a TCP connection on garbage, on an oversized frame and when idle, without throwing', async () => {
    const { bound, listener, rejects } = await setUp({ idleTimeoutMs: 50, maxApduBytes: 256 });
    const garbage = await tcp(bound.tcp!.port);
    await write(garbage, Uint8Array.of(0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54));
    await closed(garbage);
    const huge = await tcp(bound.tcp!.port);
    await write(huge, Uint8Array.of(0, 1, 0, 1, 0, 0x66, 0xff, 0xff));
    await closed(huge);
    const idle = await tcp(bound.tcp!.port);
    await closed(idle);
    expect(rejects).toEqual(['malformed-frame', 'frame-too-large']);
    expect(listener.stats().connections).toEqual({ opened: 3, cut: 3 });
  });

  it('rejects a TCP connection that ends inside a frame', async () => {
    const { bound, rejects } = await setUp();
    const s = await tcp(bound.tcp!.port);
    await write(s, lastGasp(1).subarray(0, 20));
    s.end();
    await closed(s);
    await until(() => rejects.length === 1, 'the rejection');
    expect(rejects).toEqual(['malformed-frame']);
  });

  it('rejects oversized and malformed datagrams', async () => {
    const { bound, rejects } = await setUp({ maxApduBytes: 64 });
    await sendUdp(bound.udp!.port, wrap(new Uint8Array(100)), Uint8Array.of(0, 1, 0, 1, 0, 0x66, 0, 5, 1));
    await until(() => rejects.length === 2, 'two rejections');
    expect(rejects).toEqual(['frame-too-large', 'malformed-frame']);
  });

  it('rejects random datagrams without throwing and goes on accepting pushes', async () => {
    const { bound, events, listener } = await setUp();
    const datagrams = fc.sample(
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((apdu) => wrap(apdu)),
        fc.uint8Array({ maxLength: 200 }).map((rest) => wrap(Uint8Array.of(0xdb, 8, ...rest))),
      ),
      { numRuns: 300, seed: 42 },
    );
    await sendUdp(bound.udp!.port, ...datagrams);
    await until(() => listener.stats().received === datagrams.length, 'every datagram');
    const stats = listener.stats();
    const rejected = Object.values(stats.rejected).reduce((a, n) => a + n, 0);
    expect(stats.accepted).toBe(0);
    expect(rejected).toBe(datagrams.length);
    expect(stats.rejected['internal-error']).toBe(0);
    await sendUdp(bound.udp!.port, lastGasp(1));
    await until(() => events.length === 1, 'the valid push');
  });

  it('counts a bus that refuses the event as publish-failed', async () => {
    const { bound, bus, rejects, listener } = await setUp();
    await bus.close();
    await sendUdp(bound.udp!.port, lastGasp(1));
    await until(() => rejects.length === 1, 'the rejection');
    expect(rejects).toEqual(['publish-failed']);
    expect(listener.stats().accepted).toBe(0);
  });

  it('refuses a port that is already taken', async () => {
    const { bound } = await setUp();
    const other = new PushListener({ registry, bus: new InProcessBus() });
    await expect(other.start({ udp: { port: bound.udp!.port } })).rejects.toThrow();
  });
});
