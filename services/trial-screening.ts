import type { CriterionStatus } from '../rules/trial-criterion.js';
import type { TrialChecklist } from './eligibility-checklist.js';

/** One criterion's status for one patient, as population screening counts it. */
export interface ScreenedCriterion {
  readonly id: string;
  readonly type: 'inclusion' | 'exclusion';
  readonly key: boolean;
  readonly status: CriterionStatus;
}

/**
 * How one trial came out for one patient, for population screening (screening/): the same
 * decision as the trial card, from the same facts, so that the card and the coordinator's list
 * never disagree.
 */
export interface TrialScreening {
  readonly trialId: string;
  /** The trial card would fire: the record gate is open and the trial's firing policy holds. */
  readonly candidate: boolean;
  /**
   * Not a candidate only because key criteria are unknown: the gate is open, the trial recruits,
   * nothing on file refers the patient already, no criterion is not met. Empty otherwise.
   */
  readonly missingKeys: readonly string[];
  /** Why the card does not fire when the record gate is closed (a deceased patient, a merged record). */
  readonly gateClosed: boolean;
  /** The trial recruits (on the registry's word, or the site's), or may: its card can fire. */
  readonly recruiting: boolean;
  /** The record already shows a referral or a ResearchSubject for the trial. */
  readonly alreadyReferred: boolean;
  /** Every criterion, in catalogue order. */
  readonly criteria: readonly ScreenedCriterion[];
  /** The whole checklist with evidence and dates, built only when asked (candidates). */
  checklist(): TrialChecklist;
}
