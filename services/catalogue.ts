import { join } from 'node:path';
import type { Coding } from 'fhir/r4.js';
import type { FactInfo } from '../rules/condition-schema.js';
import { loadRuleSet } from '../rules/rule-set.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { unionPrefetch } from './order-hooks/definition.js';
import { createOrderService } from './order-hooks/order-service.js';
import { createPumpEvaluationService } from './pump-evaluation/pump-service.js';
import { createPumpTopic } from './pump-evaluation/pump-topic.js';
import { trialTexts } from './trial-referral/trial-texts.js';
import type { CardMessages } from './message-keys.js';
import type { CdsService } from './service.js';
import { createTrialReferralService } from './trial-referral/trial-service.js';

/** What the services are built from: rules data loaded and validated at start-up. */
export interface CatalogueInputs {
  readonly rulesDir: string;
  readonly valueSets: ValueSetIndex;
  /** The fact registry rule files are checked against (facts/fact-names.ts). */
  readonly knownFacts: ReadonlyMap<string, FactInfo>;
  /** The cards' words in the configured locale. */
  readonly messages: CardMessages;
  /** The eligibility-checklist SMART app's launch URL, linked from trial cards. */
  readonly eligibilityAppUrl?: string;
  /** Override reasons offered on each kind of card. */
  readonly overrideReasons: (kind: 'pump-evaluation' | 'trial-referral') => readonly Coding[];
  /** SITE_CONFIRMATION_DAYS: how long a site's confirmation that a trial recruits counts for. */
  readonly siteConfirmationDays?: number;
}

/** Builds every CDS service, in discovery order. Throws a RulesError naming file and field on bad data. */
export function buildServices(inputs: CatalogueInputs): CdsService[] {
  const gate = loadRuleSet(join(inputs.rulesDir, 'record-gate.rules.json'), inputs.knownFacts);
  const pumpRules = loadRuleSet(join(inputs.rulesDir, 'pump-evaluation.rules.json'), inputs.knownFacts);
  const trials = loadTrialCatalogue(join(inputs.rulesDir, 'trials'), inputs.knownFacts, {
    ...(inputs.siteConfirmationDays !== undefined ? { siteConfirmationDays: inputs.siteConfirmationDays } : {}),
  });
  const pumpTopic = createPumpTopic({
    ruleSet: pumpRules,
    gate,
    messages: inputs.messages,
    overrideReasons: inputs.overrideReasons('pump-evaluation'),
  });
  const pump = createPumpEvaluationService({
    topic: pumpTopic,
    valueSets: inputs.valueSets,
    messages: inputs.messages,
  });
  const trialDeps = {
    catalogue: trials,
    messages: inputs.messages,
    ...(inputs.eligibilityAppUrl ? { eligibilityAppUrl: inputs.eligibilityAppUrl } : {}),
    overrideReasons: inputs.overrideReasons('trial-referral'),
  };
  const trial = createTrialReferralService({ ...trialDeps, gate, valueSets: inputs.valueSets });
  // The order hooks ask the same questions of the change an order makes (docs/order-hooks.md).
  const prefetch = unionPrefetch([pump.definition, trial.definition]);
  const protection = { ...trialDeps, texts: trialTexts(trials.trials, inputs.messages) };
  const orders = (['order-select', 'order-sign'] as const).map((hook) =>
    createOrderService({ hook, pump: pumpTopic, trials: protection, prefetch, messages: inputs.messages }),
  );
  return [pump, trial, ...orders];
}
