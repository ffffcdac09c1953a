import { encodeApdu } from '@gridmeter/dlms';
import { TestClock } from '@gridmeter/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PushProcessor } from './push-processor.js';
import {
  dataNotification,
  dateTimeBytes,
  generalGlo,
  gridmeterNotification,
  testMeter,
  testRegistry,
} from './test-pushes.js';
import type { PushSender } from './types.js';

const RECEIVED = Date.UTC(2026, 10, 8, 12);
/** 2026-11-08 10:07:30 local at UTC+1 (deviation −60) = 09:07:30 UTC. */
const AT = dateTimeBytes(2026, 11, 8, 10, 7, 30, -60);
const AT_MS = Date.UTC(2026, 10, 8, 9, 7, 30);

const secured = testMeter(1);
const open = testMeter(2, { security: 'none' });
const retired = testMeter(3, { state: 'decommissioned' });
const keyless = testMeter(4);
const registry = testRegistry([secured, open, retired]);

const from = (meter: { record: { endpoint: { host: string } } }): PushSender => ({
  transport: 'udp',
  address: meter.record.endpoint.host,
  port: 40_000,
});
const processor = () => new PushProcessor({ registry, clock: new TestClock(RECEIVED) });
const lastGasp = (meter = secured, ic = 1) =>
  generalGlo(gridmeterNotification(meter.record.id, 1, 234, AT), meter, ic);

