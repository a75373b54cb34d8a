import type { PatientRecord } from '../fhir/patient-record.js';
import { normaliseText } from '../rules/value-sets.js';
import { annotationTexts } from './annotation-text.js';
import { ENCOUNTER_VOID } from './clinical-status.js';
import { conceptWords, hasCode, readConcept, type ReadConcept } from './coding.js';
import { untrustedResources } from './coverage.js';
import { asObject } from './json-value.js';
import { resourceLabel } from './resource-label.js';
import { sentencesOf } from './sentences.js';

/*
 * A death recorded outside Patient.deceased[x]. French patient-administration systems often set
 * the Patient's death late, after a death in hospital, while the ward has already written it: a
 * problem coded "Dead", a note "Patient décédé le 28/11/2026", a stay whose discharge disposition
 * is "expired" (a review of French records, 2026-12-07, found cards shown for three such patients).
 */

const SNOMED = 'http://snomed.info/sct';
// SNOMED CT 419099009 |Dead (finding)|, 419620001 |Death (event)|.
const DEATH_CODES: ReadonlySet<string> = new Set(['419099009', '419620001']);
// HL7 discharge disposition "exp" (expired), http://terminology.hl7.org/CodeSystem/discharge-disposition;
// HL7 v2 table 0112 "20" (expired), http://terminology.hl7.org/CodeSystem/v2-0112.
const DISCHARGE_DISPOSITION = 'http://terminology.hl7.org/CodeSystem/discharge-disposition';
const EXPIRED: ReadonlySet<string> = new Set(['exp']);
const V2_DISPOSITION = 'http://terminology.hl7.org/CodeSystem/v2-0112';
const V2_EXPIRED: ReadonlySet<string> = new Set(['20']);

// ICD-10-CM R99 "Ill-defined and unknown cause of mortality", WHO ICD-10 and CIM-10 R99 "Other
// ill-defined and unspecified causes of mortality": a code given only to a death. Any edition's
// URI (CIM-10's are aliases of ICD-10, rules/code-systems.json), dots and case folded.
const ICD_DEATH: ReadonlySet<string> = new Set(['R99']);
const ICD_SYSTEMS: ReadonlySet<string> = new Set([
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://hl7.org/fhir/sid/icd-10',
]);
// LOINC 81956-5 "Date+time of death" (HL7 Vital Records Death Reporting and Medicolegal Death
// Investigation IGs): an Observation of it, with a value, says the patient died. The review's
// record used 81954-8, a code no source at hand names: not read. Such an Observation is no laboratory,
// social-history or imaging result, so no hook prefetch asks for it; it is read when the record
// holds it (a Bundle given to `npm run evaluate`).
const LOINC = 'http://loinc.org';
const DEATH_DATE_LOINC: ReadonlySet<string> = new Set(['81956-5']);
const OBSERVATION_VOID: ReadonlySet<string> = new Set(['entered-in-error', 'cancelled']);

// The patient's own death in words, as a sentence opens ("Décédé le 21/11/2026", "Deceased on
// 11/21/2026", "Patient décédé le…", "Pt expired at 03:10"), or as a date field reads ("Date de
// décès : …"). A relative's death ("Père décédé d'un IDM") names someone else, and so does a
// deceased donor's graft.
const DIED_FIRST =
  /^(?:(?:le |la )?(?:patient|patiente|pt|mr|mme|m) (?:est |was |has |is |has been )?)?(?:decede|decedee|deceased|died|expired|deces|dcd|passed away)(?: (?:le|la|on|at|a|en|in|dans|suite|of|from|after|apres|\d)|$)/;
const DEATH_FIELD =
  / (?:date of death|date de deces|time of death|heure du deces|constat de deces|certificat de deces|death certificate|deces constate|deces constatee|(?:patient|pt|patiente) (?:is |est |was )?(?:deceased|decede|decedee)|(?:patient|pt|patiente) passed away) /;

/** Whether one sentence says the patient died. */
export function saysPatientDied(sentence: string): boolean {
  const folded = normaliseText(sentence);
  return DIED_FIRST.test(folded.trim()) || DEATH_FIELD.test(folded);
}

// A record the EHR withdrew or disproved says nothing.
const WITHDRAWN: ReadonlySet<string> = new Set(['entered-in-error', 'refuted']);

/** Whether a concept holds ICD-10-CM or ICD-10 R99, whatever URI alias names the system. */
function icdDeathCode(concept: ReadConcept, canonical: (uri: string) => string): boolean {
  return concept.codings.some(
    (c) =>
      c.code !== undefined &&
      c.system !== undefined &&
      ICD_SYSTEMS.has(canonical(c.system)) &&
      ICD_DEATH.has(c.code.replace(/[\s.]/g, '').toUpperCase()),
  );
}

/** Whether an Observation gives a date of death: LOINC 81956-5 with any value, not withdrawn. */
function deathDateObservation(o: Record<string, unknown>): boolean {
  if (typeof o.status === 'string' && OBSERVATION_VOID.has(o.status)) return false;
  if (!hasCode(readConcept(o.code), LOINC, DEATH_DATE_LOINC)) return false;
  return Object.keys(o).some((k) => k.startsWith('value') && o[k] !== undefined && o[k] !== null);
}

/**
 * A label of the first record, other than the Patient, that says the patient died; undefined when
 * none does. `canonical` gives a code system's canonical URI (ValueSetIndex.canonical), so that
 * CIM-10's URIs read as ICD-10's.
 */
export function deathRecordedElsewhere(
  record: PatientRecord,
  canonical: (uri: string) => string = (uri) => uri,
): string | undefined {
  for (const raw of untrustedResources(record, 'Condition')) {
    const c = asObject(raw);
    if (!c || readConcept(c.verificationStatus).codings.some((x) => x.code && WITHDRAWN.has(x.code))) continue;
    const code = readConcept(c.code);
    const words = [...conceptWords(code), ...annotationTexts(c.note)].flatMap(sentencesOf);
    if (hasCode(code, SNOMED, DEATH_CODES) || icdDeathCode(code, canonical) || words.some(saysPatientDied))
      return resourceLabel(c, 'Condition');
  }
  for (const raw of untrustedResources(record, 'Observation')) {
    const o = asObject(raw);
    if (o && deathDateObservation(o)) return resourceLabel(o, 'Observation');
  }
  for (const raw of untrustedResources(record, 'Encounter')) {
    const e = asObject(raw);
    const disposition = readConcept(asObject(e?.hospitalization)?.dischargeDisposition);
    if (!e || (typeof e.status === 'string' && ENCOUNTER_VOID.has(e.status))) continue;
    if (
      hasCode(disposition, DISCHARGE_DISPOSITION, EXPIRED) ||
      hasCode(disposition, V2_DISPOSITION, V2_EXPIRED) ||
      conceptWords(disposition).some(saysPatientDied)
    )
      return resourceLabel(e, 'Encounter');
  }
  return undefined;
}
