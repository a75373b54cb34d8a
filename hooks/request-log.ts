import type { RequestHandler } from 'express';
import type { AppDeps } from './deps.js';
import { routeOf, type CdsCallLocals } from './request-state.js';
import { childPerLabels } from './metrics.js';

/**
 * One JSON log line per request: method, route, status, duration and, for CDS calls, the
 * service, hook, card count, suppressed count and FHIR rounds. Only these named fields are
 * logged: never a body, a header (Authorization), a token, prefetch or any patient detail.
 * A request the client abandoned is logged too, with `aborted: true`.
 */
export function requestLog(deps: Pick<AppDeps, 'logger' | 'metrics'>): RequestHandler {
  const duration = childPerLabels((service: string, status: string) =>
    deps.metrics.requestDuration.labels(service, status),
  );
  return (req, res, next) => {
    const started = performance.now();
    const cds: CdsCallLocals = {};
    res.locals.cds = cds;
    let logged = false;
    const done = (): void => {
      if (logged) return;
      logged = true;
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      const aborted = !res.writableFinished;
      const isCall = cds.serviceId !== undefined;
      if (cds.serviceId !== undefined && !aborted && !req.path.endsWith('/feedback')) {
        duration(cds.serviceId, String(res.statusCode)).observe(durationMs / 1000);
      }
      if (req.path.startsWith('/fhir') && res.statusCode < 400 && !aborted) return;
      deps.logger.info(
        {
          method: req.method,
          route: routeOf(req),
          status: res.statusCode,
          durationMs,
          ...(isCall ? cds : {}),
          ...(res.locals.errorCode ? { error: res.locals.errorCode } : {}),
          ...(aborted ? { aborted: true } : {}),
        },
        'request',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
