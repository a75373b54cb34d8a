import type { Express } from 'express';
import { testConfig, type Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import { DEFAULT_RULES_DIR } from '../../config/project-paths.js';
import { FhirClientSource } from '../../fhir/fhir-client-source.js';
import { createApp } from '../../hooks/app.js';
import { createAuthFromConfig } from '../../hooks/auth/authenticator-from-config.js';
import type { AppDeps } from '../../hooks/deps.js';
import { createFhirServerPolicy } from '../../hooks/fhir-server-policy.js';
import { createMetrics } from '../../hooks/metrics.js';
import { rulesVersion } from '../../rules/rules-version.js';
import { loadValueSets } from '../../rules/value-sets.js';
import type { CdsService } from '../../services/service.js';
import type { CardStore } from '../../store/card-store.js';
import { fixedCardService } from './fixed-card-service.js';

/** What a store-backed test app is built from. */
export interface StoreTestAppOptions {
  readonly store: CardStore;
  readonly logger: Logger;
  readonly services?: readonly CdsService[];
  readonly clock?: () => Date;
  /** CDS_AUTH for this app (default off). */
  readonly authMode?: 'off' | 'optional';
}

/**
 * The real app (createApp) with real collaborators: the given feedback store, the value
 * sets from rules/, the fhir-kit-client data source, the configured authenticator, and the
 * fixed test service unless others are given.
 */
export function buildStoreTestApp(options: StoreTestAppOptions): { app: Express; deps: AppDeps; config: Config } {
  const config = testConfig({ CDS_AUTH: options.authMode ?? 'off' });
  const { authenticator } = createAuthFromConfig(config, { logger: options.logger });
  const deps: AppDeps = {
    clock: options.clock ?? (() => new Date()),
    logger: options.logger,
    valueSets: loadValueSets(DEFAULT_RULES_DIR),
    services: options.services ?? [fixedCardService()],
    rulesVersion: rulesVersion(DEFAULT_RULES_DIR),
    dataSource: new FhirClientSource({ timeoutMs: 1000, maxPages: 2, logger: options.logger }),
    fhirServerPolicy: createFhirServerPolicy({ allowlist: [], allowHttp: false }),
    authenticator,
    store: options.store,
    metrics: createMetrics(),
  };
  return { app: createApp(config, deps), deps, config };
}

/** A patient-view request with full prefetch for the fixed service. */
export function patientViewRequest(patientId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: crypto.randomUUID(),
    context: { userId: 'Practitioner/example', patientId },
    prefetch: { patient: { resourceType: 'Patient', id: patientId, birthDate: '1970-01-01' } },
    ...extra,
  };
}
