import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { PatientDataSource } from '../fhir/data-source.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { loadServices, type LoadedRules } from '../services/load-services.js';
import type { CdsService } from '../services/service.js';
import type { CardStore } from '../store/card-store.js';
import { openCardStore } from '../store/open-card-store.js';
import { resolveAlgorithms } from './auth/algorithms.js';
import { createAuthFromConfig } from './auth/authenticator-from-config.js';
import type { AppDeps } from './deps.js';
import { createFhirServerPolicy } from './fhir-server-policy.js';
import { createMetrics } from './metrics.js';
import { openSharedTokenIds } from '../store/seen-tokens.js';
import type { DevSandbox, SandboxFactory } from './sandbox-port.js';
import { RunService, type RunExecutor } from '../screening/run-service.js';
import { screeningServices } from '../screening/screen-population.js';
import { writeHandoff } from '../screening/handoff-file.js';

/** Pieces a caller may supply instead of the defaults (tests, benchmarks). */
export interface ComposeOverrides<S extends DevSandbox = DevSandbox> {
  readonly clock?: () => Date;
  readonly store?: CardStore;
  readonly dataSource?: PatientDataSource;
  /**
   * Builds the development sandbox when SANDBOX is on. Only an entry point (bin/server.ts, a
   * test server, a benchmark) supplies it: the request path never imports sandbox/.
   */
  readonly sandbox?: SandboxFactory<S>;
  /** Services served after the catalogue's (tests: e.g. one that returns hostile cards). */
  readonly extraServices?: readonly CdsService[];
  /** Store the feedback in memory (PGlite without a data directory). */
  readonly inMemoryStore?: boolean;
  /** Where the handover file of `npm run screen` goes (default: DATA_DIR, with the embedded store). */
  readonly handoffDir?: string;
  /** Where screening runs execute (default: a worker thread; tests run them in-process). */
  readonly screeningExecutor?: RunExecutor;
}

