import { studyContactText } from '../../rules/trial-recruitment.js';
import { randomUUID } from 'node:crypto';
import type { Coding } from 'fhir/r4.js';
import type { RuleFacts } from '../../facts/rule-facts.js';
import type { TrialOutcome } from '../../rules/trial-catalogue.js';
import type { Card } from '../card-schema.js';
import type { CardMessages } from '../message-keys.js';
import { itemsText, newestDay } from '../card-text.js';
import { draftReferral } from '../referral-request.js';
import { catalogueMarkdown } from './checklist.js';
import { reportCriterion, reportEvidence, type CriterionReport } from './criterion-report.js';
import { findingValue, unknownWhy } from './finding-text.js';
import type { TrialTexts } from './trial-texts.js';

/** The identifier system the referral carries the trial id under. */
export const TRIAL_ID_SYSTEM = 'https://clinicaltrials.gov';

/** Items to confirm the card lists; the rest are in the app and the referral. */
const MAX_TO_CONFIRM = 3;

/** The public registry page of a trial. */
export function registryPage(id: string): string {
  return `https://clinicaltrials.gov/study/${id}`;
}

/** What the card builder needs beyond the outcome. */
export interface TrialCardOptions {
  readonly patientId: string;
  readonly now: Date;
  readonly overrideReasons: readonly Coding[];
  readonly messages: CardMessages;
  readonly texts: TrialTexts;
  /** The eligibility-checklist SMART app's launch URL; the card links to it when set. */
  readonly eligibilityAppUrl?: string;
}

/**
 * The order items to confirm are listed in, most decisive first: key criteria; then what the
 * record could settle but does not (a missing or stale value: specific to this patient), before
 * what is always confirmed by hand (manual criteria, and those the record cannot rule out); inclusions before exclusions; catalogue order within.
 */
function decisiveness(r: CriterionReport): number {
  const c = r.outcome.criterion;
  if (c.key) return 0;
  return (r.confirm !== undefined ? 2 : 0) + (c.type === 'inclusion' ? 1 : 2);
}

/**
 * "HbA1c at least 6.5%: 8.2 % (2026-11-02)": a key criterion met, by its short label, with the
 * values that met it and when; a criterion met by a diagnosis alone shows its newest date. Each
 * value once.
 */
function whyItem(m: CardMessages, texts: TrialTexts, r: CriterionReport): string {
  const label = catalogueMarkdown(texts.shortLabel(r.outcome.criterion));
  const valued = r.findings.filter((f) => f.value !== undefined && typeof f.value !== 'boolean');
  const values = [...new Set(valued.map((f) => findingValue(m, f)).filter((v): v is string => v !== undefined))];
  if (values.length > 0) return m.t('common.labelled', { label, value: values.join(', ') });
  const day = newestDay(r.findings.flatMap((f) => f.evidence));
  return day ? `${label} (${m.date(day)})` : label;
}

/** "Eligible for FreeStyle Libre (no data on file)": an item to confirm, with why it is open. */
function toConfirmItem(m: CardMessages, r: CriterionReport): string {
  const why = r.confirm ? undefined : unknownWhy(m, r);
  return `- ${catalogueMarkdown(r.label)}${why ? ` (${why})` : ''}`;
}

/**
 * The status note (rules/trial-recruitment.ts): nothing while the registry vouches for
 * recruitment, the site's confirmation when that is what the card rests on, and "not confirmed"
 * once the registry's end date has passed (or its status is unknown) with no recent confirmation.
 */
function statusNote(m: CardMessages, outcome: TrialOutcome): string | undefined {
  const r = outcome.recruitment;
  if (r.status === 'confirmed') return m.t('trial.statusConfirmed', { date: m.date(r.confirmedOn) });
  if (r.status !== 'unconfirmed') return undefined;
  const ended = r.endDatePassed ? m.date(r.endDatePassed) : undefined;
  const confirmed = r.lastConfirmation ? m.date(r.lastConfirmation) : undefined;
  if (ended) {
    return confirmed
      ? m.t('trial.statusEnded', { date: ended, confirmed })
      : m.t('trial.statusEndedNever', { date: ended });
  }
  return confirmed ? m.t('trial.statusUnverified', { confirmed }) : m.t('trial.statusUnverifiedNever', {});
}

/** The draft referral's note: plain text for the study team, with the whole checklist. */
function referralNote(m: CardMessages, outcome: TrialOutcome, texts: TrialTexts, groups: Groups): string {
  const { trial } = outcome;
  const list = (reports: readonly CriterionReport[]) =>
    reports.length > 0
      ? itemsText(
          m,
          reports.map((r) => r.label),
        )
      : m.t('trial.noteNone');
  const contact = studyContactText(trial) ?? registryPage(trial.id);
  return [
    m.t('trial.noteIntro', { id: trial.id, title: texts.title, sponsor: trial.sponsor }),
    m.t('trial.noteMet', { items: list(groups.met) }),
    m.t('trial.noteRuledOut', { items: list(groups.ruledOut) }),
    m.t('trial.noteToConfirm', { items: list(groups.toConfirm) }),
    ...(groups.notApplicable.length > 0 ? [m.t('trial.noteNotApplicable', { items: list(groups.notApplicable) })] : []),
    m.t('trial.noteContact', { contact, url: registryPage(trial.id) }),
  ].join('\n');
}

