import type { FhirResource, Medication, Patient } from 'fhir/r4.js';

/** How one prefetch key was satisfied. */
export type KeySource =
  | 'prefetch' // the EHR sent the data
  | 'prefetch-null' // the EHR sent null: it has no such data
  | 'fetched' // we read it from fhirServer
  | 'missing' // not sent and not fetched
  | 'failed'; // the EHR sent an OperationOutcome, or our fetch failed

/**
 * The patient's FHIR data as one request sees it, pooled from prefetch and fetches.
 * `loaded` lists the resource types whose queries succeeded, so that "no such resource"
 * can be told apart from "never asked"; `truncated` lists the types whose paging stopped
 * at the page cap, where absence proves nothing.
 */
export interface PatientRecord {
  readonly patientId: string;
  readonly patient?: Patient;
  /** Resources by type, excluding Patient and Medication. Each (type, id) appears once. */
  readonly resources: ReadonlyMap<string, readonly FhirResource[]>;
  /** Medications by reference key: `Medication/<id>` for stand-alone ones. */
  readonly medications: ReadonlyMap<string, Medication>;
  readonly loaded: ReadonlySet<string>;
  readonly truncated: ReadonlySet<string>;
  /**
   * Truncated types whose every cut query asked for the newest first (`_sort=-date`) and came
   * back in that order: their latest result is on the first page. Absent: none.
   */
  readonly newestFirst?: ReadonlySet<string>;
  /**
   * Types some resource of which named its patient in a way that could not be tied to this one (a
   * file's subject given by another identifier, or by a display alone): left out, so these types
   * cannot show that something is absent, nor which result is the latest. Absent: none.
   */
  readonly unowned?: ReadonlySet<string>;
  /** Medication references that could not be resolved (unknown drugs). */
  readonly unresolvedMedications: readonly string[];
  readonly keySources: Readonly<Record<string, KeySource>>;
}

/** The resources of one type in the record. */
export function resourcesOf<T extends FhirResource>(record: PatientRecord, type: T['resourceType']): readonly T[] {
  return (record.resources.get(type) ?? []) as readonly T[];
}
