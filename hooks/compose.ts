import type { Router } from 'express';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { PatientDataSource } from '../fhir/data-source.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { createSandboxFhir, type SandboxFhir } from '../fhir/sandbox/sandbox-fhir.js';
import { ALL_FIXTURES } from '../fhir/synthetic/index.js';
import { loadServices, type LoadedRules } from '../services/load-services.js';
import type { CdsService } from '../services/service.js';
import type { CardStore } from '../store/card-store.js';
import { openCardStore } from '../store/open-card-store.js';
import { createAuthFromConfig } from './auth/authenticator-from-config.js';
import type { SandboxIssuer } from './auth/sandbox-issuer.js';
import { sandboxIssuerRoutes } from './auth/sandbox-issuer-routes.js';
import type { AppDeps } from './deps.js';
import { createFhirServerPolicy } from './fhir-server-policy.js';
import { createMetrics } from './metrics.js';

/** What the EHR page router is built from (sandbox mode). */
export interface WebRouterContext {
  readonly rules: LoadedRules;
  /** The services in discovery order, extra services included. */
  readonly services: readonly CdsService[];
  readonly sandbox: SandboxFhir;
  readonly issuer?: SandboxIssuer;
  readonly config: Config;
  readonly clock: () => Date;
}

/** Pieces a caller may supply instead of the defaults (tests, benchmarks). */
export interface ComposeOverrides {
  readonly clock?: () => Date;
  readonly store?: CardStore;
  readonly dataSource?: PatientDataSource;
  /** Build the EHR page router once the rest is known (sandbox mode). */
  readonly web?: (ctx: WebRouterContext) => Router;
  /** Services served after the catalogue's (tests: e.g. one that returns hostile cards). */
  readonly extraServices?: readonly CdsService[];
  /** Store the feedback in memory (PGlite without a data directory). */
  readonly inMemoryStore?: boolean;
}

/** The composed service: its dependencies, and what the entry point reports and closes. */
export interface Composition {
  readonly deps: AppDeps;
  readonly rules: LoadedRules;
  readonly sandbox?: SandboxFhir;
  readonly sandboxIssuer?: SandboxIssuer;
  /** Tell the FHIR policy the addresses the server listens on (known only after listen, e.g. port 0). */
  setListeningBases(bases: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * Builds every dependency of the app from the config: rules (validated), feedback store,
 * authentication, FHIR fallback and policy, and in sandbox mode the embedded FHIR server.
 * Slow steps (database, sandbox definitions) run in parallel to keep start-up short.
 */
export async function composeDeps(
  config: Config,
  logger: Logger,
  overrides: ComposeOverrides = {},
): Promise<Composition> {
  const clock = overrides.clock ?? (() => new Date());
  const rules = loadServices(config.rulesDir);

  const [store, auth, sandbox] = await Promise.all([
    overrides.store ??
      openCardStore({
        policy: rules.feedbackPolicy,
        logger,
        ...(config.database.url
          ? { databaseUrl: config.database.url }
          : overrides.inMemoryStore
            ? { inMemory: true }
            : { dataDir: config.database.dataDir }),
      }),
    createAuthFromConfig(config, { logger, clock }),
    config.sandbox
      ? createSandboxFhir({
          fixtures: ALL_FIXTURES,
          today: clock(),
          extraPatients: config.sandboxExtraPatients,
          logger,
        })
      : Promise.resolve(undefined),
  ]);

  let listening: readonly string[] = [];
  const fhirServerPolicy = createFhirServerPolicy({
    allowlist: config.fhir.allowlist,
    allowHttp: config.fhir.allowHttp,
    ...(config.sandbox ? { sandboxBaseUrl: () => [`${config.publicBaseUrl}/fhir`, ...listening] } : {}),
  });
  const dataSource =
    overrides.dataSource ??
    new FhirClientSource({ timeoutMs: config.fhir.timeoutMs, maxPages: config.fhir.maxPages, logger });

  const services = [...rules.services, ...(overrides.extraServices ?? [])];
  const web =
    sandbox && overrides.web
      ? overrides.web({
          rules,
          services,
          sandbox,
          config,
          clock,
          ...(auth.sandboxIssuer ? { issuer: auth.sandboxIssuer } : {}),
        })
      : undefined;

  const deps: AppDeps = {
    clock,
    logger,
    valueSets: rules.valueSets,
    services,
    dataSource,
    fhirServerPolicy,
    authenticator: auth.authenticator,
    store,
    metrics: createMetrics({ collectDefaults: true }),
    ...(sandbox ? { sandboxFhir: sandbox.router } : {}),
    ...(auth.sandboxIssuer ? { sandboxIssuer: sandboxIssuerRoutes(auth.sandboxIssuer) } : {}),
    ...(web ? { web } : {}),
  };
  return {
    deps,
    rules,
    ...(sandbox ? { sandbox } : {}),
    ...(auth.sandboxIssuer ? { sandboxIssuer: auth.sandboxIssuer } : {}),
    setListeningBases(bases) {
      listening = bases.map((b) => `${b.replace(/\/+$/, '')}/fhir`);
    },
    // A store handed in belongs to the caller, who closes it.
    close: () => (overrides.store ? Promise.resolve() : store.close()),
  };
}
