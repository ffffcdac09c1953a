import type { ChannelCode, MeterId, QualityFlags } from '@gridmeter/domain';

/**
 * One channel of one meter as consecutive fixed-length intervals held in memory: interval `i`
 * covers `[start + i·intervalSeconds, start + (i+1)·intervalSeconds)`. Values are integers of the
 * channel's unit (Wh for active energy); `null` is a missing interval.
 *
 * @example
 * const s: ChannelSeries = { meterId, channel: '1-0:1.8.0*255', intervalSeconds: 900,
 *   start: Date.UTC(2026, 0, 1), values: [120, null, 98], quality: [0, 0, 0] };
 */
export interface ChannelSeries {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  readonly intervalSeconds: number;
  /** Epoch ms (UTC) at the start of the first interval. */
  readonly start: number;
  readonly values: readonly (number | null)[];
  /** {@link QualityFlags} per interval, same length as `values`. */
  readonly quality: readonly QualityFlags[];
  /** The meter's own status byte per interval (IDIS AMR profile status), where it was read. */
  readonly deviceStatus?: readonly number[];
}

/** A half-open time window `[start, end)` in epoch ms. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** Interval length of a series in ms. */
export function intervalMs(series: Pick<ChannelSeries, 'intervalSeconds'>): number {
  return series.intervalSeconds * 1000;
}

/** Start (epoch ms) of interval `index`. */
export function slotStart(series: Pick<ChannelSeries, 'start' | 'intervalSeconds'>, index: number): number {
  return series.start + index * series.intervalSeconds * 1000;
}

/** End (epoch ms, exclusive) of the series. */
export function seriesEnd(series: ChannelSeries): number {
  return slotStart(series, series.values.length);
}

/** Index of the interval that contains `t`, or -1 outside the series. */
export function indexAt(series: ChannelSeries, t: number): number {
  const i = Math.floor((t - series.start) / intervalMs(series));
  return i >= 0 && i < series.values.length ? i : -1;
}

/** Throws `RangeError` when the arrays disagree in length or a value is not a safe integer. */
export function checkChannelSeries(series: ChannelSeries): ChannelSeries {
  const n = series.values.length;
  const s = series.intervalSeconds;
  if (!Number.isInteger(s) || s <= 0 || 86_400 % s !== 0) {
    throw new RangeError(`intervalSeconds must divide a day, got ${s}`);
  }
  if (series.quality.length !== n) {
    throw new RangeError(`Series ${series.meterId}: ${n} values but ${series.quality.length} quality flags`);
  }
  if (series.deviceStatus && series.deviceStatus.length !== n) {
    throw new RangeError(
      `Series ${series.meterId}: ${n} values but ${series.deviceStatus.length} status bytes`,
    );
  }
  series.values.forEach((v, i) => {
    if (v !== null && !Number.isSafeInteger(v)) {
      throw new RangeError(`Series ${series.meterId}: interval ${i} value ${v} is not a safe integer`);
    }
  });
  return series;
}

/** Which way energy flows in a channel, from OBIS value group C (1/3 import, 2/4 export, 16 net). */
export type FlowDirection = 'import' | 'export' | 'net' | 'other';

/** Direction of a channel named by its OBIS code ("1-0:2.8.0*255" is export). */
export function flowDirection(channel: ChannelCode): FlowDirection {
  const m = /^\d+-\d+:(\d+)\./.exec(channel) ?? /^\d+\.\d+\.(\d+)\./.exec(channel);
  const c = m ? Number(m[1]) : Number.NaN;
  if (c === 1 || c === 3 || c === 5 || c === 8) return 'import';
  if (c === 2 || c === 4 || c === 6 || c === 7) return 'export';
  if (c === 16) return 'net';
  return 'other';
}
