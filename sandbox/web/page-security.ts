import type { RequestHandler } from 'express';

/**
 * The EHR page's Content-Security-Policy: everything from our own origin, nothing inline, no
 * plug-ins, no <base>, no framing. It is defence in depth behind the sanitising of card
 * markdown: even a script that slipped through could not run or phone home.
 * https://www.w3.org/TR/CSP3/
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the page's security headers on every response it applies to. */
export function pageSecurityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}
