import { globalSchema } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { patientsReferencedBy } from '../fhir/compartment-repository.js';
import { normalisePatientReference, type QueryPairs } from '../fhir/search-query.js';

/*
 * What a `patient/` scope reaches: the patient's own data, and data about no patient at all
 * (a Medication, a Practitioner). A resource is a patient's when it is that Patient or
 * references it, the rule the store's compartments follow (compartment-repository.ts).
 */

function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && typeof (value as Resource).resourceType === 'string';
}

/** Reading: the resource is the patient's, or no patient's. */
export function readableFor(resource: Resource, patient: string): boolean {
  const patients = patientsReferencedBy(resource);
  return patients.size === 0 || patients.has(patient);
}

/** Writing: the resource sent is about this patient and no other. */
export function writableFor(resource: unknown, patient: string): boolean {
  if (!isResource(resource)) return false;
  const patients = patientsReferencedBy(resource);
  return patients.size === 1 && patients.has(patient);
}

/**
 * Searching: the search names the patient (`patient` or `subject`, as `<id>` or
 * `Patient/<id>`; `_id` for Patient), or searches a type that cannot point at a patient.
 * A search of patient data that names no patient is refused rather than filtered.
 */
export function searchStaysWith(type: string, query: QueryPairs, patient: string): boolean {
  const values = (name: string): string[] => query.filter(([k]) => k === name).map(([, v]) => v);
  if (type === 'Patient') return values('_id').includes(patient);
  const params = globalSchema.types[type]?.searchParams ?? {};
  if (params.patient || params.subject) {
    return [...values('patient'), ...values('subject')].some(
      (v) => normalisePatientReference(v) === `Patient/${patient}`,
    );
  }
  return !Object.values(params).some((p) => p.type === 'reference' && (p.target ?? []).includes('Patient'));
}
