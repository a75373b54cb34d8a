import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { ConfigError } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import { algorithmProblem, isForbiddenAlgorithm, resolveAlgorithms } from './algorithms.js';
import type { Authenticator, Caller } from './authenticator.js';
import { bearerToken } from './bearer-token.js';
import type { TrustedIssuer } from './issuers-config.js';
import { fetchJwksOverHttp, type JwksFetcher } from './jwks-fetch.js';
import { remoteKeySource, staticKeySource, type KeySource, type RemoteJwksOptions } from './key-sources.js';
import type { SeenTokens } from '../../store/seen-tokens.js';
import { ReplayGuard } from './replay-guard.js';
import { TokenRejectedError, type RejectionReason } from './token-rejected.js';

/** How strictly CDS clients are authenticated (CDS_AUTH). */
export type AuthMode = 'required' | 'optional' | 'off';

/** Everything createAuthenticator needs; only mode, issuers and logger are required. */
export interface AuthenticatorOptions {
  readonly mode: AuthMode;
  readonly issuers: readonly TrustedIssuer[];
  readonly logger: Logger;
  /** Accepted besides ES384 and RS384; none and HS* throw ConfigError. */
  readonly extraAlgorithms?: readonly string[];
  /** Allowed clock skew for exp and iat, 0–60 s (default 60). */
  readonly clockSkewSeconds?: number;
  /**
   * Longest accepted lifetime, exp minus iat, in seconds (JWT_MAX_LIFETIME_S, default 300 there).
   * Absent: no limit beyond exp itself; createAuthFromConfig always passes the configured one.
   */
  readonly maxLifetimeSeconds?: number;
  readonly clock?: () => Date;
  readonly fetchJwks?: JwksFetcher;
  /** Deadline of one JWKS fetch (default 2000 ms). */
  readonly jwksTimeoutMs?: number;
  /** Least time between two fetches of one JWKS URL (default 30 s). */
  readonly jwksRefetchIntervalMs?: number;
  /** Age after which a fetched JWKS is fetched again (default 1 h). */
  readonly jwksMaxAgeMs?: number;
  /** Most unexpired jti values remembered; beyond it new tokens are refused (default 100 000). */
  readonly replayCacheSize?: number;
  /** The token ids every replica shares (PostgreSQL or Redis); without it, this process checks alone. */
  readonly sharedTokenIds?: SeenTokens;
  /** Called when the shared store could not answer and this process decided alone. */
  readonly onSharedTokenIdsUnavailable?: () => void;
}

/** The caller when no token is checked: no issuer, no per-issuer fhirServer limit. */
const ANONYMOUS: Caller = Object.freeze({});

const MAX_SKEW_SECONDS = 60;

interface Issuer {
  readonly trusted: TrustedIssuer;
  readonly algorithms: readonly string[];
  /** jkuAllowlist plus the issuer's own jwksUrl. */
  readonly jkus: ReadonlySet<string>;
  readonly keys?: KeySource;
  readonly caller: Caller;
}

// A short, printable excerpt of an untrusted header or claim value, for logs.
function excerpt(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 200) : undefined;
}

function isJwtTyp(typ: unknown): boolean {
  return typeof typ === 'string' && ['jwt', 'application/jwt'].includes(typ.toLowerCase());
}

// jose's error classes, mapped to our reasons.
function reasonOf(e: unknown): RejectionReason {
  if (e instanceof TokenRejectedError) return e.reason;
  if (e instanceof errors.JWTExpired) return 'expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.reason === 'missing') return 'missing-claim';
    if (e.claim === 'aud') return 'wrong-audience';
    if (e.claim === 'nbf') return 'not-yet-valid';
    return 'invalid-claim';
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) return 'no-matching-key';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'algorithm-not-allowed';
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return 'malformed-token';
  return 'verification-error';
}

// Ordinary expiry noise is info; anything that looks like an attack or a misconfiguration is warn.
const INFO_REASONS: ReadonlySet<RejectionReason> = new Set(['missing-token', 'expired']);

