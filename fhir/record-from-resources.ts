import type { FhirResource, Medication, Patient } from 'fhir/r4.js';
import type { PatientRecord } from './patient-record.js';

/** The resource types a full record load covers. */
export const STANDARD_TYPES: readonly string[] = [
  'Patient',
  'Condition',
  'Observation',
  'DiagnosticReport',
  'MedicationRequest',
  'MedicationStatement',
  'Medication',
  'Device',
  'DeviceUseStatement',
  'DeviceRequest',
  'Procedure',
];

/**
 * What the record holds of earlier steps (docs/clinical-rules.md, "No repeat of what is already
 * done"): referrals, the patient as a research subject, and the studies those name. Kept apart
 * from STANDARD_TYPES, the patient-compartment types the sandbox lists, as ResearchStudy is not
 * in the compartment.
 */
export const REFERRAL_TYPES: readonly string[] = ['ServiceRequest', 'ResearchSubject', 'ResearchStudy'];

/** A resource's `meta.versionId` as a number when it is all digits. */
function numericVersion(v: unknown): bigint | undefined {
  return typeof v === 'string' && /^\d{1,30}$/.test(v) ? BigInt(v) : undefined;
}

/**
 * Which of two versions of one resource (same type and id) is the newer: > 0 the first, < 0 the
 * second, undefined when nothing on them says. The higher `meta.versionId` when both are numbers,
 * else the later `meta.lastUpdated`; opaque version ids are not ordered.
 */
export function compareVersions(a: FhirResource, b: FhirResource): number | undefined {
  const va = numericVersion(a.meta?.versionId);
  const vb = numericVersion(b.meta?.versionId);
  if (va !== undefined && vb !== undefined && va !== vb) return va > vb ? 1 : -1;
  const ta = typeof a.meta?.lastUpdated === 'string' ? Date.parse(a.meta.lastUpdated) : NaN;
  const tb = typeof b.meta?.lastUpdated === 'string' ? Date.parse(b.meta.lastUpdated) : NaN;
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
  return undefined;
}

/**
 * One version of each resource (by type and id): the newest by `compareVersions`. When two
 * differing versions cannot be ordered, the one read last is kept and the resource's type is
 * listed in `conflicted`: the record cannot be trusted on that type (the caller treats it as held
 * in part, so no absence is proven from it). Resources without an id are all kept.
 */
export function latestVersions(resources: readonly FhirResource[]): {
  resources: FhirResource[];
  conflicted: Set<string>;
} {
  const byKey = new Map<string, number>();
  const out: (FhirResource | undefined)[] = [];
  const conflicted = new Set<string>();
  for (const r of resources) {
    if (typeof r !== 'object' || r === null || typeof r.resourceType !== 'string' || typeof r.id !== 'string') {
      out.push(r);
      continue;
    }
    const key = `${r.resourceType}/${r.id}`;
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, out.length);
      out.push(r);
      continue;
    }
    const kept = out[at]!;
    if (kept === r) continue;
    const order = compareVersions(r, kept);
    if (order === undefined && JSON.stringify(r) !== JSON.stringify(kept)) conflicted.add(r.resourceType);
    if (order === undefined || order > 0) out[at] = r;
  }
  return { resources: out.filter((r) => r !== undefined), conflicted };
}

/**
 * A PatientRecord as if every standard type (and the referral types) had been loaded completely: the patient's Patient,
 * stand-alone Medications keyed `Medication/<id>`, everything else by type. References to
 * Medications that are not among the resources are listed as unresolved. Values that are not
 * resources at all are left out.
 */
export function recordFromResources(
  patientId: string,
  resources: readonly FhirResource[],
  /** Types held only in part, their newest first (a screening view cut at a query's page size). */
  cutNewestFirst: ReadonlySet<string> = new Set(),
): PatientRecord {
  return recordWithVersions(patientId, resources, cutNewestFirst).record;
}

/**
 * `recordFromResources`, and the types some resource of which came in two versions that could
 * not be ordered (`latestVersions`): those types are marked truncated in the record.
 */
export function recordWithVersions(
  patientId: string,
  all: readonly FhirResource[],
  cutNewestFirst: ReadonlySet<string> = new Set(),
): { record: PatientRecord; conflicted: ReadonlySet<string> } {
  const { resources, conflicted } = latestVersions(all);
  let patient: Patient | undefined;
  const medications = new Map<string, Medication>();
  const byType = new Map<string, FhirResource[]>();
  for (const r of resources) {
    if (typeof r !== 'object' || r === null || typeof r.resourceType !== 'string') continue;
    if (r.resourceType === 'Patient') {
      if (r.id === patientId) patient = r;
      continue;
    }
    if (r.resourceType === 'Medication') {
      medications.set(`Medication/${r.id ?? ''}`, r);
      continue;
    }
    const list = byType.get(r.resourceType) ?? [];
    list.push(r);
    byType.set(r.resourceType, list);
  }
  const unresolved = new Set<string>();
  for (const type of ['MedicationRequest', 'MedicationStatement']) {
    for (const r of byType.get(type) ?? []) {
      const ref = 'medicationReference' in r ? r.medicationReference?.reference : undefined;
      if (ref?.startsWith('Medication/') && !medications.has(ref)) unresolved.add(ref);
    }
  }
  const record: PatientRecord = {
    patientId,
    ...(patient ? { patient } : {}),
    resources: byType,
    medications,
    loaded: new Set([...STANDARD_TYPES, ...REFERRAL_TYPES]),
    truncated: new Set([...cutNewestFirst, ...conflicted]),
    ...(cutNewestFirst.size > 0 ? { newestFirst: new Set([...cutNewestFirst].filter((t) => !conflicted.has(t))) } : {}),
    unresolvedMedications: [...unresolved],
    keySources: {},
  };
  return { record, conflicted };
}
