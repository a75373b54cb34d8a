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
  'Procedure',
];

/**
 * What the record holds of earlier steps (docs/clinical-rules.md, "No repeat of what is already
 * done"): referrals, the patient as a research subject, and the studies those name. Kept apart
 * from STANDARD_TYPES, the patient-compartment types the sandbox lists, as ResearchStudy is not
 * in the compartment.
 */
export const REFERRAL_TYPES: readonly string[] = ['ServiceRequest', 'ResearchSubject', 'ResearchStudy'];

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
  return {
    patientId,
    ...(patient ? { patient } : {}),
    resources: byType,
    medications,
    loaded: new Set([...STANDARD_TYPES, ...REFERRAL_TYPES]),
    truncated: new Set(cutNewestFirst),
    ...(cutNewestFirst.size > 0 ? { newestFirst: new Set(cutNewestFirst) } : {}),
    unresolvedMedications: [...unresolved],
    keySources: {},
  };
}
