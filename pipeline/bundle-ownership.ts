import type { FhirResource } from 'fhir/r4.js';
import { otherPatientField, referencedPatientId } from '../fhir/prefetch.js';

/*
 * Which resources of a file in hand (a Bundle exported from an EHR) are this patient's. A prefetch
 * comes from queries for the patient; a file may hold several patients, or name the patient in
 * ways that prove nothing. Reading another patient's HbA1c would be the worst failure; leaving out
 * this patient's GLP-1 order would be as bad, so a resource whose patient cannot be told is left
 * out AND its type stops proving absence (PatientRecord.unowned).
 */

/** Resource types that belong to no patient. */
const SHARED_TYPES: ReadonlySet<string> = new Set(['Medication', 'ResearchStudy']);

/** Fields through which a resource names its patient. */
const PATIENT_FIELDS = ['subject', 'patient', 'individual'] as const;

interface Identifier {
  readonly system?: unknown;
  readonly value?: unknown;
}

/** Whether the resources hold more than one Patient (two ids, or a Patient without an id beside another). */
function severalPatients(resources: readonly FhirResource[]): boolean {
  const ids = resources.flatMap((r, i) => (r?.resourceType === 'Patient' ? [r.id ?? `#${i}`] : []));
  return new Set(ids).size > 1;
}

/** The patient's identifiers (a system left out matches any system). */
function identifiersOf(
  resources: readonly FhirResource[],
  patientId: string,
): readonly { system: string; value: string }[] {
  const patient = resources.find((r) => r?.resourceType === 'Patient' && r.id === patientId);
  const ids: { system: string; value: string }[] = [];
  for (const i of (patient?.resourceType === 'Patient' ? patient.identifier : undefined) ?? []) {
    if (typeof i.value === 'string') ids.push({ system: i.system ?? '', value: i.value });
  }
  return ids;
}

/**
 * How a resource ties itself to this patient: by a Patient reference or an identifier of theirs
 * ("this"); by a patient field with no reference whose identifier is not one of the Patient's, or
 * that holds a display alone ("untied": {"subject": {"identifier": {"value": "MRN-2"}}}); or not at
 * all ("none": no patient field, or a reference of another form, such as a bundle's "urn:uuid:",
 * read as before).
 */
function tieOf(
  resource: FhirResource,
  patientId: string,
  identifiers: readonly { system: string; value: string }[],
): 'this' | 'untied' | 'none' {
  const r = resource as unknown as Record<string, unknown>;
  for (const field of PATIENT_FIELDS) {
    const ref = r[field];
    if (typeof ref !== 'object' || ref === null) continue;
    const { reference, identifier } = ref as { reference?: unknown; identifier?: Identifier };
    if (referencedPatientId(reference) === patientId) return 'this';
    if (typeof reference === 'string') return 'none';
    if (typeof identifier?.value !== 'string') return 'untied';
    const system = typeof identifier.system === 'string' ? identifier.system : '';
    const value = identifier.value;
    const matches = identifiers.some(
      (i) => i.value === value && (i.system === '' || system === '' || i.system === system),
    );
    return matches ? 'this' : 'untied';
  }
  return 'none';
}

/**
 * This patient's resources among those of a file, and the types some resource of which could not
 * be tied to the patient (left out, so those types cannot show that something is absent). With
 * more than one Patient in the file, a resource that names no patient cannot be told to be this
 * one's either: only those that name them are read, and the resources no patient holds
 * (Medications, ResearchStudies), which their orders and subjects point to.
 */
export function patientResources(
  resources: readonly FhirResource[],
  patientId: string,
): { readonly own: FhirResource[]; readonly unowned: ReadonlySet<string> } {
  const several = severalPatients(resources);
  const identifiers = identifiersOf(resources, patientId);
  const own: FhirResource[] = [];
  const unowned = new Set<string>();
  for (const r of resources) {
    if (otherPatientField(r as unknown as Record<string, unknown>, patientId) !== undefined) continue;
    if (SHARED_TYPES.has(r?.resourceType) || r?.resourceType === 'Patient') {
      if (r.resourceType !== 'Patient' || r.id === patientId) own.push(r);
      continue;
    }
    const tie = tieOf(r, patientId, identifiers);
    if (tie === 'untied') unowned.add(r.resourceType);
    else if (tie === 'this' || !several) own.push(r);
  }
  return { own, unowned };
}
