import type { RequestHandler } from 'express';

/**
 * The worklist's Content-Security-Policy (https://www.w3.org/TR/CSP3/): its own scripts, styles
 * and API only, nothing inline, forms posted to itself only, never framed (a status change must
 * not be clickjacked). Trusted Types (https://w3c.github.io/trusted-types/dist/spec/) with no
 * policy make every HTML sink (`innerHTML`…) throw: patient data can only ever become text.
 */
export const WORKLIST_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/**
 * On every worklist response: the CSP; no referrer (the callback's URL holds the authorization
 * code); no caching (patient names, the session); no CORS answer, since these endpoints serve
 * the service's own page only and the app-wide CORS policy is written for the CDS endpoints.
 */
export const worklistHeaders: RequestHandler = (_req, res, next) => {
  for (const h of ['Access-Control-Allow-Origin', 'Access-Control-Expose-Headers']) res.removeHeader(h);
  res.set({
    'Content-Security-Policy': WORKLIST_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
  next();
};
