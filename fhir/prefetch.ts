import type { Bundle, FhirResource } from 'fhir/r4.js';
import { isRecord } from './json-record.js';
import { outcomeSaysIncomplete, totalExceeds } from './search-completeness.js';

/** One prefetch key as the EHR left it, after checking. */
export type PrefetchValue =
  | { readonly state: 'missing' }
  | { readonly state: 'null' }
  | { readonly state: 'failed' }
  | {
      readonly state: 'data';
      readonly resources: FhirResource[];
      /** Resources the EHR added with search mode `include` (e.g. Medications). */
      readonly included: FhirResource[];
      /** The EHR's bundle had a `next` link: it is one page, not the whole answer. */
      readonly partial: boolean;
    };

/** A prefetch value that is not FHIR data the service can use; `field` names where. */
export class InvalidPrefetchError extends Error {
  override readonly name = 'InvalidPrefetchError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The patient id a reference string points at, or undefined when it is not a Patient reference. */
export function referencedPatientId(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return undefined;
  const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(reference);
  return m?.[1];
}

/** Fields through which a resource names its patient. */
const PATIENT_FIELDS = ['subject', 'patient', 'individual'] as const;

// Any reference to a Patient, whatever its id looks like: one FHIR would refuse (longer than 64
// characters, as some EHRs' are) still names a patient, and not this one.
const ANY_PATIENT_REFERENCE = /(?:^|\/)Patient\/([^/?#]+)(?:\/_history\/[^/]*)?$/;

/** The field through which a resource points at a patient other than `patientId` (a Patient: its id, or none), if any. */
export function otherPatientField(resource: Record<string, unknown>, patientId: string): string | undefined {
  // A Patient with no id cannot be shown to be this patient: refused like another patient's.
  if (resource.resourceType === 'Patient') return resource.id !== patientId ? 'id' : undefined;
  for (const name of PATIENT_FIELDS) {
    const ref = resource[name];
    if (!isRecord(ref) || typeof ref.reference !== 'string') continue;
    const other = ANY_PATIENT_REFERENCE.exec(ref.reference)?.[1];
    if (other !== undefined && other !== patientId) return `${name}.reference`;
  }
  return undefined;
}

/**
 * The field through which each prefetched type names its patient (FHIR R4): `subject` but for a
 * Device (`patient`) and a ResearchSubject (`individual`). Every key the services ask for is a
 * search on the patient, so every result names them there.
 */
function ownPatientField(resourceType: string): string {
  return resourceType === 'Device' ? 'patient' : resourceType === 'ResearchSubject' ? 'individual' : 'subject';
}

/**
 * The field of a prefetched resource that does not name this patient by a plain reference, if
 * any: missing, an identifier or a display alone, a contained or `urn:uuid:` reference. Such a
 * resource cannot be shown to be this patient's, and leaving it out would hide what it says (a
 * type 1 diabetes, a newer HbA1c) while the rest of its list still looked whole: it is refused, as
 * another patient's is (a review of prefetch shapes, 2026-12-07, found an HbA1c with its subject
 * given by an identifier counted for the patient).
 */
function untiedPatientField(resource: Record<string, unknown>, patientId: string): string | undefined {
  if (resource.resourceType === 'Patient') return undefined;
  const name = ownPatientField(String(resource.resourceType));
  const ref = resource[name];
  return isRecord(ref) && referencedPatientId(ref.reference) === patientId ? undefined : name;
}

/**
 * Where a resource sits in the request: the prefetch key's field, and its bundle entry if any.
 * The path is only spelled out for an error, as a bundle holds dozens of entries that are fine.
 */
function pathOf(field: string, entry: number | undefined): string {
  return entry === undefined ? field : `${field}.entry[${entry}].resource`;
}

/**
 * Refuses a resource that belongs to another patient: computing one patient's facts from
 * another's record would be the worst failure this service could have.
 */
function checkSamePatient(resource: Record<string, unknown>, patientId: string, field: string, entry?: number): void {
  const wrong = otherPatientField(resource, patientId);
  if (wrong)
    throw new InvalidPrefetchError(`${pathOf(field, entry)}.${wrong}`, 'the resource belongs to another patient');
}

/** Refuses a result that does not name this patient by reference (untiedPatientField). */
function checkNamesPatient(resource: Record<string, unknown>, patientId: string, field: string, entry?: number): void {
  const untied = untiedPatientField(resource, patientId);
  if (untied)
    throw new InvalidPrefetchError(
      `${pathOf(field, entry)}.${untied}`,
      "the resource does not name the patient: expected a reference to the context's Patient",
    );
}

function checkResource(
  value: unknown,
  expectedType: string,
  patientId: string,
  at: string,
  entry?: number,
): FhirResource {
  if (!isRecord(value) || typeof value.resourceType !== 'string') {
    throw new InvalidPrefetchError(pathOf(at, entry), 'expected a FHIR resource with a resourceType');
  }
  if (value.resourceType !== expectedType) {
    throw new InvalidPrefetchError(
      `${pathOf(at, entry)}.resourceType`,
      `expected ${expectedType} for this prefetch key, got ${value.resourceType.slice(0, 64)}`,
    );
  }
  if (value.id !== undefined && typeof value.id !== 'string') {
    throw new InvalidPrefetchError(`${pathOf(at, entry)}.id`, 'a resource id must be a string');
  }
  checkSamePatient(value, patientId, at, entry);
  checkNamesPatient(value, patientId, at, entry);
  return value as unknown as FhirResource;
}

function hasNextLink(bundle: Record<string, unknown>): boolean {
  return Array.isArray(bundle.link) && bundle.link.some((l) => isRecord(l) && l.relation === 'next');
}

function readBundle(bundle: Bundle & Record<string, unknown>, expectedType: string, patientId: string, field: string) {
  const resources: FhirResource[] = [];
  const included: FhirResource[] = [];
  const entries: unknown = bundle.entry;
  if (entries !== undefined && !Array.isArray(entries)) {
    throw new InvalidPrefetchError(`${field}.entry`, 'Bundle.entry must be an array');
  }
  const list: readonly unknown[] = entries ?? [];
  let incomplete = false;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (!isRecord(entry)) throw new InvalidPrefetchError(`${field}.entry[${i}]`, 'a bundle entry must be an object');
    const mode = isRecord(entry.search) ? entry.search.mode : undefined;
    const resource = entry.resource;
    if (mode === 'outcome' || (isRecord(resource) && resource.resourceType === 'OperationOutcome')) {
      incomplete ||= outcomeSaysIncomplete(resource);
      continue;
    }
    if (mode === 'include') {
      if (isRecord(resource) && typeof resource.resourceType === 'string') {
        checkSamePatient(resource, patientId, field, i);
        included.push(resource as unknown as FhirResource);
      }
      continue;
    }
    resources.push(checkResource(resource, expectedType, patientId, field, i));
  }
  const partial = hasNextLink(bundle) || incomplete || totalExceeds(bundle, resources.length);
  return { state: 'data' as const, resources, included, partial };
}

/**
 * Reads one prefetch key the way CDS Hooks 2.0 defines it: absent means the EHR did not
 * fill it, `null` means there is no such data, and an OperationOutcome means the EHR's
 * query failed. https://cds-hooks.hl7.org/2.0/#prefetch-template
 */
export function readPrefetchValue(
  prefetch: Readonly<Record<string, unknown>> | undefined,
  key: string,
  expectedType: string,
  patientId: string,
): PrefetchValue {
  if (!prefetch || !Object.hasOwn(prefetch, key)) return { state: 'missing' };
  const value = prefetch[key];
  const field = `prefetch.${key}`;
  if (value === null) return { state: 'null' };
  if (!isRecord(value) || typeof value.resourceType !== 'string') {
    throw new InvalidPrefetchError(field, 'expected a FHIR resource, a Bundle, an OperationOutcome or null');
  }
  if (value.resourceType === 'OperationOutcome') return { state: 'failed' };
  if (value.resourceType === 'Bundle' && expectedType !== 'Bundle') {
    return readBundle(value as Bundle & Record<string, unknown>, expectedType, patientId, field);
  }
  // One resource where a search's Bundle was due (every key but the Patient's is a search): it
  // may be the first of several, so it proves no absence.
  return {
    state: 'data',
    resources: [checkResource(value, expectedType, patientId, field)],
    included: [],
    partial: expectedType !== 'Patient',
  };
}
