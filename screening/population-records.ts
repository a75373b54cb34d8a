import type { Consent, FhirResource } from 'fhir/r4.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { sortDate, type RecordView } from './record-view.js';

/** What one patient's resources came to while the export is read. */
interface Bucket {
  /** By prefetch key; a "newest N" key holds at most N, newest first. */
  readonly byQuery: Map<string, FhirResource[]>;
  /** Keys that dropped an older resource: their type is held in part. */
  readonly cut: Set<string>;
  readonly consents: Consent[];
}

const PATIENT_REFERENCE = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/;

/** The patient a resource belongs to, from the field its type names the patient in. */
export function patientOf(resource: FhirResource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  const r = resource as {
    subject?: { reference?: unknown };
    patient?: { reference?: unknown };
    individual?: { reference?: unknown };
  };
  const ref = r.subject?.reference ?? r.patient?.reference ?? r.individual?.reference;
  return typeof ref === 'string' ? PATIENT_REFERENCE.exec(ref)?.[1] : undefined;
}

/** Inserts keeping the list newest first and at most `limit` long; false when something was dropped. */
function insertNewest(list: FhirResource[], resource: FhirResource, limit: number): boolean {
  const date = sortDate(resource);
  let i = list.length;
  while (i > 0 && sortDate(list[i - 1]!) < date) i--;
  list.splice(i, 0, resource);
  if (list.length <= limit) return true;
  list.pop();
  return false;
}

/**
 * A population's records while its export is read: each resource goes to its patient, through
 * the record view (only what a card would read is kept), and Medications and ResearchStudies,
 * which belong to no patient, are kept once for all. A record is taken out whole once every file
 * is read (the files come by type, so no patient is complete before).
 */
export class PopulationRecords {
  private readonly buckets = new Map<string, Bucket>();
  private readonly shared = new Map<string, FhirResource>();
  /** Resources read that no patient owns, or that the view does not read. */
  ignored = 0;

  constructor(private readonly view: RecordView) {}

  get patientCount(): number {
    return this.buckets.size;
  }

  add(resource: FhirResource): void {
    if (this.view.included.has(resource.resourceType)) {
      if (resource.id) this.shared.set(`${resource.resourceType}/${resource.id}`, resource);
      return;
    }
    const patientId = patientOf(resource);
    if (!patientId) {
      this.ignored++;
      return;
    }
    const bucket = this.bucketOf(patientId);
    if (resource.resourceType === 'Consent') {
      bucket.consents.push(resource);
      return;
    }
    const queries = this.view.queriesOf(resource);
    if (queries.length === 0) {
      this.ignored++;
      return;
    }
    for (const q of queries) {
      const list = bucket.byQuery.get(q.key) ?? [];
      bucket.byQuery.set(q.key, list);
      if (q.newest === undefined) list.push(resource);
      else if (!insertNewest(list, resource, q.newest)) bucket.cut.add(resource.resourceType);
    }
  }

  /** Every patient seen, in the order first seen. */
  patientIds(): string[] {
    return [...this.buckets.keys()];
  }

  /** The patient's Consents (research opt-outs are read from them). */
  consentsOf(patientId: string): readonly Consent[] {
    return this.buckets.get(patientId)?.consents ?? [];
  }

  /** The patient's record as a card would see it; the patient's resources are released. */
  take(patientId: string): PatientRecord {
    const bucket = this.buckets.get(patientId);
    this.buckets.delete(patientId);
    const seen = new Set<string>();
    const resources: FhirResource[] = [];
    for (const list of bucket?.byQuery.values() ?? []) {
      for (const r of list) {
        const key = `${r.resourceType}/${r.id ?? ''}`;
        if (r.id && seen.has(key)) continue;
        seen.add(key);
        resources.push(r);
      }
    }
    // Only the Medications and studies this patient's orders and subjects name.
    for (const ref of referencesOf(resources)) {
      const shared = this.shared.get(ref);
      if (shared) resources.push(shared);
    }
    return recordFromResources(patientId, resources, bucket?.cut ?? new Set());
  }

  private bucketOf(patientId: string): Bucket {
    let bucket = this.buckets.get(patientId);
    if (!bucket) {
      bucket = { byQuery: new Map(), cut: new Set(), consents: [] };
      this.buckets.set(patientId, bucket);
    }
    return bucket;
  }
}

/** `Medication/<id>` and `ResearchStudy/<id>` references of a patient's resources. */
function referencesOf(resources: readonly FhirResource[]): Set<string> {
  const refs = new Set<string>();
  for (const r of resources) {
    const x = r as { medicationReference?: { reference?: unknown }; study?: { reference?: unknown } };
    for (const ref of [x.medicationReference?.reference, x.study?.reference]) {
      const m =
        typeof ref === 'string' ? /(?:^|\/)((?:Medication|ResearchStudy)\/[A-Za-z0-9\-.]{1,64})$/.exec(ref) : null;
      if (m?.[1]) refs.add(m[1]);
    }
  }
  return refs;
}
