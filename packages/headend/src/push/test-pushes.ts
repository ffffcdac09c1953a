/**
 * Builders of meter pushes and a fake registry for the push listener's tests: what a meter sends,
 * made with packages/dlms the way a meter makes it.
 */
import {
  cipherApdu,
  type DlmsData,
  encodeApdu,
  encodeWrapperFrame,
  type SecurityPolicy,
  securityControlFor,
} from '@gridmeter/dlms';
import type { MeterCredentials, MeterRecord } from '../registry/types.js';
import type { PushRegistry } from './types.js';

/** A test meter: its record, its secrets, its address. */
export interface TestMeter {
  readonly record: MeterRecord;
  readonly credentials: Required<Pick<MeterCredentials, 'encryptionKey' | 'authenticationKey'>> &
    MeterCredentials & { readonly serverSystemTitle: Uint8Array };
}

/** A meter record on `host` with the given association security. */
export function testMeter(
  index: number,
  options: {
    host?: string;
    security?: MeterRecord['association']['security'];
    state?: MeterRecord['state'];
  } = {},
): TestMeter {
  const id = `GM${String(index + 1).padStart(8, '0')}`;
  const systemTitle = Uint8Array.of(0x47, 0x4d, 0x54, 0, 0, 0, 0, index);
  return {
    record: {
      id,
      medium: 'electricity',
      endpoint: {
        transport: 'tcp',
        host: options.host ?? `127.1.0.${index}`,
        port: 4059,
        framing: 'wrapper',
      },
      protocol: 'dlms',
      association: {
        clientSap: 1,
        serverSap: 1,
        authentication: 'hls-gmac',
        security: options.security ?? 'authenticated-encrypted',
      },
      profileId: 'p1',
      group: 'g1',
      topology: {},
      state: options.state ?? 'active',
    },
    credentials: {
      encryptionKey: new Uint8Array(16).fill(index + 1),
      authenticationKey: new Uint8Array(16).fill(index + 101),
      serverSystemTitle: systemTitle,
    },
  };
}

/** A registry over a fixed list of meters. */
export function testRegistry(meters: readonly TestMeter[]): PushRegistry {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  return {
    bySystemTitle: (title) => meters.find((m) => hex(m.credentials.serverSystemTitle) === hex(title))?.record,
    credentials: (id) => {
      const m = meters.find((x) => x.record.id === id);
      if (!m) throw new Error(`no meter ${id}`);
      return m.credentials;
    },
    byEndpointHost: (host) => meters.find((m) => m.record.endpoint.host === host)?.record,
  };
}

/**
 * A COSEM date-time, written out byte by byte (IEC 62056-6-2 §4.1.6.1): local time with the
 * deviation UTC − local in minutes, day of week not specified, clock status 0.
 */
export function dateTimeBytes(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  deviation: number,
): Uint8Array {
  const d = deviation & 0xffff;
  return Uint8Array.of(
    year >> 8,
    year & 0xff,
    month,
    day,
    0xff,
    hour,
    minute,
    second,
    0,
    d >> 8,
    d & 0xff,
    0,
  );
}

/** The plain DataNotification a Gridmeter meter pushes. */
export function gridmeterNotification(
  meterId: string,
  reason: 1 | 2 | 3 | 4,
  code: number,
  dateTime: Uint8Array,
): Uint8Array {
  return dataNotification({
    type: 'structure',
    items: [
      { type: 'octet-string', value: new TextEncoder().encode(meterId) },
      { type: 'enum', value: reason },
      { type: 'unsigned', value: code },
      { type: 'octet-string', value: dateTime },
    ],
  });
}

/** A plain DataNotification with any body and an optional header date-time. */
export function dataNotification(body: DlmsData, dateTime?: Uint8Array): Uint8Array {
  return encodeApdu({
    type: 'data-notification',
    longInvokeIdAndPriority: 1,
    ...(dateTime ? { dateTime } : {}),
    body,
  });
}

/** `plain` under general-glo-ciphering with the meter's keys (or others given). */
export function generalGlo(
  plain: Uint8Array,
  meter: TestMeter,
  invocationCounter: number,
  options: {
    policy?: SecurityPolicy;
    encryptionKey?: Uint8Array;
    kind?: 'general-glo' | 'general-ded' | 'glo';
    broadcastKey?: boolean;
  } = {},
): Uint8Array {
  return cipherApdu(
    plain,
    {
      securityControl: securityControlFor(options.policy ?? 'authenticated-encrypted', {
        broadcastKey: options.broadcastKey ?? false,
      }),
      systemTitle: meter.credentials.serverSystemTitle,
      invocationCounter,
      encryptionKey: options.encryptionKey ?? meter.credentials.encryptionKey,
      authenticationKey: meter.credentials.authenticationKey,
    },
    { kind: options.kind ?? 'general-glo' },
  );
}

/** One IEC 62056-47 wrapper frame from the meter's management wPort to the push port. */
export function wrap(apdu: Uint8Array): Uint8Array {
  return encodeWrapperFrame({ source: 1, destination: 0x66, apdu });
}
