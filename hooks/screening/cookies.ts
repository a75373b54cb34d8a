import type { Request } from 'express';

/** The cookies of a request, by name (RFC 6265 section 5.4); the first of a repeated name wins. */
export function requestCookies(req: Pick<Request, 'headers'>): Map<string, string> {
  const jar = new Map<string, string>();
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!jar.has(name)) jar.set(name, value);
  }
  return jar;
}

/** How a worklist cookie is set. */
export interface CookieOptions {
  /** Seconds the browser keeps it; 0 deletes it. */
  readonly maxAgeS: number;
  /** Only over https: set when the service's public URL is https. */
  readonly secure: boolean;
}

/** The cookies live under /screening only: no other page of the service ever receives them. */
export const COOKIE_PATH = '/screening';

/**
 * A Set-Cookie value: HttpOnly (no script reads it, so an injected script cannot steal the
 * session), SameSite=Lax (a cross-site form or fetch does not carry it; a top-level link does,
 * which the sign-in callback from the identity provider needs), Secure on https.
 * https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1
 */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeS))}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
