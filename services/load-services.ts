import { listFactNames } from '../facts/fact-names.js';
import { loadFeedbackPolicy, overrideReasonsFor, type FeedbackPolicy } from '../rules/feedback-policy.js';
import { loadValueSets, type ValueSetIndex } from '../rules/value-sets.js';
import { buildServices } from './catalogue.js';
import type { CdsService } from './service.js';

/** Everything loaded from the rules folder at start-up. */
export interface LoadedRules {
  readonly valueSets: ValueSetIndex;
  readonly feedbackPolicy: FeedbackPolicy;
  readonly services: readonly CdsService[];
}

/**
 * Loads and validates the value sets, the feedback policy, the rule files and the trial
 * catalogue, and builds the services. A bad file throws a RulesError naming file and field.
 */
export function loadServices(rulesDir: string): LoadedRules {
  const valueSets = loadValueSets(rulesDir);
  const feedbackPolicy = loadFeedbackPolicy(rulesDir);
  const services = buildServices({
    rulesDir,
    valueSets,
    knownFacts: listFactNames(valueSets),
    overrideReasons: (kind) => overrideReasonsFor(feedbackPolicy, kind),
  });
  return { valueSets, feedbackPolicy, services };
}
