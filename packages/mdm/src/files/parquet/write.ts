import { gzipSync } from 'node:zlib';
import { type IntervalBlock, intervalStart } from '@gridmeter/domain';
import { ByteSink } from './bytes.js';
import { CompactType, encodeStruct, type ThriftStruct, type ThriftValue } from './thrift.js';

// Parquet format (apache/parquet-format, parquet.thrift) enumerations used here.
const PhysicalType = { INT32: 1, INT64: 2, BYTE_ARRAY: 6 } as const;
const Repetition = { REQUIRED: 0, OPTIONAL: 1 } as const;
const ConvertedType = { UTF8: 0, TIMESTAMP_MILLIS: 9 } as const;
const Encoding = { PLAIN: 0, RLE: 3 } as const;
const Codec = { UNCOMPRESSED: 0, GZIP: 2 } as const;
const DATA_PAGE = 0;
const MAGIC = new TextEncoder().encode('PAR1');

/** Options of {@link writeParquet}. */
export interface ParquetWriteOptions {
  /** Rows per row group (one data page per column per group); default 100 000. */
  readonly rowGroupRows?: number;
  /** Page compression; default 'gzip' (node:zlib). */
  readonly compression?: 'gzip' | 'uncompressed';
  /** `version_kind` of a block's rows; default from its source: raw, estimated or edited. */
  readonly versionKindOf?: (block: IntervalBlock) => string;
}

interface Column {
  readonly name: string;
  readonly type: number;
  readonly optional: boolean;
  readonly converted?: number;
  /** LogicalType union member: field id and its struct. */
  readonly logical?: readonly [number, ThriftStruct];
}

/**
 * The interval export schema: one row per interval. `interval_start` is a UTC timestamp in
 * milliseconds; `value` is null for a missing interval; `quality` is the QualityFlags bitset.
 */
export const PARQUET_COLUMNS: readonly Column[] = [
  {
    name: 'meter_id',
    type: PhysicalType.BYTE_ARRAY,
    optional: false,
    converted: ConvertedType.UTF8,
    logical: [1, []],
  },
  {
    name: 'channel',
    type: PhysicalType.BYTE_ARRAY,
    optional: false,
    converted: ConvertedType.UTF8,
    logical: [1, []],
  },
  {
    name: 'interval_start',
    type: PhysicalType.INT64,
    optional: false,
    converted: ConvertedType.TIMESTAMP_MILLIS,
    // LogicalType.TIMESTAMP (8) { isAdjustedToUTC: true, unit: TimeUnit.MILLIS (1) }.
    logical: [
      8,
      [
        [1, { bool: true }],
        [2, { struct: [[1, { struct: [] }]] }],
      ],
    ],
  },
  { name: 'interval_seconds', type: PhysicalType.INT32, optional: false },
  { name: 'value', type: PhysicalType.INT64, optional: true },
  { name: 'quality', type: PhysicalType.INT32, optional: false },
  {
    name: 'version_kind',
    type: PhysicalType.BYTE_ARRAY,
    optional: false,
    converted: ConvertedType.UTF8,
    logical: [1, []],
  },
];

const encoder = new TextEncoder();

function defaultVersionKind(block: IntervalBlock): string {
  return block.source === 'estimation' ? 'estimated' : block.source === 'edit' ? 'edited' : 'raw';
}

class RowGroup {
  readonly meterIds: string[] = [];
  readonly channels: string[] = [];
  readonly starts: number[] = [];
  readonly seconds: number[] = [];
  readonly values: (number | null)[] = [];
  readonly qualities: number[] = [];
  readonly kinds: string[] = [];
  get rows(): number {
    return this.starts.length;
  }
}

/**
 * Writes blocks as a Parquet file (format version 1, PLAIN values, RLE/bit-packed definition
 * levels, optional GZIP), streaming: yields the file in chunks, holding one row group at a
 * time. Columns: {@link PARQUET_COLUMNS}.
 *
 * @example await pipeline(Readable.from(writeParquet(blocks)), createWriteStream('out.parquet'));
 */
export async function* writeParquet(
  blocks: Iterable<IntervalBlock> | AsyncIterable<IntervalBlock>,
  options: ParquetWriteOptions = {},
): AsyncGenerator<Uint8Array> {
  const maxRows = options.rowGroupRows ?? 100_000;
  const codec = options.compression === 'uncompressed' ? Codec.UNCOMPRESSED : Codec.GZIP;
  const kindOf = options.versionKindOf ?? defaultVersionKind;
  const groups: ThriftValue[] = [];
  let offset = MAGIC.length;
  let totalRows = 0;
  yield MAGIC;
  let group = new RowGroup();
  const flush = (): Uint8Array[] => {
    if (group.rows === 0) return [];
    const { chunks, meta } = encodeRowGroup(group, offset, codec);
    for (const c of chunks) offset += c.length;
    totalRows += group.rows;
    groups.push({ struct: meta });
    group = new RowGroup();
    return chunks;
  };
  for await (const block of blocks) {
    const kind = kindOf(block);
    for (let i = 0; i < block.values.length; i++) {
      const v = block.values[i] as IntervalBlock['values'][number];
      group.meterIds.push(block.meterId);
      group.channels.push(block.channel);
      group.starts.push(intervalStart(block, i));
      group.seconds.push(block.intervalSeconds);
      group.values.push(v.value);
      group.qualities.push(v.quality);
      group.kinds.push(kind);
      if (group.rows >= maxRows) yield* flush();
    }
  }
  yield* flush();
  const footer = encodeStruct([
    [1, { i32: 1 }],
    [2, { type: CompactType.struct, list: schemaElements() }],
    [3, { i64: totalRows }],
    [4, { type: CompactType.struct, list: groups }],
    [6, { binary: 'gridmeter mdm' }],
  ]);
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(MAGIC, 4);
  yield footer;
  yield tail;
}

