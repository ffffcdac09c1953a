/**
 * Child process of integration/crash-ingest.test.ts: ingests the crash stream from block argv[3]
 * on, forever, through the MDM pipeline (raw ingest, VEE, rollups) into the store argv[2]
 * (`duckdb:PATH` or `postgres:URL#schema`), one `ingestBlocks` call per batch of
 * CRASH_BATCH_BLOCKS blocks. After each call resolves it sends `{ type: 'ack', from, to }` (block
 * range [from, to)) over IPC. The parent SIGKILLs it. On start it runs `pipeline.recover()`.
 */
import { InProcessBus, type ReadingStore } from '@gridmeter/domain';
import { MdmPipeline } from '@gridmeter/mdm';
import { DuckDbReadingStore, PostgresReadingStore } from '@gridmeter/store';
import { CRASH_BATCH_BLOCKS, CRASH_BLOCK_INTERVALS, crashBlock } from './support/crash-stream.js';

const spec = process.argv[2]!;
const first = Number(process.argv[3]);

async function open(): Promise<ReadingStore> {
  if (spec.startsWith('duckdb:')) return DuckDbReadingStore.open({ path: spec.slice('duckdb:'.length) });
  const [url, schema] = spec.slice('postgres:'.length).split('#');
  return PostgresReadingStore.open({ connectionString: url!, poolSize: 4, ...(schema ? { schema } : {}) });
}

const store = await open();
const pipeline = new MdmPipeline({
  store,
  bus: new InProcessBus(),
  batchIntervals: CRASH_BATCH_BLOCKS * CRASH_BLOCK_INTERVALS,
  flushMs: 5,
  vee: { historyDays: 7 },
  onError: (e) => {
    process.stderr.write(`pipeline error: ${String(e)}\n`);
    process.exit(3);
  },
});
// A restart first validates what the last run left between raw write and VEE commit.
await pipeline.recover();
process.send!({ type: 'ready' });
for (let from = first; ; from += CRASH_BATCH_BLOCKS) {
  const blocks = Array.from({ length: CRASH_BATCH_BLOCKS }, (_, j) => crashBlock(from + j));
  await pipeline.ingestBlocks(blocks);
  process.send!({ type: 'ack', from, to: from + CRASH_BATCH_BLOCKS });
}
