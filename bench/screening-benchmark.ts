import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCTION_NODE_OPTIONS } from '../bin/node-flags.js';
import { writePopulationExport, type PopulationExport } from './population-ndjson.js';
import type { BenchRow } from './report.js';
import { startRssSampler, type RssReport } from './rss-sampler.js';

/** The compiled child that measures one thing (dist/bench/screening-child.js). */
export const SCREENING_CHILD_ENTRY = fileURLToPath(new URL('./screening-child.js', import.meta.url));

/** Targets of issue 18, point 8. */
const READ_RATIO_TARGET = 0.5;
const PATIENTS_PER_S_TARGET = 2000;
const PEAK_RSS_TARGET_MB = 512;

/** What the floor child prints. */
interface FloorFigures {
  readonly resources: number;
  readonly readMs: number;
  readonly peakRssMb: number;
}

/** What the screening child prints. */
interface ScreenFigures extends FloorFigures {
  readonly patients: number;
  readonly spilledBlocks: number;
  readonly evaluateMs: number;
  readonly patientsScreened: number;
  readonly patientsSkipped: Record<string, number>;
  readonly candidates: Record<string, number>;
  readonly possibleCandidates: Record<string, number>;
}

/** The highest RSS sampled; a sample taken as the child exits has no VmRSS (NaN) and is left out. */
function peakOf(rss: RssReport, childPeakMb: number): number {
  return Math.max(...rss.samples.map((s) => s.rssMb).filter(Number.isFinite), childPeakMb);
}

