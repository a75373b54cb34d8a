import type { PatientRecord } from '../fhir/patient-record.js';
import { foldAccents } from '../rules/value-sets.js';
import { ENCOUNTER_VOID } from './clinical-status.js';
import { untrustedResources } from './coverage.js';
import { asList, asObject, asString } from './json-value.js';

/*
 * Orders tied to a hospital stay only by their Encounter: an EHR writes the ward's insulin with
 * `MedicationRequest.encounter` pointing at the admission and no inpatient category. Reviews of
 * French hospital records and of home MDI (2026-12-07) found a stay's basal-bolus and correction
 * insulin counted as the regimen at home, and the pump card shown. When the record holds the
 * Encounter (a Bundle read by `npm run evaluate`, an EHR that sends it), an order whose Encounter
 * is a stay is the stay's. A hook's prefetch does not ask for Encounters: there an order
 * is read as before (docs/clinical-rules.md).
 */

// Encounter.class codes of a stay (HL7 v3 ActCode, the R4 binding): inpatient, acute and non-acute
// inpatient, observation, short stay, emergency. https://hl7.org/fhir/R4/v3/ActEncounterCode/vs.html
// And v2 table 0004 (patient class), which EHRs still send: I inpatient, E emergency.
const STAY_CLASSES = new Set(['IMP', 'ACUTE', 'NONAC', 'OBSENC', 'SS', 'EMER']);
const V2_STAY_CLASSES = new Set(['I', 'E']);
// Classes that are no stay, whatever a local display says (a day hospital coded AMB).
const NOT_STAY_CLASSES = new Set(['AMB', 'VR', 'HH', 'FLD', 'PRENC']);

// A class written in words by a local system: "Inpatient", "Hospitalisation complète", "Hospit.
// complète", "Réanimation médicale", "Urgences", "USIC", "SSR" (a regression review, 2026-12-07,
// found the shortened and intensive-care names missed). A day hospital is no stay.
const STAY_WORDS =
  /\b(?:inpatient|in-patient|hospit\w*|emergency|urgences?|observation|reanimation|soins intensifs|intensive care|icu|usi|usic|ssr)\b/i;
const DAY_CARE =
  /\b(?:hospitali[sz]ation de jour|hopital de jour|hdj|day hospital|day case|day surgery|ambulatoire|outpatient|clinic|consult\w*|externe)\b/i;

/** Whether an Encounter's class is a stay, by its code or its words. */
function stayClass(encounter: Record<string, unknown>): boolean {
  const classes = asList(encounter.class) ?? [encounter.class];
  return classes.some((c) => {
    const o = asObject(c);
    const code = asString(o?.code)?.trim().toUpperCase();
    const system = asString(o?.system) ?? '';
    if (code !== undefined && (STAY_CLASSES.has(code) || (system.includes('v2-0004') && V2_STAY_CLASSES.has(code))))
      return true;
    if (code !== undefined && NOT_STAY_CLASSES.has(code)) return false;
    const display = foldAccents(asString(o?.display) ?? '');
    return STAY_WORDS.test(display) && !DAY_CARE.test(display);
  });
}

/** The `Encounter/<id>` keys of the record's Encounters that are stays. */
export function stayEncounters(record: PatientRecord): ReadonlySet<string> {
  const out = new Set<string>();
  for (const raw of untrustedResources(record, 'Encounter')) {
    const e = asObject(raw);
    const id = asString(e?.id);
    if (!e || id === undefined || (typeof e.status === 'string' && ENCOUNTER_VOID.has(e.status))) continue;
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
 * Whether an order gives a rate (units an hour): a pump's basal, which shows a pump whatever stay it
 * was written in (insulin-regimen.ts reads pumps from counted orders).
 */
function dosedAsRate(r: Record<string, unknown>): boolean {
  return (asList(r.dosageInstruction) ?? []).some((d) =>
    (asList(asObject(d)?.doseAndRate) ?? []).some((dr) => {
      const o = asObject(dr);
      return o?.rateQuantity !== undefined || o?.rateRatio !== undefined || o?.rateRange !== undefined;
    }),
  );
}

/**
 * Whether an order points at one of the stays by its `encounter`, and its category does not say
 * it is for home. Only literal references are read; one the record cannot resolve says nothing. A
 * statement's `context` is not read: a reconciliation at admission lists the drugs taken at home,
 * in the stay's context (the regression review found them read as the stay's).
 */
export function tiedToStay(r: Record<string, unknown>, stays: ReadonlySet<string>): boolean {
  if (stays.size === 0 || r.resourceType !== 'MedicationRequest' || homeCategory(r) || dosedAsRate(r)) return false;
  const reference = asString(asObject(r.encounter)?.reference);
  const key = reference === undefined ? undefined : ENCOUNTER_REFERENCE.exec(reference)?.[1];
  return key !== undefined && stays.has(key);
}
