import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Row, SqlBackend, SqlTx, SqlValue, StagedBlock } from '../sql/backend.js';
import { INTERVAL_VERSION_COLUMNS, STAGE_TABLES } from '../sql/schema.js';
import { copyField } from './copy-text.js';
import { monthsCovering } from './partitions.js';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A {@link SqlTx} over a pg client or pool. */
class PgTx implements SqlTx {
  constructor(readonly client: Queryable) {}
  async run(sql: string, params?: readonly SqlValue[]): Promise<void> {
    await this.client.query(sql, params as unknown[] | undefined);
  }
  async all(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return (await this.client.query(sql, params as unknown[] | undefined)).rows as Row[];
  }
  async columns(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    const r = await this.client.query({ text: sql, values: params as unknown[], rowMode: 'array' });
    const rows = r.rows as unknown[][];
    return r.fields.map((_, c) => rows.map((row) => row[c]));
  }
}

/** Rows per COPY chunk written to the socket. */
const COPY_CHUNK_ROWS = 8192;

/**
 * PostgreSQL backend: a pool, one schema, `interval_version` range-partitioned by month on
 * `interval_start` (partitions created on demand), writers of one (meter, channel) series
 * serialised by transaction-scoped advisory locks, bulk staging by COPY.
 */
export class PostgresBackend implements SqlBackend {
  readonly dialect = 'postgres';
  readonly #partitions = new Set<string>();
  readonly #staged = new WeakSet<pg.PoolClient>();

  constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    readonly ownsPool: boolean,
  ) {}

  table(name: string): string {
    return `"${this.schema}"."${name}"`;
  }

  /** Creates the schema and the partitioned interval table (under a lock: opens may race). */
  async init(schemaDdl: readonly string[]): Promise<void> {
    await this.#tx(async (tx) => {
      await tx.run('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`gridmeter/${this.schema}/ddl`]);
      await tx.run(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      for (const ddl of schemaDdl) await tx.run(ddl);
      await tx.run(
        `CREATE TABLE IF NOT EXISTS ${this.table('interval_version')} (${INTERVAL_VERSION_COLUMNS},
         PRIMARY KEY (meter_id, channel, interval_start, version)) PARTITION BY RANGE (interval_start)`,
      );
    });
  }

  async #tx<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(new PgTx(client));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  write<T>(fn: (tx: SqlTx) => Promise<T>, lockKeys: readonly string[] = []): Promise<T> {
    return this.#tx(async (tx) => {
      if (lockKeys.length > 0) {
        // Sorted order: two writers of overlapping series take the locks in the same order.
        await tx.run(
          `SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
           FROM (SELECT DISTINCT $1 || unnest(CAST($2 AS TEXT[])) AS k ORDER BY 1) s`,
          [`gridmeter/${this.schema}/`, lockKeys as unknown as SqlValue],
        );
      }
      return fn(tx);
    });
  }

  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return fn(new PgTx(this.pool));
  }

  async stage(tx: SqlTx, blocks: readonly StagedBlock[]): Promise<void> {
    const client = (tx as PgTx).client as pg.PoolClient;
    if (!this.#staged.has(client)) {
      for (const s of STAGE_TABLES) await client.query(s);
      this.#staged.add(client);
    }
    await client.query('TRUNCATE gm_stage_block, gm_stage_value');
    await copyRows(
      client,
      'COPY gm_stage_block (block_no, meter_id, channel, unit, interval_seconds, source, start_ms) FROM STDIN',
      function* () {
        for (const b of blocks) {
          yield `${b.blockNo}\t${copyField(b.meterId)}\t${copyField(b.channel)}\t${b.unit}\t${b.intervalSeconds}\t${copyField(b.source)}\t${b.start}\n`;
        }
      },
    );
    await copyRows(
      client,
      'COPY gm_stage_value (block_no, idx, value, quality, device_status) FROM STDIN',
      function* () {
        for (const b of blocks) {
          const values = b.values;
          for (let i = 0; i < values.length; i++) {
            const v = values[i]!;
            yield `${b.blockNo}\t${i}\t${copyField(v.value)}\t${v.quality}\t${copyField(v.deviceStatus)}\n`;
          }
        }
      },
    );
    await client.query('ANALYZE gm_stage_block');
    await client.query('ANALYZE gm_stage_value');
  }

  async prepareIntervalRange(from: number, to: number): Promise<void> {
    const missing = monthsCovering(from, to).filter((p) => !this.#partitions.has(p.suffix));
    if (missing.length === 0) return;
    await this.#tx(async (tx) => {
      await tx.run('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`gridmeter/${this.schema}/ddl`]);
      for (const p of missing) {
        await tx.run(
          `CREATE TABLE IF NOT EXISTS ${this.table(`interval_version_${p.suffix}`)}
           PARTITION OF ${this.table('interval_version')} FOR VALUES FROM (${p.from}) TO (${p.to})`,
        );
      }
    });
    for (const p of missing) this.#partitions.add(p.suffix);
  }

  /** Drops the schema and everything in it (tests). */
  async dropSchema(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

/** Streams text-format COPY lines, batched into chunks. */
async function copyRows(client: pg.PoolClient, sql: string, lines: () => Generator<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  async function* chunks() {
    let buf: string[] = [];
    for (const line of lines()) {
      buf.push(line);
      if (buf.length >= COPY_CHUNK_ROWS) {
        yield buf.join('');
        buf = [];
      }
    }
    if (buf.length > 0) yield buf.join('');
  }
  await pipeline(chunks(), stream as unknown as Writable);
}
