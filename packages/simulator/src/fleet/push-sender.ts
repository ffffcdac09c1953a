import { createSocket } from 'node:dgram';
import { createConnection } from 'node:net';
import {
  cipherApdu,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  type DlmsData,
  encodeApdu,
  encodeWrapperFrame,
  type InvocationCounter,
  longInvokeIdAndPriority,
  securityControlFor,
} from '@gridmeter/dlms';
import type { MeterIdentity } from '../meter/identity.js';

/** Where pushes go: the head-end's push listener (Push setup send_destination_and_method). */
export interface PushDestination {
  readonly transport: 'tcp' | 'udp';
  readonly host: string;
  readonly port: number;
}

/** Why a meter pushes (IDIS push setups: alarm, last gasp, power restored, scheduled profile). */
export type PushReason = 'last-gasp' | 'power-restored' | 'alarm' | 'scheduled';

/** wPort a push is sent from and to: the management logical device to the head-end's push port. */
const PUSH_SOURCE_WPORT = 1;
const PUSH_DESTINATION_WPORT = 0x66;

/**
 * Builds the DataNotification a meter pushes (IEC 62056-5-3 §9.4.6.9): body structure { logical
 * device name, reason code, event code, date-time }, protected with general-glo-ciphering under
 * the meter's keys (authenticated encryption) so the head-end can check who sent it.
 */
export function buildPushNotification(
  identity: MeterIdentity,
  invocationCounter: InvocationCounter,
  reason: PushReason,
  eventCode: number,
  meterTime: number,
  utcOffsetMinutes: number,
): Uint8Array {
  const dateTime = cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(meterTime), -utcOffsetMinutes, 0));
  const reasonCode = { 'last-gasp': 1, 'power-restored': 2, alarm: 3, scheduled: 4 }[reason];
  const body: DlmsData = {
    type: 'structure',
    items: [
      { type: 'octet-string', value: new TextEncoder().encode(identity.id) },
      { type: 'enum', value: reasonCode },
      { type: 'unsigned', value: eventCode },
      { type: 'octet-string', value: dateTime },
    ],
  };
  const plain = encodeApdu({
    type: 'data-notification',
    longInvokeIdAndPriority: longInvokeIdAndPriority({
      longInvokeId: invocationCounter.value & 0xffffff,
      selfDescriptive: false,
      breakOnError: false,
      confirmed: false,
      highPriority: reason === 'last-gasp',
    }),
    dateTime,
    body,
  });
  return cipherApdu(
    plain,
    {
      securityControl: securityControlFor('authenticated-encrypted'),
      systemTitle: identity.systemTitle,
      invocationCounter: invocationCounter.next(),
      encryptionKey: identity.encryptionKey,
      authenticationKey: identity.authenticationKey,
    },
    { kind: 'general-glo' },
  );
}

/**
 * Sends one push from the meter's own loopback address, wrapped per IEC 62056-47: over UDP as one
 * datagram, over TCP on a short-lived connection. Resolves false (never throws) when the
 * destination cannot be reached — a real meter's push is fire and forget, retried by its setup.
 */
export function sendPush(
  from: string,
  destination: PushDestination,
  apdu: Uint8Array,
  timeoutMs = 2_000,
): Promise<boolean> {
  const frame = encodeWrapperFrame({ source: PUSH_SOURCE_WPORT, destination: PUSH_DESTINATION_WPORT, apdu });
  if (destination.transport === 'udp') {
    return new Promise((resolve) => {
      const socket = createSocket('udp4');
      socket.on('error', () => {
        socket.close();
        resolve(false);
      });
      socket.bind({ address: from, port: 0 }, () => {
        socket.send(frame, destination.port, destination.host, (e) => {
          socket.close();
          resolve(!e);
        });
      });
    });
  }
  return new Promise((resolve) => {
    const socket = createConnection({ host: destination.host, port: destination.port, localAddress: from });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.on('connect', () => {
      socket.end(frame, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    socket.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
