import { TokenRejectedError } from './token-rejected.js';

// RFC 6750 §2.1: "Bearer" (case-insensitive scheme, RFC 7235) then the token. A JWS compact
// token is three base64url segments.
const BEARER = /^bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*) *$/i;

/**
 * The JWT of an Authorization header: undefined when the header is absent or blank;
 * throws TokenRejectedError when something else than a bearer JWT was sent.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.trim() === '') return undefined;
  const match = BEARER.exec(authorization);
  if (!match) throw new TokenRejectedError('malformed-authorization');
  return match[1];
}
