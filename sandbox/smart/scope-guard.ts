import type { RequestHandler, Response } from 'express';
import type { CompartmentRepository } from '../fhir/compartment-repository.js';
import type { Grant } from './access-tokens.js';
import { decideAccess } from './access-decision.js';
import { accessesOf } from './fhir-access.js';
import { sendRefusal } from './fhir-outcome.js';

/** What the guard works with. */
export interface ScopeGuardDeps {
  /** The grant of a bearer token, or undefined when it is not one this EHR issued (or it expired). */
  readonly resolve: (token: string) => Promise<Grant | undefined>;
  readonly store: CompartmentRepository;
  readonly fhirBase: string;
}

const REALM = 'Bearer realm="sandbox-fhir"';
const BEARER = /^Bearer +(\S+)$/i;
/** Where the guard leaves the grant of a request it let through, for the handlers after it. */
const GRANT_LOCAL = 'sandboxSmartGrant';

/** The grant of the bearer token of a request the guard let through; undefined when it sent none. */
export function grantOf(res: Response): Grant | undefined {
  return (res.locals as Record<string, Grant | undefined>)[GRANT_LOCAL];
}

/**
 * The FHIR server's access check, run after the body is parsed and before any interaction:
 * a request that sends `Authorization` must send a live bearer token issued here (else 401,
 * `error="invalid_token"`), and is then held to its scopes (decideAccess). Refusals are
 * OperationOutcomes; the token is never logged. https://datatracker.ietf.org/doc/html/rfc6750#section-3
 */
export function scopeGuard(deps: ScopeGuardDeps): RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const header = req.get('authorization');
    let grant: Grant | undefined;
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      grant = token ? await deps.resolve(token) : undefined;
      if (!grant) {
        res.set('WWW-Authenticate', `${REALM}, error="invalid_token"`);
        return sendRefusal(res, {
          status: 401,
          issue: 'login',
          code: 'invalid-token',
          diagnostics: 'the bearer token is unknown, expired or revoked',
        });
      }
    }
    const i = req.originalUrl.indexOf('?');
    const query = i < 0 ? [] : [...new URLSearchParams(req.originalUrl.slice(i + 1))];
    const accesses = accessesOf(
      { method: req.method, path: req.path, query, body: req.body as unknown },
      deps.fhirBase,
    );
    const refusal = decideAccess(grant, accesses, deps.store);
    if (!refusal) {
      if (grant) res.locals[GRANT_LOCAL] = grant; // Bulk Data status and file requests check who asks (not the token itself)
      return next();
    }
    res.set('WWW-Authenticate', refusal.status === 403 ? `${REALM}, error="insufficient_scope"` : REALM);
    sendRefusal(res, refusal);
  };
}
