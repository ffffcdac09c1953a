import { StoreUnavailableError } from '@gridmeter/domain';
import pg from 'pg';
import { schemaStatements } from '../sql/schema.js';
import { SqlReadingStore } from '../sql/sql-reading-store.js';
import { PostgresBackend } from './postgres-backend.js';

/** Options of {@link PostgresReadingStore.open}: a connection string or a pool, and a schema. */
export type PostgresStoreOptions = (
  | { readonly connectionString: string; readonly poolSize?: number }
  | { readonly pool: pg.Pool }
) & {
  /** Schema holding the tables (created if absent): lower-case letters, digits, `_`. Default `gridmeter`. */
  readonly schema?: string;
};

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The shared {@link ReadingStore} on PostgreSQL: plain SQL (also valid on TimescaleDB and Citus),
 * interval versions range-partitioned by month, COPY for bulk writes. Any number of processes may
 * write at once; a resolved write is a committed transaction.
 *
 * @example
 * const store = await PostgresReadingStore.open({ connectionString: 'postgres://postgres@127.0.0.1/test' });
 */
export class PostgresReadingStore extends SqlReadingStore {
  readonly #pg: PostgresBackend;

  private constructor(backend: PostgresBackend) {
    super(backend);
    this.#pg = backend;
  }

  /**
   * Connects, creates the schema and tables if absent. Throws {@link StoreUnavailableError} if the
   * server cannot be reached and `RangeError` for an unsafe schema name.
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresReadingStore> {
    const schema = options.schema ?? 'gridmeter';
    if (!SCHEMA_PATTERN.test(schema)) {
      throw new RangeError(`Invalid schema name "${schema}": use lower-case letters, digits and '_'`);
    }
    const owns = !('pool' in options);
    const pool =
      'pool' in options
        ? options.pool
        : new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 8 });
    const backend = new PostgresBackend(pool, schema, owns);
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      if (owns) await pool.end().catch(() => undefined);
      throw new StoreUnavailableError(`Cannot reach PostgreSQL: ${(err as Error).message}`, { cause: err });
    }
    await backend.init(schemaStatements(backend));
    return new PostgresReadingStore(backend);
  }

  /** Drops the store's schema with all its data, then closes (for tests). */
  async drop(): Promise<void> {
    await this.#pg.dropSchema();
    await this.close();
  }
}
