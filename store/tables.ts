import { createHash } from 'node:crypto';
import { checkSchemaName } from './sql-client.js';

/** Schema-qualified table names, so stores in different schemas can share one connection. */
export interface Tables {
  readonly schema: string;
  readonly issuedCard: string;
  readonly feedback: string;
  readonly suppressedCount: string;
  readonly migrations: string;
  /** JWT ids already accepted by some instance, until they expire (hooks/auth/replay-guard.ts). */
  readonly seenToken: string;
  /** Population screening (screening/): runs, candidates per trial, and what happened to each. */
  readonly screeningRun: string;
  readonly screeningCandidate: string;
  readonly screeningEvent: string;
  /** Sharded screening runs: the export their shards share, and each shard's part. */
  readonly screeningShardedRun: string;
  readonly screeningShard: string;
  /** Compressed record blocks a screening run spilled past its memory budget, until it ends. */
  readonly screeningSpill: string;
  /** The resources the shards of a run pass to each other, each having read its part of the export's files. */
  readonly screeningExchange: string;
  /**
   * The LISTEN/NOTIFY channel on which feedback rows of this schema are announced. A hash of the
   * schema keeps it a valid identifier under PostgreSQL's 63-byte limit whatever the schema.
   */
  readonly feedbackChannel: string;
}

/** The tables of one schema (`public` in production; one schema per test run). */
export function tablesIn(schema = 'public'): Tables {
  checkSchemaName(schema);
  return {
    schema,
    issuedCard: `${schema}.issued_card`,
    feedback: `${schema}.feedback`,
    suppressedCount: `${schema}.suppressed_count`,
    migrations: `${schema}.schema_migrations`,
    seenToken: `${schema}.seen_token`,
    screeningRun: `${schema}.screening_run`,
    screeningCandidate: `${schema}.screening_candidate`,
    screeningEvent: `${schema}.screening_event`,
    screeningShardedRun: `${schema}.screening_sharded_run`,
    screeningShard: `${schema}.screening_shard`,
    screeningSpill: `${schema}.screening_spill`,
    screeningExchange: `${schema}.screening_exchange`,
    feedbackChannel: `cds_feedback_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`,
  };
}