function schemaElements(): ThriftValue[] {
  const root: ThriftStruct = [
    [4, { binary: 'schema' }],
    [5, { i32: PARQUET_COLUMNS.length }],
  ];
  return [
    { struct: root },
    ...PARQUET_COLUMNS.map(
      (c): ThriftValue => ({
        struct: [
          [1, { i32: c.type }],
          [3, { i32: c.optional ? Repetition.OPTIONAL : Repetition.REQUIRED }],
          [4, { binary: c.name }],
          [6, c.converted === undefined ? undefined : { i32: c.converted }],
          [10, c.logical === undefined ? undefined : { struct: [[c.logical[0], { struct: c.logical[1] }]] }],
        ],
      }),
    ),
  ];
}

function encodeRowGroup(
  g: RowGroup,
  start: number,
  codec: number,
): { chunks: Uint8Array[]; meta: ThriftStruct } {
  const chunks: Uint8Array[] = [];
  const columns: ThriftValue[] = [];
  let offset = start;
  let uncompressedTotal = 0;
  let compressedTotal = 0;
  PARQUET_COLUMNS.forEach((column, index) => {
    const body = encodeColumn(g, index);
    const data = codec === Codec.GZIP ? gzipSync(body) : body;
    const header = encodeStruct([
      [1, { i32: DATA_PAGE }],
      [2, { i32: body.length }],
      [3, { i32: data.length }],
      [
        5,
        {
          struct: [
            [1, { i32: g.rows }],
            [2, { i32: Encoding.PLAIN }],
            [3, { i32: Encoding.RLE }],
            [4, { i32: Encoding.RLE }],
          ],
        },
      ],
    ]);
    const uncompressed = header.length + body.length;
    const compressed = header.length + data.length;
    columns.push({
      struct: [
        [2, { i64: offset }],
        [
          3,
          {
            struct: [
              [1, { i32: column.type }],
              [2, { type: CompactType.i32, list: [{ i32: Encoding.PLAIN }, { i32: Encoding.RLE }] }],
              [3, { type: CompactType.binary, list: [{ binary: column.name }] }],
              [4, { i32: codec }],
              [5, { i64: g.rows }],
              [6, { i64: uncompressed }],
              [7, { i64: compressed }],
              [9, { i64: offset }],
            ],
          },
        ],
      ],
    });
    chunks.push(header, Uint8Array.from(data));
    offset += compressed;
    uncompressedTotal += uncompressed;
    compressedTotal += compressed;
  });
  const meta: ThriftStruct = [
    [1, { type: CompactType.struct, list: columns }],
    [2, { i64: uncompressedTotal }],
    [3, { i64: g.rows }],
    [5, { i64: start }],
    [6, { i64: compressedTotal }],
  ];
  return { chunks, meta };
}

// Data page v1 body: definition levels (only for the optional column, max level 1) as a
// 4-byte length then the RLE/bit-packed hybrid, then the non-null values PLAIN-encoded.
function encodeColumn(g: RowGroup, index: number): Uint8Array {
  const out = new ByteSink();
  const strings = (values: readonly string[]) => {
    for (const s of values) {
      const b = encoder.encode(s);
      out.i32(b.length);
      out.bytes(b);
    }
  };
  switch (index) {
    case 0:
      strings(g.meterIds);
      break;
    case 1:
      strings(g.channels);
      break;
    case 2:
      for (const t of g.starts) out.i64(t);
      break;
    case 3:
      for (const s of g.seconds) out.i32(s);
      break;
    case 4: {
      const levels = bitPackedLevels(g.values);
      out.i32(levels.length);
      out.bytes(levels);
      for (const v of g.values) if (v !== null) out.i64(v);
      break;
    }
    case 5:
      for (const q of g.qualities) out.i32(q);
      break;
    default:
      strings(g.kinds);
  }
  return out.view().slice();
}

// RLE/bit-packed hybrid, one bit-packed run of bit width 1: header varint (groups << 1 | 1),
// then 8 levels per byte, least significant bit first.
function bitPackedLevels(values: readonly (number | null)[]): Uint8Array {
  const groups = Math.ceil(values.length / 8);
  const out = new ByteSink();
  out.varint(groups * 2 + 1);
  for (let g = 0; g < groups; g++) {
    let byte = 0;
    for (let b = 0; b < 8; b++) {
      const i = g * 8 + b;
      if (i < values.length && values[i] !== null) byte |= 1 << b;
    }
    out.u8(byte);
  }
  return out.view().slice();
}
