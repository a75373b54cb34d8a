import type { Coding } from 'fhir/r4.js';
import { factScope } from '../../facts/fact-scope.js';
import type { RuleFacts } from '../../facts/rule-facts.js';
import type { RuleSet } from '../../rules/rule-set.js';
import type { Blocker, TrialCatalogue, TrialOutcome } from '../../rules/trial-catalogue.js';
import type { ValueSetIndex } from '../../rules/value-sets.js';
import { gateExplanation, recordGateOpen } from '../record-gate.js';
import type { CdsService, EvaluationInput, Explanation, ExplanationLine, ProposedCard } from '../service.js';
import { reasonPlain } from './checklist.js';
import { priorReferrals } from './prior-referrals.js';
import { reportCriterion } from './criterion-report.js';
import { eligibilityQuestionnaire } from '../eligibility-questionnaire.js';
import { trialReferralDefinition } from './definition.js';
import { buildTrialCard } from './trial-card.js';
import { trialTexts } from './trial-texts.js';
import type { CardMessages } from '../message-keys.js';
import { buildChecklist, type TrialChecklist } from '../eligibility-checklist.js';
import type { TrialScreening } from '../trial-screening.js';

/** What the trial-referral service is built from, all loaded at start-up. */
export interface TrialServiceDeps {
  readonly catalogue: TrialCatalogue;
  /** The rule every service applies first: a living patient's current record. */
  readonly gate: RuleSet;
  readonly valueSets: ValueSetIndex;
  readonly overrideReasons: readonly Coding[];
  /** The cards' words in the configured locale. */
  readonly messages: CardMessages;
  /** The eligibility-checklist SMART app's launch URL, linked from each card. */
  readonly eligibilityAppUrl?: string;
}

function blockerText(b: Blocker): string {
  switch (b.kind) {
    case 'not-recruiting':
      return `registry status is ${b.status}, and no recent site confirmation says the site recruits`;
    case 'registry-closed':
      return `registry status is ${b.status}`;
    case 'site-not-recruiting':
      return `the site said on ${b.confirmedOn} that it does not recruit`;
    case 'already-referred':
      return `already on file: ${b.records.join(', ')}`;
    case 'key-not-met':
      return `key criterion ${b.criterionId} is ${b.unknown ? 'unknown' : 'not met'}`;
    case 'inclusion-not-met':
      return `inclusion ${b.criterionId} is not met`;
    case 'exclusion-met':
      return `exclusion ${b.criterionId} is met`;
  }
}

const RECRUITMENT_BLOCKERS: ReadonlySet<Blocker['kind']> = new Set([
  'not-recruiting',
  'registry-closed',
  'site-not-recruiting',
]);

/** What screening reads of one trial's outcome: the card's decision, and why it is close when it is not. */
function screeningOf(o: TrialOutcome, gateOpen: boolean, checklist: () => TrialChecklist): TrialScreening {
  const keyUnknown = o.criteria.filter((c) => c.criterion.key === true && c.status === 'unknown');
  // A possible candidate: only unknown key criteria stand between the patient and the card.
  const close = gateOpen && o.blockers.length > 0 && o.blockers.every((b) => b.kind === 'key-not-met');
  const missingKeys = close && keyUnknown.length === o.blockers.length ? keyUnknown.map((c) => c.criterion.id) : [];
  return {
    trialId: o.trial.id,
    candidate: gateOpen && o.fires,
    missingKeys,
    gateClosed: !gateOpen,
    recruiting: !o.blockers.some((b) => RECRUITMENT_BLOCKERS.has(b.kind)),
    alreadyReferred: o.blockers.some((b) => b.kind === 'already-referred'),
    criteria: o.criteria.map((c) => ({
      id: c.criterion.id,
      type: c.criterion.type,
      key: c.criterion.key === true,
      status: c.status,
    })),
    checklist,
  };
}

function sectionTitle(o: TrialOutcome): string {
  const verdict = o.fires ? 'fires' : `does not fire (${o.blockers.map(blockerText).join('; ')})`;
  const recruitment =
    o.recruitment.status === 'not-recruiting' ? '' : `; recruitment ${o.recruitment.status}: ${o.recruitment.reason}`;
  const prior = o.priorReferral?.unknown ? `; earlier referral not checked (${o.priorReferral.unknown})` : '';
  return `Trial ${o.trial.id} (${o.trial.shortTitle}): ${verdict}; ${o.met} met, ${o.unknown} to confirm${recruitment}${prior}`;
}

