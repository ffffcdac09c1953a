import { ByteReader, ByteWriter, CodecError } from '@gridmeter/codec';
import type { CosemDate, CosemDateTime, CosemTime } from './types.js';

/**
 * COSEM date, time and date-time octet forms (IEC 62056-6-2 §4.1.6.1). They travel tagged as
 * `date` [26], `time` [27], `date-time` [25], and just as often untagged inside an `octet-string`
 * (profile capture times, Clock attribute 2).
 */

/** Wire sizes of the three forms (IEC 62056-6-2 §4.1.6.1). */
export const CosemDateTimeSize = { date: 5, time: 4, dateTime: 12 } as const;

/** "Not specified" markers: year 0xFFFF, every one-byte field 0xFF, deviation 0x8000. */
export const NotSpecified = { year: 0xffff, byte: 0xff, deviation: -0x8000 } as const;

/** Special `month` values (IEC 62056-6-2 §4.1.6.1). */
export const CosemMonth = { daylightSavingsEnd: 0xfd, daylightSavingsBegin: 0xfe } as const;

/** Special `dayOfMonth` values (IEC 62056-6-2 §4.1.6.1). */
export const CosemDayOfMonth = { secondLastDay: 0xfd, lastDay: 0xfe } as const;

/** IEC 62056-6-2 §4.1.6.1: deviation range −720…+720 minutes. */
const MAX_DEVIATION_MINUTES = 720;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// ---------------------------------------------------------------------------------------------
// Encoding (strict: RangeError for a value outside its field's range)

function checkField(
  value: number | undefined,
  min: number,
  max: number,
  specials: readonly number[],
  name: string,
): void {
  if (value === undefined) return;
  if (Number.isInteger(value) && ((value >= min && value <= max) || specials.includes(value))) return;
  const extra = specials.length > 0 ? ` or ${specials.map((s) => `0x${s.toString(16)}`).join('/')}` : '';
  throw new RangeError(`COSEM ${name} out of range [${min}, ${max}]${extra}: ${value}`);
}

const MONTH_SPECIALS = [CosemMonth.daylightSavingsEnd, CosemMonth.daylightSavingsBegin];
const DAY_SPECIALS = [CosemDayOfMonth.secondLastDay, CosemDayOfMonth.lastDay];

/** Writes the 5-byte COSEM date. Throws `RangeError` for a field outside its range. */
export function encodeCosemDate(w: ByteWriter, d: CosemDate): void {
  checkField(d.year, 0, 0xfffe, [], 'year');
  checkField(d.month, 1, 12, MONTH_SPECIALS, 'month');
  checkField(d.dayOfMonth, 1, 31, DAY_SPECIALS, 'day of month');
  checkField(d.dayOfWeek, 1, 7, [], 'day of week');
  w.u16(d.year ?? NotSpecified.year)
    .u8(d.month ?? NotSpecified.byte)
    .u8(d.dayOfMonth ?? NotSpecified.byte)
    .u8(d.dayOfWeek ?? NotSpecified.byte);
}

/** Writes the 4-byte COSEM time. Throws `RangeError` for a field outside its range. */
export function encodeCosemTime(w: ByteWriter, t: CosemTime): void {
  checkField(t.hour, 0, 23, [], 'hour');
  checkField(t.minute, 0, 59, [], 'minute');
  checkField(t.second, 0, 59, [], 'second');
  checkField(t.hundredths, 0, 99, [], 'hundredths');
  w.u8(t.hour ?? NotSpecified.byte)
    .u8(t.minute ?? NotSpecified.byte)
    .u8(t.second ?? NotSpecified.byte)
    .u8(t.hundredths ?? NotSpecified.byte);
}

/**
 * Writes the 12-byte COSEM date-time: date (5), time (4), deviation (int16), clock status (1).
 * Throws `RangeError` for a field outside its range (deviation beyond ±720, clock status 0xFF).
 */
export function encodeCosemDateTime(w: ByteWriter, dt: CosemDateTime): void {
  checkField(dt.deviation, -MAX_DEVIATION_MINUTES, MAX_DEVIATION_MINUTES, [], 'deviation');
  checkField(dt.clockStatus, 0, 0xfe, [], 'clock status');
  encodeCosemDate(w, dt);
  encodeCosemTime(w, dt);
  w.i16(dt.deviation ?? NotSpecified.deviation).u8(dt.clockStatus ?? NotSpecified.byte);
}

/**
 * The 12 octets of a COSEM date-time, e.g. for an `octet-string` capture time.
 *
 * @example
 * cosemDateTimeToBytes({ year: 2019, month: 12, dayOfMonth: 31, hour: 23, minute: 0, second: 0 });
 * // 07 e3 0c 1f ff 17 00 00 ff 80 00 ff
 */
export function cosemDateTimeToBytes(dt: CosemDateTime): Uint8Array {
  const w = new ByteWriter(CosemDateTimeSize.dateTime);
  encodeCosemDateTime(w, dt);
  return w.finish();
}

/** The 5 octets of a COSEM date. */
export function cosemDateToBytes(d: CosemDate): Uint8Array {
  const w = new ByteWriter(CosemDateTimeSize.date);
  encodeCosemDate(w, d);
  return w.finish();
}

