import { studyContactText } from '../rules/trial-recruitment.js';
import type { ServiceRequest } from 'fhir/r4.js';
import type { RuleFacts } from '../facts/rule-facts.js';
import type { TriStatus } from '../rules/condition-evaluator.js';
import type { TrialOutcome } from '../rules/trial-catalogue.js';
import type { CriterionStatus } from '../rules/trial-criterion.js';
import type { CardMessages } from './message-keys.js';
import { draftReferral } from './referral-request.js';
import { reportCriterion, type CriterionReport, type FactFinding } from './trial-referral/criterion-report.js';
import { findingValue, unknownWhy } from './trial-referral/finding-text.js';
import type { TrialTexts } from './trial-referral/trial-texts.js';

/** The identifier system a referral names its trial under (the card's referral uses the same). */
export const CHECKLIST_TRIAL_SYSTEM = 'https://clinicaltrials.gov';

/** One resource behind a finding: what it is and when, with its reference for the referral. */
export interface ChecklistSource {
  /** `Type/id`, for `reasonReference`; never shown as the evidence text. */
  readonly reference: string;
  /** The clinically relevant day (YYYY-MM-DD), when the resource has one. */
  readonly date?: string;
  readonly display?: string;
  /** Read from free text rather than a code: the clinician checks it in the record. */
  readonly fromText: boolean;
}

/** What one fact said about a criterion. */
export interface ChecklistEvidence {
  /** The leaf's name in the catalogue ("HbA1c", "Type 2 diabetes"). */
  readonly name: string;
  readonly status: TriStatus;
  /** The value with its unit and newest date, "8.2 % (2026-11-02)"; absent for a yes/no finding with no date. */
  readonly text?: string;
  /** Why the fact is unknown, when it is. */
  readonly unknownReason?: string;
  readonly note?: string;
  readonly sources: readonly ChecklistSource[];
}

/** One criterion of the checklist, as the eligibility app shows it. */
export interface ChecklistItem {
  readonly id: string;
  readonly type: 'inclusion' | 'exclusion';
  /** A criterion that defines the population the trial looks for. */
  readonly key: boolean;
  /** The criterion in the configured language. */
  readonly label: string;
  /** The registry's wording, verbatim. */
  readonly registryText: string;
  readonly status: CriterionStatus;
  /** True when the clinician must answer it (status unknown). */
  readonly toConfirm: boolean;
  /** What to confirm by hand, when the catalogue says (manual criteria, whenNotMet / whenMet). */
  readonly confirm?: string;
  /** Why the data could not answer, in a few words ("no data on file", "the latest value … is too old"). */
  readonly why?: string;
  readonly evidence: readonly ChecklistEvidence[];
}

/** A trial's whole checklist for one patient: what the eligibility app shows and the referral carries. */
export interface TrialChecklist {
  readonly trial: {
    readonly id: string;
    readonly title: string;
    readonly shortTitle: string;
    readonly sponsor: string;
    readonly registryUrl: string;
    /** Whom to contact: the site's contact, else the registry's. */
    readonly contact?: string;
  };
  /** Whether the trial card fires for the patient. */
  readonly fires: boolean;
  /** `registry`, `confirmed`, `unconfirmed` or `not-recruiting` (rules/trial-recruitment.ts). */
  readonly recruitment: string;
  readonly counts: {
    readonly met: number;
    readonly notMet: number;
    readonly toConfirm: number;
    readonly notApplicable: number;
  };
  /** Every criterion, in catalogue order. */
  readonly criteria: readonly ChecklistItem[];
  /**
   * The referral to the study team as the card drafts it (status draft, intent proposal,
   * identified by the trial id), before the clinician's answers are added.
   */
  readonly referral: ServiceRequest;
}

/** What building a checklist needs beyond the outcome. */
export interface ChecklistOptions {
  readonly patientId: string;
  readonly now: Date;
  readonly messages: CardMessages;
  readonly texts: TrialTexts;
}

function sourceOf(e: FactFinding['evidence'][number]): ChecklistSource {
  return {
    reference: `${e.resourceType}/${e.id}`,
    ...(e.date ? { date: e.date.slice(0, 10) } : {}),
    ...(e.display ? { display: e.display } : {}),
    fromText: e.confidence === 'low',
  };
}

function evidenceOf(m: CardMessages, f: FactFinding): ChecklistEvidence {
  const text = f.status === 'unknown' ? undefined : findingValue(m, f);
  const sources = [...new Map(f.evidence.map((e) => [`${e.resourceType}/${e.id}`, sourceOf(e)])).values()];
  return {
    name: f.name,
    status: f.status,
    ...(text ? { text } : {}),
    ...(f.unknownReason ? { unknownReason: f.unknownReason } : {}),
    ...(f.note ? { note: f.note } : {}),
    sources: sources.filter((s) => !s.reference.startsWith('Patient/') || sources.length === 1),
  };
}

function itemOf(m: CardMessages, r: CriterionReport): ChecklistItem {
  const c = r.outcome.criterion;
  const toConfirm = r.outcome.status === 'unknown';
  const why = toConfirm && !r.confirm ? unknownWhy(m, r) : undefined;
  return {
    id: c.id,
    type: c.type,
    key: c.key === true,
    label: r.label,
    registryText: c.text,
    status: r.outcome.status,
    toConfirm,
    ...(r.confirm ? { confirm: r.confirm } : {}),
    ...(why ? { why } : {}),
    evidence: r.findings.map((f) => evidenceOf(m, f)),
  };
}

/**
 * The whole eligibility checklist of one trial for one patient, from the same outcome and
 * facts as the trial card: every criterion with its status, evidence and dates, in the
 * configured language, and the referral the card drafts.
 */
export function buildChecklist(outcome: TrialOutcome, facts: RuleFacts, options: ChecklistOptions): TrialChecklist {
  const { trial } = outcome;
  const m = options.messages;
  const reports = outcome.criteria.map((o) => reportCriterion(o, facts, options.texts));
  const criteria = reports.map((r) => itemOf(m, r));
  const count = (status: CriterionStatus) => criteria.filter((c) => c.status === status).length;
  const contact = studyContactText(trial);
  const metReferences = [
    ...new Set(
      criteria
        .filter((c) => c.status === 'met')
        .flatMap((c) => c.evidence.flatMap((e) => e.sources.map((s) => s.reference)))
        .filter((ref) => !ref.startsWith('Patient/')),
    ),
  ];
  const unconfirmed = outcome.recruitment.status === 'unconfirmed';
  const referral = draftReferral({
    patientId: options.patientId,
    what: m.t(unconfirmed ? 'trial.contactWhat' : 'trial.referralWhat', { id: trial.id }),
    reasonReferences: metReferences,
    note: m.t('trial.noteIntro', { id: trial.id, title: options.texts.title, sponsor: trial.sponsor }),
    identifier: { system: CHECKLIST_TRIAL_SYSTEM, value: trial.id },
    authoredOn: options.now,
  });
  return {
    trial: {
      id: trial.id,
      title: options.texts.title,
      shortTitle: options.texts.shortTitle,
      sponsor: trial.sponsor,
      registryUrl: trial.registry.url,
      ...(contact ? { contact } : {}),
    },
    fires: outcome.fires,
    recruitment: outcome.recruitment.status,
    counts: {
      met: count('met'),
      notMet: count('not-met'),
      toConfirm: count('unknown'),
      notApplicable: count('not-applicable'),
    },
    criteria,
    referral,
  };
}
