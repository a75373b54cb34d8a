import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../config/logger.js';
import { errorSummary } from './database-error.js';

/** First wait between two connection attempts; it doubles up to MAX_WAIT_MS. */
const FIRST_WAIT_MS = 250;
const MAX_WAIT_MS = 5000;

/**
 * SQLSTATE classes that waiting will not fix: a wrong password or user (28), a database that
 * does not exist (3D). https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const PERMANENT_SQLSTATE_CLASSES = ['28', '3D'];

/** Start-up gave up on the database: unreachable for the whole STARTUP_TIMEOUT_S, or refused for good. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** Where the database is, for messages and logs: host, port and database name, never the password. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the database (DATABASE_URL is not a URL)';
  }
}

function isPermanent(err: unknown): boolean {
  const code = errorSummary(err).code;
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_SQLSTATE_CLASSES.includes(code.slice(0, 2));
}

export interface ConnectRetryOptions {
  /** STARTUP_TIMEOUT_S in ms: how long start-up keeps trying. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** host:port/database, for the log (describeDatabase). */
  readonly target: string;
}

/**
 * Runs `attempt` until it succeeds, waiting 250 ms, then twice as long each time up to 5 s,
 * logging each failure, for at most `timeoutMs`. A database that is still starting (a pod
 * scheduled before PostgreSQL, a failover) is waited for; a wrong password or a missing
 * database fails at once, since waiting cannot fix it.
 */
export async function connectWithRetry<T>(attempt: () => Promise<T>, options: ConnectRetryOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (let tries = 1; ; tries++) {
    try {
      const result = await attempt();
      if (tries > 1) options.logger.info({ database: options.target, tries }, 'database reachable');
      return result;
    } catch (err) {
      const summary = errorSummary(err);
      if (isPermanent(err)) {
        throw new DatabaseUnavailableError(`${options.target} refused the connection: ${summary.message}`);
      }
      const waitMs = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (tries - 1), deadline - Date.now());
      if (waitMs <= 0) {
        const waited =
          options.timeoutMs > 0 ? ` after ${Math.round(options.timeoutMs / 1000)} s (${tries} tries; ` : ' (';
        throw new DatabaseUnavailableError(
          `${options.target} not reachable${waited}last error: ${summary.code ?? summary.message})`,
        );
      }
      options.logger.warn(
        { database: options.target, try: tries, retryInMs: waitMs, err: summary },
        'database not reachable yet, retrying',
      );
      await sleep(waitMs);
    }
  }
}
