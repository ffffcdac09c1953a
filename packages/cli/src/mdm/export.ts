/** `gridmeter mdm export`: the latest interval versions of a range, written to a file as it is read. */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ChannelCode, IntervalBlock, MeterId, ReadingStore } from '@gridmeter/domain';
import { writeIntervalCsv, writeNem12, writeParquet } from '@gridmeter/mdm';

/** The formats `gridmeter mdm export` writes. */
export type ExportFormat = 'csv' | 'parquet' | 'nem12';

/** What to export. */
export interface ExportOptions {
  /** One meter, or every meter in the registry when absent. */
  readonly meterId?: MeterId;
  readonly channel: ChannelCode;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
  readonly format: ExportFormat;
  readonly out: string;
  /** NEM12 local time, minutes east of UTC; default 600 (NEM time). */
  readonly utcOffsetMinutes?: number;
}

/** What an export wrote. */
export interface ExportReport {
  readonly meters: number;
  readonly intervals: number;
  readonly elapsedMs: number;
}

/** One read covers at most this much time, so a long range is never held whole. */
const WINDOW_MS = 31 * 86_400_000;

/** Latest versions of each meter's channel in `[from, to)`, read one meter and one month at a time. */
async function* latestBlocks(
  store: ReadingStore,
  meters: readonly MeterId[],
  o: ExportOptions,
  seen: { meters: number; intervals: number },
): AsyncGenerator<IntervalBlock> {
  for (const meterId of meters) {
    let any = false;
    for (let from = o.from; from < o.to; from += WINDOW_MS) {
      const to = Math.min(o.to, from + WINDOW_MS);
      for (const b of await store.readIntervals({ meterId, channel: o.channel, from, to })) {
        any = true;
        seen.intervals += b.values.length;
        yield b;
      }
    }
    if (any) seen.meters++;
  }
}

/** Text lines joined with "\n" into chunks of about 64 KiB. */
async function* chunked(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let buf = '';
  for await (const l of lines) {
    buf += `${l}\n`;
    if (buf.length >= 65_536) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}

/**
 * Writes the latest version (value and quality) of every stored interval of the meter (or every
 * registered meter) and channel in `[from, to)` to `out`, streaming from the store to the file.
 */
export async function runExport(store: ReadingStore, o: ExportOptions): Promise<ExportReport> {
  const t0 = performance.now();
  const meters = o.meterId !== undefined ? [o.meterId] : (await store.readMeters()).map((m) => m.id).sort();
  const seen = { meters: 0, intervals: 0 };
  const blocks = latestBlocks(store, meters, o, seen);
  const body: AsyncIterable<string | Uint8Array> =
    o.format === 'parquet'
      ? writeParquet(blocks)
      : chunked(
          o.format === 'csv'
            ? writeIntervalCsv(blocks)
            : writeNem12(
                blocks,
                o.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: o.utcOffsetMinutes },
              ),
        );
  await pipeline(Readable.from(body), createWriteStream(o.out));
  return { ...seen, elapsedMs: performance.now() - t0 };
}
