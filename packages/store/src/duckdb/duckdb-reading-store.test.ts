import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadingStore } from '@gridmeter/domain';
import { afterAll } from 'vitest';
import { runReadingStoreContract } from '../contract/reading-store-contract.js';
import { DuckDbReadingStore } from './duckdb-reading-store.js';

const dir = mkdtempSync(join(tmpdir(), 'gridmeter-duckdb-'));
const paths = new WeakMap<ReadingStore, string>();
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runReadingStoreContract('DuckDB file', {
  async open() {
    const path = join(dir, `store-${n++}.duckdb`);
    const store = await DuckDbReadingStore.open({ path });
    paths.set(store, path);
    return store;
  },
  async dispose(store) {
    await store.close();
  },
  async reopen(store) {
    const path = paths.get(store)!;
    await store.close();
    const again = await DuckDbReadingStore.open({ path });
    paths.set(again, path);
    return again;
  },
});

runReadingStoreContract('DuckDB in memory', {
  open: () => DuckDbReadingStore.open({ path: ':memory:' }),
  dispose: (store) => store.close(),
});
