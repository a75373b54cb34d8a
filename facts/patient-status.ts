import type { PatientRecord } from '../fhir/patient-record.js';
import type { DataQualityLog } from './data-quality.js';
import { deathRecordedElsewhere } from './death-elsewhere.js';
import { known, unknown, type Fact } from './fact.js';
import { asList, asObject, asString } from './json-value.js';
import type { PatientStatus } from './patient-facts.js';
import { resourceId } from './resource-label.js';

/**
 * Whether the record is a living patient's current record. Deceased (`deceasedBoolean` true or
 * any `deceasedDateTime`), inactive (`active: false`) or replaced by another record in a merge
 * (a `link` of type `replaced-by`): no card is shown for it. FHIR R4 Patient.active: a record
 * with no `active` is taken as active (https://hl7.org/fhir/R4/patient-definitions.html#Patient.active).
 */
export function patientStatusFact(
  record: PatientRecord,
  dq: DataQualityLog,
  canonical?: (uri: string) => string,
): Fact<PatientStatus> {
  const patient = asObject(record.patient);
  if (!patient) return unknown('no Patient resource');
  const evidence = [
    { resourceType: 'Patient', id: resourceId(patient), display: 'patient record', confidence: 'high' as const },
  ];
  const { deceasedBoolean, deceasedDateTime, active } = patient;
  if (deceasedBoolean !== undefined && typeof deceasedBoolean !== 'boolean') {
    dq.add(patient, 'Patient', 'unreadable deceasedBoolean');
    return unknown('Patient.deceasedBoolean is unreadable', evidence);
  }
  if (active !== undefined && typeof active !== 'boolean') {
    dq.add(patient, 'Patient', 'unreadable active flag');
    return unknown('Patient.active is unreadable', evidence);
  }
  // Any deceasedDateTime, even one we cannot read, says the patient died.
  const deceased = deceasedBoolean === true || (deceasedDateTime !== undefined && deceasedDateTime !== null);
  const replaced = (asList(patient.link) ?? []).some((l) => asString(asObject(l)?.type) === 'replaced-by');
  const why = deceased
    ? `deceased${typeof deceasedDateTime === 'string' ? ` (${deceasedDateTime.slice(0, 10)})` : ''}`
    : active === false
      ? 'the record is inactive'
      : replaced
        ? 'the record was replaced by another (merged)'
        : undefined;
  // A death written elsewhere (a problem, a note, a stay ended by the death) before the Patient's
  // own flag is set: whether the patient lives cannot be told (facts/death-elsewhere.ts).
  const elsewhere = deceased ? undefined : deathRecordedElsewhere(record, canonical);
  if (elsewhere) return unknown(`${elsewhere} says the patient died; Patient.deceased is not set`, evidence);
  return known({ deceased, active: active !== false && !replaced, ...(why ? { why } : {}) }, evidence);
}
