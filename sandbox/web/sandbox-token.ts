import type { RequestHandler } from 'express';
import type { SandboxIssuer } from '../auth/sandbox-issuer.js';
import { CdsError } from '../../hooks/errors.js';

/** The audiences the EHR page may ask a token for: each service URL, its feedback URL, and our /fhir. */
export function sandboxAudiences(publicBaseUrl: string, serviceIds: readonly string[]): Set<string> {
  const services = serviceIds.map((id) => `${publicBaseUrl}/cds-services/${encodeURIComponent(id)}`);
  return new Set([...services, ...services.map((s) => `${s}/feedback`), `${publicBaseUrl}/fhir`]);
}

/**
 * POST /sandbox-ehr/token {aud}: a fresh ES384 JWT from the sandbox issuer, which the EHR page
 * sends as its Authorization header (or as fhirAuthorization.access_token for /fhir). Only our
 * own URLs are signed for, so the page cannot mint tokens for any other service.
 * https://cds-hooks.hl7.org/2.0/#trusting-cds-clients
 */
export function sandboxTokenHandler(issuer: SandboxIssuer, audiences: ReadonlySet<string>): RequestHandler {
  return async (req, res) => {
    const body: unknown = req.body;
    const aud = typeof body === 'object' && body !== null && 'aud' in body ? body.aud : undefined;
    if (typeof aud !== 'string' || !audiences.has(aud)) {
      throw new CdsError('invalid-request', {
        message: "aud must be one of this service's URLs: <PUBLIC_BASE_URL>/cds-services/<id>[/feedback] or /fhir",
        field: 'aud',
      });
    }
    res.set('Cache-Control', 'no-store').json({ token: await issuer.signToken(aud) });
  };
}
