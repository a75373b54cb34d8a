import type { PatientRecord } from '../fhir/patient-record.js';
import { foldAccents } from '../rules/value-sets.js';
import { untrustedResources } from './coverage.js';
import { asList, asObject, asString } from './json-value.js';

/*
 * Orders tied to a hospital stay only by their Encounter: an EHR writes the ward's insulin with
 * `MedicationRequest.encounter` pointing at the admission and no inpatient category. Reviews of
 * French hospital records and of home MDI (2026-12-07) found a stay's basal-bolus and correction
 * insulin counted as the regimen at home, and the pump card shown. When the record holds the
 * Encounter (a Bundle read by `npm run evaluate`, an EHR that sends it), an order or a statement whose
 * Encounter is a stay is the stay's. A hook's prefetch does not ask for Encounters: there an order
 * is read as before (docs/clinical-rules.md).
 */

// Encounter.class codes of a stay (HL7 v3 ActCode, the R4 binding): inpatient, acute and non-acute
// inpatient, observation, short stay, emergency. https://hl7.org/fhir/R4/v3/ActEncounterCode/vs.html
const STAY_CLASSES = new Set(['IMP', 'ACUTE', 'NONAC', 'OBSENC', 'SS', 'EMER']);

// A class written in words by a local system: "Inpatient", "Hospitalisation complète", "Urgences".
const STAY_WORDS = /\b(?:inpatient|in-patient|hospitali[sz]ation|hospitalise|emergency|urgences?|observation)\b/i;

// An Encounter that never took place says nothing.
const VOID = new Set(['cancelled', 'entered-in-error']);

/** Whether an Encounter's class is a stay, by its code or its words. */
function stayClass(encounter: Record<string, unknown>): boolean {
  const classes = asList(encounter.class) ?? [encounter.class];
  return classes.some((c) => {
    const o = asObject(c);
    const code = asString(o?.code)?.trim().toUpperCase();
    if (code !== undefined && STAY_CLASSES.has(code)) return true;
    const display = asString(o?.display);
    return display !== undefined && STAY_WORDS.test(foldAccents(display));
  });
}

/** The `Encounter/<id>` keys of the record's Encounters that are stays. */
export function stayEncounters(record: PatientRecord): ReadonlySet<string> {
  const out = new Set<string>();
  for (const raw of untrustedResources(record, 'Encounter')) {
    const e = asObject(raw);
    const id = asString(e?.id);
    if (!e || id === undefined || (typeof e.status === 'string' && VOID.has(e.status))) continue;
    if (stayClass(e)) out.add(`Encounter/${id}`);
  }
  return out;
}

const ENCOUNTER_REFERENCE = /(?:^|\/)(Encounter\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/;

// A category that says the drug is for home (a discharge prescription written during the stay, an
// outpatient or community order) outweighs the Encounter it was written in.
// https://hl7.org/fhir/R4/codesystem-medicationrequest-category.html
const HOME_CATEGORIES = new Set(['outpatient', 'community', 'discharge', 'patientspecified']);

/** Whether a record's category says the drug is for home. */
function homeCategory(r: Record<string, unknown>): boolean {
  return (asList(r.category) ?? [r.category]).some((c) =>
    (asList(asObject(c)?.coding) ?? []).some((coding) => {
      const code = asString(asObject(coding)?.code)?.trim().toLowerCase();
      return code !== undefined && HOME_CATEGORIES.has(code);
    }),
  );
}

/**
 * Whether an order (`encounter`) or a statement (`context`) points at one of the stays, and its
 * category does not say it is for home. Only literal references are read; one the record cannot
 * resolve says nothing.
 */
export function tiedToStay(r: Record<string, unknown>, stays: ReadonlySet<string>): boolean {
  if (stays.size === 0 || homeCategory(r)) return false;
  const reference = asString(asObject(r.encounter ?? r.context)?.reference);
  const key = reference === undefined ? undefined : ENCOUNTER_REFERENCE.exec(reference)?.[1];
  return key !== undefined && stays.has(key);
}
