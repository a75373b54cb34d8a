import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ELIGIBILITY_APP_SCOPES } from '../../hooks/eligibility-app.js';

/**
 * A SMART app and a backend system as the tests drive them against the sandbox EHR: the
 * Launch call the CDS Hooks Sandbox makes, the authorization request (PKCE S256), the token
 * exchange, and signed client assertions.
 */

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** `POST <fhir>/_services/smart/Launch` as the CDS Hooks Sandbox sends it. */
export async function startLaunch(
  fhirBase: string,
  parameters: Record<string, unknown>,
  launchUrl = 'https://app.example/launch',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${fhirBase}/_services/smart/Launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ launchUrl, parameters }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What the authorization endpoint answered: a redirect (its query) or a JSON error. */
export interface AuthorizeAnswer {
  readonly status: number;
  /** The redirect's target without its query, and its query parameters. */
  readonly redirectedTo?: string;
  readonly params: Record<string, string>;
  readonly json?: Record<string, unknown>;
}

/** Sends an authorization request (GET, or POST as a form) without following the redirect. */
export async function authorize(
  endpoint: string,
  params: Record<string, string>,
  method: 'GET' | 'POST' = 'GET',
): Promise<AuthorizeAnswer> {
  const form = new URLSearchParams(params).toString();
  const res =
    method === 'GET'
      ? await fetch(`${endpoint}?${form}`, { redirect: 'manual' })
      : await fetch(endpoint, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        });
  const location = res.headers.get('location');
  if (!location) return { status: res.status, params: {}, json: (await res.json()) as Record<string, unknown> };
  const url = new URL(location);
  return {
    status: res.status,
    redirectedTo: `${url.origin}${url.pathname}`,
    params: Object.fromEntries(url.searchParams),
  };
}

/** `POST <token endpoint>` with a form body. */
export async function requestToken(
  endpoint: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** A backend client's key pair, with its public JWK as it is registered. */
export interface BackendKey {
  readonly alg: 'ES384' | 'RS384';
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function backendKey(alg: 'ES384' | 'RS384'): Promise<BackendKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const kid = `test-${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

/** A client assertion (private_key_jwt) for `clientId`, with claims `changes` overrides. */
export async function clientAssertion(
  key: BackendKey,
  clientId: string,
  aud: string,
  now: Date,
  changes: { exp?: number; jti?: string; iss?: string; kid?: string } = {},
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: changes.kid ?? key.kid, typ: 'JWT' })
    .setIssuer(changes.iss ?? clientId)
    .setSubject(clientId)
    .setAudience(aud)
    .setIssuedAt(iat)
    .setExpirationTime(changes.exp ?? iat + 240)
    .setJti(changes.jti ?? randomUUID())
    .sign(key.privateKey);
}

/** The scopes the eligibility app asks for (apps/eligibility/launch.js), without the OpenID ones the sandbox ignores. */
export const ELIGIBILITY_APP_SCOPE = ELIGIBILITY_APP_SCOPES.filter((s) => !['openid', 'fhirUser'].includes(s)).join(
  ' ',
);

/**
 * A whole EHR launch of the eligibility app against the sandbox EHR at `baseUrl`, as fhirclient
 * runs it: Launch, authorization (PKCE), code exchange. Returns the token response.
 */
export async function eligibilityAppToken(
  baseUrl: string,
  patient: string,
  appContext: string,
  scope = ELIGIBILITY_APP_SCOPE,
): Promise<Record<string, unknown>> {
  const fhirBase = `${baseUrl}/fhir`;
  const redirectUri = `${baseUrl}/apps/eligibility/index.html`;
  const config = (await (await fetch(`${fhirBase}/.well-known/smart-configuration`)).json()) as Record<string, string>;
  const launch = await startLaunch(fhirBase, { patient, appContext }, `${baseUrl}/apps/eligibility/launch.html`);
  const { verifier, challenge } = pkcePair();
  const answer = await authorize(config.authorization_endpoint!, {
    response_type: 'code',
    client_id: 'eligibility-checklist',
    redirect_uri: redirectUri,
    launch: String(launch.body.launch_id),
    scope,
    state: 'test-state',
    aud: fhirBase,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  if (!answer.params.code) throw new Error(`authorization refused: ${JSON.stringify(answer.params)}`);
  const token = await requestToken(config.token_endpoint!, {
    grant_type: 'authorization_code',
    code: answer.params.code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    client_id: 'eligibility-checklist',
  });
  if (token.status !== 200) throw new Error(`token refused: ${JSON.stringify(token.body)}`);
  return token.body;
}
