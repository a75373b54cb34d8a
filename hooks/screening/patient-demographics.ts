import type { HumanName, Identifier, Patient } from 'fhir/r4.js';

/**
 * What a coordinator needs to act on a candidate: whom to look up and whom to ask. Read from the
 * FHIR server each time a candidate is opened, shown, and dropped: never stored with the
 * screening tables, never logged.
 */
export interface PatientDemographics {
  readonly name?: string;
  readonly birthDate?: string;
  /** The hospital number: the identifier typed MR (medical record number), else the first one. */
  readonly hospitalNumber?: string;
  /** The treating clinician, as `Patient.generalPractitioner` names them. */
  readonly clinician?: string;
}

/** v2 table 0203, identifier type: MR is the medical record number (http://hl7.org/fhir/R4/v2/0203/index.html). */
const IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

function nameText(name: HumanName | undefined): string | undefined {
  if (!name) return undefined;
  const text = name.text?.trim() || [...(name.given ?? []), name.family].filter(Boolean).join(' ').trim();
  return text || undefined;
}

/** The official name, else the usual one, else the first one that is not old. */
function pickName(names: readonly HumanName[] = []): string | undefined {
  const current = names.filter((n) => n.use !== 'old');
  return nameText(
    current.find((n) => n.use === 'official') ?? current.find((n) => n.use === 'usual') ?? current[0] ?? names[0],
  );
}

function isMr(identifier: Identifier): boolean {
  return (identifier.type?.coding ?? []).some((c) => c.code === 'MR' && (!c.system || c.system === IDENTIFIER_TYPE));
}

function pickHospitalNumber(identifiers: readonly Identifier[] = []): string | undefined {
  const usable = identifiers.filter((i) => typeof i.value === 'string' && i.value.trim() !== '' && i.use !== 'old');
  return (usable.find(isMr) ?? usable[0])?.value?.trim();
}

/** The demographics of a Patient resource; absent fields stay absent. */
export function demographicsOf(patient: Patient): PatientDemographics {
  const name = pickName(patient.name);
  const hospitalNumber = pickHospitalNumber(patient.identifier);
  const clinician = (patient.generalPractitioner ?? []).map((r) => r.display?.trim()).find((d) => d);
  return {
    ...(name ? { name } : {}),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(hospitalNumber ? { hospitalNumber } : {}),
    ...(clinician ? { clinician } : {}),
  };
}
