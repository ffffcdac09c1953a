import {
  cosemDateTimeFromBytes,
  cosemDateTimeToEpochMs,
  type DeviationConvention,
  type DlmsData,
} from '@gridmeter/dlms';
import { type IntervalBlock, type IntervalValue, type MeterId, QualityFlag } from '@gridmeter/domain';
import type { ProfileSpec } from '../registry/types.js';

/** One load profile row as the head-end understands it. */
export interface ProfileRow {
  /** Interval end by the meter's clock, aligned to the capture period. */
  readonly end: number;
  /** How far the meter's stamp was off the aligned end (ms). */
  readonly skewMs: number;
  readonly status: number;
  /** Cumulative register values per channel, in profile channel order. */
  readonly cumulative: readonly bigint[];
}

/** A numeric Data value as bigint, or undefined for anything else. */
export function integerOf(d: DlmsData | undefined): bigint | undefined {
  switch (d?.type) {
    case 'double-long-unsigned':
    case 'double-long':
    case 'long-unsigned':
    case 'long':
    case 'unsigned':
    case 'integer':
    case 'enum':
      return BigInt(d.value);
    case 'long64':
    case 'long64-unsigned':
      return d.value;
    default:
      return undefined;
  }
}

/** Epoch ms of a date-time octet-string, or undefined when it is not one or not fully specified. */
export function timeOf(d: DlmsData | undefined, convention?: DeviationConvention): number | undefined {
  if (d?.type !== 'octet-string' || d.value.length !== 12) return undefined;
  const fast = plainDateTimeMs(d.value, convention);
  if (fast !== undefined) return fast;
  try {
    return cosemDateTimeToEpochMs(cosemDateTimeFromBytes(d.value), convention);
  } catch {
    return undefined;
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * The common case of {@link timeOf} read straight from the 12 octets (IEC 62056-6-2 §4.1.6.1:
 * year u16, month, day of month, day of week, hour, minute, second, hundredths, deviation i16,
 * clock status): every field a plain value, year 100–9999. Undefined for anything else, which the
 * general decoder then judges (a profile read stamps every row, so this path counts).
 */
function plainDateTimeMs(b: Uint8Array, convention: DeviationConvention | undefined): number | undefined {
  const year = (b[0]! << 8) | b[1]!;
  const month = b[2]!;
  const day = b[3]!;
  const hour = b[5]!;
  const minute = b[6]!;
  const second = b[7]!;
  const hundredths = b[8] === 0xff ? 0 : b[8]!;
  const deviation = (((b[9]! << 8) | b[10]!) << 16) >> 16;
  if (year < 100 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || hundredths > 99) return undefined;
  if (deviation < -720 || deviation > 720) return undefined;
  const utcMinusLocal = convention === 'local-minus-utc' ? -deviation : deviation;
  return Date.UTC(year, month - 1, day, hour, minute, second, hundredths * 10) + utcMinusLocal * 60_000;
}

/** Reads the buffer of a load profile into rows, skipping rows whose clock cannot be read. */
export function parseProfileRows(
  buffer: DlmsData,
  spec: ProfileSpec,
  convention?: DeviationConvention,
): { rows: ProfileRow[]; unreadable: number } {
  if (buffer.type !== 'array') return { rows: [], unreadable: 0 };
  const ms = spec.intervalSeconds * 1000;
  const rows: ProfileRow[] = [];
  let unreadable = 0;
  for (const item of buffer.items) {
    if (item.type !== 'structure') {
      unreadable++;
      continue;
    }
    const stamp = timeOf(item.items[spec.clockColumn], convention);
    const cumulative = spec.channels.map((c) => integerOf(item.items[c.column]));
    if (stamp === undefined || cumulative.some((v) => v === undefined)) {
      unreadable++;
      continue;
    }
    const end = Math.round(stamp / ms) * ms;
    const status =
      spec.statusColumn === undefined ? 0 : Number(integerOf(item.items[spec.statusColumn]) ?? 0n);
    rows.push({ end, skewMs: stamp - end, status, cumulative: cumulative as bigint[] });
  }
  rows.sort((a, b) => a.end - b.end);
  return { rows, unreadable };
}

/** IDIS AMR profile status bits and the quality flags they give an interval. */
function qualityOf(status: number, skewMs: number): number {
  let q = 0;
  if (status & 0x80) q |= QualityFlag.powerOutage;
  if (status & 0x20) q |= QualityFlag.clockAdjusted;
  if (status & 0x04) q |= QualityFlag.deviceInvalid;
  if (Math.abs(skewMs) > 60_000) q |= QualityFlag.suspect;
  return q;
}

/** Energy of a register step, allowing one rollover of a 32-bit register. */
function stepOf(previous: bigint, current: bigint): bigint | undefined {
  const d = current - previous;
  if (d >= 0n) return d;
  const rolled = d + 2n ** 32n;
  return previous >= 2n ** 31n && rolled >= 0n && rolled < 2n ** 31n ? rolled : undefined;
}

const M3 = 13;
const LITRE = 19;

/**
 * An interval amount as the integer the domain stores: `raw × 10^scaler` of `unit`, except that
 * m³ with scaler −3 is kept as whole litres (water and gas meters count litres). Other negative
 * scalers round to whole units.
 */
export function integerAmount(raw: number, scaler: number, unit: number): { value: number; unit: number } {
  if (unit === M3 && scaler === -3) return { value: raw, unit: LITRE };
  return { value: Math.round(raw * 10 ** scaler), unit };
}

/** The result of turning rows into interval data. */
export interface IntervalsFromRows {
  /** Blocks of consecutive intervals per channel (one block per run without a gap). */
  readonly blocks: IntervalBlock[];
  /** Interval starts covered (one entry per interval, all channels). */
  readonly intervalStarts: number[];
  /** Ends of the newest row used. */
  readonly lastEnd: number | undefined;
}

/**
 * Intervals from consecutive cumulative rows: interval `[end_{k−1}, end_k)` is `cum_k − cum_{k−1}`
 * when the rows are one capture period apart. Rows further apart leave a gap (the caller re-reads
 * it); a register that runs backwards gives no value for that interval.
 */
export function intervalsFromRows(
  meterId: MeterId,
  rows: readonly ProfileRow[],
  spec: ProfileSpec,
): IntervalsFromRows {
  const ms = spec.intervalSeconds * 1000;
  const runs: { start: number; values: IntervalValue[][] }[] = [];
  const intervalStarts: number[] = [];
  let run: { start: number; values: IntervalValue[][] } | undefined;
  for (let k = 1; k < rows.length; k++) {
    const prev = rows[k - 1]!;
    const cur = rows[k]!;
    if (cur.end - prev.end !== ms) {
      run = undefined;
      continue;
    }
    const steps = spec.channels.map((c, i) => {
      const s = stepOf(prev.cumulative[i]!, cur.cumulative[i]!);
      return s === undefined ? undefined : integerAmount(Number(s), c.scaler, c.unit).value;
    });
    if (steps.some((s) => s === undefined || !Number.isSafeInteger(s))) {
      run = undefined;
      continue;
    }
    if (!run) {
      run = { start: prev.end, values: spec.channels.map(() => []) };
      runs.push(run);
    }
    const quality = qualityOf(cur.status, cur.skewMs);
    for (let i = 0; i < spec.channels.length; i++) {
      run.values[i]!.push({ value: steps[i]!, quality, deviceStatus: cur.status });
    }
    intervalStarts.push(prev.end);
  }
  const blocks: IntervalBlock[] = [];
  for (const r of runs) {
    spec.channels.forEach((c, i) => {
      blocks.push({
        meterId,
        channel: c.channel,
        unit: integerAmount(0, c.scaler, c.unit).unit,
        start: r.start,
        intervalSeconds: spec.intervalSeconds,
        values: r.values[i]!,
        source: 'meter',
      });
    });
  }
  return { blocks, intervalStarts, lastEnd: rows.at(-1)?.end };
}
