import { Router } from 'express';
import type { DevSandbox, SandboxContext, SandboxFactory } from '../hooks/sandbox-port.js';
import { createSandboxIssuer, type SandboxIssuer } from './auth/sandbox-issuer.js';
import { sandboxIssuerRoutes } from './auth/sandbox-issuer-routes.js';
import { createDemoReset, demoResetRoutes, type DemoResetResult } from './demo-reset.js';
import type { CompartmentRepository } from './fhir/compartment-repository.js';
import { createSandboxFhir } from './fhir/sandbox-fhir.js';
import { ALL_FIXTURES } from './patients/index.js';
import { createSmartEhr, type SmartEhr } from './smart/smart-ehr.js';
import { defaultSmartClients, type SmartClient } from './smart/smart-clients.js';
import { createWebRouter } from './web/web-router.js';

/** The sandbox as its own tools see it: the port, plus the store and the issuer (tests, the page). */
export interface StartedSandbox extends DevSandbox {
  readonly store: CompartmentRepository;
  readonly patientIds: readonly string[];
  readonly issuer: SandboxIssuer;
  /** The SMART EHR side: OAuth endpoints, launches, tokens (sandbox/smart/). */
  readonly smart: SmartEhr;
  /** What POST /sandbox-ehr/reset runs: the demo back to its start (sandbox/demo-reset.ts). */
  readonly resetDemo: () => Promise<DemoResetResult>;
}

/** Options for sandboxFactory. */
export interface SandboxFactoryOptions {
  /** Serve the EHR page at / (default true; black-box tests of the API leave it off). */
  readonly page?: boolean;
  /** SMART clients registered besides defaultSmartClients (tests add a backend client). */
  readonly smartClients?: readonly SmartClient[];
}

/**
 * The factory the entry point hands to composeDeps when SANDBOX is on: the embedded FHIR
 * server loaded with the synthetic patients (and SANDBOX_EXTRA_PATIENTS generated ones), the
 * EHR page's token issuer (key kept in DATA_DIR), its JWKS route, and the page. The FHIR store
 * and the issuer's key are made in parallel: both are slow and independent.
 */
export function sandboxFactory(options: SandboxFactoryOptions = {}): SandboxFactory<StartedSandbox> {
  return async (ctx: SandboxContext) => {
    const { config, logger, clock } = ctx;
    const { publicBaseUrl } = config;
    const issuerReady = createSandboxIssuer({ publicBaseUrl, dataDir: config.database.dataDir, clock });
    const clients = [...defaultSmartClients(publicBaseUrl), ...(options.smartClients ?? [])];
    const smart = createSmartEhr({ publicBaseUrl, clock, clients, pageIssuer: issuerReady });
    const [fhir, issuer] = await Promise.all([
      createSandboxFhir({
        fixtures: ALL_FIXTURES,
        today: clock(),
        extraPatients: config.sandboxExtraPatients,
        logger,
        access: (store) => smart.fhirAccess(store),
      }),
      issuerReady,
    ]);
    const routes = Router();
    routes.use(sandboxIssuerRoutes(issuer));
    routes.use(smart.routes);
    const resetDemo = createDemoReset({ fhir, cardStore: ctx.cardStore, clock, logger });
    routes.use(demoResetRoutes(resetDemo, config.publicBaseUrl));
    if (options.page ?? true) {
      routes.use(createWebRouter({ ...ctx, store: fhir.store, issuer }));
    }
    return {
      fhir: fhir.router,
      trustedIssuers: [issuer.trustedIssuer],
      routes,
      patientCount: fhir.patientIds.length,
      store: fhir.store,
      patientIds: fhir.patientIds,
      issuer,
      smart,
      resetDemo,
    };
  };
}
