import type { Coding } from 'fhir/r4.js';
import { factScope } from '../../facts/fact-scope.js';
import type { RuleFacts } from '../../facts/rule-facts.js';
import type { RuleSet } from '../../rules/rule-set.js';
import type { Blocker, TrialCatalogue, TrialOutcome } from '../../rules/trial-catalogue.js';
import type { ValueSetIndex } from '../../rules/value-sets.js';
import { gateExplanation, recordGateOpen } from '../record-gate.js';
import type { CdsService, EvaluationInput, Explanation, ExplanationLine, ProposedCard } from '../service.js';
import { reasonPlain } from './checklist.js';
import { reportCriterion } from './criterion-report.js';
import { trialReferralDefinition } from './definition.js';
import { buildTrialCard } from './trial-card.js';

/** What the trial-referral service is built from, all loaded at start-up. */
export interface TrialServiceDeps {
  readonly catalogue: TrialCatalogue;
  /** The rule every service applies first: a living patient's current record. */
  readonly gate: RuleSet;
  readonly valueSets: ValueSetIndex;
  readonly overrideReasons: readonly Coding[];
}

function blockerText(b: Blocker): string {
  switch (b.kind) {
    case 'not-recruiting':
      return `registry status is ${b.status}`;
    case 'key-not-met':
      return `key criterion ${b.criterionId} is not met`;
    case 'inclusion-not-met':
      return `inclusion ${b.criterionId} is not met`;
    case 'exclusion-met':
      return `exclusion ${b.criterionId} is met`;
  }
}

function sectionTitle(o: TrialOutcome): string {
  const verdict = o.fires ? 'fires' : `does not fire (${o.blockers.map(blockerText).join('; ')})`;
  const dates = o.completionPassed ? `; registry completion ${o.completionPassed.completion} has passed` : '';
  return `Trial ${o.trial.id} (${o.trial.shortTitle}): ${verdict}; ${o.met} met, ${o.unknown} to confirm${dates}`;
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
export function createTrialReferralService(deps: TrialServiceDeps): CdsService<never, never> {
  const definition = trialReferralDefinition(deps.valueSets, deps.catalogue);
  return {
    definition,
    // Trial cards report only their criteria's facts, through the rules' names.
    factScope: factScope<never>([], [...deps.gate.factNames, ...deps.catalogue.factNames]),
    evaluate(input: EvaluationInput<never, never>): Promise<ProposedCard[]> {
      const facts = input.facts.rule;
      if (!recordGateOpen(deps.gate, facts)) return Promise.resolve([]);
      const cards = deps.catalogue.matches(facts, input.now).map((o): ProposedCard => ({
        key: `trial:${o.trial.id}`,
        kind: 'trial-referral',
        trialId: o.trial.id,
        matchedRules: o.criteria.filter((c) => c.status === 'met').map((c) => c.criterion.id),
        card: buildTrialCard(o, facts, {
          patientId: input.patientId,
          now: input.now,
          overrideReasons: deps.overrideReasons,
        }),
      }));
      return Promise.resolve(cards);
    },
    explain(input: EvaluationInput<never, never>): Promise<Explanation> {
      const facts = input.facts.rule;
      const sections = deps.catalogue.evaluateAll(facts, input.now).map((o) => ({
        title: sectionTitle(o),
        fires: o.fires,
        lines: explainTrial(o, facts),
      }));
      return Promise.resolve({ serviceId: definition.id, sections: [gateExplanation(deps.gate, facts), ...sections] });
    },
  };
}
