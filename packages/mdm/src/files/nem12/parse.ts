import {
  type ChannelCode,
  type IntervalBlock,
  type IntervalValue,
  type MeterId,
  meterId,
  type ReadingSource,
} from '@gridmeter/domain';
import { decimalToInteger } from '../decimal.js';
import { FileFormatError } from '../errors.js';
import { type ImportRun, importRun } from '../import-run.js';
import { type LineSource, linesOf } from '../lines.js';
import { isCompactDateTime, parseCompactDate } from '../time.js';
import {
  channelOfSuffix,
  INTERVAL_LENGTHS,
  QUALITY_METHOD,
  qualityOfFlag,
  RecordIndicator,
  UOMS,
} from './records.js';

/** NEM market time: AEST, UTC+10, no daylight saving (MDFF "Date and time"). */
export const NEM_UTC_OFFSET_MINUTES = 600;

/** The 100 header record. */
export interface Nem12Header {
  readonly versionHeader: string;
  /** File creation DateTime(12), "YYYYMMDDhhmm". */
  readonly dateTime: string;
  readonly fromParticipant: string;
  readonly toParticipant: string;
}

/** The fields of a 200 NMI data details record. */
export interface Nem12DataDetails {
  readonly nmi: string;
  readonly nmiConfiguration: string;
  readonly registerId: string;
  readonly nmiSuffix: string;
  readonly mdmDataStreamIdentifier: string;
  readonly meterSerialNumber: string;
  readonly uom: string;
  /** Minutes: 5, 15 or 30. */
  readonly intervalLength: number;
  readonly nextScheduledReadDate: string;
}

/** Options of {@link parseNem12}. */
export interface Nem12ParseOptions {
  /** Offset of the file's (DST-free) local time from UTC; default 600, NEM time. */
  readonly utcOffsetMinutes?: number;
  /** Meter id of a data stream; default the NMI. */
  readonly meterIdOf?: (details: Nem12DataDetails) => MeterId;
  /** Channel of a data stream; default {@link channelOfSuffix} of the NMI suffix. */
  readonly channelOf?: (details: Nem12DataDetails) => ChannelCode;
  /** Source of the blocks; default 'import'. */
  readonly source?: ReadingSource;
}

/** What a parse found; complete once iteration has finished. */
export interface Nem12Report {
  header: Nem12Header | undefined;
  /** 200 records. */
  nmiDataDetails: number;
  /** 300 records (one interval day each; one block each). */
  intervalDays: number;
  intervals: number;
  /** Intervals with quality N, yielded with value `null`. */
  nullIntervals: number;
  /** 400 records. */
  intervalEvents: number;
  /** 500 records (read, not interpreted). */
  b2bDetails: number;
}

/** A running NEM12 parse: iterate it once for the blocks; `report` fills as it goes. */
export type Nem12Parse = ImportRun<Nem12Report>;

type State = 'start' | '100' | '200' | '300' | '400' | '500' | '900';

// Which record may follow which (MDFF NEM12 blocking: 100 (200 (300 400* 500*)*)* 900).
const MAY_FOLLOW: Readonly<Record<string, readonly State[]>> = {
  [RecordIndicator.header]: ['start'],
  [RecordIndicator.nmiDataDetails]: ['100', '200', '300', '400', '500'],
  [RecordIndicator.intervalData]: ['200', '300', '400', '500'],
  [RecordIndicator.intervalEvent]: ['300', '400'],
  [RecordIndicator.b2bDetails]: ['300', '400', '500'],
  [RecordIndicator.end]: ['100', '200', '300', '400', '500'],
};

interface Stream {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  readonly unit: number;
  readonly exponent: number;
  readonly intervals: number;
  readonly intervalSeconds: number;
}

interface PendingDay {
  readonly line: number;
  readonly start: number;
  readonly values: (number | null)[];
  readonly flag: string;
  /** Per-interval MDFF quality flag from 400 records, when `flag` is V. */
  readonly eventFlags: (string | undefined)[] | undefined;
}

