import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import { BackendAuthError } from './backend-auth-error.js';
import type { AssertionAlg } from './jwks-key.js';

/** `client_assertion_type` of a signed JWT (RFC 7523 §2.2). */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * How long an assertion lives. The spec allows at most five minutes ahead; four leave a minute
 * for a token server whose clock runs behind ours.
 */
export const ASSERTION_LIFETIME_SECONDS = 240;

/** What an assertion is made of. */
export interface AssertionInput {
  readonly key: CryptoKey;
  readonly kid: string;
  readonly alg: AssertionAlg;
  readonly clientId: string;
  /** The token endpoint the assertion is posted to: its required `aud`. */
  readonly tokenUrl: string;
  readonly now: Date;
}

/**
 * A one-time authentication JWT: header `{alg, kid, typ: "JWT"}`, claims `iss` = `sub` = the
 * client id, `aud` = the token URL, `exp` within five minutes and a fresh `jti`.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html#authenticating-to-the-token-endpoint
 */
export async function signClientAssertion(input: AssertionInput): Promise<string> {
  const iat = Math.floor(input.now.getTime() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: input.alg, kid: input.kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID());
  try {
    return await jwt.sign(input.key);
  } catch (err) {
    // jose's reasons are about the key's type and size (e.g. an RSA modulus under 2048 bits), never its value.
    const reason = err instanceof Error ? err.message.slice(0, 120) : 'signing failed';
    throw new BackendAuthError('invalid-key', `key "${input.kid}" cannot sign ${input.alg}: ${reason}`);
  }
}
