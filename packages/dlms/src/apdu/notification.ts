import type { ByteReader, ByteWriter } from '@gridmeter/codec';
import { decodeData, encodeData } from '../axdr/index.js';
import type { DlmsData } from '../axdr/types.js';
import {
  type CosemAttributeDescriptor,
  readAttributeDescriptor,
  readOctetString,
  readPresence,
  writeAttributeDescriptor,
  writeOctetString,
} from './common.js';

/**
 * DataNotification (IEC 62056-5-3 §8.2, tag 0x0F): long-invoke-id-and-priority Unsigned32,
 * date-time OCTET STRING (length 0 when the sender gives no time, else normally 12 bytes of a
 * COSEM date-time), notification-body SEQUENCE { data-value Data }.
 */
export interface DataNotification {
  readonly type: 'data-notification';
  readonly longInvokeIdAndPriority: number;
  /** The date-time octet string's contents; absent when sent with length 0. */
  readonly dateTime?: Uint8Array;
  readonly body: DlmsData;
}

/**
 * EventNotificationRequest (IEC 62056-5-3 §8.2, tag 0xC2): time OCTET STRING OPTIONAL,
 * cosem-attribute-descriptor, attribute-value Data.
 */
export interface EventNotificationRequest {
  readonly type: 'event-notification-request';
  readonly time?: Uint8Array;
  readonly attribute: CosemAttributeDescriptor;
  readonly value: DlmsData;
}

export function decodeDataNotification(r: ByteReader): DataNotification {
  const longInvokeIdAndPriority = r.u32('long-invoke-id-and-priority');
  const dateTime = readOctetString(r, 'date-time');
  const body = decodeData(r);
  return dateTime.length === 0
    ? { type: 'data-notification', longInvokeIdAndPriority, body }
    : { type: 'data-notification', longInvokeIdAndPriority, dateTime, body };
}

export function encodeDataNotification(w: ByteWriter, a: DataNotification): void {
  w.u32(a.longInvokeIdAndPriority);
  writeOctetString(w, a.dateTime ?? new Uint8Array(0));
  encodeData(w, a.body);
}

export function decodeEventNotificationRequest(r: ByteReader): EventNotificationRequest {
  const time = readPresence(r, 'time') ? readOctetString(r, 'time') : undefined;
  const attribute = readAttributeDescriptor(r);
  const value = decodeData(r);
  return time === undefined
    ? { type: 'event-notification-request', attribute, value }
    : { type: 'event-notification-request', time, attribute, value };
}

export function encodeEventNotificationRequest(w: ByteWriter, a: EventNotificationRequest): void {
  if (a.time === undefined) w.u8(0);
  else {
    w.u8(1);
    writeOctetString(w, a.time);
  }
  writeAttributeDescriptor(w, a.attribute);
  encodeData(w, a.value);
}
