import type { DataNotification, EventNotificationRequest } from '@gridmeter/dlms';
import { describe, expect, it } from 'vitest';
import { MAX_DETAILS_DATA_CHARS, parsePushNotification, pushEventLog } from './notification.js';
import { dateTimeBytes } from './test-pushes.js';

const RECEIVED = Date.UTC(2026, 0, 1);
/** 2026-11-08 10:07:30 local at UTC+1 (deviation −60) = 09:07:30 UTC. */
const AT = dateTimeBytes(2026, 11, 8, 10, 7, 30, -60);
const AT_MS = Date.UTC(2026, 10, 8, 9, 7, 30);
/** 2026-11-08 06:00:00 at UTC (deviation 0). */
const HEADER = dateTimeBytes(2026, 11, 8, 6, 0, 0, 0);
const HEADER_MS = Date.UTC(2026, 10, 8, 6);
const NOT_SPECIFIED = new Uint8Array(12).fill(0xff);

const notification = (body: DataNotification['body'], dateTime?: Uint8Array): DataNotification => ({
  type: 'data-notification',
  longInvokeIdAndPriority: 1,
  ...(dateTime ? { dateTime } : {}),
  body,
});
const gridmeter = (id: string, reason: number, code: number, dt: Uint8Array) =>
  notification({
    type: 'structure',
    items: [
      { type: 'octet-string', value: new TextEncoder().encode(id) },
      { type: 'enum', value: reason },
      { type: 'unsigned', value: code },
      { type: 'octet-string', value: dt },
    ],
  });

describe('parsePushNotification', () => {
  it('reads the Gridmeter body: meter id, reason, code and the meter’s date-time', () => {
    expect(parsePushNotification(gridmeter('GM00000042', 1, 234, AT), RECEIVED)).toEqual({
      code: 234,
      occurredAt: AT_MS,
      claimedMeterId: 'GM00000042',
      details: { format: 'gridmeter', reason: 'last-gasp', timeSource: 'body' },
    });
  });

  it('falls back to the notification date-time, then to the receipt time', () => {
    const withHeader = { ...gridmeter('GM1', 2, 235, NOT_SPECIFIED), dateTime: HEADER };
    expect(parsePushNotification(withHeader, RECEIVED)).toMatchObject({
      occurredAt: HEADER_MS,
      details: { timeSource: 'notification', reason: 'power-restored' },
    });
    expect(parsePushNotification(gridmeter('GM1', 2, 235, NOT_SPECIFIED), RECEIVED)).toMatchObject({
      occurredAt: RECEIVED,
      details: { timeSource: 'receipt' },
    });
  });

  it('reads any other body generically: first unsigned or enum, first date-time, data as JSON', () => {
    const parsed = parsePushNotification(
      notification({
        type: 'structure',
        items: [
          { type: 'integer', value: -3 },
          { type: 'array', items: [{ type: 'long-unsigned', value: 82 }] },
          { type: 'octet-string', value: AT },
          { type: 'enum', value: 9 },
        ],
      }),
      RECEIVED,
    );
    expect(parsed.code).toBe(82);
    expect(parsed.occurredAt).toBe(AT_MS);
    expect(parsed.claimedMeterId).toBeUndefined();
    expect(parsed.details).toMatchObject({ format: 'generic', timeSource: 'body' });
    expect(JSON.parse(String(parsed.details.data))).toMatchObject({ type: 'structure' });
  });

  it('gives code 0 and the receipt time when the body has neither', () => {
    const parsed = parsePushNotification(notification({ type: 'visible-string', value: 'hello' }), RECEIVED);
    expect(parsed).toEqual({
      code: 0,
      occurredAt: RECEIVED,
      details: {
        format: 'generic',
        timeSource: 'receipt',
        data: '{"type":"visible-string","value":"hello"}',
      },
    });
  });

  it('does not take a Gridmeter-shaped body with an unknown reason at its word', () => {
    const parsed = parsePushNotification(gridmeter('GM1', 9, 234, AT), RECEIVED);
    expect(parsed.claimedMeterId).toBeUndefined();
    expect(parsed.details.format).toBe('generic');
    expect(parsed.code).toBe(9);
  });

  it('cuts long data in the details', () => {
    const big = notification({
      type: 'array',
      items: Array.from({ length: 500 }, (_, i) => ({ type: 'long-unsigned' as const, value: i })),
    });
    const parsed = parsePushNotification(big, RECEIVED);
    expect(String(parsed.details.data)).toHaveLength(MAX_DETAILS_DATA_CHARS);
    expect(parsed.details.dataTruncated).toBe(true);
  });

  it('reads an EventNotificationRequest: its time, its attribute and the code in its value', () => {
    const request: EventNotificationRequest = {
      type: 'event-notification-request',
      time: HEADER,
      attribute: { classId: 7, instanceId: Uint8Array.of(0, 0, 99, 98, 1, 255), attributeId: 2 },
      value: { type: 'structure', items: [{ type: 'unsigned', value: 44 }] },
    };
    expect(parsePushNotification(request, RECEIVED)).toMatchObject({
      code: 44,
      occurredAt: HEADER_MS,
      details: { format: 'event-notification', classId: 7, obis: '0.0.99.98.1.255', attributeId: 2 },
    });
  });
});

describe('pushEventLog', () => {
  it('files last gasp and power restored under power-failure, tamper alarms under fraud', () => {
    expect([234, 235, 40, 45, 39, 46, 1, 0].map(pushEventLog)).toEqual([
      'power-failure',
      'power-failure',
      'fraud',
      'fraud',
      'standard',
      'standard',
      'standard',
      'standard',
    ]);
  });
});
