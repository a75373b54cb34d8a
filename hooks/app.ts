import express, { type Express, type RequestHandler } from 'express';
import type { AppConfig, AppDeps } from './deps.js';
import { discoveryHandler } from './discovery.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { CdsError } from './errors.js';
import { authenticate, findService, invokeHandler } from './invoke.js';
import { expressJsonBody, jsonBody } from './json-body.js';
import { cors } from './cors.js';
import { requestLog } from './request-log.js';
import { feedbackHandler } from './feedback.js';
import { inSequence } from './in-sequence.js';
import { healthRoutes } from './health.js';

const methodNotAllowed: RequestHandler = (req, _res, next) => {
  next(new CdsError('method-not-allowed', `${req.method} is not allowed here`));
};

/**
 * Builds the Express app: discovery, invocation, feedback, health, metrics, and (in
 * sandbox mode) the embedded FHIR server and the EHR page. It does not listen.
 */
export function createApp(config: AppConfig, deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  // The hand-written pieces, or Express's own (for the replacement benchmark).
  const steps = (...handlers: RequestHandler[]): RequestHandler[] =>
    deps.replacements?.inSequence === false ? handlers : [inSequence(...handlers)];
  const body =
    deps.replacements?.jsonBody === false ? expressJsonBody(config.bodyLimitBytes) : jsonBody(config.bodyLimitBytes);

  app.use(...steps(requestLog(deps), cors()));

  const services = deps.services;
  app.get('/cds-services', discoveryHandler(services));
  app.all('/cds-services', methodNotAllowed);

  const auth = authenticate(config, deps);
  app.post('/cds-services/:id', ...steps(findService(services), auth, body, invokeHandler(config, deps)));
  app.post('/cds-services/:id/feedback', ...steps(findService(services), auth, body, feedbackHandler(deps)));
  app.all('/cds-services/:id', methodNotAllowed);
  app.all('/cds-services/:id/feedback', methodNotAllowed);

  // After the CDS routes, so that a hook call does not walk the health router's layers.
  app.use(healthRoutes(deps));
  if (deps.sandbox) {
    app.use('/fhir', deps.sandbox.fhir);
    app.use(deps.sandbox.routes);
  }

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
