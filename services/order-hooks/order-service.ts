import { factScope } from '../../facts/fact-scope.js';
import type { CardMessages } from '../message-keys.js';
import { PUMP_CARD_FACTS, PUMP_CARD_NAMES } from '../pump-evaluation/pump-card.js';
import type { PumpTopic } from '../pump-evaluation/pump-topic.js';
import type { CdsService, EvaluationInput, Explanation, ProposedCard } from '../service.js';
import { orderDefinition, type OrderHook } from './definition.js';
import { pumpCardAtOrder } from './pump-at-order.js';
import { trialProtectionCards, type TrialProtectionDeps } from './trial-protection.js';

/** What an order-hook service is built from, all loaded at start-up. */
export interface OrderServiceDeps {
  readonly hook: OrderHook;
  readonly pump: PumpTopic;
  readonly trials: TrialProtectionDeps;
  /** The record the patient-view services read, which the order hooks read too. */
  readonly prefetch: Readonly<Record<string, string>>;
  readonly messages: CardMessages;
}

type Fact = (typeof PUMP_CARD_FACTS)[number] | 'trialReferrals';
type Name = (typeof PUMP_CARD_NAMES)[number];
type Input = EvaluationInput<Fact, Name>;

/**
 * An order-hook service (docs/order-hooks.md): the pump question and each trial's candidacy,
 * asked of the change the draft orders make. Without draft medication orders, or with drafts
 * that change nothing these rules read, it answers no card.
 */
export function createOrderService(deps: OrderServiceDeps): CdsService<Fact, Name> {
  const definition = orderDefinition(deps.hook, deps.prefetch, deps.messages);
  return {
    definition,
    factScope: factScope(
      [...PUMP_CARD_FACTS, 'trialReferrals'],
      [...deps.pump.gate.factNames, ...deps.pump.ruleSet.factNames, ...deps.trials.catalogue.factNames],
      PUMP_CARD_NAMES,
    ),
    evaluate(input: Input): Promise<ProposedCard[]> {
      const change = input.orders;
      if (!change || change.drafts.length === 0) return Promise.resolve([]);
      const pump = pumpCardAtOrder(deps.pump, input.facts, input.record, change, input.patientId, input.now);
      const trials = trialProtectionCards(
        deps.trials,
        input.facts,
        change.after,
        change.drafts,
        input.patientId,
        input.now,
      );
      return Promise.resolve([...trials, ...(pump ? [pump] : [])]);
    },
    explain(input: Input): Promise<Explanation> {
      const drafts = input.orders?.drafts ?? [];
      return Promise.resolve({
        serviceId: definition.id,
        sections: [
          {
            title: `Draft medication orders: ${drafts.length}`,
            fires: false,
            lines: drafts.map((d) => ({
              id: d.reference ?? d.label,
              text: d.label,
              status: 'not-applicable' as const,
              reason: `value sets: ${d.valueSets.join(', ') || 'none'}; replaces: ${d.replaces.join(', ') || 'nothing'}`,
            })),
          },
        ],
      });
    },
  };
}
