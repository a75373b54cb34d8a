import { ConfigError, type Config } from '../../config/config.js';
import type { SeenTokens } from '../../store/seen-tokens.js';
import type { Logger } from '../../config/logger.js';
import type { Authenticator } from './authenticator.js';
import { loadIssuersFile, type TrustedIssuer } from './issuers-config.js';
import type { JwksFetcher } from './jwks-fetch.js';
import { createAuthenticator } from './jwt-authenticator.js';

/** The authentication pieces the server wires: the authenticator and the issuers it trusts. */
export interface ConfiguredAuth {
  readonly authenticator: Authenticator;
  readonly issuers: readonly TrustedIssuer[];
}

/** Injected collaborators for createAuthFromConfig. */
export interface AuthDeps {
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly fetchJwks?: JwksFetcher;
  /** Issuers trusted besides the file's: the sandbox's, in sandbox mode. */
  readonly extraIssuers?: readonly TrustedIssuer[];
  /** The token ids every replica shares (store/seen-tokens.ts). */
  readonly sharedTokenIds?: SeenTokens;
  readonly onSharedTokenIdsUnavailable?: () => void;
}

/**
 * Builds authentication from the config at start-up: reads JWT_ISSUERS_FILE, adds the extra
 * issuers (the sandbox's, in sandbox mode), and refuses CDS_AUTH=required with no trusted issuer at all.
 */
export function createAuthFromConfig(config: Pick<Config, 'auth' | 'publicBaseUrl'>, deps: AuthDeps): ConfiguredAuth {
  const { auth } = config;
  const fromFile = auth.issuersFile ? loadIssuersFile(auth.issuersFile, { publicBaseUrl: config.publicBaseUrl }) : [];
  const issuers = [...fromFile, ...(deps.extraIssuers ?? [])];
  if (auth.mode === 'required' && issuers.length === 0) {
    throw new ConfigError('CDS_AUTH=required but no issuer is trusted: set JWT_ISSUERS_FILE');
  }
  const authenticator = createAuthenticator({
    mode: auth.mode,
    issuers,
    extraAlgorithms: auth.extraAlgorithms,
    clockSkewSeconds: auth.clockSkewSeconds,
    maxLifetimeSeconds: auth.maxLifetimeSeconds,
    logger: deps.logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.fetchJwks ? { fetchJwks: deps.fetchJwks } : {}),
    ...(deps.sharedTokenIds ? { sharedTokenIds: deps.sharedTokenIds } : {}),
    ...(deps.onSharedTokenIdsUnavailable ? { onSharedTokenIdsUnavailable: deps.onSharedTokenIdsUnavailable } : {}),
  });
  return { authenticator, issuers };
}
