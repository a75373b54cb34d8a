import express, { type Express, type RequestHandler } from 'express';
import type { AppConfig, AppDeps } from './deps.js';
import { discoveryHandler } from './discovery.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { CdsError } from './errors.js';
import { authenticate, findService, invokeHandler } from './invoke.js';
import { jsonBody } from './json-body.js';
import { cors } from './cors.js';
import { requestLog } from './request-log.js';
import { feedbackHandler } from './feedback.js';
import { healthRoutes } from './health.js';
import { eligibilityAppRoutes } from './eligibility-app.js';

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

  const body = jsonBody(config.bodyLimitBytes);

  app.use(requestLog(deps), cors());

  const services = deps.services;
  app.get('/cds-services', discoveryHandler(services));
  app.all('/cds-services', methodNotAllowed);

  const auth = authenticate(config, deps);
  app.post('/cds-services/:id', findService(services), auth, body, invokeHandler(config, deps));
  app.post('/cds-services/:id/feedback', findService(services), auth, body, feedbackHandler(deps));
  app.all('/cds-services/:id', methodNotAllowed);
  app.all('/cds-services/:id/feedback', methodNotAllowed);

  // After the CDS routes, so that a hook call does not walk the health router's layers.
  app.use(healthRoutes(deps));
  if (config.eligibilityAppUrl) app.use(eligibilityAppRoutes(config, deps));
  if (deps.sandbox) {
    app.use('/fhir', deps.sandbox.fhir);
    app.use(deps.sandbox.routes);
  }

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
