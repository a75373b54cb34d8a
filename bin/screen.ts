import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { RulesError } from '../rules/rules-error.js';
import { BackendAuthError } from '../screening/auth/backend-auth-error.js';
import { createBackendTokenProvider } from '../screening/auth/backend-token.js';
import { readJwksFile } from '../screening/auth/jwks-file.js';
import { BulkExportError } from '../screening/bulk/bulk-export-error.js';
import { deleteExport } from '../screening/bulk/bulk-export.js';
import type { BulkHttp } from '../screening/bulk/bulk-http.js';
import { fixedToken, NO_TOKEN, type TokenSource } from '../screening/bulk/token-source.js';
import { writeReportFiles } from '../screening/report-csv.js';
import { OptOutListError, parseOptOutList } from '../screening/research-opt-out.js';
import { screenPopulation, screeningServices } from '../screening/screen-population.js';
import { reportJsonSchema, type ScreeningReport, type SkipReason } from '../screening/screening-report.js';
import { RunRecorder } from '../screening/run-recorder.js';
import { parseShard, shardLabel, type Shard } from '../screening/shard/shard.js';
import { SharedExport } from '../screening/shard/shared-export.js';
import { loadServices } from '../services/load-services.js';
import type { TrialScreening } from '../services/trial-screening.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import { openMigrated } from '../store/open-card-store.js';
import { ScreeningStore, ShardRefusedError, type RunChanges, type ShardEnd } from '../store/screening-store.js';
import { SharedExportStore } from '../store/shared-export-store.js';
import { ShardExchangeStore } from '../store/shard-exchange-store.js';
import { CONSOLE_IO, isEntryPoint, type CliIo } from './entry-point.js';
import { progressDisplay, type ProgressSink } from './screen-progress.js';
import { handOver } from './screen-handoff.js';
import { readHandoff } from '../screening/handoff-file.js';

const USAGE = `usage: npm run screen -- --print-schema
       npm run screen -- --fhir <base-url> [--group <id>] [--since <date>] [--trial <NCT id>]...
         [--out <file.json>] [--csv <file.csv>] [--opt-out <file>] [--token <bearer token>]
         [--client-id <id> --jwks <file.json> [--kid <kid>] [--scope <scopes>]]
         [--concurrency <n>] [--deadline <minutes>] [--no-store] [--run <id> --shard <index>/<count>]`;

class UsageError extends Error {}
/** The database a sharded run needs could not be opened: exit 1, as any failure to reach a server. */
class StoreUnavailableError extends Error {}

interface Options {
  readonly fhir: string;
  readonly group?: string;
  readonly since?: string;
  readonly trials?: readonly string[];
  readonly out?: string;
  readonly csv?: string;
  readonly optOut?: string;
  readonly token?: string;
  readonly clientId?: string;
  readonly jwks?: string;
  readonly kid?: string;
  readonly scope?: string;
  readonly concurrency: number;
  readonly deadlineMinutes: number;
  /** Keep the run and its candidates in the service's database (the default). */
  readonly store: boolean;
  /** A sharded run: its id, shared by its shards (docs/screening.md, "Sharded runs"). */
  readonly run?: string;
  /** The shard of that run this process screens. */
  readonly shard?: Shard;
}

/**
 * How long a shard that has sent its part of the export waits for another still running to send
 * its own, before reading that shard's files itself (docs/screening.md, "Sharded runs").
 */
