import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636: a verifier is 43 to 128 unreserved characters; its S256 challenge is 43 base64url characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** True for a well-formed S256 `code_challenge`. */
export function isS256Challenge(challenge: string): boolean {
  return CHALLENGE.test(challenge);
}

/**
 * True when `verifier` is well formed and BASE64URL(SHA256(verifier)) equals `challenge`
 * (PKCE with S256, https://datatracker.ietf.org/doc/html/rfc7636#section-4.6), compared in
 * constant time.
 */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
