import express, { Router, type Express, type RequestHandler } from 'express';
import type { AppDeps } from './deps.js';

/** Longest /readyz waits for the database before calling it unreachable. */
const PING_TIMEOUT_MS = 2000;

/** Resolves 'ok', or a short failure word; never throws and never hangs past the timeout. */
async function check(probe: () => Promise<void>, failure: string, timeoutMs = PING_TIMEOUT_MS): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([
      probe().then(
        () => 'ok',
        (err: unknown) => (err instanceof SchemaBehind ? err.message : failure),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The default readiness, for hook traffic: rules loaded, not draining, and a database that,
 * when it answers, holds the schema this code needs. A database that does not answer does not
 * make the replica unready: hook calls never wait on it (suppressions are in memory, audit rows
 * queue), and every replica would turn unready at once, leaving the EHR with no cards at all.
 * /healthz reports it instead.
 */
async function defaultReadiness(deps: AppDeps): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const store = deps.store;
  let schemaBehind = false;
  const checks: Record<string, string> = {
    rules: deps.services.length > 0 && deps.valueSets.all.size > 0 ? 'ok' : 'not-loaded',
    lifecycle: deps.lifecycle?.draining ? 'draining' : 'ok',
    database: await check(async () => {
      if (!store.schemaVersion) return store.ping();
      const v = await store.schemaVersion();
      if (v.current < v.expected) {
        schemaBehind = true;
        throw new SchemaBehind(`schema ${v.current}, needs ${v.expected}`);
      }
    }, 'unreachable'),
  };
  return { ok: checks.rules === 'ok' && checks.lifecycle === 'ok' && !schemaBehind, checks };
}

/** The database answers with an older schema than the code needs (a migration not applied). */
class SchemaBehind extends Error {}

/** How /healthz sees the database: ok, or why the service is degraded; at most 300 ms. */
async function databaseHealth(deps: AppDeps): Promise<string> {
  return check(() => deps.store.ping(), 'unreachable', 300);
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
 * /healthz (the process is alive: always 200, `degraded` with the reason when the database does
 * not answer, so a slow database never gets the process restarted), /readyz (ready for hook
 * traffic: rules loaded, not draining, schema current when the database answers: 200 or 503) and, unless
 * `metrics` is false (METRICS_PORT serves it apart, see metricsApp), /metrics (Prometheus text format).
 */
export function healthRoutes(deps: AppDeps, options: { readonly metrics?: boolean } = {}): Router {
  const router = Router();
  // Always 200 while the process can answer (liveness must not restart a replica for its
  // database); the body says `degraded`, with the reason, when the database does not answer.
  router.get('/healthz', async (_req, res) => {
    const database = await databaseHealth(deps);
    res
      .set('Cache-Control', 'no-store')
      // The rules version lets an operator see which replicas run which rules during a rollout.
      .json({
        ...(database === 'ok' ? { status: 'ok' } : { status: 'degraded', reasons: [`database ${database}`] }),
        rulesVersion: deps.rulesVersion,
      });
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
