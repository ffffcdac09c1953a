import {
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
  DataAccessError,
  DataAccessResult,
  type DlmsData,
} from '@gridmeter/dlms';

/**
 * A meter clock reading as the 12-byte COSEM date-time octet-string (IEC 62056-6-2 §4.1.6.1),
 * in the fleet's local time with its deviation (Blue Book sign: UTC = local + deviation, so a
 * meter at UTC+1 sends −60).
 */
export function dateTimeData(meterTimeMs: number, utcOffsetMinutes: number, clockStatus = 0): DlmsData {
  return {
    type: 'octet-string',
    value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(meterTimeMs), -utcOffsetMinutes, clockStatus)),
  };
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
