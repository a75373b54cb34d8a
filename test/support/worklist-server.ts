import { testConfig, type Config } from '../../config/config.js';
import { createApp } from '../../hooks/app.js';
import { composeDeps } from '../../hooks/compose.js';
import { loadFeedbackPolicy } from '../../rules/feedback-policy.js';
import { freePort } from '../../sandbox/free-port.js';
import { sandboxFactory } from '../../sandbox/start-sandbox.js';
import type { ScreeningRuns } from '../../screening/screening-runs.js';
import { openCardStore } from '../../store/open-card-store.js';
import { ScreeningStore } from '../../store/screening-store.js';
import { tablesIn } from '../../store/tables.js';
import { inProcessRuns } from './in-process-runs.js';
import { openTestDatabase } from './test-database.js';
import { capturingLogger, listenLocally, TEST_KEEP_ALIVE, TEST_NOW } from './test-server.js';

/** A running service with the screening worklist: its store and runs are the test's. */
export interface WorklistServer {
  readonly baseUrl: string;
  readonly config: Config;
  readonly store: ScreeningStore;
  readonly runs: ScreeningRuns;
  readonly logText: () => string;
  close(): Promise<void>;
}

export interface WorklistServerOptions {
  /** Environment settings; the sandbox is on unless SANDBOX is given. */
  readonly env?: Record<string, string>;
  readonly clock?: () => Date;
  /** Runs as when no FHIR server is configured for them: the page's button is disabled. */
  readonly runsUnavailable?: boolean;
}

/**
 * The whole service as startTestServer builds it (sandbox, in-memory PGlite, fixed clock), on a
 * port known before start-up (PUBLIC_BASE_URL is the address the browser uses, so the sandbox's
 * /fhir is where runs and the worklist read), with `deps.screening` made from a ScreeningStore on
 * the test database and real runs in this process (test/support/in-process-runs.ts).
 */
export async function startWorklistServer(options: WorklistServerOptions = {}): Promise<WorklistServer> {
  const port = await freePort();
  const config = testConfig({
    ...TEST_KEEP_ALIVE,
    SANDBOX: 'on',
    CDS_AUTH: 'off',
    ELIGIBILITY_APP: 'off',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    ...options.env,
  });
  const { logger, text } = capturingLogger('info');
  const database = await openTestDatabase('pglite');
  const cardStore = await openCardStore({ sql: database.sql, policy: loadFeedbackPolicy(config.rulesDir), logger });
  const store = new ScreeningStore(database.sql, tablesIn());
  const clock = options.clock ?? (() => TEST_NOW);
  const composition = await composeDeps(config, logger, {
    ...(config.sandbox ? { sandbox: sandboxFactory({ page: false }) } : {}),
    store: cardStore,
    clock,
  });
  const runs = inProcessRuns({
    store,
    rules: composition.rules,
    fhirBase: () => (options.runsUnavailable ? undefined : config.screening.fhirUrl),
    alcoholGramsPerDrink: config.alcoholGramsPerDrink,
    now: clock,
  });
  const app = createApp(config, { ...composition.deps, screening: { store, runs } });
  const { baseUrl, stop } = await listenLocally(app, config, port);
  composition.setListeningBases([baseUrl]);
  return {
    baseUrl,
    config,
    store,
    runs,
    logText: text,
    async close() {
      await runs.close();
      await stop();
      await composition.close();
      await cardStore.close();
      await database.close();
    },
  };
}

/**
 * Lists `count` more candidates for a trial (Patient/long-000…), from a run of the day before
 * the test clock, as a hospital's run lists thousands: for paging through the list.
 */
export async function seedLongList(store: ScreeningStore, trialId: string, count: number): Promise<string[]> {
  const patients = Array.from({ length: count }, (_, i) => `Patient/long-${String(i).padStart(4, '0')}`);
  const day = new Date(TEST_NOW.getTime() - 86_400_000);
  const runId = `long-list-${trialId}-${count}`;
  await store.beginRun({ runId, startedAt: day, scope: 'since', source: {}, rulesVersion: 'seeded' });
  await store.finishRun(runId, {
    finishedAt: day,
    complete: true,
    patientsScreened: patients.length,
    patientsSkipped: {},
    summary: {},
    trials: {
      [trialId]: {
        candidates: patients.map((patientRef) => ({ patientRef, met: [], toConfirm: [], missing: [], evidence: [] })),
        possible: [],
      },
    },
    seen: new Set(patients),
    reasons: new Map(),
  });
  return patients;
}
