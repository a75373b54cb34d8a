import type { Grant } from './access-tokens.js';
import { ExpiringMap } from './expiring-map.js';
import { newSecret, secretKey } from './secrets.js';

/** What an authorization code stands for until it is exchanged. */
export interface PendingAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly grant: Grant;
  /** The granted scopes as the token response reports them. */
  readonly scope: string;
  readonly appContext?: string;
}

/** Codes expire within a minute, as SMART expects (app-launch.html#obtain-authorization-code). */
export const CODE_LIFETIME_SECONDS = 60;
const MAX_CODES = 1000;

/** The outcome of presenting a code: its authorization, or why there is none. */
export type Redemption =
  | { readonly status: 'ok'; readonly pending: PendingAuthorization; readonly onIssued: (token: string) => void }
  | { readonly status: 'reused'; readonly issuedTokenKey?: string }
  | { readonly status: 'unknown' };

/**
 * Authorization codes, each usable once. A presented code is spent whatever happens next
 * (a wrong verifier burns it too). A spent code is remembered until it would have expired:
 * presenting it again revokes the token it bought (RFC 6749 §4.1.2: "If an authorization
 * code is used more than once, the authorization server MUST deny the request and SHOULD
 * revoke (when possible) all tokens previously issued based on that authorization code").
 */
export class AuthorizationCodes {
  private readonly live: ExpiringMap<PendingAuthorization>;
  /** Spent codes, with the key (secretKey) of the token each bought. */
  private readonly spent: ExpiringMap<{ tokenKey?: string }>;

  constructor(clock: () => Date) {
    this.live = new ExpiringMap(clock, MAX_CODES);
    this.spent = new ExpiringMap(clock, MAX_CODES);
  }

  /** A new code for `pending`. */
  issue(pending: PendingAuthorization): string {
    const code = newSecret();
    this.live.set(secretKey(code), pending, CODE_LIFETIME_SECONDS);
    return code;
  }

  /** Spends the code. */
  redeem(code: string): Redemption {
    const key = secretKey(code);
    const pending = this.live.take(key);
    if (pending) {
      const record: { tokenKey?: string } = {};
      this.spent.set(key, record, CODE_LIFETIME_SECONDS);
      return {
        status: 'ok',
        pending,
        onIssued: (token) => {
          record.tokenKey = secretKey(token);
        },
      };
    }
    const spent = this.spent.get(key);
    if (!spent) return { status: 'unknown' };
    this.spent.delete(key);
    return { status: 'reused', ...(spent.tokenKey ? { issuedTokenKey: spent.tokenKey } : {}) };
  }

  clear(): void {
    this.live.clear();
    this.spent.clear();
  }
}
