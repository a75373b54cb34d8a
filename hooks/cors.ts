import type { RequestHandler } from 'express';

/**
 * CORS for browser clients such as the CDS Hooks Sandbox, on every route (including
 * /fhir). No cookies are used, so any origin may call; the JWT is the credential.
 */
export function cors(): RequestHandler {
  return (req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Access-Control-Expose-Headers', 'WWW-Authenticate, Location, ETag');
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
      res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Exist');
      res.set('Access-Control-Max-Age', '600');
      // Chrome's Private Network Access: a public page (the CDS Hooks Sandbox) calling a
      // service on localhost must be told the service agrees.
      if (req.headers['access-control-request-private-network'] === 'true') {
        res.set('Access-Control-Allow-Private-Network', 'true');
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
