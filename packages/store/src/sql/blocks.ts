import type {
  ChannelCode,
  IntervalBlock,
  IntervalValue,
  IntervalVersion,
  MeterId,
  ReadingKind,
  ReadingSource,
} from '@gridmeter/domain';
import type { Row } from './backend.js';
import { int, intOrNull, maybe } from './convert.js';

/** A stored `interval_version` row as a domain value. */
export function toIntervalVersion(r: Row): IntervalVersion {
  return {
    meterId: r.meter_id as MeterId,
    channel: r.channel as ChannelCode,
    start: int(r.interval_start),
    intervalSeconds: int(r.interval_seconds),
    unit: int(r.unit),
    version: int(r.version),
    kind: r.kind as ReadingKind,
    value: intOrNull(r.value),
    quality: int(r.quality),
    ...maybe('deviceStatus', intOrNull(r.device_status)),
    source: r.source as ReadingSource,
    changeId: String(r.change_id),
    recordedAt: int(r.recorded_at),
  };
}

/**
 * Groups versions (one per interval, ordered by start) into blocks of consecutive intervals with
 * the same unit, interval length and source.
 */
export function versionsToBlocks(rows: readonly IntervalVersion[]): IntervalBlock[] {
  const blocks: IntervalBlock[] = [];
  let cur: { head: IntervalVersion; values: IntervalValue[]; next: number } | undefined;
  const flush = () => {
    if (!cur) return;
    const h = cur.head;
    blocks.push({
      meterId: h.meterId,
      channel: h.channel,
      unit: h.unit,
      start: h.start,
      intervalSeconds: h.intervalSeconds,
      values: cur.values,
      source: h.source,
    });
  };
  for (const r of rows) {
    const fits =
      cur &&
      r.start === cur.next &&
      r.unit === cur.head.unit &&
      r.intervalSeconds === cur.head.intervalSeconds &&
      r.source === cur.head.source;
    if (!fits) {
      flush();
      cur = { head: r, values: [], next: r.start };
    }
    const c = cur!;
    c.values.push({ value: r.value, quality: r.quality, ...maybe('deviceStatus', r.deviceStatus) });
    c.next = r.start + r.intervalSeconds * 1000;
  }
  flush();
  return blocks;
}
