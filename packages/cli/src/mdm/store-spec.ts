/** `--store duckdb:PATH | postgres:URL[#schema]`: which ReadingStore a command opens. */
import type { ReadingStore } from '@gridmeter/domain';
import { DuckDbReadingStore, PostgresReadingStore } from '@gridmeter/store';
import { MdmUsageError } from './errors.js';

/** The store the `mdm` commands use when `--store` is absent. */
export const DEFAULT_STORE = 'duckdb:./gridmeter.duckdb';

/** A parsed `--store` value. */
export type StoreSpec =
  | { readonly kind: 'duckdb'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/**
 * Parses `duckdb:PATH` or `postgres:URL[#schema]`.
 *
 * @example parseStoreSpec('postgres:postgres://postgres@127.0.0.1:5432/test#gm1')
 */
export function parseStoreSpec(text: string): StoreSpec {
  if (text.startsWith('duckdb:')) {
    const path = text.slice('duckdb:'.length);
    if (path === '')
      throw new MdmUsageError('--store duckdb: needs a file path, e.g. duckdb:./gridmeter.duckdb');
    return { kind: 'duckdb', path };
  }
  if (text.startsWith('postgres:')) {
    const rest = text.slice('postgres:'.length);
    const hash = rest.lastIndexOf('#');
    const url = hash < 0 ? rest : rest.slice(0, hash);
    const schema = hash < 0 ? undefined : rest.slice(hash + 1);
    if (!/^postgres(?:ql)?:\/\//.test(url)) {
      throw new MdmUsageError(`--store postgres: needs a postgres:// URL, got ${JSON.stringify(url)}`);
    }
    return schema === undefined || schema === ''
      ? { kind: 'postgres', url }
      : { kind: 'postgres', url, schema };
  }
  throw new MdmUsageError(
    `--store must be duckdb:PATH or postgres:URL[#schema], got ${JSON.stringify(text)}`,
  );
}

/** Opens the store a spec names (creating the DuckDB file or the PostgreSQL schema if absent). */
export async function openStore(spec: StoreSpec): Promise<ReadingStore> {
  if (spec.kind === 'duckdb') return DuckDbReadingStore.open({ path: spec.path });
  try {
    return await PostgresReadingStore.open({
      connectionString: spec.url,
      poolSize: 4,
      ...(spec.schema === undefined ? {} : { schema: spec.schema }),
    });
  } catch (e) {
    if (e instanceof RangeError) throw new MdmUsageError(`--store: ${e.message}`, { cause: e });
    throw e;
  }
}

/** Opens the store, runs `fn`, and closes the store whatever happens. */
export async function withStore<T>(spec: StoreSpec, fn: (store: ReadingStore) => Promise<T>): Promise<T> {
  const store = await openStore(spec);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
