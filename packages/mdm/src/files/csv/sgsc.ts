import {
  type ChannelCode,
  type MeterId,
  meterId,
  QualityFlag,
  type ReadingSource,
  Unit,
} from '@gridmeter/domain';
import { decimalToInteger } from '../decimal.js';
import { FileFormatError } from '../errors.js';
import { type ImportRun, importRun } from '../import-run.js';
import { type LineSource, linesOf } from '../lines.js';
import { wallClockToEpoch } from '../time.js';
import { BlockBuilder } from './blocks.js';

/** Header of the Smart Grid Smart City (data.gov.au) half-hourly readings CSV. */
export const SGSC_CSV_HEADER = 'customer_id,reading_datetime,general_supply_kwh';

/** Options of {@link parseSgscCsv}. */
export interface SgscCsvOptions {
  /** Meter id of a customer: a map (unmapped customers are an error) or a function; default the id itself. */
  readonly meterIdOf?: ReadonlyMap<string, MeterId> | ((customerId: string) => MeterId);
  /** Offset from UTC of the wall-clock `reading_datetime`; default 600 (AEST, no DST). */
  readonly utcOffsetMinutes?: number;
  /** Default 1800 (half-hourly). */
  readonly intervalSeconds?: number;
  /** Default "1-0:1.8.0*255" (active energy import). */
  readonly channel?: ChannelCode;
  readonly source?: ReadingSource;
  /** Most values per yielded block; default 1488 (31 days of half hours). */
  readonly maxBlockValues?: number;
}

/** What an SGSC import found; complete once iteration has finished. */
export interface SgscCsvReport {
  rows: number;
  blocks: number;
  /** Sum of all values, Wh. */
  totalWh: number;
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})Z?$/;

/**
 * Parses the SGSC CSV (`customer_id,reading_datetime,general_supply_kwh`) into Wh blocks,
 * streaming. `reading_datetime` is taken as the wall-clock start of the interval in a fixed
 * offset; kWh with up to three decimals become exact Wh (finer values are rejected).
 * Throws {@link FileFormatError} naming the line and column of the first fault.
 *
 * @example parseSgscCsv(splitLines(createReadStream(path)), { meterIdOf: (c) => meterId(`SGSC-${c}`) })
 */
export function parseSgscCsv(lines: LineSource, options: SgscCsvOptions = {}): ImportRun<SgscCsvReport> {
  const report: SgscCsvReport = { rows: 0, blocks: 0, totalWh: 0 };
  const seconds = options.intervalSeconds ?? 1800;
  const offset = options.utcOffsetMinutes ?? 600;
  const channel = options.channel ?? '1-0:1.8.0*255';
  const mapping = options.meterIdOf;
  return importRun(report, async function* () {
    const builder = new BlockBuilder(options.source ?? 'import', options.maxBlockValues ?? 1488);
    const ids = new Map<string, MeterId>();
    let lineNo = 0;
    const fail = (field: string, detail: string): never => {
      throw new FileFormatError('sgsc-csv', lineNo, field, detail);
    };
    const idOf = (customer: string): MeterId => {
      const known = ids.get(customer);
      if (known !== undefined) return known;
      let id: MeterId | undefined;
      try {
        id =
          mapping === undefined
            ? meterId(customer)
            : typeof mapping === 'function'
              ? mapping(customer)
              : mapping.get(customer);
      } catch (e) {
        fail('customer_id', (e as Error).message);
      }
      if (id === undefined) return fail('customer_id', `no meter id mapped for "${customer}"`);
      ids.set(customer, id);
      return id;
    };
    for await (const line of linesOf(lines)) {
      lineNo++;
      if (lineNo === 1) {
        if (line.replace(/^\uFEFF/, '').trim() !== SGSC_CSV_HEADER)
          fail('header', `expected "${SGSC_CSV_HEADER}"`);
        continue;
      }
      if (line.trim() === '') continue;
      const f = line.split(',');
      if (f.length !== 3) fail('line', `${f.length} fields, expected 3`);
      const [customer = '', datetime = '', kwh = ''] = f;
      const m = DATETIME.exec(datetime);
      const n = (i: number) => Number(m?.[i]);
      const start = m === null ? undefined : wallClockToEpoch(n(1), n(2), n(3), n(4), n(5), n(6), offset);
      if (start === undefined) fail('reading_datetime', `"${datetime}" is not YYYY-MM-DD hh:mm:ss`);
      else if (start % (seconds * 1000) !== 0) {
        fail('reading_datetime', `${datetime} is not aligned to ${seconds}s intervals`);
      }
      const wh = kwh === '' ? null : decimalToInteger(kwh, 3);
      if (wh === undefined) fail('general_supply_kwh', `"${kwh}" is not a kWh decimal exact to 1 Wh`);
      report.rows++;
      report.totalWh += wh ?? 0;
      const closed = builder.add({
        meterId: idOf(customer),
        channel,
        unit: Unit.Wh,
        start: start as number,
        intervalSeconds: seconds,
        value: { value: wh as number | null, quality: wh === null ? QualityFlag.missing : 0 },
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
