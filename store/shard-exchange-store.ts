import { byteaOf, insertInBatches } from './batched-insert.js';
import type { SqlQueryable } from './sql-client.js';
import type { Tables } from './tables.js';

/** One block on its way to a shard. */
export interface ExchangedBlock {
  readonly toShard: number;
  readonly seq: number;
  readonly bytes: Uint8Array;
}

/** Where one shard of a run stands, as the others see it. */
export interface ShardSender {
  readonly shard: number;
  readonly state: 'running' | 'complete' | 'partial';
  /** The export all of whose files this shard has sent, if any. */
  readonly sentExport: string | null;
}

/**
 * The resources the shards of a run pass to each other (migration 10; docs/screening.md,
 * "Sharded runs"): each shard reads its part of the export's files and writes each resource,
 * in compressed blocks, for the shard that owns its patient; each then reads the blocks written
 * for it (screening/shard/sharded-read.ts).
 */
export class ShardExchangeStore {
  constructor(
    private readonly sql: SqlQueryable,
    private readonly t: Tables,
  ) {}

  /** Forgets what a shard sent before (an attempt that died part way). */
  async clear(runId: string, fromShard: number): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.t.screeningExchange} WHERE run_id = $1 AND from_shard = $2`, [
      runId,
      fromShard,
    ]);
  }

  async write(runId: string, exportId: string, fromShard: number, blocks: readonly ExchangedBlock[]): Promise<void> {
    await insertInBatches(
      this.sql,
      `INSERT INTO ${this.t.screeningExchange} (run_id, export_id, from_shard, to_shard, seq, data)`,
      [runId, exportId, fromShard],
      blocks,
      (b) => [b.toShard, b.seq, b.bytes],
    );
  }

  /** Records that the shard has sent everything its files hold, from this export. */
  async markSent(runId: string, shard: number, exportId: string): Promise<void> {
    await this.sql.query(`UPDATE ${this.t.screeningShard} SET sent_export = $3 WHERE run_id = $1 AND shard = $2`, [
      runId,
      shard,
      exportId,
    ]);
  }

  /** Every shard that has joined the run. */
  async senders(runId: string): Promise<ShardSender[]> {
    const rows = await this.sql.query<{ shard: number; state: ShardSender['state']; sent_export: string | null }>(
      `SELECT shard, state, sent_export FROM ${this.t.screeningShard} WHERE run_id = $1`,
      [runId],
    );
    return rows.map((r) => ({ shard: r.shard, state: r.state, sentExport: r.sent_export }));
  }

  /** The next blocks one shard sent another from an export, after `afterSeq`, in order. */
  async read(
    runId: string,
    exportId: string,
    fromShard: number,
    toShard: number,
    afterSeq: number,
    limit: number,
  ): Promise<{ seq: number; bytes: Uint8Array }[]> {
    const rows = await this.sql.query<{ seq: number; data: unknown }>(
      `SELECT seq, data FROM ${this.t.screeningExchange}
       WHERE run_id = $1 AND export_id = $2 AND from_shard = $3 AND to_shard = $4 AND seq > $5
       ORDER BY seq LIMIT $6`,
      [runId, exportId, fromShard, toShard, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: r.seq, bytes: byteaOf(r.data, 'an exchanged block') }));
  }
}
