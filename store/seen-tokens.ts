import { createClient } from '@redis/client';
import { createHash } from 'node:crypto';
import type { Logger } from '../config/logger.js';
import { openPgClient } from './pg-client.js';
import type { SqlClient } from './sql-client.js';
import { tablesIn, type Tables } from './tables.js';

/** Whether a token id was claimed for the first time. */
export type Claim = 'fresh' | 'replayed';

/**
 * Token ids (`jti`) shared by every instance of the service: the first instance to accept a
 * token claims its id until the token expires, and any later claim, on any instance or after
 * a restart, is a replay (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients). `claim` rejects
 * when the store cannot answer; the caller decides what to do then (hooks/auth/replay-guard.ts).
 */
export interface SeenTokens {
  readonly kind: 'postgresql' | 'redis';
  /** Resolves once the store can answer (Redis connects in the background; tests wait for it). */
  ready(): Promise<void>;
  claim(key: string, expiresAt: Date, now: Date): Promise<Claim>;
  close(): Promise<void>;
}

/** A fixed-length key that says nothing of the token: a digest of what identifies it (issuer and jti). */
export function tokenKey(issuer: string, jti: string): string {
  return createHash('sha256').update(issuer).update('\n').update(jti).digest('base64url');
}

/** How often expired ids are deleted from the table. */
const PURGE_EVERY_MS = 60_000;

/**
 * The table `seen_token` (migration 4) of the store's PostgreSQL. One statement per claim: the
 * row is inserted, or an expired row of the same key is renewed; a live row means a replay.
 */
export function sqlSeenTokens(
  sql: SqlClient,
  t: Tables,
  options: { readonly logger?: Logger; readonly purgeEveryMs?: number; readonly closeClient?: boolean } = {},
): SeenTokens {
  const claimSql = `
    INSERT INTO ${t.seenToken} (token_key, expires_at) VALUES ($1, $2)
    ON CONFLICT (token_key) DO UPDATE SET expires_at = EXCLUDED.expires_at
    WHERE ${t.seenToken}.expires_at <= $3
    RETURNING 1 AS fresh`;
  const purgeSql = `DELETE FROM ${t.seenToken} WHERE expires_at <= $1`;
  const timer = setInterval(() => {
    sql.query(purgeSql, [new Date()]).catch((err: unknown) => {
      options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'seen-token purge failed');
    });
  }, options.purgeEveryMs ?? PURGE_EVERY_MS);
  timer.unref();
  return {
    kind: 'postgresql',
    ready: () => Promise.resolve(),
    async claim(key, expiresAt, now) {
      const rows = await sql.query(claimSql, [key, expiresAt, now]);
      return rows.length === 1 ? 'fresh' : 'replayed';
    },
    close() {
      clearInterval(timer);
      return options.closeClient ? sql.close() : Promise.resolve();
    },
  };
}

/** The longest a Redis claim may take before it counts as the store being down. */
const REDIS_TIMEOUT_MS = 500;

/**
 * Redis (REDIS_URL): `SET <prefix><key> 1 NX PX <ms to expiry>`, which Redis answers OK only
 * for the first claim; the key leaves at the token's expiry by itself. Commands fail at once
 * while disconnected (no offline queue), and the client reconnects in the background.
 */
export function redisSeenTokens(
  url: string,
  options: { readonly logger?: Logger; readonly prefix?: string } = {},
): SeenTokens {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(10_000, 250 * 2 ** retries) },
  });
  let lastError = '';
  // Unhandled, a connection error would end the process; logged once per distinct message.
  client.on('error', (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    options.logger?.warn({ err: err.message }, 'redis: connection error');
  });
  client.on('ready', () => {
    lastError = '';
  });
  // Not awaited: a Redis that is down at start-up must not keep the service from starting. Until
  // the client is ready, claims fail at once and the replay guard counts the fallback.
  client.connect().catch((err: unknown) => {
    options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'redis: first connection failed');
  });
  const prefix = options.prefix ?? 'diabetes-cds-hooks:jti:';
  return {
    kind: 'redis',
    ready: () => (client.isReady ? Promise.resolve() : new Promise((resolve) => client.once('ready', () => resolve()))),
    async claim(key, expiresAt, now) {
      const ttl = Math.max(1, expiresAt.getTime() - now.getTime());
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis: no answer in time')), REDIS_TIMEOUT_MS);
      });
      try {
        const reply = await Promise.race([client.set(`${prefix}${key}`, '1', { NX: true, PX: ttl }), timeout]);
        return reply === 'OK' ? 'fresh' : 'replayed';
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await client.close().catch(() => undefined);
    },
  };
}

/**
 * The shared token-id store of a deployment: Redis when REDIS_URL is set, else the seen_token
 * table of the PostgreSQL server (a small pool of its own, beside the store's); none with
 * PGlite, which one process holds, so its in-process cache is already the whole truth.
 */
export async function openSharedTokenIds(options: {
  readonly redisUrl?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly logger: Logger;
}): Promise<SeenTokens | undefined> {
  if (options.redisUrl) return redisSeenTokens(options.redisUrl, { logger: options.logger });
  if (!options.databaseUrl) return undefined;
  const sql = await openPgClient({ url: options.databaseUrl, logger: options.logger, maxConnections: 4 });
  return sqlSeenTokens(sql, tablesIn(), { logger: options.logger, closeClient: true });
}