/** The 4 octets of a COSEM time. */
export function cosemTimeToBytes(t: CosemTime): Uint8Array {
  const w = new ByteWriter(CosemDateTimeSize.time);
  encodeCosemTime(w, t);
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding (tolerant: any byte values are kept, only the not-specified markers become undefined)

function readDate(r: ByteReader, into: Mutable<CosemDate>): void {
  const year = r.u16('date year');
  const month = r.u8('date month');
  const dayOfMonth = r.u8('date day of month');
  const dayOfWeek = r.u8('date day of week');
  if (year !== NotSpecified.year) into.year = year;
  if (month !== NotSpecified.byte) into.month = month;
  if (dayOfMonth !== NotSpecified.byte) into.dayOfMonth = dayOfMonth;
  if (dayOfWeek !== NotSpecified.byte) into.dayOfWeek = dayOfWeek;
}

function readTime(r: ByteReader, into: Mutable<CosemTime>): void {
  const hour = r.u8('time hour');
  const minute = r.u8('time minute');
  const second = r.u8('time second');
  const hundredths = r.u8('time hundredths');
  if (hour !== NotSpecified.byte) into.hour = hour;
  if (minute !== NotSpecified.byte) into.minute = minute;
  if (second !== NotSpecified.byte) into.second = second;
  if (hundredths !== NotSpecified.byte) into.hundredths = hundredths;
}

/**
 * Reads a 5-byte COSEM date. Values outside the standard ranges (including the special 0xFD/0xFE
 * month and day values) are kept as sent; only 0xFFFF / 0xFF become `undefined`.
 */
export function decodeCosemDate(r: ByteReader): CosemDate {
  r.need(CosemDateTimeSize.date, 'date');
  const d: Mutable<CosemDate> = {};
  readDate(r, d);
  return d;
}

/** Reads a 4-byte COSEM time, keeping out-of-range values as sent. */
export function decodeCosemTime(r: ByteReader): CosemTime {
  r.need(CosemDateTimeSize.time, 'time');
  const t: Mutable<CosemTime> = {};
  readTime(r, t);
  return t;
}

/** Reads a 12-byte COSEM date-time, keeping out-of-range values as sent. */
export function decodeCosemDateTime(r: ByteReader): CosemDateTime {
  r.need(CosemDateTimeSize.dateTime, 'date-time');
  const dt: Mutable<CosemDateTime> = {};
  readDate(r, dt);
  readTime(r, dt);
  const deviation = r.i16('date-time deviation');
  const clockStatus = r.u8('date-time clock status');
  if (deviation !== NotSpecified.deviation) dt.deviation = deviation;
  if (clockStatus !== NotSpecified.byte) dt.clockStatus = clockStatus;
  return dt;
}

function exactly(bytes: Uint8Array, size: number, what: string, baseOffset: number): ByteReader {
  if (bytes.length !== size) {
    throw new CodecError(
      `Cannot decode ${what}: needs exactly ${size} bytes, got ${bytes.length}`,
      baseOffset,
    );
  }
  return new ByteReader(bytes, baseOffset);
}

/**
 * Decodes the 12 octets of a COSEM date-time held in an `octet-string` (a profile capture time,
 * Clock attribute 2). Throws {@link CodecError} unless `bytes` is exactly 12 long.
 *
 * @example
 * cosemDateTimeFromBytes(fromHex('07e30c1f02170000 00ffc400'));
 * // { year: 2019, month: 12, dayOfMonth: 31, dayOfWeek: 2, hour: 23, minute: 0, second: 0,
 * //   hundredths: 0, deviation: -60, clockStatus: 0 }
 */
export function cosemDateTimeFromBytes(bytes: Uint8Array, baseOffset = 0): CosemDateTime {
  return decodeCosemDateTime(exactly(bytes, CosemDateTimeSize.dateTime, 'date-time', baseOffset));
}

/** Decodes the 5 octets of a COSEM date. Throws {@link CodecError} unless `bytes` is 5 long. */
export function cosemDateFromBytes(bytes: Uint8Array, baseOffset = 0): CosemDate {
  return decodeCosemDate(exactly(bytes, CosemDateTimeSize.date, 'date', baseOffset));
}

/** Decodes the 4 octets of a COSEM time. Throws {@link CodecError} unless `bytes` is 4 long. */
export function cosemTimeFromBytes(bytes: Uint8Array, baseOffset = 0): CosemTime {
  return decodeCosemTime(exactly(bytes, CosemDateTimeSize.time, 'time', baseOffset));
}

// ---------------------------------------------------------------------------------------------
// Conversion to and from instants

/**
 * Sign of `deviation`. IEC 62056-6-2 §4.1.6.1 defines it as the deviation "of local time to
 * UTC", i.e. UTC − local: a meter on CET (UTC+01:00) sends −60 (0xFFC4), so UTC = local +
 * deviation (Gurux reads it the same way). Some meters send the opposite sign; pass `'local-minus-utc'` for them.
 */
export type DeviationConvention = 'utc-minus-local' | 'local-minus-utc';

const MS_PER_MINUTE = 60_000;

/**
 * The COSEM date-time of an instant, as a meter `deviationMinutes` away from UTC shows it.
 * Day of week is filled in; hundredths come from the milliseconds (truncated).
 * Throws `RangeError` for an invalid date, a deviation outside ±720, or a year outside 0–65534.
 *
 * @example
 * cosemDateTimeFromDate(new Date('2019-12-31T22:00:00Z'), -60);
 * // { year: 2019, month: 12, dayOfMonth: 31, dayOfWeek: 2, hour: 23, ..., deviation: -60 }
 */
export function cosemDateTimeFromDate(
  date: Date,
  deviationMinutes = 0,
  clockStatus?: number,
  convention: DeviationConvention = 'utc-minus-local',
): CosemDateTime {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  checkField(deviationMinutes, -MAX_DEVIATION_MINUTES, MAX_DEVIATION_MINUTES, [], 'deviation');
  checkField(clockStatus, 0, 0xfe, [], 'clock status');
  const localOffset = convention === 'utc-minus-local' ? -deviationMinutes : deviationMinutes;
  const local = new Date(ms + localOffset * MS_PER_MINUTE);
  const year = local.getUTCFullYear();
  checkField(year, 0, 0xfffe, [], 'year');
  const dt: Mutable<CosemDateTime> = {
    year,
    month: local.getUTCMonth() + 1,
    dayOfMonth: local.getUTCDate(),
    dayOfWeek: local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    hundredths: Math.floor(local.getUTCMilliseconds() / 10),
    deviation: deviationMinutes,
  };
  if (clockStatus !== undefined) dt.clockStatus = clockStatus;
  return dt;
}

function required(value: number | undefined, min: number, max: number, name: string): number {
  if (value === undefined) throw new RangeError(`COSEM date-time has no ${name} (not specified)`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`COSEM date-time ${name} is not a plain value in [${min}, ${max}]: ${value}`);
  }
  return value;
}

