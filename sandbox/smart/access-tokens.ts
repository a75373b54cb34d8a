import { ExpiringMap } from './expiring-map.js';
import type { ClinicalScope } from './scopes.js';
import { newSecret, secretKey } from './secrets.js';

/** What a bearer token allows: its clinical scopes and, for an EHR launch, the patient in context. */
export interface Grant {
  readonly clientId: string;
  readonly scopes: readonly ClinicalScope[];
  /** The patient `patient/` scopes are held to. */
  readonly patient?: string;
}

const MAX_TOKENS = 10_000;

/**
 * The access tokens the sandbox EHR has issued, kept in memory: opaque random strings
 * (256 bits), stored by their SHA-256 so that the map never holds a usable token. The
 * resource server is this same process, so a lookup is all a check needs; a token can be
 * revoked (a reused authorization code) and every token dies with the sandbox.
 */
export class AccessTokens {
  private readonly tokens: ExpiringMap<Grant>;

  constructor(clock: () => Date) {
    this.tokens = new ExpiringMap(clock, MAX_TOKENS);
  }

  /** A new token for `grant`, valid `lifetimeSeconds`. */
  issue(grant: Grant, lifetimeSeconds: number): string {
    const token = newSecret();
    this.tokens.set(secretKey(token), grant, lifetimeSeconds);
    return token;
  }

  /** The grant of a live token, or undefined (unknown, expired or revoked). */
  resolve(token: string): Grant | undefined {
    return this.tokens.get(secretKey(token));
  }

  /** Revokes a token known only by its key (secretKey of the token). */
  revokeKey(key: string): void {
    this.tokens.delete(key);
  }

  clear(): void {
    this.tokens.clear();
  }
}
