import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { parseArgs } from './args.js';
import { startChild, type ChildServer } from './child-server.js';
import { BENCH_PATIENT, discover, patientViewRequest, prefetchFor } from './hook-requests.js';
import { machine, writeJson } from './report.js';
import { readMemory, startRssSampler } from './rss-sampler.js';
import { latencyByKind, RequestLogTail, type KindLatency } from './soak-log.js';
import { emptyTally, soakRequests, type SoakBodies, type SoakKind, type SoakTally } from './soak-mix.js';

const USAGE = 'npm run soak -- [--minutes M] [--window S] [--warmup S] [--database-url <postgres-url>] [--json <file>]';
const CONNECTIONS = 32;
/** Share of the measured maximum the soak runs at (issue 7: 80%). */
const LOAD_SHARE = 0.8;

/** One window of the soak. */
interface SoakWindow {
  readonly startS: number;
  readonly rps: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly errors: number;
  readonly statuses: Record<string, number>;
  readonly rssMb: number;
  readonly peakRssMb: number;
  readonly byKind: SoakTally;
  /** The service's own latency per kind of request in this window. */
  readonly serverLatency: Partial<Record<SoakKind, KindLatency>>;
}

const progress = (m: string) => console.error(`[soak] ${(performance.now() / 1000).toFixed(0)} s: ${m}`);

async function window(
  service: ChildServer,
  log: RequestLogTail,
  bodies: SoakBodies,
  seconds: number,
  rate: number | undefined,
): Promise<Omit<SoakWindow, 'startS'>> {
  const tally = emptyTally();
  const from = Date.now();
  const sampler = startRssSampler(service.pid, 200);
  const result = await autocannon({
    url: service.baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    ...(rate ? { overallRate: rate } : {}),
    requests: soakRequests(bodies, tally),
  });
  const rss = sampler.stop();
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    rps: total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx,
    statuses,
    rssMb: rss.lastMb,
    peakRssMb: rss.peakMb,
    byKind: tally,
    serverLatency: log.latencySince(from, Date.now() + 1),
  };
}