describe('PushProcessor', () => {
  it('accepts a general-glo-ciphered last gasp as a power-failure event of the meter at the meter’s time', () => {
    const result = processor().process(lastGasp(), from(secured));
    expect(result).toEqual({
      ok: true,
      meterId: 'GM00000002',
      events: [
        {
          meterId: 'GM00000002',
          occurredAt: AT_MS,
          code: 234,
          log: 'power-failure',
          details: { format: 'gridmeter', reason: 'last-gasp', timeSource: 'body' },
          source: 'push',
        },
      ],
    });
  });

  it('identifies a ciphered sender by system title, whatever address it comes from', () => {
    const result = processor().process(lastGasp(), { transport: 'tcp', address: '10.9.9.9', port: 1 });
    expect(result.ok && result.meterId).toBe(secured.record.id);
  });

  it('maps power restored and tamper alarms to their logs', () => {
    const p = processor();
    const restored = p.process(
      generalGlo(gridmeterNotification('GM00000002', 2, 235, AT), secured, 1),
      from(secured),
    );
    const cover = p.process(
      generalGlo(gridmeterNotification('GM00000002', 3, 44, AT), secured, 2),
      from(secured),
    );
    const scheduled = p.process(
      generalGlo(gridmeterNotification('GM00000002', 4, 0, AT), secured, 3),
      from(secured),
    );
    expect([restored, cover, scheduled].map((r) => r.ok && [r.events[0]?.code, r.events[0]?.log])).toEqual([
      [235, 'power-failure'],
      [44, 'fraud'],
      [0, 'standard'],
    ]);
  });

  it('rejects a replayed push and an older invocation counter, and accepts the next one', () => {
    const p = processor();
    expect(p.process(lastGasp(secured, 5), from(secured)).ok).toBe(true);
    expect(p.process(lastGasp(secured, 5), from(secured))).toMatchObject({ ok: false, reason: 'replay' });
    expect(p.process(lastGasp(secured, 4), from(secured))).toMatchObject({ ok: false, reason: 'replay' });
    expect(p.process(lastGasp(secured, 6), from(secured)).ok).toBe(true);
  });

  it('keeps one replay window per meter', () => {
    const other = testMeter(5);
    const p = new PushProcessor({ registry: testRegistry([secured, other]) });
    expect(p.process(lastGasp(secured, 9), from(secured)).ok).toBe(true);
    expect(p.process(lastGasp(other, 1), from(other)).ok).toBe(true);
  });

  it('rejects a push under a wrong key, and a forged one does not move the replay window', () => {
    const p = processor();
    const forged = generalGlo(gridmeterNotification('GM00000002', 1, 234, AT), secured, 100, {
      encryptionKey: new Uint8Array(16).fill(0xee),
    });
    expect(p.process(forged, from(secured))).toMatchObject({
      ok: false,
      reason: 'authentication-failed',
      meterId: 'GM00000002',
      systemTitle: '474d540000000001',
    });
    expect(p.process(lastGasp(secured, 2), from(secured)).ok).toBe(true);
  });

  it('rejects an unknown system title', () => {
    const stranger = testMeter(9);
    expect(processor().process(lastGasp(stranger), from(stranger))).toMatchObject({
      ok: false,
      reason: 'unknown-sender',
      systemTitle: '474d540000000009',
    });
  });

  it('accepts a plain push from a meter without security at its address', () => {
    const plain = gridmeterNotification(open.record.id, 1, 234, AT);
    const result = processor().process(plain, from(open));
    expect(result.ok && result.events[0]).toMatchObject({
      meterId: 'GM00000003',
      code: 234,
      occurredAt: AT_MS,
    });
  });

  it('rejects a plain push from a secured meter and from an unknown address', () => {
    const plain = gridmeterNotification(secured.record.id, 1, 234, AT);
    expect(processor().process(plain, from(secured))).toMatchObject({ ok: false, reason: 'unauthenticated' });
    expect(processor().process(plain, { transport: 'udp', address: '127.9.9.9', port: 1 })).toMatchObject({
      ok: false,
      reason: 'unknown-sender',
    });
  });

  it('rejects an encrypted push without authentication from a secured meter, accepts it from an open one', () => {
    const enc = (m: typeof secured) =>
      generalGlo(gridmeterNotification(m.record.id, 1, 234, AT), m, 1, { policy: 'encrypted' });
    expect(processor().process(enc(secured), from(secured))).toMatchObject({
      ok: false,
      reason: 'unauthenticated',
    });
    expect(processor().process(enc(open), from(open)).ok).toBe(true);
  });

  it('rejects an authenticated push whose body names another meter', () => {
    const lie = generalGlo(gridmeterNotification('GM00000003', 1, 234, AT), secured, 1);
    expect(processor().process(lie, from(secured))).toMatchObject({ ok: false, reason: 'sender-mismatch' });
  });

  it('rejects dedicated-key and broadcast-key pushes as unsupported security', () => {
    const body = gridmeterNotification(secured.record.id, 1, 234, AT);
    const ded = generalGlo(body, secured, 1, { kind: 'general-ded' });
    const broadcast = generalGlo(body, secured, 1, { broadcastKey: true });
    expect(processor().process(ded, from(secured))).toMatchObject({ reason: 'unsupported-security' });
    expect(processor().process(broadcast, from(secured))).toMatchObject({ reason: 'unsupported-security' });
    expect(processor().process(Uint8Array.of(0xdd, 0), from(secured))).toMatchObject({
      reason: 'unsupported-security',
    });
  });

  it('rejects pushes of decommissioned meters and of meters without keys', () => {
    expect(processor().process(lastGasp(retired), from(retired))).toMatchObject({
      reason: 'meter-decommissioned',
    });
    const noKeys = new PushProcessor({
      registry: {
        ...testRegistry([keyless]),
        credentials: () => ({ serverSystemTitle: keyless.credentials.serverSystemTitle }),
      },
    });
    expect(noKeys.process(lastGasp(keyless), from(keyless))).toMatchObject({ reason: 'missing-key' });
  });

  it('deciphers a glo-event-notification-request from the meter at the source address', () => {
    const plain = encodeApdu({
      type: 'event-notification-request',
      time: AT,
      attribute: { classId: 1, instanceId: Uint8Array.of(0, 0, 96, 11, 1, 255), attributeId: 2 },
      value: { type: 'long-unsigned', value: 42 },
    });
    const result = processor().process(generalGlo(plain, secured, 1, { kind: 'glo' }), from(secured));
    expect(result.ok && result.events[0]).toMatchObject({
      meterId: 'GM00000002',
      code: 42,
      log: 'fraud',
      occurredAt: AT_MS,
      details: { format: 'event-notification', obis: '0.0.96.11.1.255', classId: 1, attributeId: 2 },
    });
  });

  it('rejects an APDU that is not a notification, plain or ciphered', () => {
    const get = encodeApdu({
      type: 'get-request-normal',
      invokeIdAndPriority: 0xc1,
      attribute: { classId: 8, instanceId: Uint8Array.of(0, 0, 1, 0, 0, 255), attributeId: 2 },
    });
    expect(processor().process(get, from(open))).toMatchObject({ reason: 'not-a-notification' });
    expect(processor().process(generalGlo(get, secured, 1), from(secured))).toMatchObject({
      reason: 'not-a-notification',
    });
    expect(processor().process(generalGlo(get, secured, 1, { kind: 'glo' }), from(secured))).toMatchObject({
      reason: 'not-a-notification',
    });
  });

  it('records a generic body as a push event with its first code and the data', () => {
    const body = dataNotification(
      {
        type: 'structure',
        items: [
          { type: 'visible-string', value: 'x' },
          { type: 'enum', value: 7 },
        ],
      },
      AT,
    );
    const result = processor().process(generalGlo(body, secured, 1), from(secured));
    expect(result.ok && result.events[0]).toMatchObject({ code: 7, log: 'standard', occurredAt: AT_MS });
  });

  it('never throws and never accepts random bytes', () => {
    const p = processor();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = p.process(bytes, from(open));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on random bytes behind a ciphered or notification tag', () => {
    const p = processor();
    fc.assert(
      fc.property(
        fc.constantFrom(0xdb, 0xdc, 0xca, 0x0f, 0xc2),
        fc.uint8Array({ maxLength: 200 }),
        (tag, rest) => {
          const bytes = Uint8Array.of(tag, ...rest);
          const result = p.process(bytes, from(secured));
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('accepts no push with any single byte changed', () => {
    const good = lastGasp(secured, 1);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const bad = good.slice();
        bad[at]! ^= xor;
        expect(processor().process(bad, from(secured)).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
