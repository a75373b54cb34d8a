import type { Coding } from 'fhir/r4.js';
import { factScope, type FactScope } from '../../facts/fact-scope.js';
import type { RuleFacts } from '../../facts/rule-facts.js';
import type { TriStatus } from '../../rules/condition-evaluator.js';
import { LocalizedTextSchema, textIn } from '../../rules/localized-text.js';
import type { RuleOutcome, RuleSet } from '../../rules/rule-set.js';
import { RulesError } from '../../rules/rules-error.js';
import type { CardMessages } from '../message-keys.js';
import { recordGateOpen } from '../record-gate.js';
import type { ProposedCard } from '../service.js';
import { buildPumpCard, PUMP_CARD_FACTS, PUMP_CARD_NAMES, type Escalation, type PumpCardFacts } from './pump-card.js';

/** What the pump topic is built from, all loaded at start-up. */
export interface PumpTopicDeps {
  readonly ruleSet: RuleSet;
  /** The card's words, in the configured locale. */
  readonly messages: CardMessages;
  /** The rule every service applies first: a living patient's current record. */
  readonly gate: RuleSet;
  readonly overrideReasons: readonly Coding[];
}

/**
 * The event types a pump rule may have: `card` rules must all be met; a `confirm-when-unknown`
 * rule blocks the card when not met, and when unknown adds its `params.confirm` line to the card;
 * the `regimen` rule says what multiple daily injections are, for the order hooks.
 */
const EVENT_TYPES = new Set(['card', 'confirm-when-unknown', 'regimen']);

type CardFact = (typeof PUMP_CARD_FACTS)[number];
type CardName = (typeof PUMP_CARD_NAMES)[number];

/** The pump question, as every hook asks it: the same rules, the same card. */
export interface PumpTopic {
  readonly factScope: FactScope<CardFact, CardName>;
  readonly ruleSet: RuleSet;
  readonly gate: RuleSet;
  /** The pump card for a record, as patient-view shows it; undefined when the rules do not fire. */
  card(facts: PumpCardFacts, patientId: string, now: Date): ProposedCard | undefined;
  /**
   * The card before adding injections: the card rules met on the record as the draft orders
   * would make it. The MDI run-in cannot have begun, so it is not asked for.
   */
  escalationCard(after: PumpCardFacts, patientId: string, now: Date, escalation: Escalation): ProposedCard | undefined;
  /** Whether the record shows multiple daily injections, by the `regimen` rule. */
  regimen(facts: RuleFacts): TriStatus;
}

function setting(ruleSet: RuleSet, name: string): number {
  const value = ruleSet.file.settings[name];
  if (typeof value !== 'number') throw new Error(`${ruleSet.file.id}: settings.${name} must be a number`);
  return value;
}

function ofType(outcomes: readonly RuleOutcome[], type: string): RuleOutcome[] {
  return outcomes.filter((o) => o.event.type === type);
}

/** The pump topic: checks the rule file at start-up, then answers per record. */
export function createPumpTopic(deps: PumpTopicDeps): PumpTopic {
  const { ruleSet, gate, messages } = deps;
  const low = setting(ruleSet, 'trialRangeLowPercent');
  const high = setting(ruleSet, 'trialRangeHighPercent');
  const file = `${ruleSet.file.id}.rules.json`;
  for (const [i, rule] of ruleSet.file.rules.entries()) {
    if (!EVENT_TYPES.has(rule.event.type))
      throw new RulesError(
        file,
        `rules[${i}].event.type`,
        `is "${rule.event.type}"; use ${[...EVENT_TYPES].join(', ')}`,
      );
  }
  if (ofType(ruleSet.file.rules as never, 'regimen').length !== 1)
    throw new RulesError(file, 'rules', 'needs exactly one rule of event type "regimen"');
  const locale = messages.locale;
  // Every text the card may show must exist in the configured locale: checked now, not per call.
  const confirmTexts = new Map<string, string>();
  for (const [i, rule] of ruleSet.file.rules.entries()) {
    if (rule.event.type !== 'confirm-when-unknown') continue;
    const parsed = LocalizedTextSchema.safeParse(rule.event.params?.confirm);
    const text = parsed.success ? textIn(parsed.data, locale) : undefined;
    if (text === undefined) throw new RulesError(file, `rules[${i}].event.params.confirm`, `needs a text in ${locale}`);
    confirmTexts.set(rule.name, text);
  }
  const links = ruleSet.file.links.map((l, i) => {
    const label = textIn(l.label, locale);
    if (label === undefined) throw new RulesError(file, `links[${i}].label`, `needs a text in ${locale}`);
    return { label, url: l.url };
  });

  const build = (
    facts: PumpCardFacts,
    patientId: string,
    now: Date,
    matched: readonly RuleOutcome[],
    toConfirm: readonly string[],
    escalation?: Escalation,
  ): ProposedCard => ({
    key: 'pump-evaluation',
    kind: 'pump-evaluation',
    matchedRules: matched.map((o) => o.name),
    card: buildPumpCard(facts, {
      patientId,
      now,
      messages,
      links,
      overrideReasons: deps.overrideReasons,
      trialRangeLowPercent: low,
      trialRangeHighPercent: high,
      toConfirm,
      ...(escalation ? { escalation } : {}),
    }),
  });

  return {
    factScope: factScope(PUMP_CARD_FACTS, [...gate.factNames, ...ruleSet.factNames], PUMP_CARD_NAMES),
    ruleSet,
    gate,
    card(facts, patientId, now) {
      if (!recordGateOpen(gate, facts.rule)) return undefined;
      const outcomes = ruleSet.evaluate(facts.rule);
      const card = ofType(outcomes, 'card');
      const confirm = ofType(outcomes, 'confirm-when-unknown');
      if (card.length === 0 || card.some((o) => o.status !== 'met') || confirm.some((o) => o.status === 'not-met'))
        return undefined;
      const toConfirm = confirm.filter((o) => o.status === 'unknown').map((o) => confirmTexts.get(o.name) ?? o.name);
      return build(facts, patientId, now, card, toConfirm);
    },
    escalationCard(after, patientId, now, escalation) {
      if (!recordGateOpen(gate, after.rule)) return undefined;
      const card = ofType(ruleSet.evaluate(after.rule), 'card');
      if (card.length === 0 || card.some((o) => o.status !== 'met')) return undefined;
      return build(after, patientId, now, card, [], escalation);
    },
    regimen(facts) {
      return ofType(ruleSet.evaluate(facts), 'regimen')[0]?.status ?? 'unknown';
    },
  };
}
