import type { Request, RequestHandler } from 'express';
import type { CdsService } from '../services/service.js';
import { callService } from './call-service.js';
import type { AppConfig, AppDeps } from './deps.js';
import { CdsError } from './errors.js';
import { validateHookRequest } from './hook-request.js';
import { childPerLabels } from './metrics.js';
import { callerOf, callLocals, serviceOf } from './request-state.js';

/** The response extension key listing cards held back by earlier feedback. */
export const SUPPRESSED_EXTENSION = 'org.diabetes-cds-hooks.suppressed';

/** The audience a client's JWT must name: our public URL for the endpoint called. */
export function audienceFor(config: AppConfig, req: Request): string {
  return `${config.publicBaseUrl}${req.baseUrl}${req.path}`.replace(/\/+$/, '');
}

/** Finds the service named in the path, or answers 404. */
export function findService(services: readonly CdsService[]): RequestHandler {
  const byId = new Map(services.map((s) => [s.definition.id, s]));
  return (req, res, next) => {
    const id = String(req.params.id);
    const service = byId.get(id);
    if (!service) {
      next(new CdsError('unknown-service', { message: `No CDS service "${id.slice(0, 64)}"`, field: 'id' }));
      return;
    }
    res.locals.service = service;
    callLocals(res).serviceId = service.definition.id;
    next();
  };
}

/** Verifies the caller's JWT (401 on failure) and keeps who called on res.locals.caller. */
export function authenticate(config: AppConfig, deps: AppDeps): RequestHandler {
  return (req, res, next) => {
    deps.authenticator.authenticate(req.headers.authorization, audienceFor(config, req)).then((caller) => {
      res.locals.caller = caller;
      next();
    }, next);
  };
}

/** POST /cds-services/{id}: validate, run the service, answer {cards}. */
export function invokeHandler(config: AppConfig, deps: AppDeps): RequestHandler {
  const issued = childPerLabels((service: string, kind: string) => deps.metrics.cardsIssued.labels(service, kind));
  const held = childPerLabels((service: string, kind: string) => deps.metrics.cardsSuppressed.labels(service, kind));
  return async (req, res) => {
    const service = serviceOf(res);
    const locals = callLocals(res);
    const validated = validateHookRequest(req.body, service.definition);
    locals.hook = validated.request.hook;
    const result = await callService(service, validated, callerOf(res), config, deps);
    locals.cards = result.cards.length;
    locals.suppressed = result.suppressed.length;
    locals.fhirRounds = result.stats.fhirRounds;
    for (const p of result.proposed) {
      const counter = result.suppressed.some((s) => s.key === p.key) ? held : issued;
      counter(service.definition.id, p.kind).inc();
    }
    // Suppressed cards are reported in a response extension so a client (our EHR page, the
    // evaluate CLI) can say why a card is missing. https://cds-hooks.hl7.org/2.0/#extensions
    const extension =
      result.suppressed.length > 0
        ? {
            extension: {
              [SUPPRESSED_EXTENSION]: result.suppressed.map((s) => ({ ...s, until: s.until.toISOString() })),
            },
          }
        : {};
    res.json({ cards: result.cards, ...extension });
  };
}
