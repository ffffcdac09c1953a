/** `gridmeter mdm import`: a NEM12, interval CSV or SGSC file streamed through the Ingestor into a store. */
import { createReadStream } from 'node:fs';
import {
  InProcessBus,
  type IntervalBlock,
  type Meter,
  type MeterId,
  meterId,
  type ReadingStore,
} from '@gridmeter/domain';
import {
  Ingestor,
  type IngestStats,
  parseIntervalCsv,
  parseNem12,
  parseSgscCsv,
  splitLines,
} from '@gridmeter/mdm';
import { firstLineOf, formatOfFirstLine, type ImportFormat } from './detect.js';
import { MdmRunError } from './errors.js';

/** What to import and how. */
export interface ImportOptions {
  readonly file: string;
  /** Detected from the first line when absent. */
  readonly format?: ImportFormat;
  /** Offset of a NEM12 or SGSC file's local time from UTC; default the format's (600, NEM time). */
  readonly utcOffsetMinutes?: number;
  /** File id → meter id; ids not in it are stored as they are. */
  readonly meterMap?: ReadonlyMap<string, MeterId>;
  /** Intervals per store write; default 50,000. */
  readonly batchIntervals?: number;
}

/** What an import did. */
export interface ImportReport {
  readonly format: ImportFormat;
  readonly blocks: number;
  readonly stats: IngestStats;
  /** Meters the registry did not hold, added so `export --all` finds them. */
  readonly newMeters: number;
  readonly elapsedMs: number;
}

/** The format of `file`: `format` if given, else detected. Throws {@link MdmRunError} if unknown. */
export function resolveFormat(file: string, format: ImportFormat | undefined): ImportFormat {
  if (format !== undefined) return format;
  let first: string;
  try {
    first = firstLineOf(file);
  } catch (e) {
    throw new MdmRunError(`Cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const detected = formatOfFirstLine(first);
  if (detected === undefined) {
    throw new MdmRunError(
      `Cannot tell the format of ${file}: its first line is neither a NEM12 100 record, the interval CSV header nor the SGSC header (use --format)`,
    );
  }
  return detected;
}

function blocksOf(o: ImportOptions, format: ImportFormat): AsyncIterable<IntervalBlock> {
  const lines = splitLines(createReadStream(o.file));
  const map = o.meterMap;
  const mapped = (id: string): MeterId => map?.get(id) ?? meterId(id);
  const offset = o.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: o.utcOffsetMinutes };
  switch (format) {
    case 'nem12':
      return parseNem12(lines, { ...offset, ...(map ? { meterIdOf: (d) => mapped(d.nmi) } : {}) });
    case 'sgsc':
      return parseSgscCsv(lines, { ...offset, ...(map ? { meterIdOf: mapped } : {}) });
    case 'csv': {
      const run = parseIntervalCsv(lines);
      if (!map) return run;
      return (async function* () {
        for await (const b of run) yield { ...b, meterId: mapped(b.meterId) };
      })();
    }
  }
}

/**
 * Streams the file's blocks through an {@link Ingestor} (raw versions, idempotent: a re-import
 * stores nothing twice) and registers meters the registry lacks. At most three batches are held
 * at once. A malformed file throws the parser's `FileFormatError` after the blocks before the bad
 * line have been stored.
 */
export async function runImport(store: ReadingStore, o: ImportOptions): Promise<ImportReport> {
  const t0 = performance.now();
  const format = resolveFormat(o.file, o.format);
  const batchIntervals = o.batchIntervals ?? 50_000;
  const ingestor = new Ingestor({ store, bus: new InProcessBus(), batchIntervals, flushMs: 1_000 });
  const inFlight: Promise<void>[] = [];
  const meters = new Set<MeterId>();
  let pending: IntervalBlock[] = [];
  let pendingIntervals = 0;
  let blocks = 0;
  const send = async () => {
    if (pending.length === 0) return;
    inFlight.push(ingestor.ingestBlocks(pending));
    pending = [];
    pendingIntervals = 0;
    // Backpressure: the parser waits while two batches are being written.
    if (inFlight.length > 2) await inFlight.shift();
  };
  let parseError: unknown;
  try {
    for await (const b of blocksOf(o, format)) {
      blocks++;
      meters.add(b.meterId);
      pending.push(b);
      pendingIntervals += b.values.length;
      if (pendingIntervals >= batchIntervals) await send();
    }
  } catch (e) {
    parseError = e;
  }
  await send();
  await ingestor.flush();
  await Promise.all(inFlight);
  const newMeters = await registerMeters(store, meters);
  if (parseError !== undefined) throw parseError;
  return { format, blocks, stats: ingestor.stats, newMeters, elapsedMs: performance.now() - t0 };
}

/** Adds the meters the registry does not hold yet (medium electricity); returns how many. */
async function registerMeters(store: ReadingStore, ids: ReadonlySet<MeterId>): Promise<number> {
  if (ids.size === 0) return 0;
  const known = new Set((await store.readMeters([...ids])).map((m) => m.id));
  const added: Meter[] = [...ids].filter((id) => !known.has(id)).map((id) => ({ id, medium: 'electricity' }));
  if (added.length > 0) await store.upsertMeters(added);
  return added.length;
}