/**
 * Parses a NEM12 file (AEMO MDFF) into one {@link IntervalBlock} per 300 record, streaming:
 * only the current day is held. Values become exact integers of the DLMS unit (kWh → Wh);
 * a value finer than the unit (0.0001 kWh) is rejected, never rounded. Quality: A → 0,
 * E/F/S → estimated, N → missing with value `null`, V → per interval from the 400 records.
 * Throws {@link FileFormatError} naming the line and field of the first fault.
 *
 * @example
 * const parse = parseNem12(splitLines(createReadStream('nem12.csv')));
 * for await (const block of parse) await store.append(block);
 * console.log(parse.report.intervals);
 */
export function parseNem12(lines: LineSource, options: Nem12ParseOptions = {}): Nem12Parse {
  const report: Nem12Report = {
    header: undefined,
    nmiDataDetails: 0,
    intervalDays: 0,
    intervals: 0,
    nullIntervals: 0,
    intervalEvents: 0,
    b2bDetails: 0,
  };
  return importRun(report, () => run(lines, options, report));
}

async function* run(
  source: LineSource,
  options: Nem12ParseOptions,
  report: Nem12Report,
): AsyncGenerator<IntervalBlock> {
  const offset = options.utcOffsetMinutes ?? NEM_UTC_OFFSET_MINUTES;
  const origin = options.source ?? 'import';
  let state: State = 'start';
  let stream: Stream | undefined;
  let day: PendingDay | undefined;
  let lineNo = 0;
  const fail = (field: string, detail: string): never => {
    throw new FileFormatError('nem12', lineNo, field, detail);
  };

  const finishDay = (): IntervalBlock | undefined => {
    if (day === undefined || stream === undefined) return undefined;
    const d = day;
    day = undefined;
    const values: IntervalValue[] = new Array(d.values.length);
    for (let i = 0; i < d.values.length; i++) {
      const flag = d.eventFlags === undefined ? d.flag : d.eventFlags[i];
      if (flag === undefined) {
        throw new FileFormatError(
          'nem12',
          d.line,
          'QualityMethod',
          `V (variable) but no 400 record qualifies interval ${i + 1}`,
        );
      }
      const isNull = flag === 'N';
      if (isNull) report.nullIntervals++;
      values[i] = { value: isNull ? null : (d.values[i] ?? null), quality: qualityOfFlag(flag) };
    }
    report.intervals += values.length;
    return {
      meterId: stream.meterId,
      channel: stream.channel,
      unit: stream.unit,
      start: d.start,
      intervalSeconds: stream.intervalSeconds,
      values,
      source: origin,
    };
  };

  for await (const text of linesOf(source)) {
    lineNo++;
    if (text.trim() === '') continue;
    if (state === '900') fail('RecordIndicator', 'data after the 900 end record');
    const f = text.split(',');
    const indicator = f[0] ?? '';
    const allowed = MAY_FOLLOW[indicator];
    if (allowed === undefined) fail('RecordIndicator', `unknown record indicator "${indicator}"`);
    else if (!allowed.includes(state)) {
      fail(
        'RecordIndicator',
        state === 'start'
          ? `file must start with a 100 header record, found ${indicator}`
          : `record ${indicator} cannot follow record ${state}`,
      );
    }
    if (indicator !== RecordIndicator.intervalEvent) {
      const block = finishDay();
      if (block !== undefined) yield block;
    }
    switch (indicator) {
      case RecordIndicator.header:
        report.header = readHeader(f, fail);
        break;
      case RecordIndicator.nmiDataDetails: {
        const details = readDataDetails(f, fail);
        const uom = UOMS[details.uom.toLowerCase()];
        if (uom === undefined) fail('UOM', `unsupported unit of measure "${details.uom}"`);
        report.nmiDataDetails++;
        stream = {
          meterId: options.meterIdOf?.(details) ?? toMeterId(details.nmi, fail),
          channel: options.channelOf?.(details) ?? channelOfSuffix(details.nmiSuffix),
          unit: uom?.unit ?? 0,
          exponent: uom?.exponent ?? 0,
          intervals: 1440 / details.intervalLength,
          intervalSeconds: details.intervalLength * 60,
        };
        break;
      }
      case RecordIndicator.intervalData:
        day = readIntervalData(f, stream as Stream, offset, lineNo, fail);
        report.intervalDays++;
        break;
      case RecordIndicator.intervalEvent:
        readIntervalEvent(f, day as PendingDay, fail);
        report.intervalEvents++;
        break;
      case RecordIndicator.b2bDetails:
        report.b2bDetails++;
        break;
    }
    state = indicator as State;
  }
  if (state !== '900') {
    lineNo++;
    fail('RecordIndicator', state === 'start' ? 'empty file' : 'missing 900 end record');
  }
}

