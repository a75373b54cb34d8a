import type { Router } from 'express';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { LoadedRules } from '../services/load-services.js';
import type { CdsService } from '../services/service.js';
import type { CardStore } from '../store/card-store.js';
import type { TrustedIssuer } from './auth/issuers-config.js';

/*
 * The development sandbox as the request path sees it: a port, not an import. The sandbox
 * (sandbox/: embedded FHIR server, synthetic patients, EHR page, its token issuer) is a
 * development tool; production code never imports it. The entry point hands a factory to
 * composeDeps when SANDBOX is on, and this interface is all composeDeps knows of it.
 */

/** What the sandbox is built from: the pieces of the composed service it serves beside. */
export interface SandboxContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly rules: LoadedRules;
  /** The services in discovery order, extra services included. */
  readonly services: readonly CdsService[];
  /**
   * The feedback store, which opens beside the sandbox; it has resolved by the time the app
   * serves requests. The demo reset clears the sandbox patients' feedback through it.
   */
  readonly cardStore: Promise<CardStore>;
}

/** A running sandbox. */
export interface DevSandbox {
  /** The embedded FHIR server, mounted at /fhir. */
  readonly fhir: Router;
  /** Issuers trusted besides JWT_ISSUERS_FILE's (the EHR page signs its hook calls). */
  readonly trustedIssuers: readonly TrustedIssuer[];
  /** What else it serves from the root: the issuer's public keys, the EHR page. */
  readonly routes: Router;
  /** How many patients the FHIR server holds (start-up banner). */
  readonly patientCount: number;
}

/** Builds the sandbox; called once by composeDeps when SANDBOX is on. */
export type SandboxFactory<S extends DevSandbox = DevSandbox> = (ctx: SandboxContext) => Promise<S>;
