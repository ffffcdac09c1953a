import { DuckDBInstance } from '@duckdb/node-api';
import { StoreUnavailableError } from '@gridmeter/domain';
import { schemaStatements } from '../sql/schema.js';
import { SqlReadingStore } from '../sql/sql-reading-store.js';
import { DuckDbBackend, duckTx } from './duckdb-backend.js';

/** Options of {@link DuckDbReadingStore.open}. */
export interface DuckDbStoreOptions {
  /** A database file (created if absent) or `':memory:'`. */
  readonly path: string;
}

/**
 * The embedded {@link ReadingStore}: one DuckDB file holds everything. One process opens a file
 * at a time (DuckDB locks it); inside the process, writes run one at a time in call order.
 *
 * @example
 * const store = await DuckDbReadingStore.open({ path: 'gridmeter.duckdb' });
 * await store.writeIntervalBlocks(blocks);
 * await store.close();
 */
export class DuckDbReadingStore extends SqlReadingStore {
  /** Opens (creating if needed) the store at `path`. Throws {@link StoreUnavailableError} if the file cannot be opened. */
  static async open(options: DuckDbStoreOptions): Promise<DuckDbReadingStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(options.path);
    } catch (err) {
      throw new StoreUnavailableError(
        `Cannot open DuckDB store at ${options.path}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    const writer = await instance.connect();
    const reader = await instance.connect();
    const backend = new DuckDbBackend(instance, writer, reader);
    for (const ddl of schemaStatements(backend)) await duckTx(writer).run(ddl);
    await backend.init();
    return new DuckDbReadingStore(backend);
  }
}