type Fail = (field: string, detail: string) => never;

function expectFields(f: readonly string[], count: number, record: string, fail: Fail): void {
  if (f.length !== count) {
    fail('RecordIndicator', `record ${record} has ${f.length} fields, expected ${count}`);
  }
}

function toMeterId(nmi: string, fail: Fail): MeterId {
  try {
    return meterId(nmi);
  } catch (e) {
    return fail('NMI', (e as Error).message);
  }
}

// MDFF 100 header: RecordIndicator, VersionHeader, DateTime(12), FromParticipant, ToParticipant.
function readHeader(f: readonly string[], fail: Fail): Nem12Header {
  expectFields(f, 5, '100', fail);
  const [, versionHeader = '', dateTime = '', fromParticipant = '', toParticipant = ''] = f;
  if (versionHeader !== 'NEM12') fail('VersionHeader', `expected NEM12, found "${versionHeader}"`);
  if (!isCompactDateTime(dateTime, 12)) fail('DateTime', `"${dateTime}" is not YYYYMMDDhhmm`);
  return { versionHeader, dateTime, fromParticipant, toParticipant };
}

// MDFF 200: RecordIndicator, NMI, NMIConfiguration, RegisterID, NMISuffix,
// MDMDataStreamIdentifier, MeterSerialNumber, UOM, IntervalLength, NextScheduledReadDate.
function readDataDetails(f: readonly string[], fail: Fail): Nem12DataDetails {
  expectFields(f, 10, '200', fail);
  const [, nmi = '', nmiConfiguration = '', registerId = '', nmiSuffix = ''] = f;
  const [mdmDataStreamIdentifier = '', meterSerialNumber = '', uom = '', length = ''] = f.slice(5);
  const nextScheduledReadDate = f[9] ?? '';
  if (!/^[A-Z0-9]{10}$/i.test(nmi)) fail('NMI', `"${nmi}" is not 10 letters or digits`);
  if (!/^[A-Z0-9]{2}$/i.test(nmiSuffix)) fail('NMISuffix', `"${nmiSuffix}" is not 2 characters`);
  const intervalLength = Number(length);
  if (!(INTERVAL_LENGTHS as readonly number[]).includes(intervalLength) || !/^\d+$/.test(length)) {
    fail('IntervalLength', `"${length}" is not one of ${INTERVAL_LENGTHS.join(', ')} minutes`);
  }
  if (nextScheduledReadDate !== '' && !/^\d{8}$/.test(nextScheduledReadDate)) {
    fail('NextScheduledReadDate', `"${nextScheduledReadDate}" is not YYYYMMDD`);
  }
  return {
    nmi,
    nmiConfiguration,
    registerId,
    nmiSuffix,
    mdmDataStreamIdentifier,
    meterSerialNumber,
    uom,
    intervalLength,
    nextScheduledReadDate,
  };
}