interface Groups {
  readonly met: readonly CriterionReport[];
  readonly ruledOut: readonly CriterionReport[];
  readonly toConfirm: readonly CriterionReport[];
  readonly notApplicable: readonly CriterionReport[];
}

/**
 * The trial-referral card (docs/clinical-rules.md, "Trial referral card"), short enough to read
 * between two patients (at most 1,200 characters of detail): why (the key criteria met, each
 * with its values and dates), the counts, at most three items to confirm, the recruitment note
 * and the contact. The whole checklist lives in the eligibility app and in the referral.
 */
export function buildTrialCard(outcome: TrialOutcome, facts: RuleFacts, options: TrialCardOptions): Card {
  const { trial } = outcome;
  const m = options.messages;
  const { texts } = options;
  const reports = outcome.criteria.map((o) => reportCriterion(o, facts, texts));
  const groups: Groups = {
    met: reports.filter((r) => r.outcome.status === 'met'),
    ruledOut: reports.filter((r) => r.outcome.status === 'not-met' && r.outcome.criterion.type === 'exclusion'),
    toConfirm: reports.filter((r) => r.outcome.status === 'unknown').sort((a, b) => decisiveness(a) - decisiveness(b)),
    notApplicable: reports.filter((r) => r.outcome.status === 'not-applicable'),
  };
  const keyMet = groups.met.filter((r) => r.outcome.criterion.key);
  const shown = groups.toConfirm.slice(0, MAX_TO_CONFIRM);
  const note = statusNote(m, outcome);
  const contact = studyContactText(trial);

  const detail = [
    `**${catalogueMarkdown(texts.shortTitle)}** (${catalogueMarkdown(trial.sponsor)})`,
    m.t('trial.why', {
      items: itemsText(
        m,
        keyMet.map((r) => whyItem(m, texts, r)),
      ),
    }),
    m.t('trial.counts', {
      met: groups.met.length,
      ruledOut: groups.ruledOut.length,
      toConfirm: groups.toConfirm.length,
      notApplicable: groups.notApplicable.length,
    }),
    ...(shown.length > 0
      ? [
          `${
            shown.length < groups.toConfirm.length
              ? m.t('trial.toConfirmTitle', { shown: shown.length, total: groups.toConfirm.length })
              : m.t('trial.toConfirmAll')
          }\n${shown.map((r) => toConfirmItem(m, r)).join('\n')}`,
        ]
      : []),
    ...(options.eligibilityAppUrl ? [m.t('trial.moreInApp')] : []),
    ...(note ? [note] : []),
    // A referral the record cannot rule out does not block the card (docs/clinical-rules.md, "No repeat
    // of what is already done"); the clinician checks it before referring.
    ...(outcome.priorReferral?.unknown ? [m.t('trial.priorUnknown')] : []),
    contact ? m.t('trial.contact', { contact: catalogueMarkdown(contact) }) : m.t('trial.contactRegistry'),
  ].join('\n\n');

  const unconfirmed = outcome.recruitment.status === 'unconfirmed';
  const referral = draftReferral({
    patientId: options.patientId,
    what: m.t(unconfirmed ? 'trial.contactWhat' : 'trial.referralWhat', { id: trial.id }),
    reasonReferences: reportEvidence(groups.met)
      .filter((e) => e.resourceType !== 'Patient')
      .map((e) => `${e.resourceType}/${e.id}`),
    note: referralNote(m, outcome, texts, groups),
    identifier: { system: TRIAL_ID_SYSTEM, value: trial.id },
    authoredOn: options.now,
  });

  const page = registryPage(trial.id);
  const links: NonNullable<Card['links']> = [
    { label: m.t('trial.linkRegistry', { id: trial.id }), url: page, type: 'absolute' },
  ];
  if (trial.registry.url !== page) {
    links.push({ label: m.t('trial.linkRecord', { id: trial.id }), url: trial.registry.url, type: 'absolute' });
  }
  if (options.eligibilityAppUrl) {
    links.unshift({
      label: m.t('trial.linkApp', { id: trial.id }),
      url: options.eligibilityAppUrl,
      type: 'smart',
      appContext: JSON.stringify({ trialId: trial.id }),
    });
  }

  return {
    uuid: randomUUID(),
    summary: m.t(unconfirmed ? 'trial.summaryUnconfirmed' : 'trial.summary', { id: trial.id, title: texts.shortTitle }),
    indicator: 'info',
    detail,
    source: { label: m.t('trial.source', { id: trial.id }), url: page },
    suggestions: [
      {
        label: m.t(unconfirmed ? 'trial.suggestionContact' : 'trial.suggestion', { id: trial.id }),
        uuid: randomUUID(),
        actions: [
          {
            type: 'create',
            description: m.t(unconfirmed ? 'trial.actionContact' : 'trial.action', { id: trial.id }),
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
