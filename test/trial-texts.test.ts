import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { listFactNames } from '../facts/fact-names.js';
import { loadMessages } from '../rules/messages.js';
import { RulesError } from '../rules/rules-error.js';
import { compileTrials, loadTrialCatalogue } from '../rules/trial-catalogue.js';
import type { Trial } from '../rules/trial-schema.js';
import { loadValueSets } from '../rules/value-sets.js';
import { MESSAGE_KEYS } from '../services/message-keys.js';
import { trialTexts } from '../services/trial-referral/trial-texts.js';

const catalogue = loadTrialCatalogue(
  join(DEFAULT_RULES_DIR, 'trials'),
  listFactNames(loadValueSets(DEFAULT_RULES_DIR)),
);
const seed = catalogue.trials.find((t) => t.trial.id === 'NCT04270656')!;
const fr = loadMessages(DEFAULT_RULES_DIR, 'fr', MESSAGE_KEYS);
const en = loadMessages(DEFAULT_RULES_DIR, 'en', MESSAGE_KEYS);

/** The seed trial with its French words changed by `edit`. */
function withFrench(edit: (tr: NonNullable<Trial['translations']>['fr'] & object) => void) {
  const trial = structuredClone(seed.trial);
  edit(trial.translations!.fr!);
  return compileTrials([{ trial, file: 'rules/trials/NCT04270656.json' }]).trials;
}

function fieldOfError(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof RulesError) return err.field;
    throw err;
  }
  return undefined;
}

describe('trial words in the card language are checked at start-up', () => {
  test.each([['no French texts at all', 'translations.fr', (t: Trial) => delete t.translations]])(
    '%s stops start-up in French, naming %s',
    (_what, field, edit) => {
      const trial = structuredClone(seed.trial);
      edit(trial);
      const trials = compileTrials([{ trial, file: 'x.json' }]).trials;
      expect(fieldOfError(() => trialTexts(trials, fr))).toBe(field);
      expect(fieldOfError(() => trialTexts(trials, en))).toBeUndefined();
    },
  );

  test.each([
    [
      'a criterion without a French label',
      'translations.fr.criteria.t2d.label',
      (tr: { criteria: Record<string, unknown> }) => delete tr.criteria['t2d'],
    ],
    [
      'a hand-confirmed criterion without what to confirm',
      'translations.fr.criteria.freestyle-libre.confirm',
      (tr: { criteria: Record<string, { confirm?: string }> }) => delete tr.criteria['freestyle-libre']!.confirm,
    ],
    [
      'a label for a criterion the trial does not have',
      'translations.fr.criteria.no-such',
      (tr: { criteria: Record<string, unknown> }) => (tr.criteria['no-such'] = { label: 'x' }),
    ],
    [
      'a short title that makes the summary 140 characters or more',
      'translations.fr.shortTitle',
      (tr: { shortTitle: string }) => (tr.shortTitle = 'x'.repeat(120)),
    ],
  ])('%s stops start-up, naming %s', (_what, field, edit) => {
    expect(fieldOfError(() => trialTexts(withFrench(edit as never), fr))).toBe(field);
  });

  test('the seed catalogue has every word in both languages', () => {
    for (const m of [en, fr]) expect(trialTexts(catalogue.trials, m).size).toBe(catalogue.trials.length);
  });
});
