export { DuckDbReadingStore, type DuckDbStoreOptions } from './duckdb/duckdb-reading-store.js';
export { PostgresReadingStore, type PostgresStoreOptions } from './postgres/postgres-reading-store.js';
export { StoreClosedError } from './sql/sql-reading-store.js';
