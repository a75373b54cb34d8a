import { foldAccents } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import { asList, asObject, asString } from './json-value.js';

/*
 * Whether an order or a statement is about a hospital stay rather than the treatment at home. Three
 * readers ask it: the standing of an order (a stay's insulin is not shown to be the regimen at
 * home), the stops a statement records (a stay's insulin stopped at discharge stops nothing at
 * home), and the ended insulin that dates a diabetes (a stay's insulin may have covered stress
 * hyperglycaemia). One answer keeps the three from drifting apart.
 */

// The R4 systems of MedicationRequest.category and MedicationStatement.category, and STU3's
// (http://hl7.org/fhir/STU3/codesystem-medication-request-category.html), which EHRs still send.
const CATEGORY_SYSTEMS = new Set([
  'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
  'http://hl7.org/fhir/medication-request-category',
  'http://terminology.hl7.org/CodeSystem/medication-statement-category',
]);

// A category written in words ("Inpatient", "Hospitalisation", "Intrahospitalier").
const INPATIENT_WORDS =
  /\b(?:inpatient|in-patient|hospitali[sz]ation|hospitalier|hospitaliere|intra-?hospitalier|intra-?hospitaliere|sejour)\b/i;

// An order whose dosing text or note limits it to the stay ("inpatient only", "hospital use only",
// "pendant l'hospitalisation uniquement", "pour la durée du séjour"), whatever its category says.
// A stay named without such a limit is often a home drug carried on ("continue during hospital
// stay", "poursuivi pendant l'hospitalisation") or another stay altogether ("pendant son séjour
// en Espagne"): no limit.
const DURING_STAY =
  /\b(?:(?:inpatient|in-hospital|hospital) use only|for inpatient use|inpatient only|only (?:while|during) (?:an? )?(?:inpatient|admission|(?:the |this )?(?:hospital stay|admission|hospitali[sz]ation))|(?:while|during) (?:(?:the |this )?(?:inpatient stay|hospital stay|admission|hospitali[sz]ation)) only|(?:pendant|durant|au cours de) (?:l'|l’|le |la |cette )?(?:hospitalisation|sejour) (?:uniquement|seulement)|uniquement (?:pendant|durant|au cours de) (?:l'|l’|le |la |cette )?(?:hospitalisation|sejour)|pour la duree (?:du sejour|de l'hospitalisation|de l’hospitalisation))\b/i;

// A stay named as the time of a pause ("suspendue pendant l'hospitalisation puis reprise", "held
// during admission, resumed at discharge") says when the order stopped, not that it is the stay's.
const PAUSE_OR_RESUME =
  /\b(?:suspend\w*|arret\w*|hold|held|stopp\w*|interromp\w*|pause\w*|repris\w*|resum\w*|restart\w*)\b/i;

// An order that ends when the stay does ("Discontinue at discharge", "à arrêter à la sortie",
// "jusqu'à la sortie"): the stay's, whatever pause words it holds.
const ENDS_AT_DISCHARGE =
  /\b(?:(?:discontinue|d\/c|dc|stop|arreter|arret)\s+(?:at|upon|on|a la|a)\s+(?:hospital\s+)?(?:discharge|sortie)|jusqu'?\s?a la sortie|jusqu’a la sortie)\b/i;

/** Whether the dosing text or a note limits the order or statement to the stay. */
function limitedToStay(r: Record<string, unknown>): boolean {
  const texts = [
    ...(asList(r.dosageInstruction ?? r.dosage) ?? []).map((d) => asString(asObject(d)?.text)),
    ...(asList(r.note) ?? []).map((n) => asString(asObject(n)?.text)),
  ];
  return texts.some(
    (t) =>
      t !== undefined &&
      foldAccents(t)
        .split(/[.;!?\n]/)
        .some(
          (sentence) =>
            ENDS_AT_DISCHARGE.test(sentence) || (DURING_STAY.test(sentence) && !PAUSE_OR_RESUME.test(sentence)),
        ),
  );
}

/** Whether a category names the stay, by its code or in words. */
function inpatientCategory(category: unknown): boolean {
  const concept = asObject(category);
  // "IP", the whole category as some EHRs abbreviate it, is inpatient too.
  const inWords = (t: string | undefined) =>
    t !== undefined && (INPATIENT_WORDS.test(foldAccents(t)) || t.trim() === 'IP');
  if (inWords(asString(concept?.text))) return true;
  return (asList(concept?.coding) ?? []).some((coding) => {
    const o = asObject(coding);
    const system = asString(o?.system);
    // A local category whose display says inpatient is read by its words.
    if (inWords(asString(o?.display))) return true;
    const code = asString(o?.code);
    if (code === 'IP' && (system === undefined || !CATEGORY_SYSTEMS.has(system))) return true;
    return code?.toLowerCase() === 'inpatient' && (system === undefined || CATEGORY_SYSTEMS.has(system));
  });
}

/**
 * Whether an order or statement is for the hospital stay: its category `inpatient` (by code or in
 * words), or dosing text or a note that limits it to the stay.
 */
export function forTheStay(r: Record<string, unknown>): boolean {
  return limitedToStay(r) || (asList(r.category) ?? [r.category]).some(inpatientCategory);
}

/** Whether an order is a short course (courseOfTherapyType `acute`, as EHRs mark the orders of a stay). */
export function shortCourse(r: Record<string, unknown>): boolean {
  return readConcept(r.courseOfTherapyType).codings.some((c) => c.code?.trim() === 'acute');
}
