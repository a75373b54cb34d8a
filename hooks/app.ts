import { createServer, type Server } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { Config } from '../config/config.js';
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
import { ELIGIBILITY_APP_PATH, eligibilityAppRoutes } from './eligibility-app.js';
import { screeningWorklistRoutes } from './screening/worklist-routes.js';
import { screeningHandoffRoutes } from './screening-handoff.js';

/** What createApp reads of the config: AppConfig plus the CORS policy, where /metrics is served, and the worklist's sign-in. */
export type CreateAppConfig = AppConfig & Pick<Config, 'cors' | 'metricsPort' | 'screening'>;

/**
 * On every response: the browser must never guess a content type (a JSON error or a FHIR
 * resource sniffed as HTML would run as script). Harmless everywhere, so app-wide.
 */
const noSniff: RequestHandler = (_req, res, next) => {
  res.set('X-Content-Type-Options', 'nosniff');
  next();
};

/**
 * Responses that can carry patient data (cards, feedback, the eligibility evaluation, the
 * sandbox's FHIR resources) must not be kept by a browser or a shared cache: a later user of the
 * same workstation, or of the same proxy, would get them. Errors are no-store too (error-handler.ts).
 */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** Where patient data can appear; discovery sits under /cds-services too and loses nothing by it. */
const PATIENT_DATA_PATHS = ['/cds-services', '/fhir', `${ELIGIBILITY_APP_PATH}/evaluate`, '/screening'];

const methodNotAllowed: RequestHandler = (req, _res, next) => {
  next(new CdsError('method-not-allowed', `${req.method} is not allowed here`));
};

/**
 * Builds the Express app: discovery, invocation, feedback, health, metrics, and (in
 * sandbox mode) the embedded FHIR server and the EHR page. It does not listen.
 */
export function createApp(config: CreateAppConfig, deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const body = jsonBody(config.bodyLimitBytes);

  app.use(requestLog(deps), noSniff, cors({ origins: config.cors.origins, sandbox: config.sandbox }));
  app.use(PATIENT_DATA_PATHS, noStore);

  const services = deps.services;
  app.get('/cds-services', discoveryHandler(services));
  app.all('/cds-services', methodNotAllowed);

  const auth = authenticate(config, deps);
  app.post('/cds-services/:id', findService(services), auth, body, invokeHandler(config, deps));
  app.post('/cds-services/:id/feedback', findService(services), auth, body, feedbackHandler(deps));
  app.all('/cds-services/:id', methodNotAllowed);
  app.all('/cds-services/:id/feedback', methodNotAllowed);

  // After the CDS routes, so that a hook call does not walk the health router's layers.
  // With METRICS_PORT, /metrics is served only there (bin/server.ts, metricsApp).
  app.use(healthRoutes(deps, { metrics: config.metricsPort === undefined }));
  if (config.eligibilityAppUrl) app.use(eligibilityAppRoutes(config, deps));
  app.use(screeningWorklistRoutes(config, deps));
  app.use(screeningHandoffRoutes(deps, config.bodyLimitBytes));
  if (deps.sandbox) {
    app.use('/fhir', deps.sandbox.fhir);
    app.use(deps.sandbox.routes);
  }

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

/**
 * The Node HTTP server around the app, with the deadlines that protect it from slow or idle
 * clients (HEADERS_TIMEOUT_S, REQUEST_TIMEOUT_S, KEEP_ALIVE_TIMEOUT_S): a client sending its
 * headers or body a byte at a time is answered 408 and disconnected once its deadline passes,
 * instead of holding a socket for ever (slowloris). It does not listen; bin/server.ts does.
 */
export function createHttpServer(app: Express, config: Pick<Config, 'http'>): Server {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = config.http;
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node checks the two deadlines above only on this interval (default 30 s, which would
      // double the 30 s budget); once a second keeps a slow client's overrun under a second.
      connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
    },
    app,
  );
  // Behind a load balancer this must exceed the balancer's idle timeout, or the balancer may
  // reuse a connection the service has just closed (a 502 for the EHR).
  server.keepAliveTimeout = keepAliveTimeoutMs;
  return server;
}
