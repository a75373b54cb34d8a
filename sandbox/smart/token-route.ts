import type { RequestHandler } from 'express';
import type { AccessTokens } from './access-tokens.js';
import { exchangeCode } from './authorization-code-grant.js';
import type { AuthorizationCodes } from './authorization-codes.js';
import type { AssertionDeps } from './client-assertion.js';
import { issueBackendToken } from './client-credentials-grant.js';
import { noStore, OAuthError, sendOAuthError } from './oauth-error.js';
import { paramReader, required } from './oauth-params.js';

/** What the token endpoint works with. */
export interface TokenDeps extends AssertionDeps {
  readonly codes: AuthorizationCodes;
  readonly tokens: AccessTokens;
}

/**
 * The token endpoint: `POST` with an `application/x-www-form-urlencoded` body, for the
 * `authorization_code` grant (public clients, PKCE) and the `client_credentials` grant
 * (backend clients, `private_key_jwt`). Client secrets are not supported: a client that
 * sends an Authorization header is refused. Answers are JSON and never cached.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-access-token
 */
export function tokenHandler(deps: TokenDeps): RequestHandler {
  return async (req, res) => {
    try {
      if (!req.is('application/x-www-form-urlencoded')) {
        throw new OAuthError('invalid_request', 'send the parameters as application/x-www-form-urlencoded');
      }
      if (req.get('authorization') !== undefined) {
        throw new OAuthError('invalid_client', 'client secrets are not supported: use PKCE or a client_assertion');
      }
      const read = paramReader(req.body);
      const grantType = required(read, 'grant_type');
      let body: Record<string, unknown>;
      if (grantType === 'authorization_code') body = exchangeCode(read, deps);
      else if (grantType === 'client_credentials') body = await issueBackendToken(read, deps);
      else
        throw new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or client_credentials');
      noStore(res).json(body);
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(res, err);
      throw err;
    }
  };
}
