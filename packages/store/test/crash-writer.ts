/**
 * Child process of the DuckDB crash test: writes batches from argv[3] on, forever, and tells the
 * parent over IPC about each batch whose write resolved. The parent SIGKILLs it.
 */
import { DuckDbReadingStore } from '../src/index.js';
import { crashBatch } from './crash-batches.js';

const path = process.argv[2]!;
const first = Number(process.argv[3]);
const store = await DuckDbReadingStore.open({ path });
process.send!({ type: 'ready' });
for (let k = Math.max(0, first); ; k++) {
  await store.writeIntervalBlocks([crashBatch(k)]);
  process.send!({ type: 'ack', k });
}
