import type { Logger } from '../../config/logger.js';
import { tokenKey, type SeenTokens } from '../../store/seen-tokens.js';
import { ReplayCache, type ReplayVerdict } from './replay-cache.js';

/** What the replay guard is built from. */
export interface ReplayGuardOptions {
  /** Most unexpired ids this process remembers (the local cache). */
  readonly capacity: number;
  /** The ids every replica shares (PostgreSQL or Redis); none with PGlite, one process's alone. */
  readonly shared?: SeenTokens;
  /** Called when the shared store could not answer and the local cache decided alone. */
  readonly onSharedUnavailable?: () => void;
  readonly logger?: Logger;
}

/**
 * Refuses a token id seen before (CDS Hooks 2.0 requires `jti` "to protect against replay",
 * https://cds-hooks.hl7.org/2.0/#trusting-cds-clients), across replicas and restarts: the
 * local cache answers replays to this process at once, then the shared store is claimed. When
 * the shared store is down, the local cache takes over (a replay to another replica then
 * passes once), counted so that an operator sees it, rather than refusing every EHR call.
 */
export class ReplayGuard {
  private readonly local: ReplayCache;
  private lastWarnedAt = 0;

  constructor(private readonly options: ReplayGuardOptions) {
    this.local = new ReplayCache(options.capacity);
  }

  /** Ids held by the local cache. */
  get size(): number {
    return this.local.size;
  }

  async remember(issuer: string, jti: string, expiresAtMs: number, nowMs: number): Promise<ReplayVerdict> {
    const local = this.local.remember(`${issuer}\n${jti}`, expiresAtMs, nowMs);
    if (local !== 'fresh' || !this.options.shared) return local;
    try {
      return await this.options.shared.claim(tokenKey(issuer, jti), new Date(expiresAtMs), new Date(nowMs));
    } catch (err) {
      this.options.onSharedUnavailable?.();
      // One line a minute at most: an outage must not flood the log.
      if (nowMs - this.lastWarnedAt > 60_000) {
        this.lastWarnedAt = nowMs;
        this.options.logger?.warn(
          { store: this.options.shared.kind, err: err instanceof Error ? err.message : String(err) },
          'replay protection: the shared store did not answer; this replica checks token ids alone',
        );
      }
      return 'fresh';
    }
  }
}
