import express, { Router, type ErrorRequestHandler } from 'express';
import type { SandboxIssuer } from '../auth/sandbox-issuer.js';
import type { CompartmentRepository } from '../fhir/compartment-repository.js';
import type { FhirAccess } from '../fhir/sandbox-router.js';
import { AccessTokens } from './access-tokens.js';
import { authorizeHandler } from './authorize-route.js';
import { AuthorizationCodes } from './authorization-codes.js';
import { ExpiringMap } from './expiring-map.js';
import { LAUNCH_PATH, launchHandler } from './launch-route.js';
import { LaunchContexts } from './launch-contexts.js';
import { OAuthError, sendOAuthError } from './oauth-error.js';
import { pageTokenVerifier } from './page-token.js';
import { grantOf, scopeGuard } from './scope-guard.js';
import {
  AUTHORIZE_PATH,
  smartConfiguration,
  smartEndpoints,
  smartSecurity,
  TOKEN_PATH,
} from './smart-configuration.js';
import { clientRegistry, type SmartClient } from './smart-clients.js';
import { tokenHandler } from './token-route.js';

/** What the sandbox EHR's authorization server is built from. */
export interface SmartEhrOptions {
  readonly publicBaseUrl: string;
  readonly clock: () => Date;
  /** The registered clients (defaultSmartClients, plus any a test adds). */
  readonly clients: readonly SmartClient[];
  /** The EHR page's issuer, whose /fhir tokens stay valid for reads. */
  readonly pageIssuer: Promise<SandboxIssuer>;
}

/** The sandbox EHR's SMART side. */
export interface SmartEhr {
  /** The authorization and token endpoints, served from the root. */
  readonly routes: Router;
  /** What the FHIR server serves and checks: the SMART configuration, the Launch endpoint, the scope guard. */
  fhirAccess(store: CompartmentRepository): FhirAccess;
  /** Forgets every launch, code, token and assertion id. */
  reset(): void;
}

const MAX_ASSERTIONS = 10_000;

/** Refuses form bodies the parser could not read as an OAuth error, not as a CDS Hooks one. */
const formErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  const type = (err as { type?: unknown }).type;
  if (typeof type !== 'string' || !type.startsWith('entity.')) return next(err);
  sendOAuthError(res, new OAuthError('invalid_request', 'the form body cannot be read'));
};

/**
 * Makes the sandbox EHR a SMART on FHIR EHR: EHR launch for public apps (PKCE), backend
 * services (signed assertions), and a FHIR server that holds bearer tokens to their scopes.
 * Everything is in memory. docs/smart-app.md describes it.
 */
export function createSmartEhr(options: SmartEhrOptions): SmartEhr {
  const { clock } = options;
  const fhirBase = `${options.publicBaseUrl}/fhir`;
  const endpoints = smartEndpoints(options.publicBaseUrl);
  const clients = clientRegistry(options.clients);
  const launches = new LaunchContexts(clock);
  const codes = new AuthorizationCodes(clock);
  const tokens = new AccessTokens(clock);
  const seenJtis = new ExpiringMap<true>(clock, MAX_ASSERTIONS);
  const pageToken = pageTokenVerifier(options.pageIssuer, fhirBase, clock);
  const configuration = JSON.stringify(smartConfiguration(endpoints));

  const form = express.urlencoded({ extended: false, limit: '64kb', type: 'application/x-www-form-urlencoded' });
  const routes = Router();
  const authorize = authorizeHandler({ clients, launches, codes, fhirBase });
  routes.get(AUTHORIZE_PATH, authorize);
  routes.post(AUTHORIZE_PATH, form, authorize);
  routes.post(
    TOKEN_PATH,
    form,
    tokenHandler({ clients, codes, tokens, seenJtis, clock, tokenEndpoint: endpoints.token }),
  );
  routes.use(formErrors);

  return {
    routes,
    fhirAccess(store) {
      const fhirRoutes = Router();
      fhirRoutes.get('/.well-known/smart-configuration', (_req, res) => {
        res.set('Cache-Control', 'public, max-age=300').type('application/json').send(configuration);
      });
      fhirRoutes.post(LAUNCH_PATH, launchHandler(launches, store));
      const resolve = (token: string) =>
        token.split('.').length === 3 ? pageToken(token) : Promise.resolve(tokens.resolve(token));
      return {
        routes: fhirRoutes,
        guard: scopeGuard({ resolve, store, fhirBase }),
        security: smartSecurity(endpoints),
        // Bulk Data: status and file requests must come from the client that started the export
        // (any of its live tokens: backend tokens last five minutes), with a system/ read of the file's type.
        bulkCaller: (res) => {
          const grant = grantOf(res);
          if (!grant) return undefined;
          const system = grant.scopes.filter((s) => s.context === 'system' && s.permissions.has('r'));
          return { key: grant.clientId, mayRead: (type) => system.some((s) => s.type === '*' || s.type === type) };
        },
      };
    },
    reset() {
      launches.clear();
      codes.clear();
      tokens.clear();
      seenJtis.clear();
    },
  };
}
