import {
  checkQuality,
  type IntervalBlock,
  intervalStart,
  meterId,
  QualityFlag,
  type QualityFlagName,
  qualityNames,
  type ReadingSource,
  Unit,
  unitSymbol,
} from '@gridmeter/domain';
import { FileFormatError } from '../errors.js';
import { type ImportRun, importRun } from '../import-run.js';
import { type LineSource, linesOf } from '../lines.js';
import { wallClockToEpoch } from '../time.js';
import { BlockBuilder } from './blocks.js';
import { csvField, splitCsvLine } from './fields.js';

/**
 * The header of the Gridmeter interval CSV: one interval per row.
 * - `meter_id`: a MeterId; `channel`: the channel code (OBIS display string);
 * - `interval_start`: ISO 8601 with "Z" or an offset, the start of the interval;
 * - `interval_seconds`: the interval length, dividing a day;
 * - `value`: integer amount in `unit` for the interval, empty when missing;
 * - `unit`: the unit symbol ("Wh", "varh") or the DLMS unit code as a number;
 * - `quality`: QualityFlag names joined by "|" ("estimated|powerOutage"), empty for none.
 */
export const INTERVAL_CSV_HEADER = 'meter_id,channel,interval_start,interval_seconds,value,unit,quality';

/** Options of {@link parseIntervalCsv}. */
export interface IntervalCsvOptions {
  /** Source of the blocks; default 'import'. */
  readonly source?: ReadingSource;
  /** Most values per yielded block; default 2880. */
  readonly maxBlockValues?: number;
}

/** What an interval CSV import found; complete once iteration has finished. */
export interface IntervalCsvReport {
  rows: number;
  blocks: number;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Epoch ms of an ISO 8601 date-time with "Z" or an offset, or `undefined`. */
export function parseIsoInstant(text: string): number | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (n(9) * 60 + n(10));
  const t = wallClockToEpoch(n(1), n(2), n(3), n(4), n(5), n(6), offset);
  return t === undefined ? undefined : t + Number((m[7] ?? '').padEnd(3, '0'));
}

const SYMBOL_TO_UNIT = new Map<string, number>();
for (const code of Object.values(Unit)) {
  const symbol = unitSymbol(code);
  if (symbol !== '' && !SYMBOL_TO_UNIT.has(symbol)) SYMBOL_TO_UNIT.set(symbol, code);
}

function unitText(code: number): string {
  const symbol = unitSymbol(code);
  return SYMBOL_TO_UNIT.get(symbol) === code ? symbol : String(code);
}

/**
 * Parses the interval CSV ({@link INTERVAL_CSV_HEADER}) into blocks, streaming: consecutive
 * rows of one meter, channel, unit and interval length with contiguous starts form a block.
 * Throws {@link FileFormatError} naming the line and column of the first fault.
 *
 * @example for await (const block of parseIntervalCsv(splitLines(createReadStream(path)))) …
 */
export function parseIntervalCsv(
  lines: LineSource,
  options: IntervalCsvOptions = {},
): ImportRun<IntervalCsvReport> {
  const report: IntervalCsvReport = { rows: 0, blocks: 0 };
  return importRun(report, async function* () {
    const builder = new BlockBuilder(options.source ?? 'import', options.maxBlockValues ?? 2880);
    let lineNo = 0;
    const fail = (field: string, detail: string): never => {
      throw new FileFormatError('interval-csv', lineNo, field, detail);
    };
    for await (const line of linesOf(lines)) {
      lineNo++;
      if (lineNo === 1) {
        if (line.replace(/^\uFEFF/, '').trim() !== INTERVAL_CSV_HEADER) {
          fail('header', `expected "${INTERVAL_CSV_HEADER}"`);
        }
        continue;
      }
      if (line.trim() === '') continue;
      const f = splitCsvLine(line);
      if (f === undefined) fail('line', 'unterminated quoted field');
      else if (f.length !== 7) fail('line', `${f.length} fields, expected 7`);
      const [id = '', channel = '', startText = '', secondsText = ''] = f as string[];
      const [valueText = '', unitField = '', qualityText = ''] = (f as string[]).slice(4);
      let meter: ReturnType<typeof meterId> | undefined;
      try {
        meter = meterId(id);
      } catch (e) {
        fail('meter_id', (e as Error).message);
      }
      if (channel === '') fail('channel', 'empty');
      const seconds = /^\d+$/.test(secondsText) ? Number(secondsText) : 0;
      if (seconds <= 0 || 86_400 % seconds !== 0) {
        fail('interval_seconds', `"${secondsText}" does not divide a day`);
      }
      const start = parseIsoInstant(startText);
      if (start === undefined) fail('interval_start', `"${startText}" is not an ISO 8601 instant`);
      else if (start % (seconds * 1000) !== 0) {
        fail('interval_start', `${startText} is not aligned to ${seconds}s intervals`);
      }
      let value: number | null = null;
      if (valueText !== '') {
        value = /^-?\d+$/.test(valueText) ? Number(valueText) : Number.NaN;
        if (!Number.isSafeInteger(value)) fail('value', `"${valueText}" is not an integer`);
      }
      const unit = /^\d+$/.test(unitField) ? Number(unitField) : SYMBOL_TO_UNIT.get(unitField);
      if (unit === undefined || unit > 255) fail('unit', `unknown unit "${unitField}"`);
      let quality = 0;
      for (const name of qualityText === '' ? [] : qualityText.split('|')) {
        const bit = QualityFlag[name as QualityFlagName] as number | undefined;
        if (bit === undefined || !Object.hasOwn(QualityFlag, name)) {
          fail('quality', `unknown quality flag "${name}"`);
        }
        quality |= bit as number;
      }
      report.rows++;
      const closed = builder.add({
        meterId: meter as ReturnType<typeof meterId>,
        channel,
        unit: unit as number,
        start: start as number,
        intervalSeconds: seconds,
        value: { value, quality: checkQuality(quality) },
      });
      if (closed !== undefined) {
        report.blocks++;
        yield closed;
      }
    }
    if (lineNo === 0) {
      lineNo = 1;
      fail('header', 'empty file');
    }
    const last = builder.close();
    if (last !== undefined) {
      report.blocks++;
      yield last;
    }
  });
}

/**
 * Writes blocks as interval CSV lines, header first ({@link INTERVAL_CSV_HEADER}); join with
 * "\n" for the file. `interval_start` is written in UTC ("2013-01-01T00:00:00.000Z").
 */
export async function* writeIntervalCsv(
  blocks: Iterable<IntervalBlock> | AsyncIterable<IntervalBlock>,
): AsyncGenerator<string> {
  yield INTERVAL_CSV_HEADER;
  for await (const block of blocks) {
    const prefix = `${csvField(block.meterId)},${csvField(block.channel)},`;
    const unit = unitText(block.unit);
    for (let i = 0; i < block.values.length; i++) {
      const v = block.values[i] as IntervalBlock['values'][number];
      const start = new Date(intervalStart(block, i)).toISOString();
      const value = v.value === null ? '' : String(v.value);
      yield `${prefix}${start},${block.intervalSeconds},${value},${unit},${qualityNames(v.quality).join('|')}`;
    }
  }
}
