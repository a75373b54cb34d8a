import type { Router } from 'express';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { PatientDataSource } from '../fhir/data-source.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import type { CdsService } from '../services/service.js';
import type { CardStore } from '../store/card-store.js';
import type { ScreeningStore } from '../store/screening-store.js';
import type { ScreeningRuns } from '../screening/screening-runs.js';
import type { Authenticator, Caller } from './auth/authenticator.js';
import type { Metrics } from './metrics.js';

/** Decides whether the service may call a fhirServer named by this caller; returns its normalised base URL. */
export type FhirServerPolicy = (fhirServer: string, caller: Caller) => string;

/** Everything createApp needs besides the config. Tests inject their own. */
export interface AppDeps {
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly valueSets: ValueSetIndex;
  /** The CDS services, in discovery order. */
  readonly services: readonly CdsService[];
  /** The version of the rules folder the services were built from, recorded in the audit rows. */
  readonly rulesVersion: string;
  readonly dataSource: PatientDataSource;
  readonly fhirServerPolicy: FhirServerPolicy;
  readonly authenticator: Authenticator;
  readonly store: CardStore;
  readonly metrics: Metrics;
  /**
   * The development sandbox's routers (sandbox mode): its FHIR server, mounted at /fhir, and the
   * rest (issuer keys, EHR page), mounted at the root after the CDS routes.
   */
  readonly sandbox?: { readonly fhir: Router; readonly routes: Router };
  /**
   * Population screening (docs/screening.md): its runs and candidates in the service's database,
   * and the runs the service starts. Absent when the store has no screening tables (a test's store).
   */
  readonly screening?: {
    readonly store: ScreeningStore;
    readonly runs: ScreeningRuns;
    /** The token `npm run screen` hands its run over with (embedded store only; screening/handoff-file.ts). */
    readonly handoffToken?: string;
  };
  /** Reports whether the service is ready (overrides the default checks of hooks/health.ts). */
  readonly readiness?: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  /**
   * Set by the entry point on SIGTERM: /readyz answers 503 so the load balancer stops sending
   * calls while the ones in flight finish (bin/server.ts).
   */
  readonly lifecycle?: { draining: boolean };
}

/** The subset of Config that createApp reads. */
export type AppConfig = Pick<
  Config,
  | 'bodyLimitBytes'
  | 'publicBaseUrl'
  | 'sandbox'
  | 'alcoholGramsPerDrink'
  | 'auth'
  | 'fhir'
  | 'eligibilityAppUrl'
  | 'cardLocale'
  | 'rulesDir'
>;
