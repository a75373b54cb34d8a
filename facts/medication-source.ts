import type { PatientRecord } from '../fhir/patient-record.js';
import { isEmptyConcept, readConcept, type ReadConcept } from './coding.js';
import { asList, asObject, asString } from './json-value.js';

/** The drug an order or statement names: its concept, and the Medication resource when referenced. */
export type DrugSource =
  | {
      readonly kind: 'drug';
      readonly concept: ReadConcept;
      readonly medication?: Record<string, unknown>;
      /** medicationReference.display, for name matching. */
      readonly referenceDisplay?: string;
    }
  | { readonly kind: 'unresolved'; readonly reference: string }
  | { readonly kind: 'unreadable'; readonly problem: string };

// A reference to a stand-alone Medication, relative or absolute, with an optional _history suffix.
const MEDICATION_REF_RE = /(?:^|\/)(Medication\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

function containedMedication(resource: Record<string, unknown>, id: string): Record<string, unknown> | undefined {
  for (const item of asList(resource.contained) ?? []) {
    const c = asObject(item);
    if (c && c.resourceType === 'Medication' && c.id === id) return c;
  }
  return undefined;
}

/**
 * Finds the drug of a MedicationRequest / MedicationStatement: medicationCodeableConcept, or
 * medicationReference to a contained (`#id`) or stand-alone (`Medication/<id>`) Medication.
 */
export function drugSource(resource: Record<string, unknown>, record: PatientRecord): DrugSource {
  if (resource.medicationCodeableConcept !== undefined) {
    const concept = readConcept(resource.medicationCodeableConcept);
    if (concept.malformed && concept.codings.length === 0)
      return { kind: 'unreadable', problem: 'medicationCodeableConcept is unreadable' };
    if (isEmptyConcept(concept))
      return { kind: 'unreadable', problem: 'medicationCodeableConcept has no code or text' };
    return { kind: 'drug', concept };
  }
  const ref = asObject(resource.medicationReference);
  if (!ref) return { kind: 'unreadable', problem: 'no readable medication' };
  const reference = asString(ref.reference);
  const referenceDisplay = asString(ref.display);
  if (!reference) {
    // A reference with only a display names the drug in words: usable for a low-confidence match.
    return referenceDisplay
      ? { kind: 'drug', concept: { codings: [], malformed: false }, referenceDisplay }
      : { kind: 'unreadable', problem: 'medicationReference has no reference' };
  }
  let medication: Record<string, unknown> | undefined;
  if (reference.startsWith('#')) {
    medication = containedMedication(resource, reference.slice(1));
  } else {
    const key = MEDICATION_REF_RE.exec(reference)?.[1];
    medication = key ? asObject(record.medications.get(key)) : undefined;
  }
  if (!medication) return { kind: 'unresolved', reference };
  const concept = readConcept(medication.code);
  if (isEmptyConcept(concept) && !referenceDisplay && (asList(medication.ingredient) ?? []).length === 0) {
    return { kind: 'unreadable', problem: 'Medication has no code, text or ingredient' };
  }
  return { kind: 'drug', concept, medication, referenceDisplay };
}
