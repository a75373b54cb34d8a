import { matchesSearchRequest, type WithId } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import type { ExportParameters } from './bulk-export-params.js';
import type { CompartmentRepository } from './compartment-repository.js';

/** Which patients an export covers: every resource (system level), or these patients' compartments. */
export type ExportScope = { readonly level: 'system' } | { readonly level: 'patients'; readonly patientIds: string[] };

/** Types whose `medicationReference` points at a Medication, which is in no patient's compartment. */
const MEDICATION_USERS = new Set([
  'MedicationRequest',
  'MedicationStatement',
  'MedicationAdministration',
  'MedicationDispense',
]);
const MEDICATION_REFERENCE = /^(?:.*\/)?Medication\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * The Medications the compartment's medication resources reference: a Medication references
 * no patient, so it sits in no compartment, yet an order naming one cannot be read without it.
 * The spec lets Patient and Group exports include such referenced resources
 * (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#query-parameters, `_type`).
 */
function referencedMedications(
  resources: readonly WithId<Resource>[],
  store: CompartmentRepository,
): WithId<Resource>[] {
  const ids = new Set<string>();
  for (const r of resources) {
    if (!MEDICATION_USERS.has(r.resourceType)) continue;
    const reference = (r as { medicationReference?: { reference?: string } }).medicationReference?.reference;
    const id = MEDICATION_REFERENCE.exec(reference ?? '')?.[1];
    if (id) ids.add(id);
  }
  return [...ids].flatMap((id) => store.find('Medication', id) ?? []);
}

/**
 * The resources an export returns, by type (types in alphabetical order, resources in creation
 * order), taken from the store in one go, so that they are the state at `transactionTime`:
 * - the scope: all resources, or the patients' compartments (each Patient and every resource
 *   that references it, see CompartmentRepository) plus the Medications those reference;
 * - `_type`, or else every type `mayRead` allows (the spec: "all supported resources within
 *   the scope of the client authorization");
 * - `_since`: `meta.lastUpdated` at or after it;
 * - `_typeFilter`: a resource of a filtered type must match one of its type's searches.
 */
export function selectForExport(
  store: CompartmentRepository,
  scope: ExportScope,
  params: ExportParameters,
  mayRead: (type: string) => boolean,
): Map<string, WithId<Resource>[]> {
  let candidates: WithId<Resource>[];
  if (scope.level === 'system') {
    candidates = store.currentResources();
  } else {
    const compartments = store.currentResources(scope.patientIds);
    const inCompartments = new Set(compartments.map((r) => `${r.resourceType}/${r.id}`));
    const medications = referencedMedications(compartments, store).filter(
      (m) => !inCompartments.has(`Medication/${m.id}`),
    );
    candidates = [...compartments, ...medications];
  }
  const since = params.since?.getTime();
  const byType = new Map<string, WithId<Resource>[]>();
  for (const resource of candidates) {
    const type = resource.resourceType;
    if (params.types && !params.types.has(type)) continue;
    if (!mayRead(type)) continue;
    const updated = Date.parse(resource.meta?.lastUpdated ?? '');
    if (since !== undefined && updated < since) continue;
    const filters = params.typeFilters.get(type);
    if (filters && !filters.some((f) => matchesSearchRequest(resource, f))) continue;
    let list = byType.get(type);
    if (!list) byType.set(type, (list = []));
    list.push(resource);
  }
  return new Map([...byType].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
