/** COSEM objects the commands act on (IEC 62056-6-1 logical names) and small Data helpers. */
import {
  type CosemDateTime,
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
  type DeviationConvention,
  type DlmsData,
} from '@gridmeter/dlms';
import type { ObjectRef } from '../../registry/types.js';
import { CommandVerificationError } from '../errors.js';
import type { CosemClient } from '../ports.js';

/** Disconnect control, class 70 (§4.5.8). */
export const DISCONNECT_CONTROL = { classId: 70, logicalName: '0.0.96.3.10.255' } as const;
/** Limiter, class 71 (§4.5.9). */
export const LIMITER = { classId: 71, logicalName: '0.0.17.0.0.255' } as const;
/** Activity calendar, class 20 (§4.5.5). */
export const ACTIVITY_CALENDAR = { classId: 20, logicalName: '0.0.13.0.0.255' } as const;
/** Special days table, class 11 (§4.5.4). */
export const SPECIAL_DAYS_TABLE = { classId: 11, logicalName: '0.0.11.0.0.255' } as const;
/** Token Credit, class 112 (§4.6.3): a top-up is method 1 update_amount here. */
export const TOKEN_CREDIT = { classId: 112, logicalName: '0.0.19.10.0.255' } as const;
/** Image transfer, class 18 (§4.4.5). */
export const IMAGE_TRANSFER = { classId: 18, logicalName: '0.0.44.0.0.255' } as const;

/** The parameter of methods that take none: integer 0 (IEC 62056-6-2 §4.1.2 "data ::= integer(0)"). */
export const NO_PARAMETER: DlmsData = { type: 'integer', value: 0 };

/** The number a simple numeric Data holds; `what` names it in the error. */
export function numberOf(d: DlmsData, what: string): number {
  switch (d.type) {
    case 'integer':
    case 'long':
    case 'unsigned':
    case 'long-unsigned':
    case 'double-long':
    case 'double-long-unsigned':
    case 'enum':
    case 'float32':
    case 'float64':
      return d.value;
    case 'long64':
    case 'long64-unsigned':
      return Number(d.value);
    default:
      throw new CommandVerificationError(`${what}: expected a number, the meter sent ${d.type}`);
  }
}

/** Bytes of an octet-string (or the text of a visible/utf8 string, as bytes). */
export function bytesOf(d: DlmsData, what: string): Uint8Array {
  if (d.type === 'octet-string') return d.value;
  if (d.type === 'visible-string' || d.type === 'utf8-string') return new TextEncoder().encode(d.value);
  throw new CommandVerificationError(`${what}: expected an octet-string, the meter sent ${d.type}`);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The meter clock object of a profile, without its attribute. */
export function clockObject(clock: ObjectRef): { classId: number; logicalName: string } {
  return { classId: clock.classId, logicalName: clock.obis };
}

/**
 * The deviation (minutes) the meter's clock uses: its time_zone (class 8 attribute 3), which the
 * Blue Book defines with the same sign as the date-time deviation.
 */
export async function meterDeviation(client: CosemClient, clock: ObjectRef): Promise<number> {
  const tz = await client.get({ ...clockObject(clock), attributeId: 3 });
  return numberOf(tz, 'clock time_zone');
}

/** A date-time octet-string (12 bytes, §4.1.6.1) of instant `ms` as a meter at `deviation` shows it. */
export function dateTimeData(ms: number, deviation: number, convention?: DeviationConvention): DlmsData {
  return {
    type: 'octet-string',
    value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(ms), deviation, 0, convention)),
  };
}

/** The instant of a date-time the meter sent (octet-string of 12 bytes or date-time). */
export function instantOf(d: DlmsData, what: string, convention?: DeviationConvention): number {
  let dt: CosemDateTime;
  if (d.type === 'date-time') dt = d.value;
  else if (d.type === 'octet-string' && d.value.length === 12) dt = cosemDateTimeFromBytes(d.value);
  else throw new CommandVerificationError(`${what}: expected a date-time, the meter sent ${d.type}`);
  try {
    return cosemDateTimeToEpochMs(dt, convention);
  } catch (e) {
    throw new CommandVerificationError(`${what}: not a definite instant`, { cause: e });
  }
}