// MDFF 300: RecordIndicator, IntervalDate, IntervalValue1..n (n = 1440 / IntervalLength),
// QualityMethod, ReasonCode, ReasonDescription, UpdateDateTime(14), MSATSLoadDateTime(14).
function readIntervalData(
  f: readonly string[],
  stream: Stream,
  offset: number,
  line: number,
  fail: Fail,
): PendingDay {
  const n = stream.intervals;
  if (f.length !== n + 7) {
    fail(
      'IntervalValue',
      `expected ${n} interval values for ${stream.intervalSeconds / 60}-minute intervals, found ${Math.max(0, f.length - 7)}`,
    );
  }
  const date = f[1] ?? '';
  const start = parseCompactDate(date, offset);
  if (start === undefined) fail('IntervalDate', `"${date}" is not a valid YYYYMMDD date`);
  const values: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const text = f[i + 2] ?? '';
    const v = decimalToInteger(text, stream.exponent);
    if (v === undefined) {
      fail(
        `IntervalValue${i + 1}`,
        `"${text}" is not a decimal exact to 10^-${stream.exponent} of the UOM (no rounding)`,
      );
    }
    values[i] = v as number;
  }
  const [qualityMethod = '', reasonCode = '', , updateDateTime = '', msatsLoad = ''] = f.slice(n + 2);
  checkQualityMethod(qualityMethod, 'QualityMethod', true, fail);
  checkReasonCode(reasonCode, fail);
  if (updateDateTime !== '' && !isCompactDateTime(updateDateTime, 14)) {
    fail('UpdateDateTime', `"${updateDateTime}" is not YYYYMMDDhhmmss`);
  }
  if (msatsLoad !== '' && !isCompactDateTime(msatsLoad, 14)) {
    fail('MSATSLoadDateTime', `"${msatsLoad}" is not YYYYMMDDhhmmss`);
  }
  const flag = qualityMethod.charAt(0);
  return {
    line,
    start: start as number,
    values,
    flag,
    eventFlags: flag === 'V' ? new Array<string | undefined>(n).fill(undefined) : undefined,
  };
}

// MDFF 400: RecordIndicator, StartInterval, EndInterval, QualityMethod, ReasonCode,
// ReasonDescription. Only after a 300 whose QualityMethod is V; V itself is not allowed here.
function readIntervalEvent(f: readonly string[], day: PendingDay, fail: Fail): void {
  expectFields(f, 6, '400', fail);
  const flags =
    day.eventFlags ?? fail('RecordIndicator', `400 record after a 300 with QualityMethod ${day.flag}, not V`);
  const n = flags.length;
  const [, startText = '', endText = '', qualityMethod = '', reasonCode = ''] = f;
  const first = /^\d+$/.test(startText) ? Number(startText) : 0;
  const last = /^\d+$/.test(endText) ? Number(endText) : 0;
  if (first < 1 || first > n) fail('StartInterval', `"${startText}" is outside intervals 1..${n}`);
  if (last < first || last > n) {
    fail('EndInterval', `"${endText}" is outside intervals ${first}..${n} of the day`);
  }
  checkQualityMethod(qualityMethod, 'QualityMethod', false, fail);
  checkReasonCode(reasonCode, fail);
  for (let i = first - 1; i < last; i++) {
    if (flags[i] !== undefined) fail('StartInterval', `interval ${i + 1} already qualified`);
    flags[i] = qualityMethod.charAt(0);
  }
}

function checkQualityMethod(text: string, field: string, allowV: boolean, fail: Fail): void {
  if (!QUALITY_METHOD.test(text) || (!allowV && text === 'V')) {
    fail(field, `unknown quality method "${text}"`);
  }
}

// MDFF ReasonCode: Numeric(3), blank when not required.
function checkReasonCode(text: string, fail: Fail): void {
  if (text !== '' && !/^\d{1,3}$/.test(text)) fail('ReasonCode', `"${text}" is not a number`);
}
