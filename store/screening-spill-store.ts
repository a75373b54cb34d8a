import type { SqlQueryable } from './sql-client.js';
import type { Tables } from './tables.js';

/** Rows per INSERT: 48 KiB blocks, so a statement carries a few MB at most. */
const ROWS_PER_INSERT = 64;
/** A spill older than this belongs to a process that died mid-run (a run's deadline is 4 h). */
const ABANDONED_AFTER_MS = 86_400_000;

/** A driver's bytea value as bytes: pg gives a Buffer, PGlite a Uint8Array. */
function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new Error('a spilled block came back in an unexpected form');
}

/**
 * One screening run's spill in the database (migration 9, docs/screening.md "Memory"): the
 * compressed record blocks it holds past its memory budget, written while the export is read and
 * read back, a batch of patients at a time, as they are evaluated. It implements the screening
 * layer's BlockSpill (screening/spill/block-spill.ts) by shape, as the store sits below it.
 */
export class SqlBlockSpill {
  constructor(
    private readonly sql: SqlQueryable,
    private readonly t: Tables,
    readonly spillId: string,
  ) {}

  /** Deletes the spills that processes which died left behind. */
  static async purgeAbandoned(sql: SqlQueryable, t: Tables, now: Date): Promise<number> {
    const rows = await sql.query(`DELETE FROM ${t.screeningSpill} WHERE created_at < $1 RETURNING block`, [
      new Date(now.getTime() - ABANDONED_AFTER_MS),
    ]);
    return rows.length;
  }

  async write(blocks: readonly { readonly block: number; readonly bytes: Uint8Array }[]): Promise<void> {
    for (let at = 0; at < blocks.length; at += ROWS_PER_INSERT) {
      const part = blocks.slice(at, at + ROWS_PER_INSERT);
      const params: unknown[] = [this.spillId];
      const values = part.map((b) => {
        params.push(b.block, b.bytes);
        return `($1, $${params.length - 1}, $${params.length})`;
      });
      await this.sql.query(
        `INSERT INTO ${this.t.screeningSpill} (spill_id, block, data) VALUES ${values.join(', ')}`,
        params,
      );
    }
  }

  async read(blocks: readonly number[]): Promise<Map<number, Uint8Array>> {
    if (blocks.length === 0) return new Map();
    // An int[] literal: the two drivers serialise JS arrays differently (store/sql-client.ts).
    const rows = await this.sql.query<{ block: number; data: unknown }>(
      `SELECT block, data FROM ${this.t.screeningSpill} WHERE spill_id = $1 AND block = ANY($2::int[])`,
      [this.spillId, `{${blocks.map((b) => Math.trunc(b)).join(',')}}`],
    );
    return new Map(rows.map((r) => [r.block, bytesOf(r.data)]));
  }

  async drop(): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.t.screeningSpill} WHERE spill_id = $1`, [this.spillId]);
  }
}
