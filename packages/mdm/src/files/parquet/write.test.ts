import { createReadStream } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type IntervalBlock, meterId, QualityFlag, Unit } from '@gridmeter/domain';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { parseSgscCsv } from '../csv/sgsc.js';
import { splitLines } from '../lines.js';
import { writeParquet } from './write.js';

const FILE = new URL(
  '../../../../../../shared/data/load-profiles/sgsc-smart_meter10-2013-01.csv',
  import.meta.url,
);

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c.slice());
  const all = Buffer.concat(parts);
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
}

async function testBlocks(): Promise<IntervalBlock[]> {
  const blocks: IntervalBlock[] = [];
  for await (const b of parseSgscCsv(splitLines(createReadStream(FILE)))) blocks.push(b);
  blocks.push({
    meterId: meterId('GM00000001'),
    channel: '1-0:3.8.0*255',
    unit: Unit.varh,
    start: Date.UTC(2013, 0, 1),
    intervalSeconds: 900,
    values: [
      { value: null, quality: QualityFlag.missing },
      { value: 2 ** 40, quality: QualityFlag.estimated },
      { value: -3, quality: 0 },
    ],
    source: 'estimation',
  });
  return blocks;
}

// Rows expected from the blocks, with the interval start computed here.
function expectedRows(blocks: readonly IntervalBlock[]) {
  return blocks.flatMap((b) =>
    b.values.map((v, i) => ({
      meter_id: b.meterId,
      channel: b.channel,
      interval_start: new Date(b.start + i * b.intervalSeconds * 1000),
      interval_seconds: b.intervalSeconds,
      value: v.value === null ? null : BigInt(v.value),
      quality: v.quality,
      version_kind: b.source === 'estimation' ? 'estimated' : 'raw',
    })),
  );
}

describe('writeParquet', () => {
  for (const compression of ['gzip', 'uncompressed'] as const) {
    it(`writes a ${compression} file that hyparquet reads back with equal values`, async () => {
      const blocks = await testBlocks();
      const file = await bytesOf(writeParquet(blocks, { rowGroupRows: 5000, compression }));
      const meta = parquetMetadata(file);
      const expected = expectedRows(blocks);
      expect(Number(meta.num_rows)).toBe(expected.length);
      expect(meta.row_groups).toHaveLength(Math.ceil(expected.length / 5000));
      expect(meta.schema.slice(1).map((s) => [s.name, s.type, s.repetition_type])).toEqual([
        ['meter_id', 'BYTE_ARRAY', 'REQUIRED'],
        ['channel', 'BYTE_ARRAY', 'REQUIRED'],
        ['interval_start', 'INT64', 'REQUIRED'],
        ['interval_seconds', 'INT32', 'REQUIRED'],
        ['value', 'INT64', 'OPTIONAL'],
        ['quality', 'INT32', 'REQUIRED'],
        ['version_kind', 'BYTE_ARRAY', 'REQUIRED'],
      ]);
      const rows = await parquetReadObjects({
        file,
        compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) },
      });
      expect(rows).toEqual(expected);
    });
  }

  it('writes an empty but valid file for no blocks', async () => {
    const file = await bytesOf(writeParquet([]));
    expect(Number(parquetMetadata(file).num_rows)).toBe(0);
    expect(await parquetReadObjects({ file })).toEqual([]);
  });
});
