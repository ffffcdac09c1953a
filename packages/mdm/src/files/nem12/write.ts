import { hasQuality, type IntervalBlock, type QualityFlags } from '@gridmeter/domain';
import { integerToDecimal } from '../decimal.js';
import { formatCompact, localDayStart } from '../time.js';
import type { Nem12DataDetails } from './parse.js';
import { NEM_UTC_OFFSET_MINUTES } from './parse.js';
import { INTERVAL_LENGTHS, suffixOfChannel, UOM_OF_UNIT } from './records.js';

/** Options of {@link writeNem12}. */
export interface Nem12WriteOptions {
  /** Offset of the file's local time from UTC; default 600, NEM time. */
  readonly utcOffsetMinutes?: number;
  readonly fromParticipant?: string;
  readonly toParticipant?: string;
  /** Epoch ms written as the 100 DateTime and the 300 UpdateDateTime; default now. */
  readonly createdAt?: number;
  /** Quality method written for `estimated` values; default "S" (substituted). */
  readonly estimatedQualityMethod?: string;
  /** 200 fields for a block's stream; default NMI = meter id, suffix from the channel. */
  readonly detailsOf?: (block: IntervalBlock) => Partial<Nem12DataDetails>;
}

interface Day {
  start: number;
  values: (number | null)[];
  flags: string[];
}

/**
 * Writes interval blocks as NEM12 lines (join with "\n" for the file), streaming: only one
 * day is held. Consecutive blocks of one meter, channel, unit and interval share a 200 record;
 * each local day becomes a 300 record, intervals the blocks do not cover are written as N
 * (null). Quality: `missing` → N, `estimated` → S (or `estimatedQualityMethod`), anything
 * else → A; a day of mixed quality is V with 400 records. Flags NEM12 cannot carry (edited,
 * suspect…) are not written.
 *
 * @example await pipeline(Readable.from(writeNem12(blocks)).map((l) => `${l}\n`), createWriteStream(path));
 */
export async function* writeNem12(
  blocks: Iterable<IntervalBlock> | AsyncIterable<IntervalBlock>,
  options: Nem12WriteOptions = {},
): AsyncGenerator<string> {
  const offset = options.utcOffsetMinutes ?? NEM_UTC_OFFSET_MINUTES;
  const createdAt = options.createdAt ?? Date.now();
  const updated = formatCompact(createdAt, offset, 14);
  const estimated = options.estimatedQualityMethod ?? 'S';
  const qualityOf = (value: number | null, q: QualityFlags): string =>
    value === null || hasQuality(q, 'missing') ? 'N' : hasQuality(q, 'estimated') ? estimated : 'A';

  yield `100,NEM12,${formatCompact(createdAt, offset, 12)},${options.fromParticipant ?? 'GRIDMETER'},${options.toParticipant ?? ''}`;
  let key = '';
  let exponent = 3;
  let perDay = 0;
  let stepMs = 0;
  let day: Day | undefined;
  const flush = function* (): Generator<string> {
    if (day === undefined) return;
    yield* dayRecords(day, exponent, updated, offset);
    day = undefined;
  };
  for await (const block of blocks) {
    const uom = UOM_OF_UNIT[block.unit];
    if (uom === undefined) throw new RangeError(`Unit ${block.unit} has no NEM12 UOM`);
    const minutes = block.intervalSeconds / 60;
    if (!(INTERVAL_LENGTHS as readonly number[]).includes(minutes)) {
      throw new RangeError(`Interval ${block.intervalSeconds}s is not a NEM12 interval length`);
    }
    const blockKey = `${block.meterId}\n${block.channel}\n${block.unit}\n${block.intervalSeconds}`;
    if (blockKey !== key) {
      yield* flush();
      key = blockKey;
      exponent = uom.exponent;
      perDay = 1440 / minutes;
      stepMs = block.intervalSeconds * 1000;
      yield dataDetails(block, uom.uom, minutes, options);
    }
    for (let i = 0; i < block.values.length; i++) {
      const v = block.values[i] as IntervalBlock['values'][number];
      const t = block.start + i * stepMs;
      const dayStart = localDayStart(t, offset);
      if (day === undefined || day.start !== dayStart) {
        yield* flush();
        day = {
          start: dayStart,
          values: new Array<number | null>(perDay).fill(null),
          flags: new Array<string>(perDay).fill('N'),
        };
      }
      const index = (t - dayStart) / stepMs;
      day.values[index] = v.value;
      day.flags[index] = qualityOf(v.value, v.quality);
    }
  }
  yield* flush();
  yield '900';
}

function dataDetails(block: IntervalBlock, uom: string, minutes: number, options: Nem12WriteOptions): string {
  const d = options.detailsOf?.(block) ?? {};
  const suffix = d.nmiSuffix ?? suffixOfChannel(block.channel);
  if (suffix === undefined) {
    throw new RangeError(`Channel ${block.channel} has no NMI suffix; pass detailsOf`);
  }
  return [
    '200',
    d.nmi ?? block.meterId,
    d.nmiConfiguration ?? suffix,
    d.registerId ?? '',
    suffix,
    d.mdmDataStreamIdentifier ?? suffix,
    d.meterSerialNumber ?? '',
    d.uom ?? uom,
    minutes,
    d.nextScheduledReadDate ?? '',
  ].join(',');
}

function* dayRecords(day: Day, exponent: number, updated: string, offset: number): Generator<string> {
  const values = day.values.map((v) =>
    v === null ? integerToDecimal(0, exponent) : integerToDecimal(v, exponent),
  );
  const first = day.flags[0] as string;
  const uniform = day.flags.every((f) => f === first);
  const date = formatCompact(day.start, offset, 8);
  yield `300,${date},${values.join(',')},${uniform ? first : 'V'},,,${updated},`;
  if (uniform) return;
  // MDFF 400: one record per run of intervals sharing a quality method, 1-based and inclusive.
  let runStart = 0;
  for (let i = 1; i <= day.flags.length; i++) {
    if (i === day.flags.length || day.flags[i] !== day.flags[runStart]) {
      yield `400,${runStart + 1},${i},${day.flags[runStart]},,`;
      runStart = i;
    }
  }
}
