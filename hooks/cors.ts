import type { RequestHandler } from 'express';

/** What the CORS middleware reads of the config. */
export interface CorsOptions {
  /** CORS_ORIGINS: `*` (any origin) or the exact origins allowed. */
  readonly origins: '*' | readonly string[];
  /** Sandbox mode: answer Chrome's Private Network Access preflights. */
  readonly sandbox: boolean;
}

/**
 * Operational endpoints, for Prometheus and the orchestrator, never for a browser: they get no
 * CORS headers at all, so no web page (of any origin) can read the metrics or the readiness checks.
 */
const NO_CORS_PATHS: ReadonlySet<string> = new Set(['/metrics', '/healthz', '/readyz']);

/** The path as Express routes it: case-insensitive, trailing slashes ignored. */
function routedPath(path: string): string {
  return path.toLowerCase().replace(/(?<=.)\/+$/, '');
}

/**
 * CORS for browser clients such as the community CDS Hooks Sandbox, which CDS Hooks 2.0 expects
 * to call discovery and hooks from its own origin (https://cds-hooks.hl7.org/2.0/#cross-origin-resource-sharing). No
 * cookies are used; the JWT is the credential, so `*` (the default) is safe for the CDS
 * endpoints. With a list of origins (CORS_ORIGINS), an allowed Origin is echoed back with
 * `Vary: Origin` so a cache never hands one origin's answer to another; any other origin gets no
 * CORS headers and the browser withholds the response. Every route but the operational ones is
 * covered (the sandbox's /fhir too, which the Sandbox reads). Without options: any origin, no
 * Private Network Access (createApp always passes CORS_ORIGINS and the sandbox flag).
 */
export function cors(options: Partial<CorsOptions> = {}): RequestHandler {
  const origins = options.origins ?? '*';
  const sandbox = options.sandbox ?? false;
  const anyOrigin = origins === '*';
  const allowed: ReadonlySet<string> = new Set(origins === '*' ? [] : origins);
  return (req, res, next) => {
    if (NO_CORS_PATHS.has(routedPath(req.path))) {
      next();
      return;
    }
    let allowOrigin: string | undefined;
    if (anyOrigin) {
      allowOrigin = '*';
    } else {
      res.vary('Origin');
      const origin = req.headers.origin;
      if (origin !== undefined && allowed.has(origin)) allowOrigin = origin;
    }
    if (allowOrigin !== undefined) {
      res.set('Access-Control-Allow-Origin', allowOrigin);
      res.set('Access-Control-Expose-Headers', 'WWW-Authenticate, Location, ETag');
    }
    if (req.method === 'OPTIONS') {
      if (allowOrigin !== undefined) {
        res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
        res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Exist');
        res.set('Access-Control-Max-Age', '600');
        // Chrome's Private Network Access: a public page (the CDS Hooks Sandbox) calling a
        // service on localhost must be told the service agrees. Only the sandbox runs on a
        // developer's machine; a production service is not on a private network from a
        // browser's point of view, and must not invite public pages into one.
        if (sandbox && req.headers['access-control-request-private-network'] === 'true') {
          res.set('Access-Control-Allow-Private-Network', 'true');
        }
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
