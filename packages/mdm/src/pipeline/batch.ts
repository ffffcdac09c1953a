import type { ChannelCode, IntervalBlock, MeterId, ReadingSource } from '@gridmeter/domain';
import { DAY_MS, dayStartOf } from './calendar.js';

/** The values of one local day of one series that a batch delivered. */
export interface BatchDay {
  readonly values: (number | null)[];
  readonly quality: number[];
  readonly deviceStatus: (number | undefined)[];
  /** 1 where the batch holds the slot. */
  readonly seen: Uint8Array;
  /** Slots held (a slot delivered twice counts once). */
  covered: number;
}

/** The blocks of one (meter, channel) in a batch, spread over local days. */
export interface BatchSeries {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  readonly unit: number;
  readonly intervalSeconds: number;
  readonly source: ReadingSource;
  /** False when its blocks disagree in interval length or unit (VEE skips the series). */
  uniform: boolean;
  /** By local day start. */
  readonly days: Map<number, BatchDay>;
}

/** Key of a (meter, channel) pair. */
export function seriesKey(meterId: string, channel: string): string {
  return `${meterId}\u0000${channel}`;
}

/**
 * Groups a batch's blocks by (meter, channel) and local day. Later values of a slot replace
 * earlier ones, as the store keeps the last of repeats inside one batch as the latest version.
 */
export function collectBatch(
  blocks: readonly IntervalBlock[],
  utcOffsetMinutes: number,
): Map<string, BatchSeries> {
  const out = new Map<string, BatchSeries>();
  for (const b of blocks) {
    const key = seriesKey(b.meterId, b.channel);
    let s = out.get(key);
    if (!s) {
      s = {
        meterId: b.meterId,
        channel: b.channel,
        unit: b.unit,
        intervalSeconds: b.intervalSeconds,
        source: b.source,
        uniform: true,
        days: new Map(),
      };
      out.set(key, s);
    }
    if (b.intervalSeconds !== s.intervalSeconds || b.unit !== s.unit) {
      s.uniform = false;
      continue;
    }
    const ms = b.intervalSeconds * 1000;
    const perDay = DAY_MS / ms;
    let day: BatchDay | undefined;
    let dayStart = Number.NaN;
    for (let i = 0; i < b.values.length; i++) {
      const t = b.start + i * ms;
      if (!(t >= dayStart && t < dayStart + DAY_MS)) {
        dayStart = dayStartOf(t, utcOffsetMinutes);
        day = s.days.get(dayStart);
        if (!day) {
          day = {
            values: new Array<number | null>(perDay).fill(null),
            quality: new Array<number>(perDay).fill(0),
            deviceStatus: new Array<number | undefined>(perDay).fill(undefined),
            seen: new Uint8Array(perDay),
            covered: 0,
          };
          s.days.set(dayStart, day);
        }
      }
      const d = day!;
      const k = (t - dayStart) / ms;
      const v = b.values[i]!;
      d.values[k] = v.value;
      d.quality[k] = v.quality;
      d.deviceStatus[k] = v.deviceStatus;
      if (d.seen[k] === 0) {
        d.seen[k] = 1;
        d.covered++;
      }
    }
  }
  return out;
}
