import type { Router } from 'express';
import type { FhirResource } from 'fhir/r4.js';
import type { Resource } from '@medplum/fhirtypes';
import type { Logger } from '../../config/logger.js';
import type { FixturePatient } from '../patients/fixture.js';
import type { BulkExportLimits } from './bulk-export-jobs.js';
import { CompartmentRepository } from './compartment-repository.js';
import { indexFhirDefinitions } from './definitions.js';
import { generatePatients } from './generated-patients.js';
import { populationGroup } from './population-group.js';
import { sandboxFhirRouter, type FhirAccess } from './sandbox-router.js';

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
  /** An authorization layer over the store (the SMART sandbox EHR); without it the server is open. */
  readonly access?: (store: CompartmentRepository) => FhirAccess;
  /** Bulk Data `$export` pacing and bounds: tests make jobs ready at once, or files small. */
  readonly bulkExport?: Partial<BulkExportLimits>;
}

/** The running sandbox: its Express router (mount it at /fhir), its store and the loaded patients. */
export interface SandboxFhir {
  readonly router: Router;
  readonly store: CompartmentRepository;
  readonly patientIds: string[];
  /**
   * Puts the store back as it was loaded (the demo reset): whatever was written since (created,
   * updated or deleted through /fhir) is undone, version history included, and the same router
   * keeps serving. Returns how many resources differed from the loaded state.
   */
  restore(): Promise<number>;
}

/** Resources that differ between two `versions()` snapshots: added, removed or written again. */
function changedBetween(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): number {
  let changed = 0;
  for (const [key, version] of after) if (before.get(key) !== version) changed++;
  for (const key of before.keys()) if (!after.has(key)) changed++;
  return changed;
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
 * by patient compartment) and loads the synthetic patients into it, with the Group of them
 * all that Group-level Bulk Data exports name (population-group.ts).
 */
export async function createSandboxFhir(options: SandboxFhirOptions): Promise<SandboxFhir> {
  const started = performance.now();
  indexFhirDefinitions();
  const store = new CompartmentRepository();
  const load = async (): Promise<void> => {
    for (const fixture of options.fixtures) await loadResources(store, fixture.resources(options.today));
    for (const generated of generatePatients(options.extraPatients ?? 0, options.today)) {
      await loadResources(store, generated.resources);
    }
    const loadedPatients = store.patientIds();
    if (loadedPatients.length > 0) await store.updateResource(populationGroup(loadedPatients));
  };
  await load();
  let loaded = store.versions();
  const patientIds = store.patientIds();
  options.logger.info(
    { patients: patientIds.length, resources: store.size, ms: Math.round(performance.now() - started) },
    'sandbox FHIR store loaded',
  );
  const router = sandboxFhirRouter(store, {
    logger: options.logger,
    ...(options.requireToken !== undefined ? { requireToken: options.requireToken } : {}),
    ...(options.access ? { access: options.access(store) } : {}),
    ...(options.bulkExport ? { bulkExport: options.bulkExport } : {}),
  });
  // The store lives in memory: clearing and loading it again runs without yielding to I/O, so
  // no request sees it half loaded. The same `today` gives the same resources.
  const restore = async (): Promise<number> => {
    const changed = changedBetween(loaded, store.versions());
    if (changed === 0) return 0;
    store.clear();
    await load();
    loaded = store.versions();
    return changed;
  };
  return { router, store, patientIds, restore };
}
