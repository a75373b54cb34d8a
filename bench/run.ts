import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { PRODUCTION_NODE_OPTIONS } from '../bin/node-flags.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';
import { parseArgs } from './args.js';
import { measureFhirPath } from './cases/fhir-path.js';
import { measureJwt } from './cases/jwt.js';
import { measurePrefetchPath, sequentialCalls, type StandardBodies } from './cases/prefetch-path.js';
import { measureSearch } from './cases/sandbox-search.js';
import { measureScale } from './cases/scale.js';
import { measureStartup } from './cases/startup.js';
import { benchDatabaseUrl, runDatabase } from './bench-database.js';
import { measureThroughput, measureWithPostgres } from './cases/throughput.js';
import { measureWhatIf } from './cases/what-if.js';
import { formatReplacements, measureReplacements, REPLACEMENT_PLANS } from './cases/replacements.js';
import { runLoad } from './load.js';
import { ECHO_ENTRY, logErrors, startChild, type ChildOptions, type ChildServer } from './child-server.js';
import {
  BENCH_PATIENT,
  ORDER_SIGN_SERVICE,
  SMALL_BODY_PATIENT,
  benchDraftOrder,
  discover,
  orderSignRequest,
  patientViewRequest,
  prefetchFor,
} from './hook-requests.js';
import { FULL_PLAN, QUICK_PLAN, type BenchPlan } from './plan.js';
import { formatProfile, summariseProfile } from './profile-summary.js';
import { formatTable, machine, passes, writeJson, type BenchRow } from './report.js';
import { measureScreening } from './screening-benchmark.js';
import { writeSyntheticRulesDir } from './synthetic-trials.js';

const USAGE =
  'npm run bench -- [--quick] [--strict] [--iterations N] [--json <file>] [--database-url <postgres-url>] [--profile [service-id|echo] [--load] [--small] [--keep-profile <file>]] [--what-if [--small|--order-sign] [--rounds N]] [--replacements [--rounds N]] | npm run bench -- screen [--patients N] [--spill-mb N] [--database-url <postgres-url>] [--quick] [--strict] [--json <file>]';
/** Patients of `npm run bench -- screen`: the 100,000 of issue 18's memory target; `--quick` a CI-sized run. */
const SCREEN_PATIENTS = 100_000;
const SCREEN_PATIENTS_QUICK = 3000;
/** Latency added to every FHIR answer on the FHIR path (the machine reaches no Google host). */
const FHIR_LATENCY_MS = 50;
/** Generated trials in the scale case (the machine reaches no Google host). */
const SCALE_TRIALS = 200;

const progress = (message: string) => console.error(`[bench] ${(performance.now() / 1000).toFixed(1)} s: ${message}`);

/**
 * The standard requests: full prefetch of the benchmark patient, built from each service's
 * templates; and the small body, the same pump-evaluation request for SMALL_BODY_PATIENT.
 */
async function standardBodies(ehr: ChildServer): Promise<StandardBodies> {
  const services = await discover(ehr.baseUrl);
  const body = async (id: string, patientId = BENCH_PATIENT) => {
    const service = services.get(id);
    if (!service) throw new Error(`service ${id} is not in discovery`);
    const prefetch = await prefetchFor(`${ehr.baseUrl}/fhir`, service.prefetch, patientId);
    return JSON.stringify(patientViewRequest({ patientId, prefetch }));
  };
  const order = services.get(ORDER_SIGN_SERVICE);
  if (!order) throw new Error(`service ${ORDER_SIGN_SERVICE} is not in discovery`);
  const bodies = {
    pump: await body('pump-evaluation'),
    trial: await body('trial-referral'),
    small: await body('pump-evaluation', SMALL_BODY_PATIENT),
    orderSign: JSON.stringify(
      orderSignRequest({
        patientId: BENCH_PATIENT,
        prefetch: await prefetchFor(`${ehr.baseUrl}/fhir`, order.prefetch, BENCH_PATIENT),
        drafts: [benchDraftOrder(BENCH_PATIENT)],
      }),
    ),
  };
  const kb = (b: string) => `${(Buffer.byteLength(b) / 1024).toFixed(1)} KB`;
  progress(
    `bodies: pump-evaluation ${kb(bodies.pump)}, trial-referral ${kb(bodies.trial)}, small (${SMALL_BODY_PATIENT}) ${kb(bodies.small)}, order-sign ${kb(bodies.orderSign)}`,
  );
  return bodies;
}

