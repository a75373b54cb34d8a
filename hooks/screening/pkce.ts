import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * PKCE (RFC 7636) with S256, and the `state` and `nonce` of OpenID Connect: three random values
 * made for each sign-in and kept in the signed sign-in cookie until the callback.
 */

/** RFC 7636 section 4.1: 43 to 128 unreserved characters; 32 random bytes give 43. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A random value of 32 bytes, base64url: a code verifier, a state or a nonce. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** BASE64URL(SHA256(ASCII(verifier))), the `code_challenge` of S256 (RFC 7636 section 4.2). */
export function s256Challenge(verifier: string): string {
  if (!VERIFIER.test(verifier)) throw new Error('a PKCE code verifier is 43 to 128 unreserved characters');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * True when the value the provider sent back is the one this browser's sign-in started with:
 * the `state` against CSRF on the callback (RFC 6749 section 10.12), the `nonce` of the ID token
 * against its replay (OpenID Connect Core 1.0 section 3.1.3.7, point 11). Constant time; an
 * absent or empty value never matches.
 */
export function sameValue(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || expected.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
