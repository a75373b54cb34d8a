import type { SqlQueryable } from './sql-client.js';

/** Rows per INSERT: the screening layer's blocks are about 48 KiB, so a statement carries a few MB at most. */
const ROWS_PER_INSERT = 64;

/**
 * Inserts rows in multi-row INSERTs of ROWS_PER_INSERT: `head` is `INSERT INTO t (a, b, c, d)`,
 * `shared` the leading columns' values every row has ($1…), `cells` the rest of one row's.
 */
export async function insertInBatches<R>(
  sql: SqlQueryable,
  head: string,
  shared: readonly unknown[],
  rows: readonly R[],
  cells: (row: R) => readonly unknown[],
): Promise<void> {
  const sharedRefs = shared.map((_, i) => `$${i + 1}`);
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
    const params: unknown[] = [...shared];
    const values = rows.slice(at, at + ROWS_PER_INSERT).map((row) => {
      const refs = cells(row).map((v) => `$${params.push(v)}`);
      return `(${[...sharedRefs, ...refs].join(', ')})`;
    });
    await sql.query(`${head} VALUES ${values.join(', ')}`, params);
  }
}

/** A bytea column's value as bytes (pg gives a Buffer, PGlite a Uint8Array); `what` names it in the error. */
export function byteaOf(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new Error(`${what} came back in an unexpected form`);
}
