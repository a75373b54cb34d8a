import type { AccessTokens } from './access-tokens.js';
import { authenticateClient, JWT_BEARER, type AssertionDeps } from './client-assertion.js';
import { OAuthError } from './oauth-error.js';
import { required, type ParamReader } from './oauth-params.js';
import { grantScopes } from './scope-grant.js';
import { splitScopes } from './scopes.js';

/** Backend tokens last five minutes, the value SMART Backend Services recommends. */
export const BACKEND_TOKEN_LIFETIME_SECONDS = 300;

/**
 * `grant_type=client_credentials` for a backend client authenticated by a signed assertion,
 * granting the `system/` scopes it asked for and may hold.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html#obtain-access-token
 */
export async function issueBackendToken(
  read: ParamReader,
  deps: AssertionDeps & { readonly tokens: AccessTokens },
): Promise<Record<string, unknown>> {
  if (required(read, 'client_assertion_type') !== JWT_BEARER) {
    throw new OAuthError('invalid_client', `client_assertion_type must be ${JWT_BEARER}`);
  }
  const client = await authenticateClient(required(read, 'client_assertion'), read('client_id'), deps);
  const scopes = grantScopes(splitScopes(required(read, 'scope')), client.scopes, ['system']);
  if (scopes.clinical.length === 0) {
    throw new OAuthError('invalid_scope', 'scope grants no system/ access this client may have');
  }
  return {
    access_token: deps.tokens.issue(
      { clientId: client.clientId, scopes: scopes.clinical },
      BACKEND_TOKEN_LIFETIME_SECONDS,
    ),
    token_type: 'Bearer',
    expires_in: BACKEND_TOKEN_LIFETIME_SECONDS,
    scope: scopes.texts.join(' '),
  };
}