/** The service's own view of its memory, from /metrics (prom-client's default metrics). */
async function memoryBreakdown(baseUrl: string): Promise<{ heapMb: number; externalMb: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return { heapMb: read('nodejs_heap_size_used_bytes'), externalMb: read('nodejs_external_memory_bytes') };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), USAGE);
  const minutes = args.number('minutes', 5);
  const windowS = Math.floor(args.number('window', 30));
  // Long enough for V8's heap and PGlite's caches to reach their working size under this load.
  const warmupS = Math.floor(args.number('warmup', 60));
  const databaseUrl = args.value('database-url');
  const work = mkdtempSync(join(tmpdir(), 'cds-soak-'));
  const children: ChildServer[] = [];
  const started = performance.now();
  try {
    const ehr = await startChild({
      label: 'ehr-sandbox',
      logDir: work,
      env: { SANDBOX: 'on', CDS_AUTH: 'off', DATA_DIR: join(work, 'ehr') },
    });
    children.push(ehr);
    const service = await startChild({
      label: 'service',
      logDir: work,
      env: {
        SANDBOX: 'off',
        CDS_AUTH: 'off',
        DATA_DIR: join(work, 'service'),
        // The production profile: feedback and audit in a PostgreSQL server instead of PGlite.
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        FHIR_SERVER_ALLOWLIST: `${ehr.baseUrl}/fhir`,
        FHIR_ALLOW_HTTP: 'on',
      },
    });
    children.push(service);
    const log = new RequestLogTail(service.logFile);
    const services = await discover(ehr.baseUrl);
    const body = async (id: string) =>
      JSON.stringify(
        patientViewRequest({
          patientId: BENCH_PATIENT,
          prefetch: await prefetchFor(`${ehr.baseUrl}/fhir`, services.get(id)!.prefetch, BENCH_PATIENT),
        }),
      );
    const bodies: SoakBodies = {
      patientId: BENCH_PATIENT,
      pump: await body('pump-evaluation'),
      trial: await body('trial-referral'),
      fhirPath: JSON.stringify(patientViewRequest({ patientId: BENCH_PATIENT, fhirServer: `${ehr.baseUrl}/fhir` })),
    };

    progress(`measuring the maximum throughput of the mix (${CONNECTIONS} connections, 10 s)`);
    const max = await window(service, log, bodies, Math.min(10, windowS), undefined);
    const rate = Math.max(1, Math.round(max.rps * LOAD_SHARE));
    progress(
      `maximum ${max.rps.toFixed(0)} req/s; soaking at ${rate} req/s for ${minutes} min after a ${warmupS} s warm-up`,
    );
    const warmup = await window(service, log, bodies, warmupS, rate);
    const rssAfterWarmup = readMemory(service.pid)?.rssMb ?? NaN;
    const memoryAfterWarmup = await memoryBreakdown(service.baseUrl);
    const windows: SoakWindow[] = [];
    const soakStarted = Date.now();
    const end = performance.now() + minutes * 60_000;
    let at = 0;
    while (performance.now() < end - 1000) {
      const seconds = Math.min(windowS, Math.round((end - performance.now()) / 1000));
      const w = await window(service, log, bodies, seconds, rate);
      windows.push({ startS: at, ...w });
      progress(
        `window at ${at} s: ${w.rps.toFixed(0)} req/s, p50 ${w.p50} ms, p99 ${w.p99} ms, errors ${w.errors}, RSS ${w.rssMb.toFixed(0)} MB`,
      );
      at += seconds;
    }
    const rssEnd = readMemory(service.pid)?.rssMb ?? NaN;
    const memoryAtEnd = await memoryBreakdown(service.baseUrl);
    const serverLatency = latencyByKind(service.logFile, soakStarted, Date.now() + 1);
    const alive = service.alive();
    await service.stop();
    const logErrors = readFileSync(service.logFile, 'utf8')
      .split('\n')
      .filter((l) => /"level":(5|6)\d/.test(l))
      .map((l) => l.slice(0, 400));
    const errors = windows.reduce((n, w) => n + w.errors, 0) + warmup.errors;
    const growth = (rssEnd - rssAfterWarmup) / rssAfterWarmup;
    const requests = windows.reduce((n, w) => n + Object.values(w.statuses).reduce((a, b) => a + b, 0), 0);

    console.log(
      `\nnpm run soak -- --minutes ${minutes}${databaseUrl ? ' --database-url …' : ''}: ${JSON.stringify(machine())}`,
    );
    console.log(`feedback store: ${databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PGlite (DATA_DIR)'}`);
    console.log(
      `maximum throughput of the mix: ${max.rps.toFixed(0)} req/s; soak rate ${rate} req/s (${LOAD_SHARE * 100}%)`,
    );
    console.log(
      `\n${'window'.padEnd(12)}${'req/s'.padStart(8)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}${'errors'.padStart(8)}${'RSS MB'.padStart(9)}`,
    );
    for (const w of windows) {
      console.log(
        `${`${w.startS}-${w.startS + windowS} s`.padEnd(12)}${w.rps.toFixed(0).padStart(8)}${String(w.p50).padStart(8)}${String(w.p90).padStart(8)}${String(w.p99).padStart(8)}${String(w.max).padStart(8)}${String(w.errors).padStart(8)}${w.rssMb.toFixed(0).padStart(9)}`,
      );
    }
    console.log(
      `\nrequests after warm-up: ${requests}; errors (warm-up included): ${errors} (target 0) ${errors === 0 ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `RSS after warm-up ${rssAfterWarmup.toFixed(0)} MB, at the end ${rssEnd.toFixed(0)} MB: growth ${(growth * 100).toFixed(1)}% (target < 10%) ${growth < 0.1 ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `  V8 heap used ${memoryAfterWarmup.heapMb.toFixed(0)} -> ${memoryAtEnd.heapMb.toFixed(0)} MB; ` +
        `external${databaseUrl ? '' : " (PGlite's WebAssembly memory)"} ${memoryAfterWarmup.externalMb.toFixed(0)} -> ${memoryAtEnd.externalMb.toFixed(0)} MB`,
    );
    const kinds = windows.reduce<Record<string, { sent: number; failed: number }>>((acc, w) => {
      for (const [k, v] of Object.entries(w.byKind)) {
        if (typeof v === 'number') continue;
        const t = (acc[k] ??= { sent: 0, failed: 0 });
        t.sent += v.sent;
        t.failed += v.failed;
      }
      return acc;
    }, {});
    const skipped = windows.reduce((n, w) => n + w.byKind.feedbackSkipped, 0);
    console.log(`by kind: ${JSON.stringify(kinds)}; feedback posts skipped (no card to answer): ${skipped}`);
    console.log('service-side latency after warm-up (ms, from its request log):');
    for (const [kind, l] of Object.entries(serverLatency)) {
      console.log(
        `  ${kind.padEnd(10)} ${String(l.count).padStart(7)} requests  p50 ${l.p50.toFixed(1)}  p99 ${l.p99.toFixed(1)}  max ${l.max.toFixed(0)}`,
      );
    }
    console.log(`service alive: ${alive ? 'yes' : 'NO'}; error lines in its log: ${logErrors.length}`);
    writeJson(args.value('json') ?? join(PROJECT_ROOT, 'test-output', 'soak.json'), {
      command: `npm run soak -- --minutes ${minutes}`,
      date: new Date().toISOString(),
      machine: machine(),
      max,
      rate,
      warmup,
      windows,
      rssAfterWarmupMb: rssAfterWarmup,
      rssEndMb: rssEnd,
      growth,
      serverLatency,
      errors,
      alive,
      logErrors: logErrors.slice(0, 20),
      elapsedS: (performance.now() - started) / 1000,
    });
    if (errors > 0 || growth >= 0.1 || !alive || logErrors.length > 0) process.exitCode = 1;
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
