import type { Request, RequestHandler, Response } from 'express';
import type { AuthorizationCodes } from './authorization-codes.js';
import type { LaunchContexts } from './launch-contexts.js';
import { noStore, OAuthError, sendOAuthError } from './oauth-error.js';
import { paramReader, required, type ParamReader } from './oauth-params.js';
import { isS256Challenge } from './pkce.js';
import { grantScopes } from './scope-grant.js';
import { splitScopes } from './scopes.js';
import type { ClientRegistry, PublicClient } from './smart-clients.js';

/** What the authorization endpoint works with. */
export interface AuthorizeDeps {
  readonly clients: ClientRegistry;
  readonly launches: LaunchContexts;
  readonly codes: AuthorizationCodes;
  /** `<PUBLIC_BASE_URL>/fhir`: the only `aud` it grants for. */
  readonly fhirBase: string;
}

/** Client and redirect URI, checked first: until both are known good, errors are not redirected. */
function clientAndRedirect(read: ParamReader, deps: AuthorizeDeps): { client: PublicClient; redirectUri: string } {
  const clientId = required(read, 'client_id');
  const client = deps.clients.find(clientId);
  if (!client) throw new OAuthError('invalid_client', 'client_id is not a registered client', 400);
  if (client.kind !== 'public') {
    throw new OAuthError('unauthorized_client', 'client_id is a backend client: use the client_credentials grant');
  }
  const redirectUri = required(read, 'redirect_uri');
  if (!client.redirectUris.includes(redirectUri)) {
    throw new OAuthError('invalid_request', 'redirect_uri is not one of the client’s registered redirect URIs');
  }
  return { client, redirectUri };
}

/** Checks the rest of an EHR-launch authorization request and issues a code; throws OAuthError. */
function authorize(read: ParamReader, client: PublicClient, redirectUri: string, deps: AuthorizeDeps): string {
  const responseType = required(read, 'response_type');
  if (responseType !== 'code') throw new OAuthError('unsupported_response_type', 'response_type must be code');
  required(read, 'state');
  const aud = required(read, 'aud');
  if (aud.replace(/\/$/, '') !== deps.fhirBase) {
    throw new OAuthError('invalid_target', `aud must be this FHIR server's base URL, ${deps.fhirBase}`);
  }
  const method = required(read, 'code_challenge_method');
  if (method !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  const codeChallenge = required(read, 'code_challenge');
  if (!isS256Challenge(codeChallenge)) {
    throw new OAuthError('invalid_request', 'code_challenge must be 43 base64url characters (an S256 hash)');
  }
  const requested = splitScopes(required(read, 'scope'));
  if (!requested.includes('launch')) {
    throw new OAuthError('invalid_scope', 'scope must include launch: the sandbox EHR supports the EHR launch only');
  }
  const launchId = required(read, 'launch');
  const scopes = grantScopes(requested, client.scopes, ['patient', 'user']);
  if (scopes.clinical.length === 0) {
    throw new OAuthError('invalid_scope', 'scope grants no patient/ or user/ access this client may have');
  }
  const launch = deps.launches.spend(launchId);
  if (!launch) throw new OAuthError('invalid_request', 'launch is unknown, expired or already used');
  return deps.codes.issue({
    clientId: client.clientId,
    redirectUri,
    codeChallenge,
    grant: { clientId: client.clientId, scopes: scopes.clinical, patient: launch.patient },
    scope: scopes.texts.join(' '),
    ...(launch.appContext !== undefined ? { appContext: launch.appContext } : {}),
  });
}

function redirect(req: Request, res: Response, redirectUri: string, params: Record<string, string>): void {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  // After a POST, 303 makes the browser GET the redirect URI.
  noStore(res).redirect(req.method === 'POST' ? 303 : 302, url.toString());
}

/**
 * The authorization endpoint (GET, and POST with a form body: SMART's `authorize-post`). It
 * serves the EHR launch of a public client with PKCE and grants at once, with no login or
 * consent page: the sandbox EHR's user is always signed in and always agrees. A bad client
 * or redirect URI gets a 400 JSON error; once both are good, every error is redirected
 * there as `error`, `error_description` and `state` (RFC 6749 §4.1.2.1).
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-authorization-code
 */
export function authorizeHandler(deps: AuthorizeDeps): RequestHandler {
  return (req, res) => {
    let read: ParamReader;
    let target: { client: PublicClient; redirectUri: string };
    try {
      read = paramReader(req.method === 'POST' ? req.body : req.query);
      target = clientAndRedirect(read, deps);
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(res, err);
      throw err;
    }
    let state: string | undefined;
    try {
      state = read('state');
      const code = authorize(read, target.client, target.redirectUri, deps);
      redirect(req, res, target.redirectUri, { code, ...(state ? { state } : {}) });
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      redirect(req, res, target.redirectUri, {
        error: err.code,
        error_description: err.description,
        ...(state ? { state } : {}),
      });
    }
  };
}
