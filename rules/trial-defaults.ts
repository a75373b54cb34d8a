import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { FactInfo } from './condition-schema.js';
import { displayPath, readJsonFile } from './json-file.js';
import { RulesError } from './rules-error.js';

/** The file, beside the trials folder, that holds the catalogue's default age limits. */
export const TRIAL_DEFAULTS_FILE = 'trial-defaults.json';

const TrialDefaultsSchema = z
  .object({
    description: z.string().optional(),
    sources: z.array(z.string()).optional(),
    /** Fact name → the oldest value, in days, a criterion reading it accepts when it sets no limit. */
    maxAgeDays: z.record(z.string(), z.number().int().positive()),
    /**
     * How many days a completed referral to a trial's study team keeps that trial's card away
     * (docs/clinical-rules.md, "No repeat of what is already done"). Open referrals and
     * ResearchSubjects always do.
     */
    priorReferralDays: z.number().int().positive().optional(),
  })
  .strict();

/** The catalogue's defaults: age limits by fact name, and the window of a completed referral. */
export interface TrialDefaults {
  readonly maxAgeDays: ReadonlyMap<string, number>;
  readonly priorReferralDays?: number;
}

/**
 * The default age limit of each dated fact trial criteria read (rules/trial-defaults.json,
 * beside the trials folder), and how long a completed referral to a study team counts. Every
 * key of `maxAgeDays` must be a dated fact of the registry. A catalogue folder with no such file
 * beside it (a test's temporary folder) has no defaults.
 */
export function loadTrialDefaults(trialsDir: string, knownFacts: ReadonlyMap<string, FactInfo>): TrialDefaults {
  const file = join(dirname(trialsDir), TRIAL_DEFAULTS_FILE);
  if (!existsSync(file)) return { maxAgeDays: new Map() };
  const { maxAgeDays, priorReferralDays } = readJsonFile(file, TrialDefaultsSchema);
  for (const fact of Object.keys(maxAgeDays)) {
    const info = knownFacts.get(fact);
    if (!info) throw new RulesError(displayPath(file), `maxAgeDays.${fact}`, `unknown fact "${fact}"`);
    if (!info.dated) {
      throw new RulesError(displayPath(file), `maxAgeDays.${fact}`, `fact "${fact}" is not dated, so it has no age`);
    }
  }
  return {
    maxAgeDays: new Map(Object.entries(maxAgeDays)),
    ...(priorReferralDays !== undefined ? { priorReferralDays } : {}),
  };
}
