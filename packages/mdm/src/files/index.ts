export type { IntervalRow } from './csv/blocks.js';
export {
  INTERVAL_CSV_HEADER,
  type IntervalCsvOptions,
  type IntervalCsvReport,
  parseIntervalCsv,
  parseIsoInstant,
  writeIntervalCsv,
} from './csv/interval-csv.js';
export { parseSgscCsv, SGSC_CSV_HEADER, type SgscCsvOptions, type SgscCsvReport } from './csv/sgsc.js';
export { decimalToInteger, integerToDecimal } from './decimal.js';
export { type FileFormat, FileFormatError } from './errors.js';
export type { ImportRun } from './import-run.js';
export { type LineSource, linesOf, splitLines } from './lines.js';
export {
  NEM_UTC_OFFSET_MINUTES,
  type Nem12DataDetails,
  type Nem12Header,
  type Nem12Parse,
  type Nem12ParseOptions,
  type Nem12Report,
  parseNem12,
} from './nem12/parse.js';
export { channelOfSuffix, suffixOfChannel } from './nem12/records.js';
export { type Nem12WriteOptions, writeNem12 } from './nem12/write.js';
export { PARQUET_COLUMNS, type ParquetWriteOptions, writeParquet } from './parquet/write.js';
