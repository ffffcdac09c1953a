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

/**
 * Blocks of the latest versions from the columns of `meterVersionsSql` (ordered by meter
 * position, start, version): the last row of each (meter, start) is the latest version; runs of
 * consecutive intervals with the same unit, length and source make one block, as in
 * {@link versionsToBlocks}.
 */
export function meterVersionColumnsToBlocks(
  columns: readonly unknown[][],
  meterIds: readonly MeterId[],
  channel: ChannelCode,
  sources: readonly ReadingSource[],
): IntervalBlock[] {
  const [m, s, , v, q, ds, unit, secs, src] = columns as [
    number[],
    number[],
    unknown,
    (number | null)[],
    number[],
    (number | null)[],
    number[],
    number[],
    number[],
  ];
  const blocks: IntervalBlock[] = [];
  const n = m?.length ?? 0; // DuckDB gives no columns for an empty result
  let values: IntervalValue[] = [];
  let head = -1;
  let next = Number.NaN;
  const flush = () => {
    if (head < 0) return;
    blocks.push({
      meterId: meterIds[m[head]!]!,
      channel,
      unit: unit[head]!,
      start: s[head]!,
      intervalSeconds: secs[head]!,
      values,
      source: sources[src[head]!]!,
    });
  };
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && m[i + 1] === m[i] && s[i + 1] === s[i]) continue; // a later version follows
    if (src[i]! < 0) throw new RangeError(`Stored interval at ${s[i]} has an unknown reading source`);
    const value = v[i]!;
    if (value !== null && !Number.isSafeInteger(value))
      throw new RangeError(`Stored integer ${value} is not a safe integer`);
    const fits =
      head >= 0 &&
      m[i] === m[head] &&
      s[i] === next &&
      unit[i] === unit[head] &&
      secs[i] === secs[head] &&
      src[i] === src[head];
    if (!fits) {
      flush();
      head = i;
      values = [];
    }
    const status = ds[i];
    values.push(
      status === null || status === undefined
        ? { value, quality: q[i]! }
        : { value, quality: q[i]!, deviceStatus: status },
    );
    next = s[i]! + secs[i]! * 1000;
  }
  flush();
  return blocks;
}
