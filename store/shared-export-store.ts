import type { SqlClient } from './sql-client.js';
import type { Tables } from './tables.js';

/** A shard attempt that may own the export of its run. */
export interface ExportOwner {
  readonly runId: string;
  readonly shard: number;
  readonly attempt: number;
}

/** Where the export a sharded run shares stands, as a shard finds it. */
export type SharedExportState =
  /** This shard owns it now: it kicks off the export, or goes on polling `statusUrl` (a dead owner's). */
  | { readonly state: 'owned'; readonly statusUrl?: string; readonly typeFilter?: boolean }
  /** Another shard is kicking it off or polling it. */
  | { readonly state: 'kicking-off'; readonly owner: number }
  /** Its manifest, for every shard to read its files. */
  | { readonly state: 'ready'; readonly manifest: unknown; readonly typeFilter: boolean }
  /** It failed: how (a BulkExportError kind) and why, without patient data. */
  | { readonly state: 'failed'; readonly kind: string; readonly message: string }
  /** Every shard reported, and the last one deleted it on the server. */
  | { readonly state: 'deleted' };

interface ExportRow {
  export_state: 'none' | 'kicking-off' | 'ready' | 'failed' | 'deleted';
  export_owner: number | null;
  export_status_url: string | null;
  export_type_filter: boolean | null;
  export_manifest: unknown;
  export_error_kind: string | null;
  export_error: string | null;
}

/**
 * The one bulk export the shards of a run share (docs/screening.md, "Sharded runs"), in the
 * run's row of `screening_sharded_run`: the first shard to claim it kicks it off and stores the
 * status URL, then the manifest (or why it failed); the others read it from there. Every change
 * is a conditional UPDATE, so two shards never both own it, and an owner that was superseded
 * (a newer attempt of its shard, or a shard that found its heartbeat stale) changes nothing.
 * Times are the database's own (`now()`), so the shards' clocks need not agree.
 */
export class SharedExportStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly t: Tables,
  ) {}

  /**
   * Claims the export, or says where it stands. A shard may claim it when no one has; when its
   * owner is an earlier attempt of the same shard, or has not shown a sign of life for `staleMs`
   * (the new owner goes on polling the same status URL); and, on a shard's retry (attempt > 1),
   * when it failed or was deleted (a new export is kicked off). A server without `$export` is
   * not asked again: every shard reads patient by patient.
   */
  async claim(owner: ExportOwner, staleMs: number): Promise<SharedExportState> {
    const [claimed] = await this.sql.query<{ export_status_url: string | null; export_type_filter: boolean | null }>(
      `UPDATE ${this.t.screeningShardedRun} SET export_state = 'kicking-off', export_owner = $2, export_attempt = $3,
         export_heartbeat_at = now(),
         export_status_url = CASE WHEN export_state = 'kicking-off' THEN export_status_url END,
         export_type_filter = CASE WHEN export_state = 'kicking-off' THEN export_type_filter END,
         export_manifest = NULL, export_error_kind = NULL, export_error = NULL
       WHERE run_id = $1 AND (
         export_state = 'none'
         OR (export_state = 'kicking-off' AND ((export_owner = $2 AND export_attempt < $3)
           OR export_heartbeat_at < now() - $4::int * interval '1 millisecond'))
         OR (export_state IN ('failed', 'deleted') AND $3 > 1 AND export_error_kind IS DISTINCT FROM 'unsupported'))
       RETURNING export_status_url, export_type_filter`,
      [owner.runId, owner.shard, owner.attempt, Math.round(staleMs)],
    );
    if (claimed) {
      return {
        state: 'owned',
        ...(claimed.export_status_url ? { statusUrl: claimed.export_status_url } : {}),
        ...(claimed.export_type_filter !== null ? { typeFilter: claimed.export_type_filter } : {}),
      };
    }
    const [row] = await this.sql.query<ExportRow>(
      `SELECT export_state, export_owner, export_status_url, export_type_filter, export_manifest, export_error_kind,
         export_error
       FROM ${this.t.screeningShardedRun} WHERE run_id = $1`,
      [owner.runId],
    );
    if (!row) throw new Error(`no sharded screening run ${owner.runId}`);
    switch (row.export_state) {
      case 'ready':
        return { state: 'ready', manifest: row.export_manifest, typeFilter: row.export_type_filter ?? false };
      case 'failed':
        return { state: 'failed', kind: row.export_error_kind ?? 'failed', message: row.export_error ?? '' };
      case 'deleted':
        return { state: 'deleted' };
      default:
        // 'none' cannot stay unclaimed past the UPDATE above; 'kicking-off' is another shard's.
        return { state: 'kicking-off', owner: row.export_owner ?? -1 };
    }
  }

  /** The owner kicked the export off: the status URL, for a shard that takes over. */
  started(owner: ExportOwner, statusUrl: string, typeFilter: boolean): Promise<boolean> {
    return this.update(owner, 'export_status_url = $4, export_type_filter = $5', [statusUrl, typeFilter]);
  }

  /** The owner is alive (between two polls). False when it no longer owns the export. */
  heartbeat(owner: ExportOwner): Promise<boolean> {
    return this.update(owner, '', []);
  }

  /** The export is complete: its manifest, for every shard. */
  ready(owner: ExportOwner, manifest: unknown): Promise<boolean> {
    return this.update(owner, `export_state = 'ready', export_manifest = $4::jsonb`, [JSON.stringify(manifest)]);
  }

  /** The export failed (and was deleted on the server): every waiting shard fails with this. */
  failed(owner: ExportOwner, kind: string, message: string): Promise<boolean> {
    return this.update(
      owner,
      `export_state = 'failed', export_error_kind = $4, export_error = $5, export_status_url = NULL`,
      [kind, message],
    );
  }

  /** Changes the export as its owner, and marks the owner alive; false when it is not the owner. */
  private async update(owner: ExportOwner, set: string, params: unknown[]): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE ${this.t.screeningShardedRun} SET ${set ? `${set}, ` : ''}export_heartbeat_at = now()
       WHERE run_id = $1 AND export_owner = $2 AND export_attempt = $3 AND export_state = 'kicking-off'
       RETURNING run_id`,
      [owner.runId, owner.shard, owner.attempt, ...params],
    );
    return rows.length > 0;
  }
}
