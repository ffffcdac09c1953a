import type { ColumnType, SqlTx, SqlValue } from './backend.js';

export type { ColumnType };

/** Rows per statement: keeps parameter counts well under PostgreSQL's 65535. */
const CHUNK = 500;

/**
 * `VALUES (CAST($1 AS TEXT), …), (…)` for `rows` of the given column types, with the flat params.
 */
export function valuesList(
  types: readonly ColumnType[],
  rows: readonly (readonly SqlValue[])[],
): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [];
  const tuples = rows.map((row) => {
    const cells = types.map((t, i) => {
      params.push(row[i] ?? null);
      return `CAST($${params.length} AS ${t})`;
    });
    return `(${cells.join(', ')})`;
  });
  return { sql: `VALUES ${tuples.join(', ')}`, params };
}

/** Runs `build` once per chunk of rows (multi-row statements of bounded size). */
export async function inChunks<R>(
  rows: readonly R[],
  each: (chunk: readonly R[]) => Promise<void>,
  size: number = CHUNK,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await each(rows.slice(i, i + size));
}

/** Inserts rows with `INSERT … VALUES … <onConflict>` in chunks; returns rows RETURNING gave back. */
export async function insertRows(
  tx: SqlTx,
  table: string,
  columns: readonly string[],
  types: readonly ColumnType[],
  rows: readonly (readonly SqlValue[])[],
  onConflict: string,
  returning = false,
): Promise<number> {
  let n = 0;
  await inChunks(rows, async (chunk) => {
    const v = valuesList(types, chunk);
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) ${v.sql} ${onConflict}${returning ? ' RETURNING 1 AS one' : ''}`;
    if (returning) n += (await tx.all(sql, v.params)).length;
    else await tx.run(sql, v.params);
  });
  return n;
}
