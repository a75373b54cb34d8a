import { listFactNames } from '../facts/fact-names.js';
import { loadFeedbackPolicy, overrideReasonsFor, type FeedbackPolicy } from '../rules/feedback-policy.js';
import { loadValueSets, type ValueSetIndex } from '../rules/value-sets.js';
import { SOURCE_LOCALE, type Locale } from '../config/locale.js';
import { loadMessages } from '../rules/messages.js';
import { rulesVersion } from '../rules/rules-version.js';
import { buildServices } from './catalogue.js';
import { MESSAGE_KEYS } from './message-keys.js';
import type { CdsService } from './service.js';

/** Everything loaded from the rules folder at start-up. */
export interface LoadedRules {
  readonly valueSets: ValueSetIndex;
  readonly feedbackPolicy: FeedbackPolicy;
  readonly services: readonly CdsService[];
  /** Digest of the rules folder's files (rules/rules-version.ts), recorded with each issued card. */
  readonly version: string;
}

/** How the services speak: the cards' language, and where the eligibility app is served. */
export interface ServiceOptions {
  /** CARD_LOCALE (default en). */
  readonly locale?: Locale;
  /** The eligibility-checklist SMART app's launch URL, linked from trial cards. */
  readonly eligibilityAppUrl?: string;
  /** SITE_CONFIRMATION_DAYS: how long a site's confirmation that a trial recruits counts for. */
  readonly siteConfirmationDays?: number;
}

/**
 * Loads and validates the value sets, the feedback policy, the rule files and the trial
 * catalogue, and builds the services. A bad file throws a RulesError naming file and field.
 */
export function loadServices(rulesDir: string, options: ServiceOptions = {}): LoadedRules {
  const locale = options.locale ?? SOURCE_LOCALE;
  const valueSets = loadValueSets(rulesDir);
  const feedbackPolicy = loadFeedbackPolicy(rulesDir);
  const services = buildServices({
    rulesDir,
    valueSets,
    knownFacts: listFactNames(valueSets),
    messages: loadMessages(rulesDir, locale, MESSAGE_KEYS),
    overrideReasons: (kind) => overrideReasonsFor(feedbackPolicy, kind, locale),
    ...(options.eligibilityAppUrl ? { eligibilityAppUrl: options.eligibilityAppUrl } : {}),
    ...(options.siteConfirmationDays !== undefined ? { siteConfirmationDays: options.siteConfirmationDays } : {}),
  });
  return { valueSets, feedbackPolicy, services, version: rulesVersion(rulesDir) };
}