/**
 * The instant a COSEM date-time names, in milliseconds since the Unix epoch. Needs year, month,
 * day of month, hour, minute, second and deviation to be specified with plain values (not the
 * 0xFD/0xFE specials); unspecified hundredths count as 0. Day of week and clock status are
 * ignored. Throws `RangeError` otherwise, or for a day that the month does not have.
 *
 * @example
 * cosemDateTimeToEpochMs({ year: 2019, month: 12, dayOfMonth: 31, hour: 23, minute: 0, second: 0,
 *   deviation: -60 }); // Date.parse('2019-12-31T22:00:00Z')
 */
export function cosemDateTimeToEpochMs(
  dt: CosemDateTime,
  convention: DeviationConvention = 'utc-minus-local',
): number {
  const year = required(dt.year, 0, 0xfffe, 'year');
  const month = required(dt.month, 1, 12, 'month');
  const day = required(dt.dayOfMonth, 1, 31, 'day of month');
  const hour = required(dt.hour, 0, 23, 'hour');
  const minute = required(dt.minute, 0, 59, 'minute');
  const second = required(dt.second, 0, 59, 'second');
  const hundredths = dt.hundredths === undefined ? 0 : required(dt.hundredths, 0, 99, 'hundredths');
  const deviation = required(dt.deviation, -MAX_DEVIATION_MINUTES, MAX_DEVIATION_MINUTES, 'deviation');
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, hundredths * 10);
  if (local.getUTCDate() !== day) {
    throw new RangeError(
      `COSEM date-time names day ${day} of month ${month} in ${year}, which has no such day`,
    );
  }
  const utcMinusLocal = convention === 'utc-minus-local' ? deviation : -deviation;
  return local.getTime() + utcMinusLocal * MS_PER_MINUTE;
}

// ---------------------------------------------------------------------------------------------
// Text

function field(value: number | undefined, width: number): string {
  if (value === undefined) return '*'.repeat(width);
  return String(value).padStart(width, '0');
}

function special(value: number | undefined, width: number): string {
  if (value !== undefined && value >= 0xe0 && value <= 0xfe) return value.toString(16).toUpperCase();
  return field(value, width);
}

/**
 * ISO-8601-like text of a COSEM date: `2019-12-31`; unspecified fields print as `*`
 * (`****-12-**`), special month/day values as hex (`2024-03-FE`).
 */
export function formatCosemDate(d: CosemDate): string {
  return `${field(d.year, 4)}-${special(d.month, 2)}-${special(d.dayOfMonth, 2)}`;
}

/** Text of a COSEM time: `23:00:00.00`, unspecified fields as `*`. */
export function formatCosemTime(t: CosemTime): string {
  return `${field(t.hour, 2)}:${field(t.minute, 2)}:${field(t.second, 2)}.${field(t.hundredths, 2)}`;
}

/**
 * Text of a COSEM date-time without deviation or status: `2019-12-31T23:00:00.00`. The deviation
 * is left out on purpose: its sign convention differs between meters (see {@link DeviationConvention}).
 */
export function formatCosemDateTime(dt: CosemDateTime): string {
  return `${formatCosemDate(dt)}T${formatCosemTime(dt)}`;
}
