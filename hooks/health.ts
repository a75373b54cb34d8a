import express, { Router, type Express, type RequestHandler } from 'express';
import type { AppDeps } from './deps.js';

/** Longest /readyz waits for the database before calling it unreachable. */
const PING_TIMEOUT_MS = 2000;

/** Resolves 'ok', or a short failure word; never throws and never hangs past the timeout. */
async function check(probe: () => Promise<void>, failure: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      probe().then(
        () => 'ok',
        () => failure,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The default readiness: rules and services loaded, database answering. */
async function defaultReadiness(deps: AppDeps): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {
    rules: deps.services.length > 0 && deps.valueSets.all.size > 0 ? 'ok' : 'not-loaded',
    database: await check(() => deps.store.ping(), 'unreachable'),
  };
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
}

/** GET /metrics: the registry in Prometheus text format. */
function metricsHandler(deps: Pick<AppDeps, 'metrics'>): RequestHandler {
  return async (_req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .type(deps.metrics.registry.contentType)
      .send(await deps.metrics.registry.metrics());
  };
}

/**
 * /healthz (the process is alive: no dependency is checked, so a slow database never gets
 * the process restarted), /readyz (rules loaded, database reachable: 200 or 503) and, unless
 * `metrics` is false (METRICS_PORT serves it apart, see metricsApp), /metrics (Prometheus text format).
 */
export function healthRoutes(deps: AppDeps, options: { readonly metrics?: boolean } = {}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const readiness = deps.readiness ?? (() => defaultReadiness(deps));
    const { ok, checks } = await readiness().catch(() => ({ ok: false, checks: { readiness: 'failed' } }));
    res
      .status(ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ok ? 'ready' : 'not-ready', checks });
  });
  if (options.metrics ?? true) router.get('/metrics', metricsHandler(deps));
  return router;
}

/**
 * The app of the separate metrics port (METRICS_PORT): GET /metrics and nothing else, no CORS,
 * so the metrics can be bound to a port the public network (and any browser) never reaches.
 */
export function metricsApp(deps: Pick<AppDeps, 'metrics'>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.get('/metrics', metricsHandler(deps));
  app.use((_req, res) => {
    res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('Not found\n');
  });
  return app;
}
