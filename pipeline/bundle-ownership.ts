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

// "Patient?identifier=urn:oid:1.2.250.1.71.4.2.7.44|7734521", the system optional.
const CONDITIONAL = /^Patient\?identifier=(?:([^|&]*)\|)?([^&]+)$/;

/** A query value as written, its %-escapes undone where they can be. */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Whether an identifier (a system left out matches any) is one of the Patient's. */
function tiedBy(
  system: string,
  value: string,
  identifiers: readonly { system: string; value: string }[],
): 'this' | 'untied' {
  const matches = identifiers.some(
    (i) => i.value === value && (i.system === '' || system === '' || i.system === decoded(system)),
  );
  return matches ? 'this' : 'untied';
}

/**
 * How a resource ties itself to this patient: by a Patient reference or an identifier of theirs
 * ("this"); by a patient field with no reference whose identifier is not one of the Patient's, or
 * that holds a display alone ("untied": {"subject": {"identifier": {"value": "MRN-2"}}}), or by a
 * reference to anything but this Patient (a Group, a contained or conditional reference, a
 * "urn:uuid:" not resolved to the Patient: "untied" too); or not at all ("none": no patient field).
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
    // A reference to something else than this Patient (a Group, a contained "#p1", a conditional
    // "Patient?identifier=…", a "urn:uuid:" no entry of the file resolves to the Patient) ties
    // the resource to someone the file does not show to be this patient (a review, 2026-12-07:
    // another person's HbA1c under each of these gave the pump card).
    // A conditional reference by one of the Patient's identifiers ("Patient?identifier=sys|value",
    // as an interface engine writes it) is this patient.
    if (typeof reference === 'string') {
      const conditional = CONDITIONAL.exec(reference);
      return conditional ? tiedBy(conditional[1] ?? '', decoded(conditional[2] ?? ''), identifiers) : 'untied';
    }
    if (typeof identifier?.value !== 'string') return 'untied';
    return tiedBy(typeof identifier.system === 'string' ? identifier.system : '', identifier.value, identifiers);
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
