import { ConfigError, type Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import type { Authenticator } from './authenticator.js';
import { loadIssuersFile, type TrustedIssuer } from './issuers-config.js';
import type { JwksFetcher } from './jwks-fetch.js';
import { createAuthenticator } from './jwt-authenticator.js';
import { createSandboxIssuer, type SandboxIssuer } from './sandbox-issuer.js';

/** The authentication pieces the server wires: the authenticator and, in sandbox mode, the sandbox issuer. */
export interface ConfiguredAuth {
  readonly authenticator: Authenticator;
  /** Present in sandbox mode: mount sandboxIssuerRoutes(it) and let the EHR page call signToken. */
  readonly sandboxIssuer?: SandboxIssuer;
  readonly issuers: readonly TrustedIssuer[];
}

/** Injected collaborators for createAuthFromConfig. */
export interface AuthDeps {
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly fetchJwks?: JwksFetcher;
}

/**
 * Builds authentication from the config at start-up: reads JWT_ISSUERS_FILE, adds the sandbox
 * issuer in sandbox mode, and refuses CDS_AUTH=required with no trusted issuer at all.
 */
export async function createAuthFromConfig(
  config: Pick<Config, 'auth' | 'sandbox' | 'publicBaseUrl' | 'database'>,
  deps: AuthDeps,
): Promise<ConfiguredAuth> {
  const { auth } = config;
  const fromFile = auth.issuersFile ? loadIssuersFile(auth.issuersFile, { publicBaseUrl: config.publicBaseUrl }) : [];
  const sandboxIssuer = config.sandbox
    ? await createSandboxIssuer({
        publicBaseUrl: config.publicBaseUrl,
        dataDir: config.database.dataDir,
        ...(deps.clock ? { clock: deps.clock } : {}),
      })
    : undefined;
  const issuers = sandboxIssuer ? [...fromFile, sandboxIssuer.trustedIssuer] : fromFile;
  if (auth.mode === 'required' && issuers.length === 0) {
    throw new ConfigError('CDS_AUTH=required but no issuer is trusted: set JWT_ISSUERS_FILE');
  }
  const authenticator = createAuthenticator({
    mode: auth.mode,
    issuers,
    extraAlgorithms: auth.extraAlgorithms,
    clockSkewSeconds: auth.clockSkewSeconds,
    logger: deps.logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.fetchJwks ? { fetchJwks: deps.fetchJwks } : {}),
  });
  return { authenticator, issuers, ...(sandboxIssuer ? { sandboxIssuer } : {}) };
}
