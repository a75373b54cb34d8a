import { hasCode, readConcept } from './coding.js';

/**
 * Whether a record counts, must be ignored, might count (its status cannot be read), or is
 * marked ended (inactive, resolved, in remission: ignored, except for a lifelong condition).
 */
export type Standing = 'counts' | 'ignored' | 'uncertain' | 'ended';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
// docs/clinical-rules.md, "Conditions": only these clinical statuses are active.
const ACTIVE = new Set(['active', 'recurrence', 'relapse']);
const NOT_ACTIVE = new Set(['inactive', 'remission', 'resolved']);
// Entered-in-error and refuted never count (docs/clinical-rules.md, "Conditions").
const NEVER = new Set(['entered-in-error', 'refuted']);
// A diagnosis not yet confirmed (unconfirmed, provisional, differential) may be the right one or
// not: it neither makes a finding present nor lets it be absent.
/** Encounter statuses of a stay withdrawn or that never took place: such an Encounter says nothing. */
export const ENCOUNTER_VOID: ReadonlySet<string> = new Set(['entered-in-error', 'cancelled']);

const TENTATIVE = new Set(['unconfirmed', 'provisional', 'differential']);
const ABATEMENT = ['abatementDateTime', 'abatementAge', 'abatementPeriod', 'abatementRange', 'abatementString'];

/** The data-quality line for a Condition whose standing is uncertain, when that is a defect. */
export function conditionProblem(condition: Record<string, unknown>): string | undefined {
  if (hasCode(readConcept(condition.verificationStatus), VERIFICATION, TENTATIVE)) return undefined;
  const clinical = readConcept(condition.clinicalStatus);
  if (hasCode(clinical, CLINICAL, ACTIVE)) return 'active with an abatement, or unreadable verificationStatus';
  return 'no readable clinicalStatus';
}

/** Whether a Condition's diagnosis is refuted (not entered in error: the record was about the patient). */
export function conditionRefuted(condition: Record<string, unknown>): boolean {
  return hasCode(readConcept(condition.verificationStatus), VERIFICATION, new Set(['refuted']));
}

/** Whether a Condition's diagnosis is only tentative (unconfirmed, provisional, differential). */
export function conditionTentative(condition: Record<string, unknown>): boolean {
  return hasCode(readConcept(condition.verificationStatus), VERIFICATION, TENTATIVE);
}

/**
 * The standing of a Condition. A missing clinicalStatus is `uncertain`, not counted and not
 * ignored: only explicit active statuses count (docs/clinical-rules.md), but FHIR (con-3) requires the status
 * on any non-erroneous problem-list entry, so its absence is a data defect. Ignoring it could turn
 * a real type 1 diabetes into "no type 1 diabetes" and fire a card, so it only makes absence unknown.
 */
export function conditionStanding(condition: Record<string, unknown>): Standing {
  const verification = readConcept(condition.verificationStatus);
  if (hasCode(verification, VERIFICATION, NEVER)) return 'ignored';
  const clinical = readConcept(condition.clinicalStatus);
  if (hasCode(clinical, CLINICAL, ACTIVE)) {
    if (verification.malformed || hasCode(verification, VERIFICATION, TENTATIVE)) return 'uncertain';
    // "Active" beside an abatement contradicts itself (FHIR con-4): it may have resolved.
    if (ABATEMENT.some((k) => condition[k] !== undefined && condition[k] !== null)) return 'uncertain';
    return 'counts';
  }
  if (hasCode(clinical, CLINICAL, NOT_ACTIVE)) return 'ended';
  return 'uncertain';
}

// FHIR R4 EventStatus; the same reading: completed or in-progress counts, a procedure
// entered in error or not done never does. Planned, paused, stopped or unknown ones might matter
// (e.g. "bariatric surgery, past or planned"), so they leave the finding unknown rather than false.
const PROCEDURE_COUNTS = new Set(['completed', 'in-progress']);
const PROCEDURE_NEVER = new Set(['entered-in-error', 'not-done']);

/** The standing of a Procedure from its status. */
export function procedureStanding(procedure: Record<string, unknown>): Standing {
  const status = procedure.status;
  if (typeof status === 'string' && PROCEDURE_COUNTS.has(status)) return 'counts';
  if (typeof status === 'string' && PROCEDURE_NEVER.has(status)) return 'ignored';
  return 'uncertain';
}