/** Runs every case in order; children are stopped between cases so that loads never overlap. */
async function runSuite(
  plan: BenchPlan,
  work: string,
  start: (o: ChildOptions) => Promise<ChildServer>,
  databaseUrl: string | undefined,
) {
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  const finish = async (child: ChildServer) => {
    const found = logErrors(child);
    if (found.length > 0) errors[child.label] = found;
    if (!child.alive()) errors[child.label] = [...found, 'the process died during the run'];
    await child.stop();
  };

  progress('start-up');
  const startup = await measureStartup(work, plan);
  details.startup = startup.figures;

  // The start-up case left initialised PGlite data directories behind; reusing them (or a copy,
  // as each process locks its own) saves an initdb of several seconds per process.
  const ehrData = startup.dataDirs.sandboxOn;
  const serviceData = startup.dataDirs.sandboxOff;
  const scaleData = join(work, 'scale-data');
  cpSync(serviceData, scaleData, { recursive: true });

  const ehr = await start({ label: 'ehr-sandbox', env: { SANDBOX: 'on', CDS_AUTH: 'optional', DATA_DIR: ehrData } });
  const bodies = await standardBodies(ehr);
  details.bodyBytes = {
    pump: Buffer.byteLength(bodies.pump),
    trial: Buffer.byteLength(bodies.trial),
    small: Buffer.byteLength(bodies.small),
    orderSign: Buffer.byteLength(bodies.orderSign),
  };
  let proxy: LatencyProxy | undefined = await startLatencyProxy(`${ehr.baseUrl}/fhir`, FHIR_LATENCY_MS);
  const echo = await start({ label: 'echo', entry: ECHO_ENTRY });
  const service = await start({
    label: 'service',
    env: {
      SANDBOX: 'off',
      CDS_AUTH: 'off',
      DATA_DIR: serviceData,
      FHIR_SERVER_ALLOWLIST: proxy.url,
      FHIR_ALLOW_HTTP: 'on',
    },
  });
  try {
    progress('prefetch path');
    const prefetch = await measurePrefetchPath(service, echo, bodies, plan);
    rows.push(...prefetch.rows);
    details.prefetchPath = prefetch;

    progress('prefetch path with a JWT');
    const jwt = await measureJwt(ehr, ehrData, bodies.pump, plan);
    rows.push(...jwt.rows);
    details.jwt = jwt;

    progress('FHIR path');
    const fhir = await measureFhirPath(service, proxy.url, FHIR_LATENCY_MS, plan);
    rows.push(...fhir.rows);
    details.fhirPath = fhir.figures;
    progress(`scale (${SCALE_TRIALS} trials)`);
    const rulesDir = writeSyntheticRulesDir(join(work, 'rules-scale'), SCALE_TRIALS);
    const scaled = await start({
      label: 'service-scale',
      env: { SANDBOX: 'off', CDS_AUTH: 'off', DATA_DIR: scaleData, RULES_DIR: rulesDir },
    });
    // The generated trials need more data (e.g. devices), so the catalogue's prefetch grows.
    const scaledTrial = (await discover(scaled.baseUrl)).get('trial-referral')!;
    const scaleBody = JSON.stringify(
      patientViewRequest({
        patientId: BENCH_PATIENT,
        prefetch: await prefetchFor(`${ehr.baseUrl}/fhir`, scaledTrial.prefetch, BENCH_PATIENT),
      }),
    );
    const scale = await measureScale(scaled, scaleBody, SCALE_TRIALS, prefetch.trial, plan);
    rows.push(...scale.rows);
    details.scale = scale.figures;
    await finish(scaled);
    await proxy.close();
    proxy = undefined;
    await finish(ehr);

    progress(`throughput (${plan.connections} connections, ${plan.loadDurationS} s each)`);
    const throughput = await measureThroughput(service, echo, bodies, plan);
    rows.push(...throughput.rows);
    details.throughput = {
      echo: { load: throughput.echo.load, rss: { ...throughput.echo.rss, samples: undefined } },
      service: { load: throughput.service.load, rss: throughput.service.rss },
      small: throughput.small,
      orderSign: throughput.orderSign,
    };

    if (databaseUrl) {
      progress('throughput in the production profile (DATABASE_URL: PostgreSQL server, a fresh database)');
      const database = await runDatabase(databaseUrl, progress);
      try {
        const pg = await start({
          label: 'service-postgres',
          // As the Kubernetes base Deployment runs a replica (bin/node-flags.ts).
          env: { SANDBOX: 'off', CDS_AUTH: 'off', DATABASE_URL: database.url, NODE_OPTIONS: PRODUCTION_NODE_OPTIONS },
        });
        const withPg = await measureWithPostgres(pg, throughput.echo, bodies.pump, plan);
        rows.push(...withPg.rows);
        details.postgres = { load: withPg.load, rss: { ...withPg.rss, samples: undefined } };
        await finish(pg);
      } finally {
        await database.drop();
      }
    }

    progress('sandbox search (100 extra patients)');
    const search = await measureSearch(plan, prefetch.echo.pump.p50);
    rows.push(...search.rows);
    details.sandboxSearch = search.figures;
  } finally {
    await proxy?.close();
    await finish(service);
    await finish(echo);
  }
  rows.push(...startup.rows);
  return { rows, details, errors };
}