/** Runs the child in `mode` over the export in `dir`, sampling its RSS; resolves with its figures. */
async function runChild<T>(
  mode: 'floor' | 'screen' | 'spill',
  dir: string,
  now: Date,
  nodeOptions = '',
  extra: readonly string[] = [],
): Promise<{ figures: T; rss: RssReport }> {
  const child = spawn(process.execPath, [SCREENING_CHILD_ENTRY, mode, dir, now.toISOString(), ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  const sampler = startRssSampler(child.pid!, 100);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const rss = sampler.stop();
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) {
    throw new Error(`screening-child ${mode} exited with ${code}: ${stderr.trim().slice(-2000)}`);
  }
  return { figures: JSON.parse(last) as T, rss };
}

/** Options of the screening benchmark. */
export interface ScreeningBenchOptions {
  /** Where the generated export is written (a temporary folder, removed by the caller). */
  readonly work: string;
  readonly patients: number;
  readonly progress: (message: string) => void;
  /** The memory budget of the spill run, in MB (SCREENING_MEMORY_MB). */
  readonly spillBudgetMb: number;
  /** Where that run spills: a PostgreSQL URL, else a PGlite data directory under `work`. */
  readonly databaseUrl?: string;
}

/** The rows, and the figures behind them for the JSON file. */
export interface ScreeningBenchResult {
  readonly rows: BenchRow[];
  readonly details: Record<string, unknown>;
}

/**
 * `npm run bench -- screen` (issue 18, point 8), on generated NDJSON in one run:
 * 1. a population of `patients` (sandbox/patients/population.ts) written as one NDJSON file per
 *    resource type, streamed to disk;
 * 2. the floor: a fresh process reads every file line by line and `JSON.parse`s each line;
 * 3. a fresh process screens the population end to end as `npm run screen` does (`screenPopulation`
 *    over a Bulk Data export of the files: streamed reading, the record view's filtering into
 *    `PopulationRecords`, then `runPipeline` with `screen: true` for every patient), timing the
 *    reading phase (resources read and filtered per second, as a ratio to the floor: ≥ 0.5) and the
 *    evaluation phase (patients per second: ≥ 2,000, one core), its RSS sampled every 100 ms and its
 *    own high-water mark read at the end;
 * 4. the same again with the heap ceiling of a production pod (`NODE_OPTIONS=--max-old-space-size=256`):
 *    its peak RSS is the target (≤ 512 MB for 100,000 patients), as the service's memory target is
 *    measured in its production profile. Without a ceiling V8 sizes its heap from the machine's
 *    memory and leaves garbage uncollected far longer (bin/node-flags.ts); that figure is shown too;
 * 5. the same with the heap ceiling and a memory budget of `spillBudgetMb`: the compressed records
 *    past it go to the database (PostgreSQL when one answers, else PGlite) and come back as their
 *    patients are evaluated, as a population larger than memory would be screened.
 */
export async function measureScreening(options: ScreeningBenchOptions): Promise<ScreeningBenchResult> {
  const now = new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const dir = join(options.work, 'screening-export');
  mkdirSync(dir, { recursive: true });
  options.progress(`screening: writing ${options.patients} generated patients as NDJSON`);
  const writeStarted = performance.now();
  const population: PopulationExport = writePopulationExport(dir, options.patients, today);
  const writeMs = performance.now() - writeStarted;
  const mb = (population.bytes / 1024 ** 2).toFixed(0);
  options.progress(
    `screening: ${population.resources} resources (${mb} MB) in ${population.files.length} files, ${(writeMs / 1000).toFixed(1)} s`,
  );

  options.progress('screening: the floor (read + JSON.parse)');
  const floor = await runChild<FloorFigures>('floor', dir, now);
  options.progress('screening: end to end (read, filter, evaluate), node flags of `npm run screen`');
  const screen = await runChild<ScreenFigures>('screen', dir, now);
  options.progress(`screening: end to end again, NODE_OPTIONS=${PRODUCTION_NODE_OPTIONS} (a production pod)`);
  const production = await runChild<ScreenFigures>('screen', dir, now, PRODUCTION_NODE_OPTIONS);
  const spillDb = options.databaseUrl ? 'PostgreSQL' : 'PGlite';
  options.progress(`screening: end to end again, a ${options.spillBudgetMb} MB memory budget, spilling to ${spillDb}`);
  const spilled = await runChild<ScreenFigures>('spill', dir, now, PRODUCTION_NODE_OPTIONS, [
    String(options.spillBudgetMb),
    options.databaseUrl ?? join(options.work, 'screening-spill-pglite'),
  ]);

  const n = options.patients;
  const floorRate = floor.figures.resources / (floor.figures.readMs / 1000);
  const readRate = screen.figures.resources / (screen.figures.readMs / 1000);
  const patientRate = screen.figures.patients / (screen.figures.evaluateMs / 1000);
  const spilledRate = spilled.figures.patients / (spilled.figures.evaluateMs / 1000);
  const spillLabel = `records past ${options.spillBudgetMb} MB spilled to ${spillDb}`;
  const rows: BenchRow[] = [
    {
      figure: `screening, floor: read + JSON.parse, ${n} patients`,
      value: floorRate,
      unit: 'resources/s',
      note: `${population.resources} resources, ${mb} MB of NDJSON`,
    },
    {
      figure: `screening, read and filter, ${n} patients`,
      value: readRate,
      unit: 'resources/s',
      baseline: { name: 'floor', value: floorRate },
    },
    {
      figure: 'screening, read and filter ratio to the floor',
      value: readRate / floorRate,
      unit: 'x',
      target: { op: '>=', value: READ_RATIO_TARGET },
    },
    {
      figure: `screening, evaluation, ${n} patients`,
      value: patientRate,
      unit: 'patients/s',
      target: { op: '>=', value: PATIENTS_PER_S_TARGET },
    },
    {
      figure: `screening, peak RSS, ${n} patients end to end, node flags of npm run screen`,
      value: peakOf(screen.rss, screen.figures.peakRssMb),
      unit: 'MB',
    },
    {
      figure: `screening, peak RSS, ${n} patients end to end, production heap ceiling`,
      value: peakOf(production.rss, production.figures.peakRssMb),
      unit: 'MB',
      target: { op: '<=', value: PEAK_RSS_TARGET_MB },
      note: `NODE_OPTIONS=${PRODUCTION_NODE_OPTIONS}, as the Kubernetes Deployment runs a replica (bin/node-flags.ts)`,
    },
    {
      figure: `screening, evaluation, ${n} patients, ${spillLabel}`,
      value: spilledRate,
      unit: 'patients/s',
      note: `${spilled.figures.spilledBlocks} blocks spilled and read back`,
    },
    {
      figure: `screening, peak RSS, ${n} patients end to end, ${spillLabel}, production heap ceiling`,
      value: peakOf(spilled.rss, spilled.figures.peakRssMb),
      unit: 'MB',
      target: { op: '<=', value: PEAK_RSS_TARGET_MB },
    },
  ];
  return {
    rows,
    details: {
      population: { ...population, files: population.files.map((f) => ({ type: f.type, count: f.count })) },
      writeMs,
      floor: { ...floor.figures, rss: { ...floor.rss, samples: undefined } },
      screen: { ...screen.figures, rss: screen.rss },
      production: { ...production.figures, nodeOptions: PRODUCTION_NODE_OPTIONS, rss: production.rss },
      spilled: { ...spilled.figures, budgetMb: options.spillBudgetMb, database: spillDb, rss: spilled.rss },
    },
  };
}
