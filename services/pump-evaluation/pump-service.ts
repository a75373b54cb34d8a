import type { ValueSetIndex } from '../../rules/value-sets.js';
import { gateExplanation } from '../record-gate.js';
import { explainLeaves } from '../rule-explanation.js';
import type { CdsService, EvaluationInput, Explanation, ProposedCard } from '../service.js';
import type { CardMessages } from '../message-keys.js';
import { pumpEvaluationDefinition } from './definition.js';
import type { PUMP_CARD_FACTS, PUMP_CARD_NAMES } from './pump-card.js';
import type { PumpTopic } from './pump-topic.js';

/** What the pump-evaluation service is built from, all loaded at start-up. */
export interface PumpServiceDeps {
  readonly topic: PumpTopic;
  /** The card's words, in the configured locale. */
  readonly messages: CardMessages;
  readonly valueSets: ValueSetIndex;
}

type CardFact = (typeof PUMP_CARD_FACTS)[number];
type CardName = (typeof PUMP_CARD_NAMES)[number];
type Input = EvaluationInput<CardFact, CardName>;

/** The pump-evaluation CDS service, on patient-view. */
export function createPumpEvaluationService(deps: PumpServiceDeps): CdsService<CardFact, CardName> {
  const definition = pumpEvaluationDefinition(deps.valueSets, deps.messages);
  const { topic } = deps;
  return {
    definition,
    factScope: topic.factScope,
    evaluate(input: Input): Promise<ProposedCard[]> {
      const card = topic.card(input.facts, input.patientId, input.now);
      return Promise.resolve(card ? [card] : []);
    },
    explain(input: Input): Promise<Explanation> {
      const outcomes = topic.ruleSet.evaluate(input.facts.rule);
      return Promise.resolve({
        serviceId: definition.id,
        sections: [
          gateExplanation(topic.gate, input.facts.rule),
          ...outcomes.map((o) => ({
            title: `Rule ${o.name}: ${o.status}`,
            fires: o.status === 'met',
            lines: explainLeaves(o.leaves, input.facts.rule),
          })),
        ],
      });
    },
  };
}
