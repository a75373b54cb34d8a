import type { Coding } from 'fhir/r4.js';
import { factScope } from '../../facts/fact-scope.js';
import { LocalizedTextSchema, textIn } from '../../rules/localized-text.js';
import type { RuleSet } from '../../rules/rule-set.js';
import { RulesError } from '../../rules/rules-error.js';
import type { ValueSetIndex } from '../../rules/value-sets.js';
import { gateExplanation, recordGateOpen } from '../record-gate.js';
import { explainLeaves } from '../rule-explanation.js';
import type { CdsService, EvaluationInput, Explanation, ProposedCard } from '../service.js';
import type { CardMessages } from '../message-keys.js';
import { pumpEvaluationDefinition } from './definition.js';
import { buildPumpCard, PUMP_CARD_FACTS, PUMP_CARD_NAMES } from './pump-card.js';

/** What the pump-evaluation service is built from, all loaded at start-up. */
export interface PumpServiceDeps {
  readonly ruleSet: RuleSet;
  /** The card's words, in the configured locale. */
  readonly messages: CardMessages;
  /** The rule every service applies first: a living patient's current record. */
  readonly gate: RuleSet;
  readonly valueSets: ValueSetIndex;
  readonly overrideReasons: readonly Coding[];
}

/**
 * The event types a pump rule may have: `card` rules must all be met; a `confirm-when-unknown`
 * rule blocks the card when not met, and when unknown adds its `params.confirm` line to the card.
 */
const EVENT_TYPES = new Set(['card', 'confirm-when-unknown']);

function setting(ruleSet: RuleSet, name: string): number {
  const value = ruleSet.file.settings[name];
  if (typeof value !== 'number') throw new Error(`${ruleSet.file.id}: settings.${name} must be a number`);
  return value;
}

type CardFact = (typeof PUMP_CARD_FACTS)[number];
type CardName = (typeof PUMP_CARD_NAMES)[number];
type Input = EvaluationInput<CardFact, CardName>;

/** The pump-evaluation CDS service. */
export function createPumpEvaluationService(deps: PumpServiceDeps): CdsService<CardFact, CardName> {
  const definition = pumpEvaluationDefinition(deps.valueSets, deps.messages);
  const low = setting(deps.ruleSet, 'trialRangeLowPercent');
  const high = setting(deps.ruleSet, 'trialRangeHighPercent');
  for (const rule of deps.ruleSet.file.rules) {
    if (!EVENT_TYPES.has(rule.event.type))
      throw new Error(
        `${deps.ruleSet.file.id}: rule ${rule.name} has event type "${rule.event.type}"; use card or confirm-when-unknown`,
      );
  }
  const locale = deps.messages.locale;
  const file = `${deps.ruleSet.file.id}.rules.json`;
  // Every text the card may show must exist in the configured locale: checked now, not per call.
  const confirmTexts = new Map<string, string>();
  for (const [i, rule] of deps.ruleSet.file.rules.entries()) {
    if (rule.event.type !== 'confirm-when-unknown') continue;
    const parsed = LocalizedTextSchema.safeParse(rule.event.params?.confirm);
    const text = parsed.success ? textIn(parsed.data, locale) : undefined;
    if (text === undefined) {
      throw new RulesError(file, `rules[${i}].event.params.confirm`, `needs a text in ${locale}`);
    }
    confirmTexts.set(rule.name, text);
  }
  const links = deps.ruleSet.file.links.map((l, i) => {
    const label = textIn(l.label, locale);
    if (label === undefined) throw new RulesError(file, `links[${i}].label`, `needs a text in ${locale}`);
    return { label, url: l.url };
  });

  return {
    definition,
    factScope: factScope(PUMP_CARD_FACTS, [...deps.gate.factNames, ...deps.ruleSet.factNames], PUMP_CARD_NAMES),
    evaluate(input: Input): Promise<ProposedCard[]> {
      if (!recordGateOpen(deps.gate, input.facts.rule)) return Promise.resolve([]);
      const outcomes = deps.ruleSet.evaluate(input.facts.rule);
      const card = outcomes.filter((o) => o.event.type === 'card');
      const confirm = outcomes.filter((o) => o.event.type === 'confirm-when-unknown');
      if (card.length === 0 || card.some((o) => o.status !== 'met') || confirm.some((o) => o.status === 'not-met')) {
        return Promise.resolve([]);
      }
      const toConfirm = confirm.filter((o) => o.status === 'unknown').map((o) => confirmTexts.get(o.name) ?? o.name);
      const built = buildPumpCard(input.facts, {
        patientId: input.patientId,
        now: input.now,
        messages: deps.messages,
        links,
        overrideReasons: deps.overrideReasons,
        trialRangeLowPercent: low,
        trialRangeHighPercent: high,
        toConfirm,
      });
      return Promise.resolve([
        { key: 'pump-evaluation', kind: 'pump-evaluation', matchedRules: card.map((o) => o.name), card: built },
      ]);
    },
    explain(input: Input): Promise<Explanation> {
      const outcomes = deps.ruleSet.evaluate(input.facts.rule);
      return Promise.resolve({
        serviceId: definition.id,
        sections: [
          gateExplanation(deps.gate, input.facts.rule),
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