/** The composed service: its dependencies, and what the entry point reports and closes. */
export interface Composition<S extends DevSandbox = DevSandbox> {
  readonly deps: AppDeps;
  readonly rules: LoadedRules;
  readonly sandbox?: S;
  /** Tell the FHIR policy the addresses the server listens on (known only after listen, e.g. port 0). */
  setListeningBases(bases: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * Builds every dependency of the app from the config: rules (validated), feedback store,
 * authentication, FHIR fallback and policy, and in sandbox mode the sandbox the entry point
 * supplied. Slow steps (database, sandbox) run in parallel to keep start-up short.
 */
export async function composeDeps<S extends DevSandbox = DevSandbox>(
  config: Config,
  logger: Logger,
  overrides: ComposeOverrides<S> = {},
): Promise<Composition<S>> {
  const clock = overrides.clock ?? (() => new Date());
  // Refused algorithms are a configuration error: found before any database is opened (a new
  // data directory costs an initdb), not once the store and the sandbox are up.
  resolveAlgorithms(config.auth.extraAlgorithms);
  const rules = loadServices(config.rulesDir, {
    locale: config.cardLocale,
    siteConfirmationDays: config.siteConfirmationDays,
    ...(config.eligibilityAppUrl ? { eligibilityAppUrl: config.eligibilityAppUrl } : {}),
  });
  const services = [...rules.services, ...(overrides.extraServices ?? [])];
  if (config.sandbox && !overrides.sandbox) {
    // A wiring mistake in an entry point, not a configuration the operator can fix.
    throw new Error('SANDBOX is on but the entry point supplied no sandbox factory');
  }

  // Made before the store, so that the store's background failures are counted from the start.
  const metrics = createMetrics({ collectDefaults: true });
  const openStore = (): Promise<CardStore> =>
    overrides.store !== undefined
      ? Promise.resolve(overrides.store)
      : openCardStore({
          policy: rules.feedbackPolicy,
          logger,
          onBackgroundError: (kind) => metrics.storeBackgroundErrors.inc({ kind }),
          ...(config.database.url
            ? { databaseUrl: config.database.url, startupTimeoutMs: config.database.startupTimeoutMs }
            : overrides.inMemoryStore
              ? { inMemory: true }
              : { dataDir: config.database.dataDir }),
        });
  const buildSandbox = (cardStore: Promise<CardStore>) =>
    config.sandbox && overrides.sandbox
      ? overrides.sandbox({ config, logger, clock, rules, services, cardStore })
      : Promise.resolve(undefined);
  let store: CardStore;
  let sandbox: S | undefined;
  if (config.database.url && overrides.store === undefined) {
    // A PostgreSQL connection runs on deadlines (connect timeout, retries) that the sandbox's
    // synchronous build would starve: build the sandbox first, then connect. The sandbox reads
    // the store only later, when a demo reset asks for it.
    let handOver!: (store: Promise<CardStore>) => void;
    const later = new Promise<CardStore>((resolve) => (handOver = (p) => resolve(p)));
    // A failed opening fails start-up below; the sandbox's copy must not count as unhandled.
    later.catch(() => undefined);
    sandbox = await buildSandbox(later);
    const opening = openStore();
    handOver(opening);
    store = await opening;
  } else {
    // PGlite runs in this process: nothing times out, and both slow steps overlap.
    const opening = openStore();
    [store, sandbox] = await Promise.all([opening, buildSandbox(opening)]);
  }
  metrics.watchAuditQueue(() => store.pendingWrites?.() ?? 0);
  // Replicas share the token ids they accepted (Redis, else the store's PostgreSQL); a store
  // handed in by a test, or PGlite, leaves each process to check alone.
  const sharedTokenIds =
    overrides.store === undefined && config.auth.mode !== 'off'
      ? await openSharedTokenIds({ redisUrl: config.redisUrl, databaseUrl: config.database.url, logger })
      : undefined;
  const auth = createAuthFromConfig(config, {
    logger,
    clock,
    ...(sandbox ? { extraIssuers: sandbox.trustedIssuers } : {}),
    ...(sharedTokenIds ? { sharedTokenIds } : {}),
    onSharedTokenIdsUnavailable: () => metrics.replaySharedUnavailable.inc(),
  });

  let listening: readonly string[] = [];
  const fhirServerPolicy = createFhirServerPolicy({
    allowlist: config.fhir.allowlist,
    allowHttp: config.fhir.allowHttp,
    ...(sandbox ? { sandboxBaseUrl: () => [`${config.publicBaseUrl}/fhir`, ...listening] } : {}),
  });
  const dataSource =
    overrides.dataSource ??
    new FhirClientSource({ timeoutMs: config.fhir.timeoutMs, maxPages: config.fhir.maxPages, logger });

  // Population screening shares the feedback store's database; its runs go to a worker thread.
  const screeningStore = store.screening?.();
  // With the embedded store, `npm run screen` cannot open the database: it hands its run over.
  const handoffDir = overrides.handoffDir ?? (overrides.store ? undefined : config.database.dataDir);
  const handoff =
    screeningStore && !config.database.url && config.screening.fhirUrl && handoffDir
      ? writeHandoff(handoffDir, config.publicBaseUrl, config.screening.fhirUrl)
      : undefined;
  const screening = screeningStore
    ? {
        store: screeningStore,
        ...(handoff ? { handoffToken: handoff.token } : {}),
        runs: new RunService({
          config,
          store: screeningStore,
          trialIds: screeningServices(services).trialIds,
          rulesVersion: rules.version,
          logger,
          clock,
          ...(overrides.screeningExecutor ? { executor: overrides.screeningExecutor } : {}),
        }),
      }
    : undefined;

  const deps: AppDeps = {
    clock,
    logger,
    valueSets: rules.valueSets,
    services,
    rulesVersion: rules.version,
    dataSource,
    fhirServerPolicy,
    authenticator: auth.authenticator,
    store,
    metrics,
    lifecycle: { draining: false },
    ...(screening ? { screening } : {}),
    ...(sandbox ? { sandbox: { fhir: sandbox.fhir, routes: sandbox.routes } } : {}),
  };
  return {
    deps,
    rules,
    ...(sandbox ? { sandbox } : {}),
    setListeningBases(bases) {
      listening = bases.map((b) => `${b.replace(/\/+$/, '')}/fhir`);
    },
    // A store handed in belongs to the caller, who closes it.
    async close() {
      await screening?.runs.close();
      handoff?.remove();
      await sharedTokenIds?.close();
      if (!overrides.store) await store.close();
    },
  };
}
