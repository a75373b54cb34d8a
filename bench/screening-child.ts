import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { createLogger } from '../config/logger.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { NO_TOKEN } from '../screening/bulk/token-source.js';
import type { SpillPolicy } from '../screening/compressed-json.js';
import { screenPopulation, screeningServices } from '../screening/screen-population.js';
import { loadServices } from '../services/load-services.js';
import { openMigrated } from '../store/open-card-store.js';
import { ScreeningStore } from '../store/screening-store.js';
import { bulkExportFetch, readPopulationExport } from './population-ndjson.js';

/*
 * One measurement of `npm run bench -- screen` (bench/screening-benchmark.ts), in a process of its
 * own so that each starts alike and its memory is its own:
 *   node dist/bench/screening-child.js floor <dir> <now>    reads every file line by line and
 *                                                           JSON.parses each line: the floor;
 *   node dist/bench/screening-child.js screen <dir> <now>   screens the population end to end
 *                                                           (screenPopulation over the files);
 *   node dist/bench/screening-child.js spill <dir> <now> <budget MB> <database>
 *                                                           the same, the records past the budget
 *                                                           spilled to the database (a PostgreSQL
 *                                                           URL, or a PGlite data directory).
 * It prints one JSON line of figures, its own peak RSS (VmHWM) included.
 */

/** The kernel's high-water mark of this process's resident memory, in MB. */
function peakRssMb(): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : process.memoryUsage().rss / 1024 ** 2;
}

/** Read and JSON.parse every line of every file, and nothing else. */
async function floor(dir: string) {
  const population = readPopulationExport(dir);
  const started = performance.now();
  let resources = 0;
  for (const file of population.files) {
    const lines = createInterface({
      input: createReadStream(join(dir, file.name), { highWaterMark: 256 * 1024 }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      const value = JSON.parse(line) as { resourceType?: unknown };
      if (typeof value.resourceType === 'string') resources++;
    }
  }
  return { resources, readMs: performance.now() - started };
}

/** Screens the population as `npm run screen` would, over the export's files, timing its two phases. */
async function screen(dir: string, now: Date, spill?: SpillPolicy) {
  const population = readPopulationExport(dir);
  const rules = loadServices(DEFAULT_RULES_DIR, {});
  const { services } = screeningServices(rules.services);
  const base = 'https://bench.invalid/fhir';
  let resources = 0;
  let evaluating = 0;
  const started = performance.now();
  const { report, error, spilledBlocks } = await screenPopulation(
    { fhirBaseUrl: base, optOut: new Set(), concurrency: 1, deadline: Date.now() + 4 * 3600_000 },
    {
      services,
      ports: { valueSets: rules.valueSets, alcoholGramsPerDrink: 10 },
      rulesVersion: rules.version,
      http: { fetch: bulkExportFetch(base, population.files), tokens: NO_TOKEN, requestTimeoutMs: 60_000 },
      dataSource: new FhirClientSource({ timeoutMs: 1000, maxPages: 1, logger: createLogger('silent') }),
      now: () => now,
      sleep: () => Promise.resolve(),
      ...(spill ? { spill } : {}),
      progress: {
        exportStatus: () => undefined,
        file: () => undefined,
        resource: () => void resources++,
        evaluating: () => void (evaluating = performance.now()),
        patient: () => undefined,
      },
    },
  );
  const finished = performance.now();
  if (error) throw error;
  const skipped = Object.values(report.patientsSkipped).reduce((a, b) => a + b, 0);
  return {
    resources,
    readMs: evaluating - started,
    patients: report.patientsScreened + skipped,
    spilledBlocks,
    evaluateMs: finished - evaluating,
    patientsScreened: report.patientsScreened,
    patientsSkipped: report.patientsSkipped,
    candidates: Object.fromEntries(Object.entries(report.trials).map(([id, t]) => [id, t.candidates.length])),
    possibleCandidates: Object.fromEntries(
      Object.entries(report.trials).map(([id, t]) => [id, t.possibleCandidates.length]),
    ),
  };
}

/** Screens with a spill in `database` (a PostgreSQL URL or a PGlite data directory), as `npm run screen` does with its store. */
async function screenWithSpill(dir: string, now: Date, budgetMb: number, database: string) {
  const location = /^postgres(ql)?:/.test(database) ? { databaseUrl: database } : { dataDir: database };
  const { sql, tables } = await openMigrated({ ...location, logger: createLogger('silent') });
  try {
    const spill = await new ScreeningStore(sql, tables).openSpill(`bench-${process.pid}`, now);
    return await screen(dir, now, { spill, budgetBytes: budgetMb * 1024 * 1024 });
  } finally {
    await sql.close();
  }
}

async function main(): Promise<void> {
  const [mode, dir, now, budgetMb, database] = process.argv.slice(2);
  const spillArgs = mode !== 'spill' || (budgetMb !== undefined && database !== undefined);
  if ((mode !== 'floor' && mode !== 'screen' && mode !== 'spill') || !dir || !now || !spillArgs) {
    console.error(
      'usage: node dist/bench/screening-child.js floor|screen|spill <export dir> <ISO instant> [<budget MB> <database>]',
    );
    process.exit(2);
  }
  const figures =
    mode === 'floor'
      ? await floor(dir)
      : mode === 'screen'
        ? await screen(dir, new Date(now))
        : await screenWithSpill(dir, new Date(now), Number(budgetMb), database!);
  console.log(JSON.stringify({ mode, ...figures, peakRssMb: peakRssMb() }));
}

main().catch((err: unknown) => {
  console.error(`screening-child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
