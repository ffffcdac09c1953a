/**
 * Store-only ingest benchmark: raw interval writes per second into DuckDB (file) and PostgreSQL,
 * for new intervals and for the same intervals again (all duplicates), in batches of 10k and 100k.
 * Usage: npm run bench -w packages/store  (GRIDMETER_BENCH_PG overrides the PostgreSQL URL).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IntervalBlock, meterId, type ReadingStore } from '@gridmeter/domain';
import { DuckDbReadingStore, PostgresReadingStore } from '../src/index.js';

const PG_URL = process.env.GRIDMETER_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const T0 = Date.UTC(2026, 0, 1);
const PER_BLOCK = 96; // one day of 15-minute intervals per meter and block

/** Batch `b` of `size` intervals: `size / 96` meters, one day each; day advances per batch round. */
function batch(b: number, size: number): IntervalBlock[] {
  const meters = size / PER_BLOCK;
  return Array.from({ length: meters }, (_, m) => ({
    meterId: meterId(`GMB${String(m).padStart(7, '0')}`),
    channel: '1-0:1.8.0*255',
    unit: 30,
    start: T0 + b * 86_400_000,
    intervalSeconds: 900,
    source: 'meter' as const,
    values: Array.from({ length: PER_BLOCK }, (_, i) => ({ value: (m * 13 + i * 7 + b) % 900, quality: 0 })),
  }));
}

async function measure(store: ReadingStore, size: number, batches: number): Promise<[number, number]> {
  const data = Array.from({ length: batches }, (_, b) => batch(b, size));
  const rate = async () => {
    const t = performance.now();
    let n = 0;
    for (const blocks of data) {
      const r = await store.writeIntervalBlocks(blocks);
      n += r.inserted + r.duplicates + r.corrected;
    }
    return n / ((performance.now() - t) / 1000);
  };
  const fresh = await rate();
  const dup = await rate();
  return [fresh, dup];
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const sizes: [number, number][] = [
  [9_984, 20], // 104 meters × 96
  [99_936, 5], // 1041 meters × 96
];

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node.js ${process.version}`);
const dir = mkdtempSync(join(tmpdir(), 'gridmeter-bench-'));
try {
  for (const [size, batches] of sizes) {
    const duck = await DuckDbReadingStore.open({ path: join(dir, `bench-${size}.duckdb`) });
    const [df, dd] = await measure(duck, size, batches);
    await duck.close();
    console.log(
      `duckdb   batch ${fmt(size)} × ${batches}: new ${fmt(df)} intervals/s, duplicates ${fmt(dd)} /s`,
    );
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const pgStore = await PostgresReadingStore.open({ connectionString: PG_URL, schema });
    try {
      const [pf, pd] = await measure(pgStore, size, batches);
      console.log(
        `postgres batch ${fmt(size)} × ${batches}: new ${fmt(pf)} intervals/s, duplicates ${fmt(pd)} /s`,
      );
    } finally {
      await pgStore.drop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
