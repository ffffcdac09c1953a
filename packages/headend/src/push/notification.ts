import {
  type CosemAttributeDescriptor,
  cosemDateTimeFromBytes,
  cosemDateTimeToEpochMs,
  type DataNotification,
  type DlmsData,
  dataToJson,
  type EventNotificationRequest,
} from '@gridmeter/dlms';
import type { EventLog } from '@gridmeter/domain';

/** Reason codes of the Gridmeter push body (IDIS push setups: alarm, last gasp, power restored, scheduled). */
export const PushReasonCode = { lastGasp: 1, powerRestored: 2, alarm: 3, scheduled: 4 } as const;

const REASON_NAMES: Readonly<Record<number, string>> = {
  [PushReasonCode.lastGasp]: 'last-gasp',
  [PushReasonCode.powerRestored]: 'power-restored',
  [PushReasonCode.alarm]: 'alarm',
  [PushReasonCode.scheduled]: 'scheduled',
};

/** Event codes of last gasp and power restored (Gridmeter's manufacturer range 230–235). */
const LAST_GASP = 234;
const POWER_RESTORED = 235;
/** IDIS fraud detection codes of tamper alarms: terminal cover, strong DC field, meter cover. */
const TAMPER_FIRST = 40;
const TAMPER_LAST = 45;

/** Longest JSON text of the decoded data kept in an event's details. */
export const MAX_DETAILS_DATA_CHARS = 1_024;
/** Longest meter id a Gridmeter push body may carry. */
const MAX_METER_ID_BYTES = 64;
/** Bytes of a COSEM date-time (IEC 62056-6-2 §4.1.6.1). */
const DATE_TIME_BYTES = 12;
/** Data values visited when searching a generic body, whatever its shape. */
const MAX_VISITED = 4_096;

/** Where an event's `occurredAt` came from. */
export type PushTimeSource = 'body' | 'notification' | 'receipt';

/** What a push notification says, before it is tied to a meter. */
export interface ParsedPush {
  readonly code: number;
  readonly occurredAt: number;
  /** The meter id the body names (Gridmeter format only). */
  readonly claimedMeterId?: string;
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The event log a pushed event code belongs to: last gasp 234 and power restored 235 →
 * 'power-failure', tamper alarms 40–45 → 'fraud', anything else 'standard'.
 */
export function pushEventLog(code: number): EventLog {
  if (code === LAST_GASP || code === POWER_RESTORED) return 'power-failure';
  if (code >= TAMPER_FIRST && code <= TAMPER_LAST) return 'fraud';
  return 'standard';
}

/**
 * Reads a DataNotification or EventNotificationRequest. The Gridmeter body, structure { octet-string
 * meter id, enum reason 1–4, unsigned event code, octet-string date-time }, gives its code, time
 * and meter id; any other body is read generically: the first unsigned-integer or enum value is
 * the code (else 0), the first date-time the time, and the data is kept as JSON in the details.
 * The time falls back to the notification's own date-time, then to `receivedAt`. Never throws.
 */
export function parsePushNotification(
  apdu: DataNotification | EventNotificationRequest,
  receivedAt: number,
): ParsedPush {
  if (apdu.type === 'data-notification') {
    const headerTime = apdu.dateTime === undefined ? undefined : epochOf(apdu.dateTime);
    return (
      parseGridmeterBody(apdu.body, headerTime, receivedAt) ??
      parseGeneric(apdu.body, headerTime, receivedAt, { format: 'generic' })
    );
  }
  const headerTime = apdu.time === undefined ? undefined : epochOf(apdu.time);
  return parseGeneric(apdu.value, headerTime, receivedAt, {
    format: 'event-notification',
    ...attributeDetails(apdu.attribute),
  });
}

function parseGridmeterBody(
  body: DlmsData,
  headerTime: number | undefined,
  receivedAt: number,
): ParsedPush | undefined {
  if (body.type !== 'structure' || body.items.length !== 4) return undefined;
  const [id, reason, code, dateTime] = body.items;
  if (
    id?.type !== 'octet-string' ||
    reason?.type !== 'enum' ||
    code?.type !== 'unsigned' ||
    dateTime?.type !== 'octet-string' ||
    id.value.length === 0 ||
    id.value.length > MAX_METER_ID_BYTES ||
    REASON_NAMES[reason.value] === undefined
  ) {
    return undefined;
  }
  let claimedMeterId: string;
  try {
    claimedMeterId = new TextDecoder('utf-8', { fatal: true }).decode(id.value);
  } catch {
    return undefined;
  }
  const bodyTime = epochOf(dateTime.value);
  const timeSource: PushTimeSource =
    bodyTime !== undefined ? 'body' : headerTime !== undefined ? 'notification' : 'receipt';
  return {
    code: code.value,
    occurredAt: bodyTime ?? headerTime ?? receivedAt,
    claimedMeterId,
    details: { format: 'gridmeter', reason: REASON_NAMES[reason.value]!, timeSource },
  };
}

function parseGeneric(
  data: DlmsData,
  headerTime: number | undefined,
  receivedAt: number,
  base: Record<string, string | number>,
): ParsedPush {
  const found = search(data);
  const occurredAt = headerTime ?? found.time;
  let json: string;
  try {
    json = JSON.stringify(dataToJson(data));
  } catch {
    json = `(${data.type})`;
  }
  const truncated = json.length > MAX_DETAILS_DATA_CHARS;
  const timeSource: PushTimeSource =
    headerTime !== undefined ? 'notification' : found.time !== undefined ? 'body' : 'receipt';
  return {
    code: found.code ?? 0,
    occurredAt: occurredAt ?? receivedAt,
    details: {
      ...base,
      timeSource,
      data: truncated ? json.slice(0, MAX_DETAILS_DATA_CHARS) : json,
      ...(truncated ? { dataTruncated: true } : {}),
    },
  };
}

/** Depth-first, bounded search for the first event code and the first date-time. */
function search(root: DlmsData): { code?: number; time?: number } {
  let code: number | undefined;
  let time: number | undefined;
  const stack: DlmsData[] = [root];
  for (let visited = 0; stack.length > 0 && visited < MAX_VISITED; visited++) {
    const d = stack.pop()!;
    switch (d.type) {
      case 'unsigned':
      case 'long-unsigned':
      case 'double-long-unsigned':
      case 'enum':
        code ??= d.value;
        break;
      case 'date-time':
        time ??= epochOfFields(d.value);
        break;
      case 'octet-string':
        if (d.value.length === DATE_TIME_BYTES) time ??= epochOf(d.value);
        break;
      case 'array':
      case 'structure':
      case 'compact-array':
        for (let i = d.items.length - 1; i >= 0; i--) stack.push(d.items[i]!);
        break;
      default:
        break;
    }
    if (code !== undefined && time !== undefined) break;
  }
  return { ...(code === undefined ? {} : { code }), ...(time === undefined ? {} : { time }) };
}

/** The instant a 12-byte COSEM date-time names, or undefined when it names none. */
function epochOf(bytes: Uint8Array): number | undefined {
  if (bytes.length !== DATE_TIME_BYTES) return undefined;
  try {
    return epochOfFields(cosemDateTimeFromBytes(bytes));
  } catch {
    return undefined;
  }
}

function epochOfFields(dt: Parameters<typeof cosemDateTimeToEpochMs>[0]): number | undefined {
  try {
    const ms = cosemDateTimeToEpochMs(dt);
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}

function attributeDetails(a: CosemAttributeDescriptor): Record<string, string | number> {
  return { classId: a.classId, obis: Array.from(a.instanceId).join('.'), attributeId: a.attributeId };
}
