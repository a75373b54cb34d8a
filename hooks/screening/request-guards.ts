import type { Request, RequestHandler } from 'express';
import { CdsError } from '../errors.js';
import type { SessionCookies, WorklistSession } from './session-cookie.js';

/** The header the page sends its anti-forgery token in (a custom header also forces a CORS preflight). */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * True when a request comes from another site's page. `Sec-Fetch-Site`, which a browser sets and
 * no page can forge (https://www.w3.org/TR/fetch-metadata/), decides when present: only
 * `same-origin` and `none` (typed by the user) are this site. Without it (an older browser), an
 * `Origin` that is neither the public URL's nor the Host the request was sent to; `Origin: null`
 * is refused then, as a sandboxed frame sends it. (Under this page's `no-referrer` policy a
 * browser sends `Origin: null` on its own POSTs, with `Sec-Fetch-Site: same-origin`.) A request
 * with neither header is not a browser's cross-site request: browsers send `Origin` on every POST.
 */
export function fromAnotherSite(req: Pick<Request, 'headers'>, publicOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined || origin === publicOrigin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true; // `Origin: null` (a sandboxed frame, a file) or garbage
  }
}

/** The signed-in user of an API call; 401 without a live session. */
export function sessionOrThrow(sessions: SessionCookies, req: Request): WorklistSession {
  const session = sessions.of(req);
  if (!session) {
    throw new CdsError('unauthorized', { message: 'sign in to the worklist first (/screening)', field: 'session' });
  }
  return session;
}

/**
 * Refuses a call that could be forged by another site: one from another site's page
 * (`cross-origin-refused`), and one without the session's anti-forgery token in X-CSRF-Token
 * (`csrf-refused`): the OWASP double check (Origin verification plus a synchronizer token).
 */
export function forgeryGuard(sessions: SessionCookies, publicOrigin: string): RequestHandler {
  return (req, _res, next) => {
    if (fromAnotherSite(req, publicOrigin)) {
      next(
        new CdsError('cross-origin-refused', {
          message: 'the worklist is changed from its own page only',
          field: 'Origin',
        }),
      );
      return;
    }
    const session = sessions.of(req);
    if (!session) {
      next(new CdsError('unauthorized', { message: 'sign in to the worklist first (/screening)', field: 'session' }));
      return;
    }
    if (!sessions.csrfMatches(session, req.get(CSRF_HEADER))) {
      next(
        new CdsError('csrf-refused', {
          message: 'send the token of GET /screening/api/session',
          field: 'X-CSRF-Token',
        }),
      );
      return;
    }
    next();
  };
}
