import type { ValueSetIndex } from '../rules/value-sets.js';

/** `system|code` tokens for every concept of the given value sets, comma-separated (FHIR OR). */
export function codeTokens(valueSets: ValueSetIndex, ids: readonly string[]): string {
  const tokens = new Set<string>();
  for (const id of ids) for (const c of valueSets.get(id).concepts) tokens.add(`${c.system}|${c.code}`);
  return [...tokens].join(',');
}

/**
 * Prefetch templates shared by the services. They keep to the spec's recommended subset
 * (token equality, `_sort`, `_count`, no repeated parameters;
 * https://cds-hooks.hl7.org/2.0/#prefetch-query-restrictions) with two exceptions: the
 * medication templates `_include` the Medication an order or statement references, as many EHRs
 * code drugs that way, and RESEARCH_SUBJECTS_TEMPLATE includes the study. An EHR may ignore
 * `_include`; the service then reads the Medications still missing from fhirServer in one
 * batched round.
 */
export const PATIENT_TEMPLATES = {
  patient: 'Patient/{{context.patientId}}',
  conditions: 'Condition?patient={{context.patientId}}',
  medicationRequests:
    'MedicationRequest?patient={{context.patientId}}&status=active&_include=MedicationRequest:medication',
  // Statements are the reconciliation's word on what is taken: one that says a drug was stopped or
  // not taken contradicts an order left active, and a completed one dates a finished course (a
  // glucocorticoid burst), so those are asked for too. Orders stay active only: an order history
  // is long, and a completed or stopped order shows nothing the statements do not.
  medicationStatements:
    'MedicationStatement?patient={{context.patientId}}&status=active,on-hold,completed,stopped,not-taken,unknown&_include=MedicationStatement:medication',
} as const;

/**
 * The patient's reports, newest first: an HbA1c or eGFR a lab sends only inside its report, and
 * the conclusions of abdominal ultrasounds. The page holds the newest; older ones are not needed.
 */
export const REPORTS_TEMPLATE = 'DiagnosticReport?patient={{context.patientId}}&_sort=-date&_count=50';

/** The patient's procedures (a pump insertion, bariatric surgery). */
export const PROCEDURES_TEMPLATE = 'Procedure?patient={{context.patientId}}';

/**
 * The patient's referrals and other requests that may already be under way or done
 * (docs/clinical-rules.md, "No repeat of what is already done"): drafts, revoked and
 * entered-in-error requests never count, so they are not asked for; `unknown` is, as such a
 * request cannot be ruled out.
 */
export const SERVICE_REQUESTS_TEMPLATE =
  'ServiceRequest?patient={{context.patientId}}&status=active,on-hold,completed,unknown';

/**
 * The patient as a research subject, with the studies (a ResearchStudy names its ClinicalTrials.gov
 * id in `identifier`). An EHR that ignores `_include` leaves a study reference unresolved: unless
 * the reference itself names the trial, the trial card then says the earlier steps were not checked.
 */
export const RESEARCH_SUBJECTS_TEMPLATE =
  'ResearchSubject?patient={{context.patientId}}&_include=ResearchSubject:study';

/** The newest laboratory, social-history and imaging observations, whatever their code (fhir/observation-sweeps.ts). */
export { IMAGING_SWEEP, LABORATORY_SWEEP, SOCIAL_HISTORY_SWEEP } from '../fhir/observation-sweeps.js';

/** An Observation search for the codes of some value sets, newest first. */
export function observationTemplate(valueSets: ValueSetIndex, ids: readonly string[], count: number): string {
  return `Observation?patient={{context.patientId}}&code=${codeTokens(valueSets, ids)}&_sort=-date&_count=${count}`;
}
