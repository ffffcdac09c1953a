import { randomBytes } from 'node:crypto';
import type { ReadingStore } from '@gridmeter/domain';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { runReadingStoreContract } from '../contract/reading-store-contract.js';
import { PostgresReadingStore } from './postgres-reading-store.js';

/** CI starts PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`); override with GRIDMETER_TEST_PG. */
const URL = process.env.GRIDMETER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `t${randomBytes(4).toString('hex')}`;
let n = 0;
const schemas = new WeakMap<ReadingStore, string>();

beforeAll(async () => {
  const probe = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
    await probe.end();
  } catch (err) {
    throw new Error(
      `PostgreSQL contract tests need a server at ${URL} (start it with bash .ci/run): ${(err as Error).message}`,
    );
  }
});

afterAll(async () => {
  // Schemas of stores a failing test did not dispose.
  const c = new pg.Client({ connectionString: URL });
  await c.connect();
  const { rows } = await c.query<{ s: string }>(
    "SELECT nspname AS s FROM pg_namespace WHERE nspname LIKE 'gm_' || $1 || '_%'",
    [run],
  );
  for (const { s } of rows) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await c.end();
});

runReadingStoreContract('PostgreSQL', {
  async open() {
    const schema = `gm_${run}_${n++}`;
    const store = await PostgresReadingStore.open({ connectionString: URL, schema });
    schemas.set(store, schema);
    return store;
  },
  async dispose(store) {
    await (store as PostgresReadingStore).drop();
  },
  async reopen(store) {
    const schema = schemas.get(store)!;
    await store.close();
    const again = await PostgresReadingStore.open({ connectionString: URL, schema });
    schemas.set(again, schema);
    return again;
  },
  // A second pool on the same schema stands for a second process.
  openSecond: (store) => PostgresReadingStore.open({ connectionString: URL, schema: schemas.get(store)! }),
});