/**
 * `--profile`: the prefetch-path load against a service run with --cpu-prof (sequential calls, or
 * with `--load` autocannon at the throughput case's connections), then where its time went.
 */
async function runProfile(
  plan: BenchPlan,
  work: string,
  options: { serviceId: string; load: boolean; small: boolean; keepProfile?: string },
  start: (o: ChildOptions) => Promise<ChildServer>,
) {
  const ehr = await start({
    label: 'ehr-sandbox',
    env: { SANDBOX: 'on', CDS_AUTH: 'off', DATA_DIR: join(work, 'ehr') },
  });
  const bodies = await standardBodies(ehr);
  await ehr.stop();
  const profileDir = join(work, 'profile');
  const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  // `--profile echo` profiles the baseline with the pump-evaluation body, for a side-by-side.
  const echo = options.serviceId === 'echo';
  const service = echo
    ? await start({ label: 'echo-profiled', entry: ECHO_ENTRY, nodeArgs })
    : await start({
        label: 'service-profiled',
        env: { SANDBOX: 'off', CDS_AUTH: 'off', DATA_DIR: join(work, 'service-data') },
        nodeArgs,
      });
  // `--small`: the small pump-evaluation body (8.2 KB), where the fixed cost of a call shows.
  const byService: Record<string, string> = { 'trial-referral': bodies.trial, [ORDER_SIGN_SERVICE]: bodies.orderSign };
  const body = options.small ? bodies.small : (byService[options.serviceId] ?? bodies.pump);
  const url = echo ? `${service.baseUrl}/echo` : `${service.baseUrl}/cds-services/${options.serviceId}`;
  let requests = plan.warmup + plan.iterations;
  const loadStarted = performance.now();
  let figures: unknown;
  if (options.load) {
    progress(`profiling ${options.serviceId}: ${plan.connections} connections for ${plan.loadDurationS} s`);
    const load = await runLoad({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: plan.connections,
      duration: plan.loadDurationS,
    });
    // A profile of error answers (a mistyped service id answers 404) says nothing about the service.
    if (load.errors > 0) {
      await service.stop();
      throw new Error(
        `the profiled load got ${load.errors} failed answers (status codes ${JSON.stringify(load.statusCodes)}): is "${options.serviceId}" a service id?`,
      );
    }
    console.log(`throughput, ${options.serviceId}: ${load.rps.toFixed(0)} req/s, p99 ${load.latencyP99} ms (profiled)`);
    figures = load;
    requests = load.total;
  } else {
    progress(`profiling ${options.serviceId}: ${plan.warmup + plan.iterations} sequential calls`);
    const f = await sequentialCalls(url, body, plan, { expectCards: !echo });
    console.log(
      `prefetch path, ${options.serviceId}: p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms (profiled)`,
    );
    figures = f;
  }
  const loadMs = performance.now() - loadStarted;
  await service.stop();
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  // Only the samples of the load (and the short shutdown after it), not the start-up.
  const summary = summariseProfile(join(profileDir, file), { lastMs: loadMs + 100 });
  // `--keep-profile <file>`: the whole profile, for Chrome DevTools or a closer look at call trees.
  if (options.keepProfile) copyFileSync(join(profileDir, file), options.keepProfile);
  console.log(formatProfile(summary, requests));
  return { ...options, figures, summary };
}

