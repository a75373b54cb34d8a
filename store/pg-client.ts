import pg from 'pg';
import type { Logger } from '../config/logger.js';
import { type SqlClient, type SqlQueryable } from './sql-client.js';

/** How to reach a PostgreSQL server. */
export interface PgOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Pool size; the hot path needs few connections since audit writes are batched. */
  readonly maxConnections?: number;
  /** Server-side limit on one statement, so a stuck database fails requests instead of hanging them. */
  readonly statementTimeoutMs?: number;
}

/** Opens a connection pool to PostgreSQL through `pg`. */
export async function openPgClient(options: PgOptions): Promise<SqlClient> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    options: `-c statement_timeout=${options.statementTimeoutMs ?? 10000}`,
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (err) =>
    options.logger.warn({ err: { type: err.name, message: err.message } }, 'database connection lost'),
  );
  const query = async <R extends object>(text: string, params?: readonly unknown[]): Promise<R[]> =>
    (await pool.query<R>(text, params ? [...params] : undefined)).rows;
  // Fail at start-up, not on the first request, when the server is unreachable.
  await query('SELECT 1');
  return {
    driver: 'pg',
    query,
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R extends object>(text: string, params?: readonly unknown[]) =>
            (await client.query<R>(text, params ? [...params] : undefined)).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: Error) => {
          broken = rollbackErr;
        });
        throw err;
      } finally {
        // A connection that could not roll back is discarded rather than reused.
        client.release(broken);
      }
    },
    // The server fsyncs its WAL at COMMIT (synchronous_commit=on, the default).
    syncDurable: () => Promise.resolve(),
    close: () => pool.end(),
  };
}
