import {
  cosemDateTimeFromBytes,
  cosemDateTimeToEpochMs,
  DataAccessError,
  DataAccessResult,
  type DlmsData,
} from '@gridmeter/dlms';

/** IEC 62056-6-2 §4.1.6.1: deviation range −720…+720 minutes. */
const MAX_DEVIATION_MINUTES = 720;

/**
 * A meter clock reading as the 12-byte COSEM date-time octet-string (IEC 62056-6-2 §4.1.6.1),
 * in the fleet's local time with its deviation (Blue Book sign: UTC = local + deviation, so a
 * meter at UTC+1 sends −60).
 */
export function dateTimeData(meterTimeMs: number, utcOffsetMinutes: number, clockStatus = 0): DlmsData {
  return { type: 'octet-string', value: dateTimeBytes(meterTimeMs, utcOffsetMinutes, clockStatus) };
}

/**
 * The 12 octets of {@link dateTimeData}, written directly (a load profile read stamps every row):
 * year (2, big-endian), month, day of month, day of week (1 = Monday), hour, minute, second,
 * hundredths, deviation (int16, big-endian), clock status.
 */
export function dateTimeBytes(meterTimeMs: number, utcOffsetMinutes: number, clockStatus = 0): Uint8Array {
  const deviation = -utcOffsetMinutes;
  if (!Number.isInteger(deviation) || Math.abs(deviation) > MAX_DEVIATION_MINUTES) {
    throw new RangeError(`COSEM date-time deviation must be an integer in ±720 minutes, got ${deviation}`);
  }
  if (!Number.isInteger(clockStatus) || clockStatus < 0 || clockStatus > 0xfe) {
    throw new RangeError(`COSEM clock status must be an integer in [0, 254], got ${clockStatus}`);
  }
  const local = new Date(meterTimeMs + utcOffsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  if (!(year >= 0 && year <= 0xfffe))
    throw new RangeError(`Cannot stamp ${meterTimeMs} as a COSEM date-time`);
  const dayOfWeek = local.getUTCDay();
  const out = new Uint8Array(12);
  out[0] = year >> 8;
  out[1] = year & 0xff;
  out[2] = local.getUTCMonth() + 1;
  out[3] = local.getUTCDate();
  out[4] = dayOfWeek === 0 ? 7 : dayOfWeek;
  out[5] = local.getUTCHours();
  out[6] = local.getUTCMinutes();
  out[7] = local.getUTCSeconds();
  out[8] = Math.floor(local.getUTCMilliseconds() / 10);
  out[9] = (deviation >> 8) & 0xff;
  out[10] = deviation & 0xff;
  out[11] = clockStatus;
  return out;
}

/** UTC epoch ms of a date-time octet-string sent by a client; DataAccessError if it is not one. */
export function epochOfDateTimeData(d: DlmsData): number {
  if (d.type !== 'octet-string' || d.value.length !== 12) {
    throw new DataAccessError(DataAccessResult.typeUnmatched, 'expected a 12-byte date-time octet-string');
  }
  try {
    return cosemDateTimeToEpochMs(cosemDateTimeFromBytes(d.value));
  } catch {
    throw new DataAccessError(DataAccessResult.typeUnmatched, 'date-time has unspecified fields');
  }
}

/** The `scaler_unit` structure of registers (IEC 62056-6-2 §4.3.2). */
export function scalerUnit(scaler: number, unit: number): DlmsData {
  return {
    type: 'structure',
    items: [
      { type: 'integer', value: scaler },
      { type: 'enum', value: unit },
    ],
  };
}