/** `npm run bench -- screen`: population screening on generated NDJSON (bench/screening-benchmark.ts). */
async function runScreenBench(args: ReturnType<typeof parseArgs>, work: string, started: number): Promise<void> {
  const quick = args.flags.has('quick');
  const patients = Math.round(args.number('patients', quick ? SCREEN_PATIENTS_QUICK : SCREEN_PATIENTS));
  // The spill run's budget: 16 MB is well under the 50 MB that 100,000 patients' records take
  // compressed; a quick run's population fits in any budget, so everything spills (0).
  const spillRaw = args.value('spill-mb');
  const spillBudgetMb = spillRaw === undefined ? (quick ? 0 : 16) : Math.round(Number(spillRaw));
  if (!Number.isFinite(spillBudgetMb) || spillBudgetMb < 0) {
    console.error(`--spill-mb must be 0 or more\nusage: ${USAGE}`);
    process.exit(2);
  }
  const databaseUrl = await benchDatabaseUrl(args.value('database-url'));
  const { rows, details } = await measureScreening({
    work,
    patients,
    progress,
    spillBudgetMb,
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  const command = `npm run bench -- screen${quick ? ' --quick' : ''}${args.value('patients') ? ` --patients ${patients}` : ''}`;
  console.log(`\n${command}: ${JSON.stringify(machine())}\n`);
  console.log(formatTable(rows));
  const failed = rows.filter((r) => passes(r) === false);
  console.log(`\n${rows.filter((r) => r.target).length - failed.length} targets met, ${failed.length} missed`);
  writeJson(args.value('json') ?? join(PROJECT_ROOT, 'test-output', 'bench-screen.json'), {
    command,
    date: new Date().toISOString(),
    machine: machine(),
    rows: rows.map((r) => ({ ...r, pass: passes(r), ratio: r.baseline ? r.value / r.baseline.value : undefined })),
    details,
    elapsedS: (performance.now() - started) / 1000,
  });
  if (args.flags.has('strict') && failed.length > 0) process.exitCode = 1;
}

async function main(): Promise<void> {
  // `screen` is the one positional word (issue 18 names the command `npm run bench -- screen`).
  const argv = process.argv.slice(2);
  const screen = argv[0] === 'screen';
  const args = parseArgs(screen ? argv.slice(1) : argv, USAGE);
  const base = args.flags.has('quick') ? QUICK_PLAN : FULL_PLAN;
  const plan: BenchPlan = { ...base, iterations: args.number('iterations', base.iterations) };
  const work = mkdtempSync(join(tmpdir(), 'cds-bench-'));
  const children: ChildServer[] = [];
  const start = async (o: ChildOptions) => {
    const child = await startChild({ logDir: work, ...o, env: { ...plan.childEnv, ...o.env } });
    children.push(child);
    return child;
  };
  const started = performance.now();
  try {
    if (screen || args.flags.has('screen')) {
      await runScreenBench(args, work, started);
      return;
    }
    if (args.flags.has('what-if')) {
      const ehr = await start({
        label: 'ehr-sandbox',
        env: { SANDBOX: 'on', CDS_AUTH: 'off', DATA_DIR: join(work, 'ehr') },
      });
      const bodies = await standardBodies(ehr);
      await ehr.stop();
      // `--small` and `--order-sign` choose the body, as with `--profile`; rounds: 3, 1 with --quick.
      const target = args.flags.has('small')
        ? { serviceId: 'pump-evaluation', bodyName: 'small body', body: bodies.small }
        : args.flags.has('order-sign')
          ? { serviceId: ORDER_SIGN_SERVICE, bodyName: 'order-sign', body: bodies.orderSign }
          : { serviceId: 'pump-evaluation', bodyName: 'standard body', body: bodies.pump };
      const rounds = Math.round(args.number('rounds', plan.quick ? 1 : 3));
      const rows = await measureWhatIf(start, (v) => join(work, v.replace(/\s+/g, '-')), { ...target, rounds }, plan);
      console.log(formatTable(rows));
      writeJson(args.value('json') ?? join(PROJECT_ROOT, 'test-output', 'bench-what-if.json'), {
        machine: machine(),
        plan,
        rows,
      });
      return;
    }
    if (args.flags.has('replacements')) {
      const rplan = { ...REPLACEMENT_PLANS[plan.quick ? 'quick' : 'full'] };
      rplan.rounds = args.number('rounds', rplan.rounds);
      // Every variant reads this copy of rules/, whatever happens to the working tree meanwhile.
      const rulesDir = join(work, 'rules');
      cpSync(join(PROJECT_ROOT, 'rules'), rulesDir, { recursive: true });
      const fetchBodies = async () => {
        const ehr = await start({
          label: 'ehr-sandbox',
          env: { SANDBOX: 'on', CDS_AUTH: 'off', DATA_DIR: join(work, 'ehr'), RULES_DIR: rulesDir },
        });
        try {
          const bodies = await standardBodies(ehr);
          return { small: bodies.small, large: bodies.pump };
        } finally {
          await ehr.stop();
        }
      };
      const result = await measureReplacements(start, (v) => join(work, `replacements-${v}`), fetchBodies, rplan, {
        rulesDir,
        progress,
      });
      console.log(`\nnpm run bench -- --replacements: ${JSON.stringify(machine())}\n`);
      console.log(formatReplacements(result));
      for (const [label, lines] of Object.entries(result.errors)) {
        console.log(`\n${label} logged ${lines.length} error(s):\n  ${lines.slice(0, 5).join('\n  ')}`);
      }
      writeJson(args.value('json') ?? join(PROJECT_ROOT, 'test-output', 'bench-replacements.json'), {
        command: `npm run bench -- --replacements${plan.quick ? ' --quick' : ''}`,
        date: new Date().toISOString(),
        machine: machine(),
        ...result,
        elapsedS: (performance.now() - started) / 1000,
      });
      if (Object.keys(result.errors).length > 0) process.exitCode = 1;
      return;
    }
    const profiled = args.value('profile') ?? (args.flags.has('profile') ? 'pump-evaluation' : undefined);
    if (profiled) {
      const result = await runProfile(
        plan,
        work,
        {
          serviceId: profiled,
          load: args.flags.has('load'),
          small: args.flags.has('small'),
          keepProfile: args.value('keep-profile'),
        },
        start,
      );
      writeJson(args.value('json') ?? join(PROJECT_ROOT, 'test-output', 'bench-profile.json'), {
        machine: machine(),
        ...result,
      });
      return;
    }
    const databaseUrl = await benchDatabaseUrl(args.value('database-url'));
    if (!databaseUrl) progress('no PostgreSQL reachable: the production-profile rows (memory target) are left out');
    const { rows, details, errors } = await runSuite(plan, work, start, databaseUrl);
    console.log(`\nnpm run bench${plan.quick ? ' -- --quick' : ''}: ${JSON.stringify(machine())}\n`);
    console.log(formatTable(rows));
    const failed = rows.filter((r) => passes(r) === false);
    console.log(`\n${rows.filter((r) => r.target).length - failed.length} targets met, ${failed.length} missed`);
    for (const [label, lines] of Object.entries(errors)) {
      console.log(`\n${label} logged ${lines.length} error(s):\n  ${lines.slice(0, 5).join('\n  ')}`);
    }
    writeJson(args.value('json') ?? join(PROJECT_ROOT, 'test-output', 'bench.json'), {
      command: `npm run bench${plan.quick ? ' -- --quick' : ''}`,
      date: new Date().toISOString(),
      machine: machine(),
      plan,
      rows: rows.map((r) => ({ ...r, pass: passes(r), ratio: r.baseline ? r.value / r.baseline.value : undefined })),
      errors,
      details,
      elapsedS: (performance.now() - started) / 1000,
    });
    if (Object.keys(errors).length > 0 || (args.flags.has('strict') && failed.length > 0)) process.exitCode = 1;
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
