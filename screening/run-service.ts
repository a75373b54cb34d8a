import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { Cron } from 'croner';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { ScreeningStore } from '../store/screening-store.js';
import { runEndOf } from './run-recorder.js';
import type { RunJob, RunOutcome } from './run-job.js';
import { sendRunNotice } from './run-notice.js';
import type { ScreeningReport } from './screening-report.js';
import type { BlockSpill } from './spill/block-spill.js';
import { serveSpill } from './spill/port-spill.js';
import type { RunRequest, RunSummary, ScreeningRuns } from './screening-runs.js';

/**
 * Runs a job somewhere and hands its outcome back: a worker thread in production. Stops when
 * `signal` aborts. The records past the job's memory budget go to `spill`.
 */
export type RunExecutor = (job: RunJob, signal: AbortSignal, spill: BlockSpill) => Promise<RunOutcome>;

/** How long a run may take; a run still marked running after that belongs to a replica that died. */
const RUN_DEADLINE_MS = 4 * 3_600_000;
/** A scheduled run does not start within this long of another run (replicas' cron ticks). */
const SCHEDULE_QUIET_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

/**
 * The worker thread's script: beside this module once compiled (dist/screening/run-worker.js).
 * Under the test runner the sources are TypeScript; tests pass an in-process executor.
 */
function workerExecutor(script = fileURLToPath(new URL('./run-worker.js', import.meta.url))): RunExecutor {
  return (job, signal, spill) =>
    new Promise<RunOutcome>((resolve, reject) => {
      if (!existsSync(script)) return reject(new Error(`the screening worker ${script} is not built`));
      // The database is this thread's: the worker's spill calls come here through a port.
      const { port1, port2 } = new MessageChannel();
      serveSpill(port1, spill);
      const worker = new Worker(script, { workerData: { job, spillPort: port2 }, transferList: [port2] });
      worker.once('exit', () => port1.close());
      // On shutdown the run is stopped, not waited for: it is marked partial and retires no one.
      signal.addEventListener('abort', () => void worker.terminate(), { once: true });
      let settled = false;
      worker.once('message', (m: { outcome?: RunOutcome; failure?: string }) => {
        settled = true;
        if (m.outcome) resolve(m.outcome);
        else reject(new Error(m.failure ?? 'the screening worker failed'));
      });
      worker.once('error', (err) => {
        settled = true;
        reject(err);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`the screening worker exited with code ${code}`));
      });
    });
}

/** What the run service is built from. */
export interface RunServiceDeps {
  readonly config: Pick<
    Config,
    | 'screening'
    | 'rulesDir'
    | 'cardLocale'
    | 'siteConfirmationDays'
    | 'alcoholGramsPerDrink'
    | 'fhir'
    | 'publicBaseUrl'
    | 'screeningRetentionDays'
  >;
  readonly store: ScreeningStore;
  readonly trialIds: readonly string[];
  readonly rulesVersion: string;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Default: a worker thread (screening/run-worker.ts). */
  readonly executor?: RunExecutor;
  /** The worker's compiled script, when not beside this module (tests compile it elsewhere). */
  readonly workerScript?: string;
  /** For the webhook; default the global fetch. */
  readonly fetch?: typeof fetch;
}

/**
 * The screening runs the service starts: from the worklist, from SCREENING_CRON, or handed over
 * by `npm run screen`. One at a time across replicas (ScreeningStore.claimRun); each in a worker
 * thread; at its end the list is brought up to date, old data purged (SCREENING_RETENTION_DAYS),
 * and SCREENING_WEBHOOK_URL told of new candidates. Logs carry run ids and counts only.
 */
