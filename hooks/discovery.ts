import type { RequestHandler } from 'express';
import type { CdsService } from '../services/service.js';

/**
 * GET /cds-services: the discovery document.
 * https://cds-hooks.hl7.org/2.0/#discovery
 */
export function discoveryHandler(services: readonly CdsService[]): RequestHandler {
  const body = JSON.stringify({ services: services.map((s) => s.definition) });
  return (_req, res) => {
    res.type('application/json').send(body);
  };
}