/**
 * Creates the JWT authenticator of CDS Hooks 2.0 "Trusting CDS Clients"
 * (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients). Throws ConfigError for unsafe settings.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { mode, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const skew = options.clockSkewSeconds ?? MAX_SKEW_SECONDS;
  if (!Number.isInteger(skew) || skew < 0 || skew > MAX_SKEW_SECONDS) {
    throw new ConfigError(`JWT_CLOCK_SKEW_S: must be an integer from 0 to ${MAX_SKEW_SECONDS}`);
  }
  const maxLifetime = options.maxLifetimeSeconds;
  if (maxLifetime !== undefined && (!Number.isInteger(maxLifetime) || maxLifetime < 1)) {
    throw new ConfigError('JWT_MAX_LIFETIME_S: must be a positive integer');
  }
  const defaultAlgorithms = resolveAlgorithms(options.extraAlgorithms ?? []);
  const remote: RemoteJwksOptions = {
    fetchJwks: options.fetchJwks ?? fetchJwksOverHttp,
    clock,
    logger,
    timeoutMs: options.jwksTimeoutMs ?? 2000,
    refetchIntervalMs: options.jwksRefetchIntervalMs ?? 30_000,
    maxAgeMs: options.jwksMaxAgeMs ?? 3_600_000,
  };
  // One cache per URL, shared by every issuer naming it as jwksUrl or allowlisted jku.
  const remoteSources = new Map<string, KeySource>();
  const remoteSource = (url: string): KeySource => {
    let source = remoteSources.get(url);
    if (!source) remoteSources.set(url, (source = remoteKeySource(url, remote)));
    return source;
  };

  const issuers = new Map<string, Issuer>();
  for (const trusted of options.issuers) {
    if (issuers.has(trusted.iss)) throw new ConfigError(`trusted issuers: duplicate iss ${trusted.iss}`);
    for (const alg of trusted.algorithms ?? []) {
      const problem = algorithmProblem(alg);
      if (problem) throw new ConfigError(`trusted issuer ${trusted.iss}: algorithms: ${problem}`);
    }
    const keys = trusted.jwks
      ? staticKeySource(trusted.jwks)
      : trusted.jwksUrl
        ? remoteSource(trusted.jwksUrl)
        : undefined;
    issuers.set(trusted.iss, {
      trusted,
      algorithms: trusted.algorithms ?? defaultAlgorithms,
      jkus: new Set([...trusted.jkuAllowlist, ...(trusted.jwksUrl ? [trusted.jwksUrl] : [])]),
      ...(keys ? { keys } : {}),
      caller: Object.freeze({ issuer: trusted.iss, allowedFhirServers: Object.freeze([...trusted.fhirServers]) }),
    });
  }
  const replay = new ReplayGuard({
    capacity: options.replayCacheSize ?? 100_000,
    logger,
    ...(options.sharedTokenIds ? { shared: options.sharedTokenIds } : {}),
    ...(options.onSharedTokenIdsUnavailable ? { onSharedUnavailable: options.onSharedTokenIdsUnavailable } : {}),
  });

  async function verify(token: string, audience: string): Promise<Caller> {
    let header: ProtectedHeaderParameters;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw new TokenRejectedError('malformed-token');
    }
    const { alg, kid, jku } = header;
    if (typeof alg !== 'string' || isForbiddenAlgorithm(alg)) throw new TokenRejectedError('forbidden-algorithm');
    // typ is REQUIRED ("JWT") by the spec; a different typ marks another kind of token
    // (e.g. an OAuth access token, at+jwt) being passed off as a client assertion.
    if (header.typ !== undefined && !isJwtTyp(header.typ)) throw new TokenRejectedError('wrong-typ');
    if (typeof kid !== 'string' || kid === '') throw new TokenRejectedError('missing-kid');
    const issuer = typeof unverified.iss === 'string' ? issuers.get(unverified.iss) : undefined;
    if (!issuer) throw new TokenRejectedError('unknown-issuer');
    if (!issuer.algorithms.includes(alg)) throw new TokenRejectedError('algorithm-not-allowed');
    // Fetch a jku only when allowlisted for this issuer (SSRF); configured keys take precedence.
    if (jku !== undefined && !issuer.jkus.has(jku)) throw new TokenRejectedError('jku-not-allowed');
    const keys = issuer.keys ?? (jku !== undefined ? remoteSource(jku) : undefined);
    if (!keys) throw new TokenRejectedError('no-key-source');
    const getKey = await keys.keysFor(kid);
    if (!getKey) throw new TokenRejectedError('unknown-kid');

    const now = clock();
    const base = audience.replace(/\/+$/, '');
    const { payload } = await jwtVerify(token, getKey, {
      algorithms: [alg],
      issuer: issuer.trusted.iss,
      audience: [base, `${base}/`],
      currentDate: now,
      clockTolerance: skew,
      requiredClaims: ['exp', 'iat', 'jti'],
    });
    const nowSeconds = Math.floor(now.getTime() / 1000);
    // jose checks iat only together with maxTokenAge; a token from the future is refused here.
    if ((payload.iat as number) > nowSeconds + skew) throw new TokenRejectedError('iat-in-future');
    if (typeof payload.jti !== 'string' || payload.jti === '') throw new TokenRejectedError('invalid-claim');
    // CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients) requires exp, iat and a
    // jti "to protect against replay attacks" but sets no lifetime; its early drafts, like SMART
    // Backend Services, capped exp at five minutes. A stolen long-lived token would be replayable
    // against another replica for its whole life, and each jti stays in the replay cache until
    // exp, so the cap also bounds that cache. Measured on the issuer's own clock (exp - iat), so
    // clock skew plays no part; iat is a required claim (missing-claim above).
    if (maxLifetime !== undefined && (payload.exp as number) - (payload.iat as number) > maxLifetime) {
      throw new TokenRejectedError('lifetime-too-long');
    }
    const verdict = await replay.remember(
      issuer.trusted.iss,
      payload.jti,
      ((payload.exp as number) + skew) * 1000,
      now.getTime(),
    );
    if (verdict === 'replayed') throw new TokenRejectedError('replayed-jti');
    if (verdict === 'full') throw new TokenRejectedError('replay-cache-full');
    return issuer.caller;
  }

  function logRejection(reason: RejectionReason, token: string | undefined, audience: string, e?: unknown): void {
    const fields: Record<string, unknown> = { event: 'jwt-rejected', reason, audience };
    if (token) {
      try {
        const header = decodeProtectedHeader(token);
        const claims = decodeJwt(token);
        Object.assign(fields, {
          alg: excerpt(header.alg),
          kid: excerpt(header.kid),
          iss: excerpt(claims.iss),
        });
        // Numbers only (the signature checked out): tells an operator how long the issuer's tokens live.
        if (reason === 'lifetime-too-long') {
          Object.assign(fields, { lifetimeS: Number(claims.exp) - Number(claims.iat), maxLifetimeS: maxLifetime });
        }
      } catch {
        // Undecodable: reason says so; nothing else to log.
      }
    }
    if (reason === 'verification-error' && e instanceof Error) fields.err = e.name;
    if (reason === 'replay-cache-full') fields.replayCacheSize = replay.size;
    logger[INFO_REASONS.has(reason) ? 'info' : 'warn'](fields, 'authentication failed');
  }

  return {
    async authenticate(authorization, audience) {
      if (mode === 'off') return ANONYMOUS;
      let token: string | undefined;
      try {
        token = bearerToken(authorization);
        if (token === undefined) {
          if (mode === 'optional') return ANONYMOUS;
          throw new TokenRejectedError('missing-token');
        }
        return await verify(token, audience);
      } catch (e) {
        const reason = reasonOf(e);
        logRejection(reason, token, audience, e);
        throw e instanceof TokenRejectedError ? e : new TokenRejectedError(reason);
      }
    },
  };
}
