/** Column type used to cast each parameter, so both dialects infer the same types. */
export type ColumnType = 'TEXT' | 'BIGINT' | 'INTEGER' | 'BOOLEAN';

/** A value bound to a SQL parameter. */
export type SqlValue = string | number | bigint | boolean | null;

/** A result row as the driver returns it (BIGINT may arrive as bigint or string). */
export type Row = Record<string, unknown>;

/** One connection inside a transaction. */
export interface SqlTx {
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /**
   * The result column by column (each an array, in select order): no object per row, for large
   * reads. Callers cast numbers in SQL (INTEGER, DOUBLE PRECISION) so both drivers give `number`.
   */
  columns(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
}

/** One block of a write, as staged in `gm_stage_block`. */
export interface StagedBlock {
  readonly blockNo: number;
  readonly meterId: string;
  readonly channel: string;
  readonly unit: number;
  readonly intervalSeconds: number;
  readonly source: string;
  readonly start: number;
  readonly values: readonly { value: number | null; quality: number; deviceStatus?: number }[];
}

/** What an adapter provides to the shared SQL store: connections, transactions, bulk load, DDL. */
export interface SqlBackend {
  readonly dialect: 'duckdb' | 'postgres';
  /** The table's name, schema-qualified and quoted where the backend needs it. */
  table(name: string): string;
  /**
   * Runs `fn` in one write transaction and commits before resolving. `lockKeys` name the
   * (meter, channel) series the transaction changes versions of; writers of one series run one at
   * a time.
   */
  write<T>(fn: (tx: SqlTx) => Promise<T>, lockKeys?: readonly string[]): Promise<T>;
  /** Runs `fn` on a connection for reading. */
  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Replaces the contents of the temp tables `gm_stage_block` and `gm_stage_value` (inside `tx`). */
  stage(tx: SqlTx, blocks: readonly StagedBlock[]): Promise<void>;
  /**
   * Optional bulk path for `INSERT … <onConflict>` of many rows (without it the store uses
   * multi-row VALUES statements): DuckDB stages the rows with its appender and runs one statement.
   * Rows must not repeat a conflict key. Resolves to the rows inserted or updated when `returning`
   * is set (as `insertRows` with `RETURNING`), else to 0.
   */
  bulkUpsert?(
    tx: SqlTx,
    table: string,
    columns: readonly string[],
    types: readonly ColumnType[],
    rows: readonly (readonly SqlValue[])[],
    onConflict: string,
    returning?: boolean,
  ): Promise<number>;
  /** Makes sure interval rows with starts in `[from, to]` have somewhere to go (PostgreSQL partitions). */
  prepareIntervalRange(from: number, to: number): Promise<void>;
  close(): Promise<void>;
}
