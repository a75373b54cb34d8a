import type { AccessTokens } from './access-tokens.js';
import type { AuthorizationCodes } from './authorization-codes.js';
import { OAuthError } from './oauth-error.js';
import { required, type ParamReader } from './oauth-params.js';
import { verifierMatches } from './pkce.js';

/** An EHR-launch access token lasts an hour (SMART: "no greater than one hour"). */
export const APP_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * `grant_type=authorization_code` for a public client: the code (spent whatever happens),
 * the same client and redirect URI as at authorization, and the PKCE verifier. The answer
 * carries the launch context: `patient`, the CDS Hooks link's `appContext` as it came
 * (https://cds-hooks.hl7.org/2.0/#link), and `need_patient_banner` (the sandbox EHR opens
 * apps in their own tab, with no banner of its own).
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-access-token
 */
export function exchangeCode(
  read: ParamReader,
  deps: { readonly codes: AuthorizationCodes; readonly tokens: AccessTokens },
): Record<string, unknown> {
  const code = required(read, 'code');
  const redemption = deps.codes.redeem(code);
  if (redemption.status === 'reused') {
    if (redemption.issuedTokenKey) deps.tokens.revokeKey(redemption.issuedTokenKey);
    throw new OAuthError('invalid_grant', 'code was already used; the token it gave is revoked');
  }
  if (redemption.status === 'unknown') throw new OAuthError('invalid_grant', 'code is unknown or expired');
  const { pending } = redemption;
  if (read('client_id') !== pending.clientId) {
    throw new OAuthError('invalid_grant', 'client_id is not the client the code was issued to');
  }
  if (read('redirect_uri') !== pending.redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request');
  }
  if (!verifierMatches(required(read, 'code_verifier'), pending.codeChallenge)) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
  }
  const accessToken = deps.tokens.issue(pending.grant, APP_TOKEN_LIFETIME_SECONDS);
  redemption.onIssued(accessToken);
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: APP_TOKEN_LIFETIME_SECONDS,
    scope: pending.scope,
    patient: pending.grant.patient,
    ...(pending.appContext !== undefined ? { appContext: pending.appContext } : {}),
    need_patient_banner: true,
  };
}
