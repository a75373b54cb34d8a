import type { Logger } from '../config/logger.js';
import type { FeedbackPolicy } from '../rules/feedback-policy.js';
import { AuditWriter, type AuditWriterOptions } from './audit-writer.js';
import type { CardStore } from './card-store.js';
import { migrate } from './migrations.js';
import { openPgClient } from './pg-client.js';
import { openPgliteClient } from './pglite-client.js';
import { SqlCardStore, type SqlCardStoreOptions } from './sql-card-store.js';
import type { SqlClient } from './sql-client.js';
import { tablesIn, type Tables } from './tables.js';

/** How often an instance on a shared PostgreSQL picks up suppressions other instances stored. */
const DEFAULT_PG_REFRESH_MS = 5000;

/** Which database to use: a PostgreSQL URL wins, then memory, then the PGlite data directory. */
export interface DatabaseLocation {
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  /** Embedded PGlite in memory: nothing survives the process (tests, demos). */
  readonly inMemory?: boolean;
  /** How long a PostgreSQL server that does not answer yet is retried (STARTUP_TIMEOUT_S); default one try. */
  readonly startupTimeoutMs?: number;
}

/** Everything openCardStore needs. */
export interface OpenCardStoreOptions extends DatabaseLocation, AuditWriterOptions, SqlCardStoreOptions {
  readonly policy: FeedbackPolicy;
  readonly logger: Logger;
  /** Schema holding the tables (default `public`); tests use one per run. */
  readonly schema?: string;
  /** An already open client to use instead of opening one (tests sharing one PGlite); not closed by the store. */
  readonly sql?: SqlClient;
}

/** Opens the SQL client for a location: `pg` for a URL, else PGlite (data directory or memory). */
export async function openSqlClient(location: DatabaseLocation, logger: Logger): Promise<SqlClient> {
  if (location.databaseUrl) {
    return openPgClient({
      url: location.databaseUrl,
      logger,
      ...(location.startupTimeoutMs !== undefined ? { startupTimeoutMs: location.startupTimeoutMs } : {}),
    });
  }
  if (location.inMemory) return openPgliteClient();
  if (location.dataDir) return openPgliteClient({ dataDir: location.dataDir });
  throw new Error('no database: set DATABASE_URL or DATA_DIR');
}

/** Opens the client and migrates the schema; the client is closed again if migration fails. */
export async function openMigrated(
  options: DatabaseLocation & { readonly schema?: string; readonly sql?: SqlClient; readonly logger: Logger },
): Promise<{ sql: SqlClient; tables: Tables }> {
  const tables = tablesIn(options.schema);
  const sql = options.sql ?? (await openSqlClient(options, options.logger));
  try {
    const applied = await migrate(sql, tables);
    options.logger.info(
      {
        driver: sql.driver,
        ...(sql.runsOn ? { runsOn: sql.runsOn } : {}),
        schema: tables.schema,
        migrationsApplied: applied,
      },
      'feedback store ready',
    );
  } catch (err) {
    if (!options.sql) await sql.close();
    throw err;
  }
  return { sql, tables };
}

/**
 * Opens the feedback and audit store: PostgreSQL through `pg` when `databaseUrl` is set,
 * otherwise embedded PGlite (in `dataDir`, or in memory). The schema is migrated first.
 */
export async function openCardStore(options: OpenCardStoreOptions): Promise<CardStore> {
  const { sql, tables } = await openMigrated(options);
  const owned = options.sql ? { ...sql, close: () => Promise.resolve() } : sql;
  const writer = new AuditWriter(owned, tables, options.logger, options);
  // Only a PostgreSQL server can be shared by several instances; PGlite is this process's alone.
  const refresh = options.suppressionRefreshMs ?? (sql.driver === 'pg' ? DEFAULT_PG_REFRESH_MS : 0);
  const store = new SqlCardStore(owned, tables, options.policy, writer, { ...options, suppressionRefreshMs: refresh });
  try {
    await store.loadSuppressions(new Date());
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
