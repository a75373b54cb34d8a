import { byteaOf, insertInBatches } from './batched-insert.js';
import type { SqlQueryable } from './sql-client.js';
import type { Tables } from './tables.js';

/** A spill older than this belongs to a process that died mid-run (a run's deadline is 4 h). */
const ABANDONED_AFTER_MS = 86_400_000;

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
    await insertInBatches(
      this.sql,
      `INSERT INTO ${this.t.screeningSpill} (spill_id, block, data)`,
      [this.spillId],
      blocks,
      (b) => [b.block, b.bytes],
    );
  }

  async read(blocks: readonly number[]): Promise<Map<number, Uint8Array>> {
    if (blocks.length === 0) return new Map();
    // An int[] literal: the two drivers serialise JS arrays differently (store/sql-client.ts).
    const rows = await this.sql.query<{ block: number; data: unknown }>(
      `SELECT block, data FROM ${this.t.screeningSpill} WHERE spill_id = $1 AND block = ANY($2::int[])`,
      [this.spillId, `{${blocks.map((b) => Math.trunc(b)).join(',')}}`],
    );
    return new Map(rows.map((r) => [r.block, byteaOf(r.data, 'a spilled block')]));
  }

  async drop(): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.t.screeningSpill} WHERE spill_id = $1`, [this.spillId]);
  }
}
