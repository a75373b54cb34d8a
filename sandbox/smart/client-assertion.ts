import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { ExpiringMap } from './expiring-map.js';
import { OAuthError } from './oauth-error.js';
import type { BackendClient, ClientRegistry } from './smart-clients.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'];
/** An assertion may expire at most five minutes ahead. */
const MAX_ASSERTION_SECONDS = 300;

/** What checking a client assertion needs. */
export interface AssertionDeps {
  readonly clients: ClientRegistry;
  /** The token endpoint URL: the assertion's required `aud`. */
  readonly tokenEndpoint: string;
  readonly clock: () => Date;
  /** `<client id> <jti>` of every assertion seen, until it expires. */
  readonly seenJtis: ExpiringMap<true>;
}

function refuse(description: string): OAuthError {
  return new OAuthError('invalid_client', description);
}

function claimedClient(assertion: string, deps: AssertionDeps): BackendClient {
  let iss: unknown;
  let sub: unknown;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    ({ iss, sub } = decodeJwt(assertion));
    header = decodeProtectedHeader(assertion);
  } catch {
    throw refuse('client_assertion is not a JWT');
  }
  if (typeof iss !== 'string' || iss !== sub) throw refuse('client_assertion: iss and sub must both be the client_id');
  const client = deps.clients.find(iss);
  if (client?.kind !== 'backend') throw refuse('client_assertion: iss is not a registered backend client');
  if (header.jku !== undefined) throw refuse('client_assertion: jku is not registered for this client');
  if (typeof header.kid !== 'string') throw refuse('client_assertion: the header needs the kid of a registered key');
  return client;
}

/**
 * Authenticates a backend client by its signed assertion (`private_key_jwt`): RS384 or
 * ES384 by one of its registered keys (chosen by `kid`), `iss` = `sub` = the client id,
 * `aud` = the token endpoint, `exp` no more than five minutes ahead, and a `jti` not seen
 * before. Any failure is `invalid_client`.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html#authenticating-to-the-token-endpoint
 */
export async function authenticateClient(
  assertion: string,
  clientIdParam: string | undefined,
  deps: AssertionDeps,
): Promise<BackendClient> {
  const client = claimedClient(assertion, deps);
  if (clientIdParam !== undefined && clientIdParam !== client.clientId) {
    throw refuse('client_id differs from the client_assertion issuer');
  }
  const now = deps.clock();
  let exp: number;
  let jti: unknown;
  try {
    ({
      payload: { exp = 0, jti },
    } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      algorithms: ASSERTION_ALGORITHMS,
      issuer: client.clientId,
      subject: client.clientId,
      audience: deps.tokenEndpoint,
      currentDate: now,
      requiredClaims: ['exp', 'jti'],
    }));
  } catch (err) {
    throw refuse(`client_assertion is not valid (${(err as { code?: string }).code ?? 'verification failed'})`);
  }
  const left = exp - Math.floor(now.getTime() / 1000);
  if (left > MAX_ASSERTION_SECONDS) throw refuse('client_assertion: exp is more than five minutes ahead');
  const seen = `${client.clientId} ${String(jti)}`;
  if (deps.seenJtis.get(seen)) throw refuse('client_assertion: jti was already used');
  deps.seenJtis.set(seen, true, Math.max(left, 1));
  return client;
}
