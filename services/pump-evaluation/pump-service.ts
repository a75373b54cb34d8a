import type { Coding } from 'fhir/r4.js';
import { factScopeOf } from '../../fhir/facts/fact-scope.js';
import type { RuleSet } from '../../rules/rule-set.js';
import type { ValueSetIndex } from '../../rules/value-sets.js';
import { explainLeaves } from '../rule-explanation.js';
import type { CdsService, EvaluationInput, Explanation, ProposedCard } from '../service.js';
import { pumpEvaluationDefinition } from './definition.js';
import { buildPumpCard, PUMP_CARD_FACTS } from './pump-card.js';

/** What the pump-evaluation service is built from, all loaded at start-up. */
export interface PumpServiceDeps {
  readonly ruleSet: RuleSet;
  readonly valueSets: ValueSetIndex;
  readonly overrideReasons: readonly Coding[];
}

function setting(ruleSet: RuleSet, name: string): number {
  const value = ruleSet.file.settings[name];
  if (typeof value !== 'number') throw new Error(`${ruleSet.file.id}: settings.${name} must be a number`);
  return value;
}

/** The pump-evaluation CDS service (CLINICAL.md, Card A). */
export function createPumpEvaluationService(deps: PumpServiceDeps): CdsService {
  const definition = pumpEvaluationDefinition(deps.valueSets);
  const low = setting(deps.ruleSet, 'trialRangeLowPercent');
  const high = setting(deps.ruleSet, 'trialRangeHighPercent');

  return {
    definition,
    factScope: factScopeOf([...deps.ruleSet.factNames, ...PUMP_CARD_FACTS]),
    evaluate(input: EvaluationInput): Promise<ProposedCard[]> {
      const outcomes = deps.ruleSet.evaluate(input.facts.rule.values);
      const met = outcomes.filter((o) => o.status === 'met');
      if (met.length === 0) return Promise.resolve([]);
      const card = buildPumpCard(input.facts, {
        patientId: input.patientId,
        now: input.now,
        overrideReasons: deps.overrideReasons,
        trialRangeLowPercent: low,
        trialRangeHighPercent: high,
      });
      return Promise.resolve([
        { key: 'pump-evaluation', kind: 'pump-evaluation', matchedRules: met.map((o) => o.name), card },
      ]);
    },
    explain(input: EvaluationInput): Promise<Explanation> {
      const outcomes = deps.ruleSet.evaluate(input.facts.rule.values);
      return Promise.resolve({
        serviceId: definition.id,
        sections: outcomes.map((o) => ({
          title: `Rule ${o.name}: ${o.status}`,
          fires: o.status === 'met',
          lines: explainLeaves(o.leaves, input.facts.rule),
        })),
      });
    },
  };
}
