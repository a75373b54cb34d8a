import pg from 'pg';
import type { Logger } from '../config/logger.js';
import { connectWithRetry, describeDatabase } from './connect-retry.js';
import {
  checkIdentifier,
  type Listener,
  type ListenHandlers,
  type SqlClient,
  type SqlQueryable,
} from './sql-client.js';

/** How to reach a PostgreSQL server. */
export interface PgOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Pool size; the hot path needs few connections since audit writes are batched. */
  readonly maxConnections?: number;
  /** Server-side limit on one statement, so a stuck database fails requests instead of hanging them. */
  readonly statementTimeoutMs?: number;
  /** How long the first connection is retried (STARTUP_TIMEOUT_S); 0, the default, tries once. */
  readonly startupTimeoutMs?: number;
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
  // Fail at start-up, not on the first request, when the server stays unreachable.
  try {
    await connectWithRetry(() => query('SELECT 1'), {
      timeoutMs: options.startupTimeoutMs ?? 0,
      logger: options.logger,
      target: describeDatabase(options.url),
    });
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
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
    listen: (channel, handlers) => startListener(options.url, channel, handlers),
  };
}

/** The longest wait between two reconnection attempts of a listener. */
const MAX_LISTEN_BACKOFF_MS = 10_000;

/**
 * A LISTEN on a connection outside the pool (a pooled connection would be handed to queries and
 * lose the LISTEN). When the connection drops it reconnects after 250 ms, doubling up to 10 s.
 */
function startListener(url: string, channel: string, handlers: ListenHandlers): Listener {
  checkIdentifier(channel, 'channel');
  let current: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  const retry = () => {
    if (closed || timer) return;
    const delay = Math.min(MAX_LISTEN_BACKOFF_MS, 250 * 2 ** failures++);
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
  };
  const connect = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('error', (err) => handlers.onError(err));
    client.on('end', () => {
      if (current === client) {
        current = undefined;
        retry();
      }
    });
    client.on('notification', (msg) => {
      if (msg.channel === channel && msg.payload !== undefined) handlers.onNotify(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      handlers.onError(err instanceof Error ? err : new Error(String(err)));
      await client.end().catch(() => undefined);
      retry();
      return;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    failures = 0;
    handlers.onListening();
  };
  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const client = current;
      current = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
