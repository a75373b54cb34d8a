import { randomUUID } from 'node:crypto';
import { createLogger } from '../../config/logger.js';
import { FhirClientSource } from '../../fhir/fhir-client-source.js';
import type { LoadedRules } from '../../services/load-services.js';
import { NO_TOKEN } from '../../screening/bulk/token-source.js';
import { RunRecorder } from '../../screening/run-recorder.js';
import { screenPopulation, screeningServices } from '../../screening/screen-population.js';
import type { RunRequest, RunSummary, ScreeningRuns } from '../../screening/screening-runs.js';
import type { ScreeningStore } from '../../store/screening-store.js';

/** What the test runs read: the rules, the FHIR server (known once the test server listens), the clock. */
export interface InProcessRunsOptions {
  readonly store: ScreeningStore;
  readonly rules: LoadedRules;
  readonly fhirBase: () => string | undefined;
  readonly alcoholGramsPerDrink: number;
  readonly now: () => Date;
}

/**
 * The ScreeningRuns port for tests: a real screening run (screenPopulation, the RunRecorder)
 * against the test server's sandbox /fhir, in this process, one at a time. The service's own
 * runs (a worker thread, screening/run-service.ts) are wired by hooks/compose.ts.
 */
export function inProcessRuns(options: InProcessRunsOptions): ScreeningRuns {
  const { services, trialIds } = screeningServices(options.rules.services);
  let current: RunSummary | undefined;
  let running: Promise<void> = Promise.resolve();
  const dataSource = new FhirClientSource({ timeoutMs: 10_000, maxPages: 50, logger: createLogger('silent') });

  async function run(runId: string, startedAt: Date, request: RunRequest, fhir: string): Promise<void> {
    const recorder = await RunRecorder.begin(
      options.store,
      { runId, startedAt, scope: 'population', source: { fhir }, rulesVersion: options.rules.version },
      trialIds,
    );
    const { report, error } = await screenPopulation(
      { fhirBaseUrl: fhir, optOut: new Set(), concurrency: 4, deadline: Date.now() + 120_000, runId },
      {
        services,
        ports: { valueSets: options.rules.valueSets, alcoholGramsPerDrink: options.alcoholGramsPerDrink },
        rulesVersion: options.rules.version,
        http: { fetch, tokens: NO_TOKEN, requestTimeoutMs: 10_000 },
        dataSource,
        now: options.now,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
        onScreened: (id, s) => recorder.screened(id, s),
        onSkipped: (id, reason) => recorder.skipped(id, reason),
      },
    );
    await recorder.finish(report);
    current = {
      runId,
      state: report.complete ? 'complete' : 'partial',
      startedAt: startedAt.toISOString(),
      finishedAt: report.finishedAt,
      startedBy: request.startedBy,
      patientsScreened: report.patientsScreened,
      ...(error ? { problem: error.message } : {}),
    };
  }

  return {
    get available() {
      return options.fhirBase() !== undefined;
    },
    start(request) {
      if (current?.state === 'running') return Promise.resolve({ busy: current });
      const fhir = options.fhirBase();
      if (!fhir) throw new Error('no FHIR server for runs');
      const runId = randomUUID();
      const startedAt = options.now();
      const started: RunSummary = {
        runId,
        state: 'running',
        startedAt: startedAt.toISOString(),
        startedBy: request.startedBy,
      };
      current = started;
      running = run(runId, startedAt, request, fhir).catch((err: unknown) => {
        current = { ...started, state: 'failed', problem: (err as Error).message };
      });
      return Promise.resolve({ started });
    },
    current: () => current,
    // The run holds this process's event loop for seconds: the timers it held up (a keep-alive
    // socket the server closes) fire and are seen before the test's next call reuses a socket
    // (ECONNRESET in a CI rehearsal, 2026-12-07, once the population grew).
    settled: () => running.then(() => new Promise<void>((resolve) => setTimeout(resolve, 200))),
    close: () => running,
  };
}