const SHARD_WAIT_MS = 10 * 60_000;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** A run id: a Kubernetes Job's uid or name fits, and it is safe in a URL and a log line. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** A FHIR date or instant: `2026-11-01`, or with a time and a zone. */
const SINCE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function wholeNumber(raw: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function parse(argv: readonly string[]): Options {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        fhir: { type: 'string' },
        group: { type: 'string' },
        since: { type: 'string' },
        trial: { type: 'string', multiple: true },
        out: { type: 'string' },
        csv: { type: 'string' },
        'opt-out': { type: 'string' },
        token: { type: 'string' },
        'client-id': { type: 'string' },
        jwks: { type: 'string' },
        kid: { type: 'string' },
        scope: { type: 'string' },
        concurrency: { type: 'string' },
        deadline: { type: 'string' },
        'print-schema': { type: 'boolean' },
        'no-store': { type: 'boolean' },
        run: { type: 'string' },
        shard: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  const fhir = str('fhir');
  if (!fhir || !/^https?:\/\/./.test(fhir) || !URL.canParse(fhir))
    throw new UsageError('--fhir must be an http(s) FHIR base URL');
  const group = str('group');
  if (group !== undefined && !FHIR_ID.test(group)) throw new UsageError('--group must be a FHIR id');
  const since = str('since');
  if (since !== undefined && (!SINCE.test(since) || Number.isNaN(Date.parse(since))))
    throw new UsageError('--since must be a date (2026-11-01) or an instant (2026-11-01T00:00:00Z)');
  if ((str('client-id') === undefined) !== (str('jwks') === undefined))
    throw new UsageError('--client-id and --jwks go together (SMART Backend Services)');
  if (str('token') !== undefined && str('client-id') !== undefined)
    throw new UsageError('give --token or --client-id, not both');
  const run = str('run');
  const shardText = str('shard');
  if ((run === undefined) !== (shardText === undefined))
    throw new UsageError('--run and --shard go together: the shards of one run share its id');
  if (run !== undefined && !RUN_ID.test(run))
    throw new UsageError('--run must be 1 to 100 letters, digits, dots, dashes or underscores (a Job uid fits)');
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  if (typeof shard === 'string') throw new UsageError(shard);
  if (shard && values['no-store'] === true)
    throw new UsageError('--shard needs the store: the shards of a run meet in its database (drop --no-store)');
  const trials = values.trial as string[] | undefined;
  const opt = (k: string, name = k) => (str(k) !== undefined ? { [name]: str(k) } : {});
  return {
    fhir: fhir.replace(/\/+$/, ''),
    ...opt('group'),
    ...opt('since'),
    ...(trials?.length ? { trials } : {}),
    ...opt('out'),
    ...opt('csv'),
    ...opt('opt-out', 'optOut'),
    ...opt('token'),
    ...opt('client-id', 'clientId'),
    ...opt('jwks'),
    ...opt('kid'),
    ...opt('scope'),
    concurrency: wholeNumber(str('concurrency'), 'concurrency', 1, 64, 8),
    deadlineMinutes: wholeNumber(str('deadline'), 'deadline', 1, 24 * 60, 240),
    store: values['no-store'] !== true,
    ...(run !== undefined && shard ? { run, shard } : {}),
  };
}

/**
 * Checks a command line as the command would, without running it (the Kubernetes manifests'
 * test); throws with the usage message when it would be refused.
 */
export function checkScreenArguments(argv: readonly string[]): {
  shard?: Shard;
  run?: string;
  deadlineMinutes: number;
} {
  const { shard, run, deadlineMinutes } = parse(argv);
  return { ...(shard ? { shard } : {}), ...(run !== undefined ? { run } : {}), deadlineMinutes };
}

async function tokenSource(options: Options, timeoutMs: number): Promise<TokenSource> {
  if (options.token) return fixedToken(options.token);
  if (!options.clientId || !options.jwks) return NO_TOKEN;
  const jwks = await readJwksFile(options.jwks, options.kid ? { kid: options.kid } : {});
  return createBackendTokenProvider({
    fhirBaseUrl: options.fhir,
    clientId: options.clientId,
    jwks,
    timeoutMs,
    ...(options.kid ? { kid: options.kid } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
  });
}

/** The service's database, opened and migrated; or why the run is not kept there. */
async function openStore(config: Config): Promise<{
  store?: ScreeningStore;
  exports?: SharedExportStore;
  exchange?: ShardExchangeStore;
  notStored?: string;
  /** The embedded store is the running service's: the run can be handed to it. */
  locked?: boolean;
  close(): Promise<void>;
}> {
  const location = config.database.url ? { databaseUrl: config.database.url } : { dataDir: config.database.dataDir };
  try {
    const { sql, tables } = await openMigrated({ ...location, logger: createLogger('silent') });
    return {
      store: new ScreeningStore(sql, tables),
      exports: new SharedExportStore(sql, tables),
      exchange: new ShardExchangeStore(sql, tables),
      close: () => sql.close(),
    };
  } catch (err) {
    const why =
      err instanceof DataDirLockedError
        ? 'the embedded store is in use by the running service (stop it, or use DATABASE_URL)'
        : `the database could not be opened (${(err as Error).message})`;
    return { notStored: why, locked: err instanceof DataDirLockedError, close: () => Promise.resolve() };
  }
}

function changesLine(changes: RunChanges): string {
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  return `stored: ${sum(changes.found)} new candidates, ${sum(changes.foundPossible)} new possible, ${sum(changes.fitsAgain)} listed again, ${sum(changes.noLongerFits)} no longer fit`;
}

/** A shard's part as stored, and where its run stands (counts only). */
function shardLine(shard: Shard, end: ShardEnd): string {
  const part = changesLine(end).replace(/^stored: /, `stored: shard ${shardLabel(shard)}: `);
  if (end.runState === 'running') return `${part}; the run: ${end.reported} of ${end.shards} shards reported`;
  if (end.runState === 'complete') return `${part}; the run is complete (all ${end.shards} shards reported)`;
  return `${part}; the run is partial (shard ${end.failedShards.join(', ')} did not complete): no one retired`;
}

function summary(report: ScreeningReport): string[] {
  const skipped = Object.entries(report.patientsSkipped).map(([k, n]) => `${k} ${n}`);
  const shard = report.source.shard ? ` shard ${report.source.shard}` : '';
  const lines = [
    `run ${report.runId}${shard} (${report.source.method}, rules ${report.rulesVersion})${report.complete ? '' : ': NOT COMPLETE'}`,
    `${report.patientsScreened} patients screened${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''}`,
  ];
  for (const [trial, t] of Object.entries(report.trials)) {
    lines.push(
      `${trial}: ${t.candidates.length} candidates, ${t.possibleCandidates.length} possible (a key criterion unknown)`,
    );
  }
  for (const p of report.problems.slice(0, 10)) lines.push(`note: ${p}`);
  return lines;
}

function failure(err: unknown): [string, number] {
  if (err instanceof UsageError) return [`${err.message}\n${USAGE}`, 2];
  if (err instanceof ConfigError) return [err.message, 2];
  if (err instanceof RulesError) return [`invalid rules: ${err.message}`, 1];
  if (err instanceof BackendAuthError) return [`SMART Backend Services: ${err.message}`, 1];
  if (err instanceof BulkExportError) return [`${err.kind}: ${err.message}`, 1];
  // The run was begun with other settings, is complete, or this shard has already completed.
  if (err instanceof ShardRefusedError) return [err.message, 2];
  if (err instanceof StoreUnavailableError) return [err.message, 1];
  return [`unexpected error: ${(err as Error).message}`, 1];
}

/** What the command reads through; tests inject their own. */
export interface ScreenDeps {
  readonly fetch?: typeof fetch;
  readonly progress?: ProgressSink;
  /** How long a shard waits for the others to send their files (default 10 minutes; tests shorten it). */
  readonly shardWaitMs?: number;
}

/**
 * Screens a FHIR server's population for the trial catalogue (docs/screening.md): writes the
 * report (--out, --csv) and prints a summary. Exit codes: 0 the run completed, 1 it failed or
 * stopped part way (what was evaluated is still written), 2 bad arguments or configuration.
 */
export async function main(argv: readonly string[], io: CliIo, deps: ScreenDeps = {}): Promise<number> {
  try {
    if (argv.includes('--print-schema')) {
      io.out(JSON.stringify(reportJsonSchema(), null, 2));
      return 0;
    }
    const options = parse(argv);
    const config = loadConfig(io.env ?? process.env);
    const rules = loadServices(config.rulesDir, {
      locale: config.cardLocale,
      siteConfirmationDays: config.siteConfirmationDays,
    });
    const { services, trialIds } = screeningServices(rules.services);
    const unknown = (options.trials ?? []).filter((t) => !trialIds.includes(t));
    if (unknown.length > 0)
      throw new UsageError(`unknown trial ${unknown.join(', ')}; the catalogue has ${trialIds.join(', ')}`);
    const optOut = options.optOut ? readOptOutList(options.optOut) : new Set<string>();
    if (options.shard && !config.database.url) {
      throw new ConfigError(
        'a sharded run (--shard) needs PostgreSQL: set DATABASE_URL, the database where the shards of one run meet',
      );
    }
    const tokens = await tokenSource(options, config.fhir.timeoutMs * 5);
    const now = io.now ?? (() => new Date());
    const runId = options.run ?? randomUUID();
    const startedAt = now();
    const opened = options.store
      ? await openStore(config)
      : { notStored: 'not asked (--no-store)', close: () => Promise.resolve() };
    const handoff = 'locked' in opened && opened.locked ? readHandoff(config.database.dataDir) : undefined;
    if (handoff && !options.shard) {
      const handed = await handOver(options, handoff, io, deps.fetch ? { fetch: deps.fetch } : {});
      if (typeof handed === 'number') return handed;
      io.out(`not handed to the running service: ${handed.cannot}`);
    }
    const runStart = {
      runId,
      startedAt,
      scope: options.since ? ('since' as const) : options.group ? ('group' as const) : ('population' as const),
      source: {
        fhir: options.fhir,
        ...(options.group ? { group: options.group } : {}),
        ...(options.since ? { since: options.since } : {}),
      },
      rulesVersion: rules.version,
    };
    let recorder: RunRecorder | undefined;
    try {
      if (options.shard && !opened.store) {
        throw new StoreUnavailableError(`the shards of a run meet in its database, and ${opened.notStored ?? ''}`);
      }
      if (opened.store) {
        recorder = options.shard
          ? await RunRecorder.beginShard(opened.store, runStart, options.trials ?? trialIds, options.shard)
          : await RunRecorder.begin(opened.store, runStart, options.trials ?? trialIds);
      }
    } catch (err) {
      await opened.close();
      throw err;
    }
    const http: BulkHttp = {
      fetch: deps.fetch ?? fetch,
      tokens,
      requestTimeoutMs: Math.max(10_000, config.fhir.timeoutMs),
    };
    // The one export the shards of the run share: claimed in the database by the first shard.
    const sharedExport =
      options.shard && opened.exports && recorder?.attempt !== undefined
        ? new SharedExport(opened.exports, http, { runId, shard: options.shard.index, attempt: recorder.attempt })
        : undefined;
    const display = progressDisplay(
      deps.progress ?? {
        write: (t) => process.stderr.write(t),
        isTTY: process.stderr.isTTY === true,
        now: () => Date.now(),
      },
    );
    // Records past the memory budget go to the run's database; each shard has a spill of its own.
    const spill = opened.store
      ? await opened.store.openSpill(options.shard ? `${runId}/${options.shard.index}` : runId, startedAt)
      : undefined;
    const { report, error, spilledBlocks } = await screenPopulation(
      {
        fhirBaseUrl: options.fhir,
        ...(options.group ? { group: options.group } : {}),
        ...(options.since ? { since: options.since } : {}),
        ...(options.trials ? { trialIds: options.trials } : {}),
        optOut,
        runId,
        concurrency: options.concurrency,
        deadline: now().getTime() + options.deadlineMinutes * 60_000,
        ...(options.shard ? { shard: options.shard } : {}),
      },
      {
        services,
        ports: { valueSets: rules.valueSets, alcoholGramsPerDrink: config.alcoholGramsPerDrink },
        rulesVersion: rules.version,
        http,
        dataSource: new FhirClientSource({
          timeoutMs: Math.max(10_000, config.fhir.timeoutMs),
          maxPages: config.fhir.maxPages,
          logger: createLogger('silent'),
        }),
        now,
        sleep: (ms) => sleep(ms),
        progress: display,
        ...(sharedExport ? { sharedExport } : {}),
        // The shards split the export's files and pass each other the resources of their patients.
        ...(sharedExport && opened.exchange
          ? { exchange: { exchange: opened.exchange, waitMs: deps.shardWaitMs ?? SHARD_WAIT_MS } }
          : {}),
        ...(spill ? { spill: { spill, budgetBytes: config.screening.memoryBudgetBytes } } : {}),
        ...(recorder
          ? {
              onScreened: (id: string, screenings: readonly TrialScreening[]) => recorder.screened(id, screenings),
              onSkipped: (id: string, reason: SkipReason) => recorder.skipped(id, reason),
            }
          : {}),
      },
    );
    display.done();
    // Written even when the run stopped: what was evaluated is kept, and `complete` says so.
    writeReportFiles(report, options);
    let stored = `not stored: ${opened.notStored ?? ''}`;
    let storeFailed = false;
    try {
      if (recorder && opened.store && options.shard) {
        const end = await recorder.finishShard(report);
        stored = shardLine(options.shard, end);
        // The last shard to report deletes the export: no shard reads it any more.
        if (end.exportToDelete) await deleteExport(http, end.exportToDelete);
        await opened.store.purge(new Date(startedAt.getTime() - config.screeningRetentionDays * 86_400_000));
      } else if (recorder && opened.store) {
        stored = changesLine(await recorder.finish(report));
        await opened.store.purge(new Date(startedAt.getTime() - config.screeningRetentionDays * 86_400_000));
      }
    } catch (err) {
      stored =
        err instanceof ShardRefusedError
          ? `not stored: ${err.message}`
          : `not stored: the database failed (${(err as Error).message})`;
      storeFailed = true;
    } finally {
      await opened.close();
    }
    // How much of the population went to the database past SCREENING_MEMORY_MB (docs/screening.md, "Memory").
    const spilled =
      spilledBlocks > 0
        ? [`memory: ${spilledBlocks} blocks of records past SCREENING_MEMORY_MB went to the database`]
        : [];
    for (const l of [...summary(report), ...spilled, stored]) io.out(l);
    if (error) {
      io.err(`screen: ${failure(error)[0]}`);
      return 1;
    }
    if (storeFailed) {
      io.err(`screen: ${stored}`);
      return 1;
    }
    return 0;
  } catch (err) {
    const [message, code] = failure(err);
    io.err(`screen: ${message}`);
    return code;
  }
}

function readOptOutList(path: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--opt-out ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parseOptOutList(text);
  } catch (err) {
    if (err instanceof OptOutListError) throw new UsageError(`--opt-out ${path}: ${err.message}`);
    throw err;
  }
}

if (isEntryPoint(import.meta.url)) {
  void main(process.argv.slice(2), CONSOLE_IO).then((code) => {
    process.exitCode = code;
  });
}
