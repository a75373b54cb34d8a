import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { fetchJson, OidcError } from './oidc-error.js';
import type { ProviderMetadata } from './oidc-provider.js';
import { sameValue } from './pkce.js';

/** How the worklist is registered at the identity provider. */
export interface OidcClient {
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  readonly redirectUri: string;
}

const TOKEN_RESPONSE = z.object({ id_token: z.string().min(1), token_type: z.string().optional() });
const OAUTH_ERROR = z.object({ error: z.string().max(100) });

/** RFC 6749 section 2.3.1: the id and the secret are form-encoded before they are joined and base64-encoded. */
function basicAuth(clientId: string, secret: string): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}

/**
 * Exchanges the authorization code for the ID token (OpenID Connect Core 1.0 section 3.1.3),
 * sending the PKCE verifier (RFC 7636 section 4.5) and, for a confidential client, its secret:
 * by HTTP Basic unless the provider lists only `client_secret_post`. The code, verifier, secret
 * and tokens never appear in an error message.
 */
export async function exchangeCode(
  meta: ProviderMetadata,
  client: OidcClient,
  code: string,
  verifier: string,
  timeoutMs: number,
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    client_id: client.clientId,
    code_verifier: verifier,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (client.clientSecret) {
    const methods = meta.tokenAuthMethods;
    if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      form.set('client_secret', client.clientSecret);
    } else {
      headers['authorization'] = basicAuth(client.clientId, client.clientSecret);
    }
  }
  const { status, body } = await fetchJson(
    meta.tokenEndpoint,
    { method: 'POST', headers, body: form },
    timeoutMs,
    'token',
  );
  if (status !== 200) {
    const error = OAUTH_ERROR.safeParse(body);
    throw new OidcError(
      'token',
      `the token endpoint answered HTTP ${status}${error.success ? ` (${error.data.error})` : ''}`,
    );
  }
  const parsed = TOKEN_RESPONSE.safeParse(body);
  if (!parsed.success) throw new OidcError('token', 'the token endpoint answered without an id_token');
  return parsed.data.id_token;
}

/** What an ID token is checked against. */
export interface IdTokenCheck {
  readonly issuer: string;
  readonly clientId: string;
  readonly nonce: string;
  readonly algorithms: readonly string[];
  readonly now: Date;
}

/** Clocks of the provider and the service may differ by this much (seconds). */
const CLOCK_TOLERANCE_S = 60;
/** An ID token comes straight from the token endpoint: older than this, it was kept somewhere. */
const MAX_TOKEN_AGE_S = 600;

/**
 * Checks an ID token as OpenID Connect Core 1.0 section 3.1.3.7 asks: signed by a key of the
 * provider's JWKS with an algorithm it announced, `iss` the provider, `aud` holding the client id
 * (and `azp` the client id when there are several audiences, or when present), `exp` not passed,
 * and `nonce` the one this sign-in sent. Answers its claims.
 */
export async function verifyIdToken(idToken: string, keys: JWTVerifyGetKey, check: IdTokenCheck): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keys, {
      issuer: check.issuer,
      audience: check.clientId,
      algorithms: [...check.algorithms],
      currentDate: check.now,
      clockTolerance: CLOCK_TOLERANCE_S,
      // Fresh from the token endpoint: an old one, or one issued in the future, is not this sign-in's.
      maxTokenAge: MAX_TOKEN_AGE_S,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (err) {
    const why = err instanceof joseErrors.JOSEError ? err.code : 'not a JWT';
    throw new OidcError(
      'id-token',
      `the ID token was refused (${why}${err instanceof Error ? `: ${err.message.slice(0, 120)}` : ''})`,
    );
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload['azp'] !== undefined) && payload['azp'] !== check.clientId) {
    throw new OidcError('id-token', 'the ID token was issued to another party (azp)');
  }
  if (!sameValue(check.nonce, payload['nonce'])) {
    throw new OidcError('id-token', 'the ID token does not carry the nonce of this sign-in');
  }
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
    throw new OidcError('id-token', 'the ID token has no usable sub');
  }
  return payload;
}

/** A name to show for the user: `name`, else `preferred_username`, else the `sub` (OpenID Connect Core section 5.1). */
export function displayName(claims: JWTPayload): string {
  for (const claim of ['name', 'preferred_username', 'email']) {
    const value = claims[claim];
    if (typeof value === 'string' && value.trim().length > 0) return value.trim().slice(0, 200);
  }
  return String(claims.sub ?? '');
}
