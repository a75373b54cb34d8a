import type { ChildServer } from '../child-server.js';
import { ORDER_SIGN_SERVICE } from '../hook-requests.js';
import type { StandardBodies } from './prefetch-path.js';
import { runLoad, type LoadFigures } from '../load.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';
import { startRssSampler, type RssReport } from '../rss-sampler.js';

/** autocannon at `connections` connections for the plan's duration, after an unmeasured warm-up, sampling RSS. */
export async function loadWithRss(
  server: ChildServer,
  path: string,
  body: string,
  plan: BenchPlan,
): Promise<{ load: LoadFigures; rss: RssReport }> {
  const options = {
    url: `${server.baseUrl}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: plan.connections,
  };
  if (plan.loadWarmupS > 0) await runLoad({ ...options, duration: plan.loadWarmupS });
  const sampler = startRssSampler(server.pid, 100);
  const load = await runLoad({ ...options, duration: plan.loadDurationS });
  const rss = sampler.stop();
  if (load.errors > 0)
    throw new Error(`${server.label}: ${load.errors} errors under load (${JSON.stringify(load.statusCodes)})`);
  return { load, rss };
}

/** Requests per second against the echo's with the same body, and their ratio (target 0.5). */
function throughputRows(
  label: string,
  ratioSuffix: string,
  service: LoadFigures,
  echo: LoadFigures,
  plan: BenchPlan,
): BenchRow[] {
  return [
    {
      figure: `throughput, ${label}, ${plan.connections} connections`,
      value: service.rps,
      unit: 'req/s',
      baseline: { name: 'echo', value: echo.rps },
    },
    {
      figure: `throughput ratio to echo${ratioSuffix}`,
      value: service.rps / echo.rps,
      unit: 'x',
      target: { op: '>=', value: 0.5 },
    },
  ];
}

/**
 * Throughput (docs/performance.md, targets: ≥ 50% of a bare Express JSON echo of the same body at 32
 * connections) with the embedded defaults, and the peak RSS under that load for information:
 * PGlite's WebAssembly heap alone is at least 128 MB. Both servers run in their own
 * process; autocannon runs here.
 */
export async function measureThroughput(
  service: ChildServer,
  echo: ChildServer,
  bodies: StandardBodies,
  plan: BenchPlan,
): Promise<{
  rows: BenchRow[];
  echo: { load: LoadFigures; rss: RssReport };
  service: { load: LoadFigures; rss: RssReport };
  small: { echo: LoadFigures; service: LoadFigures };
  orderSign: { echo: LoadFigures; service: LoadFigures };
}> {
  const { pump: body, small: smallBody } = bodies;
  const e = await loadWithRss(echo, '/echo', body, plan);
  const s = await loadWithRss(service, '/cds-services/pump-evaluation', body, plan);
  // The small body (about 8 KB, its prefetch about 6 KB): with less to parse, the fixed cost per
  // call shows. Issue 16, point 9: it must keep up with the echo as the large body does.
  const smallEcho = await loadWithRss(echo, '/echo', smallBody, plan);
  const smallService = await loadWithRss(service, '/cds-services/pump-evaluation', smallBody, plan);
  // Issue 17, point 5: order-sign computes the facts twice, before and after the draft orders.
  const orderEcho = await loadWithRss(echo, '/echo', bodies.orderSign, plan);
  const orderService = await loadWithRss(service, `/cds-services/${ORDER_SIGN_SERVICE}`, bodies.orderSign, plan);
  return {
    rows: [
      ...throughputRows('pump-evaluation', '', s.load, e.load, plan),
      ...throughputRows('pump-evaluation, small body', ', small body', smallService.load, smallEcho.load, plan),
      ...throughputRows('order-sign', ', order-sign', orderService.load, orderEcho.load, plan),
      {
        figure: `throughput latency under load: p99`,
        value: s.load.latencyP99,
        unit: 'ms',
        baseline: { name: 'echo', value: e.load.latencyP99 },
      },
      {
        figure: 'memory, peak RSS under load, embedded PGlite',
        value: s.rss.peakMb,
        unit: 'MB',
        baseline: { name: 'echo', value: e.rss.peakMb },
      },
    ],
    echo: e,
    service: s,
    small: { echo: smallEcho.load, service: smallService.load },
    orderSign: { echo: orderEcho.load, service: orderService.load },
  };
}

/**
 * The same load against the production profile (SANDBOX=off, feedback in a PostgreSQL
 * server through DATABASE_URL): the memory target (RSS ≤ 250 MB under load) is measured here,
 * as a deployment runs; the embedded PGlite row above shows what the embedded database adds.
 */
export async function measureWithPostgres(
  service: ChildServer,
  echo: { load: LoadFigures; rss: RssReport },
  body: string,
  plan: BenchPlan,
): Promise<{ rows: BenchRow[]; load: LoadFigures; rss: RssReport }> {
  const s = await loadWithRss(service, '/cds-services/pump-evaluation', body, plan);
  return {
    rows: [
      {
        figure: `throughput, production profile (PostgreSQL), ${plan.connections} connections`,
        value: s.load.rps,
        unit: 'req/s',
        baseline: { name: 'echo', value: echo.load.rps },
      },
      {
        figure: 'throughput ratio to echo, production profile (PostgreSQL)',
        value: s.load.rps / echo.load.rps,
        unit: 'x',
        target: { op: '>=', value: 0.5 },
      },
      {
        figure: 'memory, peak RSS under load, production profile (PostgreSQL)',
        value: s.rss.peakMb,
        unit: 'MB',
        target: { op: '<=', value: 250 },
        baseline: { name: 'echo', value: echo.rss.peakMb },
      },
    ],
    ...s,
  };
}
