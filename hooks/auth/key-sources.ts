import { createLocalJWKSet, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../../config/logger.js';
import type { JwksFetcher } from './jwks-fetch.js';

/** Where the public keys of one issuer come from. */
export interface KeySource {
  /** The key set to verify with if it holds `kid` (fetching or refetching if allowed), else undefined. */
  keysFor(kid: string): Promise<JWTVerifyGetKey | undefined>;
}

interface LoadedSet {
  readonly kids: ReadonlySet<string>;
  // createLocalJWKSet imports each key once per alg and caches it, so requests never re-import.
  readonly getKey: JWTVerifyGetKey;
}

// Only public asymmetric keys with a kid are usable; the rest of a fetched set is ignored.
function usable(key: JWK): boolean {
  return typeof key.kid === 'string' && key.kid !== '' && key.kty !== 'oct' && !('d' in key);
}

function loadSet(jwks: JSONWebKeySet): LoadedSet {
  const keys = jwks.keys.filter(usable);
  return { kids: new Set(keys.map((k) => k.kid as string)), getKey: createLocalJWKSet({ keys }) };
}

/** Keys known in advance (a jwksFile, the sandbox issuer); never refetched. */
export function staticKeySource(jwks: JSONWebKeySet): KeySource {
  const set = loadSet(jwks);
  return { keysFor: (kid) => Promise.resolve(set.kids.has(kid) ? set.getKey : undefined) };
}

/** Settings shared by every remote JWKS. */
export interface RemoteJwksOptions {
  readonly fetchJwks: JwksFetcher;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Deadline of one fetch. */
  readonly timeoutMs: number;
  /** Least time between two fetches of one URL, so a flood of unknown kids cannot hammer the issuer. */
  readonly refetchIntervalMs: number;
  /** Age after which the cached set is fetched again on next use (keys get revoked). */
  readonly maxAgeMs: number;
}

function isJwkSet(body: unknown): body is JSONWebKeySet {
  return (
    typeof body === 'object' &&
    body !== null &&
    Array.isArray((body as { keys?: unknown }).keys) &&
    (body as { keys: unknown[] }).keys.every((k) => typeof k === 'object' && k !== null && !Array.isArray(k))
  );
}

/**
 * A JWKS fetched from a URL and cached. It is fetched on first use, again when an unknown kid
 * arrives or the set is older than maxAgeMs, but never twice within refetchIntervalMs;
 * concurrent callers share one fetch. A failed fetch keeps the previous keys.
 */
export function remoteKeySource(url: string, options: RemoteJwksOptions): KeySource {
  let set: LoadedSet | undefined;
  let fetchedAt = -Infinity;
  let attemptedAt = -Infinity;
  let inflight: Promise<void> | undefined;

  async function load(): Promise<void> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const deadline = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(new Error(`timed out after ${options.timeoutMs} ms`)), {
        once: true,
      });
    });
    try {
      const body = await Promise.race([options.fetchJwks(url, signal), deadline]);
      if (!isJwkSet(body)) throw new Error('not a JWK Set');
      set = loadSet(body);
      fetchedAt = options.clock().getTime();
      options.logger.info({ jwksUrl: url, keys: set.kids.size }, 'JWKS fetched');
    } catch (e) {
      options.logger.warn({ jwksUrl: url, err: (e as Error).message }, 'JWKS fetch failed');
    }
  }

  function refresh(): Promise<void> {
    if (inflight) return inflight;
    const now = options.clock().getTime();
    if (now - attemptedAt < options.refetchIntervalMs) return Promise.resolve();
    attemptedAt = now;
    inflight = load().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  return {
    async keysFor(kid) {
      const stale = options.clock().getTime() - fetchedAt > options.maxAgeMs;
      if (stale || !set?.kids.has(kid)) await refresh();
      return set?.kids.has(kid) ? set.getKey : undefined;
    },
  };
}
