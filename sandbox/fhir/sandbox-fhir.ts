import type { Router } from 'express';
import type { FhirResource } from 'fhir/r4.js';
import type { Resource } from '@medplum/fhirtypes';
import type { Logger } from '../../config/logger.js';
import type { FixturePatient } from '../patients/fixture.js';
import { CompartmentRepository } from './compartment-repository.js';
import { indexFhirDefinitions } from './definitions.js';
import { generatePatients } from './generated-patients.js';
import { sandboxFhirRouter } from './sandbox-router.js';

/** What the embedded sandbox FHIR server starts with. */
export interface SandboxFhirOptions {
  readonly fixtures: readonly FixturePatient[];
  /** The day the fixtures' relative dates count back from. */
  readonly today: Date;
  /** Generated patients added on top of the fixtures (SANDBOX_EXTRA_PATIENTS). */
  readonly extraPatients?: number;
  readonly logger: Logger;
  /** Makes every request but /metadata need `Authorization: Bearer <requireToken>` (tests). */
  readonly requireToken?: string;
}

/** The running sandbox: its Express router (mount it at /fhir), its store and the loaded patients. */
export interface SandboxFhir {
  readonly router: Router;
  readonly store: CompartmentRepository;
  readonly patientIds: string[];
}

/** Writes resources with their own ids (create or update), as a `PUT Type/id` would. */
export async function loadResources(store: CompartmentRepository, resources: readonly FhirResource[]): Promise<void> {
  for (const resource of resources) {
    const r = resource as unknown as Resource;
    await (r.id ? store.updateResource(r) : store.createResource(r));
  }
}

/**
 * Builds the embedded sandbox FHIR server (@medplum/fhir-router's MemoryRepository, split
 * by patient compartment) and loads the synthetic patients into it.
 */
export async function createSandboxFhir(options: SandboxFhirOptions): Promise<SandboxFhir> {
  const started = performance.now();
  indexFhirDefinitions();
  const store = new CompartmentRepository();
  for (const fixture of options.fixtures) await loadResources(store, fixture.resources(options.today));
  for (const generated of generatePatients(options.extraPatients ?? 0, options.today)) {
    await loadResources(store, generated.resources);
  }
  const patientIds = store.patientIds();
  options.logger.info(
    { patients: patientIds.length, resources: store.size, ms: Math.round(performance.now() - started) },
    'sandbox FHIR store loaded',
  );
  const router = sandboxFhirRouter(store, {
    logger: options.logger,
    ...(options.requireToken !== undefined ? { requireToken: options.requireToken } : {}),
  });
  return { router, store, patientIds };
}