export class RunService implements ScreeningRuns {
  readonly available: boolean;
  private running: Promise<void> | undefined;
  private last: RunSummary | undefined;
  private lastReport: ScreeningReport | undefined;
  private readonly cron: Cron | undefined;
  private readonly executor: RunExecutor;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: RunServiceDeps) {
    this.available = deps.config.screening.fhirUrl !== undefined;
    this.executor = deps.executor ?? workerExecutor(deps.workerScript);
    const expression = deps.config.screening.cron;
    if (expression && this.available) {
      this.cron = new Cron(expression, { protect: true }, () => {
        void this.start({ startedBy: 'schedule' }).then((r) => {
          if ('busy' in r)
            deps.logger.info({ runId: r.busy?.runId }, 'scheduled screening skipped: a run is under way or just ran');
        });
      });
    }
  }

  current(): RunSummary | undefined {
    return this.last;
  }

  report(runId: string): ScreeningReport | undefined {
    return this.lastReport?.runId === runId ? this.lastReport : undefined;
  }

  async settled(): Promise<void> {
    await this.running;
  }

  async start(request: RunRequest): Promise<{ started: RunSummary } | { busy: RunSummary | undefined }> {
    const { config, store, logger } = this.deps;
    if (!this.available || !config.screening.fhirUrl)
      throw new Error('no FHIR server is configured for screening runs');
    if (this.running) return { busy: this.last };
    if (this.stopping.signal.aborted) return { busy: undefined };
    const now = this.deps.clock();
    const runId = randomUUID();
    const group = request.group ?? config.screening.group;
    const claim = await store.claimRun(
      {
        runId,
        startedAt: now,
        scope: request.since ? 'since' : group ? 'group' : 'population',
        source: { fhir: config.screening.fhirUrl, ...(group ? { group } : {}), startedBy: request.startedBy },
        rulesVersion: this.deps.rulesVersion,
      },
      {
        staleBefore: new Date(now.getTime() - RUN_DEADLINE_MS),
        ...(request.startedBy === 'schedule' ? { quietSince: new Date(now.getTime() - SCHEDULE_QUIET_MS) } : {}),
      },
    );
    if (!claim.claimed) return { busy: this.last?.runId === claim.runId ? this.last : undefined };
    this.last = { runId, state: 'running', startedAt: now.toISOString(), startedBy: request.startedBy };
    logger.info({ runId, startedBy: request.startedBy === 'schedule' ? 'schedule' : 'user' }, 'screening run started');
    const job: RunJob = {
      runId,
      startedAtMs: now.getTime(),
      deadlineMs: now.getTime() + RUN_DEADLINE_MS,
      fhirUrl: config.screening.fhirUrl,
      ...(group ? { group } : {}),
      ...(request.since ? { since: request.since } : {}),
      ...(request.trialIds ? { trialIds: request.trialIds } : {}),
      ...(config.screening.backendClient ? { backendClient: config.screening.backendClient } : {}),
      ...(config.screening.optOutFile ? { optOutFile: config.screening.optOutFile } : {}),
      rulesDir: config.rulesDir,
      cardLocale: config.cardLocale,
      siteConfirmationDays: config.siteConfirmationDays,
      alcoholGramsPerDrink: config.alcoholGramsPerDrink,
      fhirTimeoutMs: config.fhir.timeoutMs,
      fhirMaxPages: config.fhir.maxPages,
      listed: [...(await store.listed(request.trialIds ?? this.deps.trialIds))],
      memoryBudgetBytes: config.screening.memoryBudgetBytes,
    };
    this.running = this.finish(job, request.startedBy).finally(() => {
      this.running = undefined;
    });
    return { started: this.last };
  }

  private async finish(job: RunJob, startedBy: string): Promise<void> {
    const { store, logger, config } = this.deps;
    try {
      const spill = await store.openSpill(job.runId, this.deps.clock());
      // The spill is the run's scratch space: gone when the run is, however it ended.
      const outcome = await this.executor(job, this.stopping.signal, spill).finally(() =>
        spill.drop().catch(() => undefined),
      );
      this.lastReport = outcome.report;
      const end = runEndOf(outcome.report, new Set(outcome.seen), new Map(outcome.reasons));
      const changes = await store.finishRun(job.runId, end);
      const counts = Object.fromEntries(
        Object.entries(outcome.report.trials).map(([id, t]) => [id, t.candidates.length]),
      );
      this.last = {
        runId: job.runId,
        state: outcome.report.complete ? 'complete' : 'partial',
        startedAt: new Date(job.startedAtMs).toISOString(),
        finishedAt: outcome.report.finishedAt,
        startedBy,
        patientsScreened: outcome.report.patientsScreened,
        candidates: counts,
        newCandidates: changes.found,
        ...(outcome.problem ? { problem: outcome.problem } : {}),
      };
      logger.info(
        {
          runId: job.runId,
          state: this.last.state,
          patientsScreened: outcome.report.patientsScreened,
          newCandidates: changes.found,
        },
        'screening run finished',
      );
      await store.purge(new Date(this.deps.clock().getTime() - config.screeningRetentionDays * DAY_MS));
      const found = Object.values(changes.found).reduce((a, b) => a + b, 0);
      if (found > 0 && config.screening.webhookUrl) {
        await sendRunNotice(
          config.screening.webhookUrl,
          {
            runId: job.runId,
            finishedAt: outcome.report.finishedAt,
            newCandidates: changes.found,
            candidates: counts,
            worklist: `${config.publicBaseUrl}/screening`,
          },
          { logger, ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}) },
        );
      }
    } catch (err) {
      const problem = (err as Error).message;
      this.last = { ...this.last!, state: 'failed', finishedAt: this.deps.clock().toISOString(), problem };
      logger.error({ runId: job.runId, err: problem }, 'screening run failed');
      await store.abandonRun(job.runId, this.deps.clock(), problem).catch(() => undefined);
    }
  }

  /** Stops the schedule and the run in progress (which is kept as partial). */
  async close(): Promise<void> {
    this.cron?.stop();
    this.stopping.abort();
    await this.running;
  }
}