function explainTrial(o: TrialOutcome, facts: RuleFacts): ExplanationLine[] {
  return o.criteria.map((c) => {
    const report = reportCriterion(c, facts);
    const { id, type, key } = c.criterion;
    return {
      id,
      text: `${type}${key ? ' (key)' : ''}: ${report.label}`,
      status: c.status,
      reason: reasonPlain(report),
    };
  });
}

/**
 * The trial-referral CDS service (docs/clinical-rules.md, "Trial referral card"): one card per matching trial of the
 * catalogue, best match first. The facts are the request's, computed once and shared by all trials.
 */
export function createTrialReferralService(deps: TrialServiceDeps): CdsService<'trialReferrals', never> {
  const definition = trialReferralDefinition(deps.valueSets, deps.catalogue, deps.messages);
  const texts = trialTexts(deps.catalogue.trials, deps.messages);
  return {
    definition,
    // Trial cards report only their criteria's facts, through the rules' names.
    // (and the earlier referrals and ResearchSubjects, which the service applies to each trial).
    factScope: factScope(['trialReferrals'], [...deps.gate.factNames, ...deps.catalogue.factNames]),
    evaluate(input: EvaluationInput<'trialReferrals', never>): Promise<ProposedCard[]> {
      const facts = input.facts.rule;
      if (!recordGateOpen(deps.gate, facts)) return Promise.resolve([]);
      const prior = priorReferrals(input.facts.trialReferrals);
      const cards = deps.catalogue.matches(facts, input.now, prior).map((o): ProposedCard => ({
        key: `trial:${o.trial.id}`,
        kind: 'trial-referral',
        trialId: o.trial.id,
        matchedRules: o.criteria.filter((c) => c.status === 'met').map((c) => c.criterion.id),
        card: buildTrialCard(o, facts, {
          patientId: input.patientId,
          now: input.now,
          overrideReasons: deps.overrideReasons,
          messages: deps.messages,
          texts: texts.get(o.trial.id)!,
          ...(deps.eligibilityAppUrl ? { eligibilityAppUrl: deps.eligibilityAppUrl } : {}),
        }),
      }));
      return Promise.resolve(cards);
    },
    checklist(input: EvaluationInput<'trialReferrals', never>, trialId: string): Promise<TrialChecklist | undefined> {
      const facts = input.facts.rule;
      const prior = priorReferrals(input.facts.trialReferrals);
      const outcome = deps.catalogue.evaluateAll(facts, input.now, prior).find((o) => o.trial.id === trialId);
      if (!outcome) return Promise.resolve(undefined);
      const options = {
        patientId: input.patientId,
        now: input.now,
        messages: deps.messages,
        texts: texts.get(trialId)!,
      };
      return Promise.resolve(buildChecklist(outcome, facts, options));
    },
    trialIds: deps.catalogue.trials.map((t) => t.trial.id),
    screen(input: EvaluationInput<'trialReferrals', never>): TrialScreening[] {
      const facts = input.facts.rule;
      const gateOpen = recordGateOpen(deps.gate, facts);
      const prior = priorReferrals(input.facts.trialReferrals);
      return deps.catalogue.evaluateAll(facts, input.now, prior).map((o) =>
        screeningOf(o, gateOpen, () =>
          buildChecklist(o, facts, {
            patientId: input.patientId,
            now: input.now,
            messages: deps.messages,
            texts: texts.get(o.trial.id)!,
          }),
        ),
      );
    },
    questionnaire(trialId: string, url: string) {
      const compiled = deps.catalogue.trials.find((t) => t.trial.id === trialId);
      return compiled ? eligibilityQuestionnaire(compiled, texts.get(trialId)!, deps.messages, url) : undefined;
    },
    explain(input: EvaluationInput<'trialReferrals', never>): Promise<Explanation> {
      const facts = input.facts.rule;
      const prior = priorReferrals(input.facts.trialReferrals);
      const sections = deps.catalogue.evaluateAll(facts, input.now, prior).map((o) => ({
        title: sectionTitle(o),
        fires: o.fires,
        lines: explainTrial(o, facts),
      }));
      return Promise.resolve({ serviceId: definition.id, sections: [gateExplanation(deps.gate, facts), ...sections] });
    },
  };
}
