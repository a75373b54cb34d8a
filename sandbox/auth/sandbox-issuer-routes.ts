import { Router } from 'express';
import { SANDBOX_JWKS_PATH, type SandboxIssuer } from './sandbox-issuer.js';

/** Serves the sandbox issuer's public JWKS at /sandbox-ehr/.well-known/jwks.json (sandbox mode only). */
export function sandboxIssuerRoutes(issuer: SandboxIssuer): Router {
  const router = Router();
  const body = JSON.stringify(issuer.publicJwks);
  router.get(SANDBOX_JWKS_PATH, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('application/json').send(body);
  });
  return router;
}
