import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Locale } from '../config/locale.js';
import { createLogger } from '../config/logger.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { loadServices } from '../services/load-services.js';
import { createBackendTokenProvider } from './auth/backend-token.js';
import { readJwksFile } from './auth/jwks-file.js';
import { NO_TOKEN, type TokenSource } from './bulk/token-source.js';
import { parseOptOutList } from './research-opt-out.js';
import { ListedTracker } from './run-recorder.js';
import type { BlockSpill } from './spill/block-spill.js';
import { screenPopulation, screeningServices } from './screen-population.js';
import type { ScreeningReport } from './screening-report.js';

/**
 * Everything a run needs, as plain data: it crosses into the worker thread
 * (https://nodejs.org/api/worker_threads.html#worker_threads_port_postmessage_value_transferlist).
 */
export interface RunJob {
  readonly runId: string;
  readonly startedAtMs: number;
  readonly deadlineMs: number;
  readonly fhirUrl: string;
  readonly group?: string;
  readonly since?: string;
  readonly trialIds?: readonly string[];
  readonly backendClient?: { readonly clientId: string; readonly jwksFile: string };
  readonly optOutFile?: string;
  readonly rulesDir: string;
  readonly cardLocale: Locale;
  readonly siteConfirmationDays: number;
  readonly alcoholGramsPerDrink: number;
  readonly fhirTimeoutMs: number;
  readonly fhirMaxPages: number;
  /** The patients the list holds now, by `keyOf`: the run says why those it does not list again no longer fit. */
  readonly listed: readonly string[];
  /** Bytes of compressed records held in memory before the oldest go to the spill (SCREENING_MEMORY_MB). */
  readonly memoryBudgetBytes: number;
}

/** What a run hands back: its report, and what the store needs to update the list. */
export interface RunOutcome {
  readonly report: ScreeningReport;
  readonly seen: readonly string[];
  readonly reasons: readonly (readonly [string, string])[];
  readonly problem?: string;
}

async function tokensOf(job: RunJob): Promise<TokenSource> {
  if (!job.backendClient) return NO_TOKEN;
  return createBackendTokenProvider({
    fhirBaseUrl: job.fhirUrl,
    clientId: job.backendClient.clientId,
    jwks: await readJwksFile(job.backendClient.jwksFile),
  });
}

/**
 * One screening run of the service, from its plain-data job: what the worker thread runs
 * (screening/run-worker.ts), and what tests run in-process. Never throws: a failure comes back
 * as a partial report with its `problem`. Without a spill, every record read stays in memory.
 */
export async function executeRun(job: RunJob, spill?: BlockSpill): Promise<RunOutcome> {
  const rules = loadServices(job.rulesDir, {
    locale: job.cardLocale,
    siteConfirmationDays: job.siteConfirmationDays,
  });
  const { services, trialIds } = screeningServices(rules.services);
  const tracker = new ListedTracker(new Set(job.listed), job.trialIds ?? trialIds);
  const optOut = job.optOutFile ? parseOptOutList(readFileSync(job.optOutFile, 'utf8')) : new Set<string>();
  const timeoutMs = Math.max(10_000, job.fhirTimeoutMs);
  const wallStart = performance.now();
  const { report, error } = await screenPopulation(
    {
      fhirBaseUrl: job.fhirUrl,
      ...(job.group ? { group: job.group } : {}),
      ...(job.since ? { since: job.since } : {}),
      ...(job.trialIds ? { trialIds: job.trialIds } : {}),
      optOut,
      runId: job.runId,
      concurrency: 8,
      deadline: job.deadlineMs,
    },
    {
      services,
      ports: { valueSets: rules.valueSets, alcoholGramsPerDrink: job.alcoholGramsPerDrink },
      rulesVersion: rules.version,
      http: { fetch, tokens: await tokensOf(job), requestTimeoutMs: timeoutMs },
      dataSource: new FhirClientSource({ timeoutMs, maxPages: job.fhirMaxPages, logger: createLogger('silent') }),
      // The service's clock at the start, running on: evaluation dates and the deadline follow it.
      now: () => new Date(job.startedAtMs + (performance.now() - wallStart)),
      sleep: (ms) => sleep(ms),
      onScreened: (id, s) => tracker.screened(id, s),
      onSkipped: (id, reason) => tracker.skipped(id, reason),
      ...(spill ? { spill: { spill, budgetBytes: job.memoryBudgetBytes } } : {}),
    },
  );
  return {
    report,
    seen: [...tracker.seen],
    reasons: [...tracker.reasons],
    ...(error ? { problem: `${error.kind}: ${error.message}` } : {}),
  };
}
