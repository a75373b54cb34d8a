import { randomUUID } from 'node:crypto';
import type { Coding } from 'fhir/r4.js';
import type { RuleFacts } from '../../facts/rule-facts.js';
import type { TrialOutcome } from '../../rules/trial-catalogue.js';
import { staleDateWarning } from '../../rules/trial-dates.js';
import { trialSummary, type Trial } from '../../rules/trial-schema.js';
import type { Card } from '../card-schema.js';
import { draftReferral } from '../referral-request.js';
import { catalogueMarkdown, checklistLine } from './checklist.js';
import { reportCriterion, reportEvidence, type CriterionReport } from './criterion-report.js';

/** The identifier system the referral carries the trial id under. */
export const TRIAL_ID_SYSTEM = 'https://clinicaltrials.gov';

/** The public registry page of a trial. */
export function registryPage(id: string): string {
  return `https://clinicaltrials.gov/study/${id}`;
}

/** What the card builder needs beyond the outcome. */
export interface TrialCardOptions {
  readonly patientId: string;
  readonly now: Date;
  readonly overrideReasons: readonly Coding[];
}

function contactText(trial: Trial): string {
  const { name, phone, email } = trial.contact;
  return [name, phone, email].filter((s): s is string => s !== undefined).join(', ');
}

function section(title: string, reports: readonly CriterionReport[]): string | undefined {
  if (reports.length === 0) return undefined;
  return `**${title} (${reports.length})**\n${reports.map(checklistLine).join('\n')}`;
}

/** The draft referral's note: plain text for the study team and the referring clinician. */
function referralNote(
  trial: Trial,
  met: readonly CriterionReport[],
  toConfirm: readonly CriterionReport[],
  warning?: string,
): string {
  const lines = [
    `Possible eligibility for clinical trial ${trial.id} (${trial.title}), sponsor ${trial.sponsor}.`,
    `Criteria met: ${met.map((r) => r.label).join('; ') || 'none'}.`,
    `To confirm: ${toConfirm.map((r) => r.label).join('; ') || 'nothing'}.`,
    ...(warning ? [warning] : []),
    `Study contact: ${contactText(trial)}. Registry: ${registryPage(trial.id)}`,
  ];
  return lines.join('\n');
}

/**
 * The trial-referral card (docs/clinical-rules.md, "Trial referral card"): a checklist of the criteria met with their
 * evidence, the exclusions the record rules out, and what is left to confirm; the stale-date
 * warning when the registry's completion date has passed; the study contact; and one
 * suggestion drafting a referral to the study team.
 */
export function buildTrialCard(outcome: TrialOutcome, facts: RuleFacts, options: TrialCardOptions): Card {
  const { trial } = outcome;
  const reports = outcome.criteria.map((o) => reportCriterion(o, facts));
  const met = reports.filter((r) => r.outcome.status === 'met');
  const ruledOut = reports.filter((r) => r.outcome.status === 'not-met' && r.outcome.criterion.type === 'exclusion');
  const toConfirm = reports.filter((r) => r.outcome.status === 'unknown');
  const warning = outcome.completionPassed ? staleDateWarning(outcome.completionPassed) : undefined;

  const detail = [
    `**${catalogueMarkdown(trial.title)}**\n${catalogueMarkdown(trial.sponsor)}; site: ${catalogueMarkdown(trial.site)}.`,
    ...(warning ? [`**${warning}**`] : []),
    section('Criteria met', met),
    section('Exclusion criteria not found in the record', ruledOut),
    section('To confirm', toConfirm),
    `**Study contact:** ${catalogueMarkdown(contactText(trial))}`,
  ]
    .filter((s): s is string => s !== undefined)
    .join('\n\n');

  const referral = draftReferral({
    patientId: options.patientId,
    what: `Referral to the study team of clinical trial ${trial.id} for eligibility screening`,
    reasonReferences: reportEvidence(met)
      .filter((e) => e.resourceType !== 'Patient')
      .map((e) => `${e.resourceType}/${e.id}`),
    note: referralNote(trial, met, toConfirm, warning),
    identifier: { system: TRIAL_ID_SYSTEM, value: trial.id },
    authoredOn: options.now,
  });

  const page = registryPage(trial.id);
  const links: NonNullable<Card['links']> = [
    { label: `${trial.id} on ClinicalTrials.gov`, url: page, type: 'absolute' },
  ];
  if (trial.registry.url !== page)
    links.push({ label: `${trial.id} registry record`, url: trial.registry.url, type: 'absolute' });

  return {
    uuid: randomUUID(),
    summary: trialSummary(trial),
    indicator: 'info',
    detail,
    source: { label: `ClinicalTrials.gov ${trial.id}`, url: page },
    suggestions: [
      {
        label: `Refer to the ${trial.id} study team`,
        uuid: randomUUID(),
        actions: [
          {
            type: 'create',
            description: `Draft a referral to the study team of ${trial.id} for eligibility screening`,
            resource: { ...referral },
          },
        ],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: options.overrideReasons
      .filter((r) => r.system && r.code && r.display)
      .map((r) => ({ system: r.system!, code: r.code!, display: r.display! })),
    links,
  };
}
