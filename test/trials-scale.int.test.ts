import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticTrials, writeSyntheticRulesDir } from '../bench/synthetic-trials.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { listFactNames } from '../facts/fact-names.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { RuleSet } from '../rules/rule-set.js';
import type { RuleInput } from '../rules/condition-evaluator.js';
import type { CriterionStatus } from '../rules/trial-criterion.js';
import { loadTrialCatalogue, type TrialCatalogue } from '../rules/trial-catalogue.js';
import { TrialSchema, type Trial } from '../rules/trial-schema.js';
import { loadValueSets } from '../rules/value-sets.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const knownFacts = listFactNames(valueSets);

/**
 * An independent oracle: each criterion's condition run through json-rules-engine itself (the
 * project's RuleSet, which reads the engine's per-leaf results in three values), then the
 * whenNotMet / whenMet softening and the firing policy of docs/clinical-rules.md written out again here.
 */
function oracle(trial: Trial) {
  const withCondition = trial.criteria.filter((c) => c.condition);
  const ruleSet = new RuleSet({
    id: trial.id,
    title: trial.title,
    sources: ['synthetic'],
    links: [],
    settings: {},
    rules: [
      ...withCondition.map((c) => ({ name: c.id, conditions: { all: [c.condition!] }, event: { type: c.id } })),
      ...trial.criteria
        .filter((c) => c.appliesWhen)
        .map((c) => ({ name: `${c.id}#applies`, conditions: { all: [c.appliesWhen!] }, event: { type: c.id } })),
    ],
  });
  return async (values: RuleInput) => {
    const byId = new Map((await ruleSet.evaluateWithEngine(values)).map((o) => [o.name, o.status]));
    const statuses: Record<string, CriterionStatus> = {};
    for (const c of trial.criteria) {
      if (byId.get(`${c.id}#applies`) === 'not-met') {
        statuses[c.id] = 'not-applicable';
        continue;
      }
      const s = byId.get(c.id) ?? 'unknown';
      statuses[c.id] = (c.whenNotMet && s === 'not-met') || (c.whenMet && s === 'met') ? 'unknown' : s;
    }
    const fires =
      trial.registry.status === 'recruiting' &&
      trial.criteria.every((c) => {
        const s = statuses[c.id];
        if (c.key && s !== 'met') return false;
        return c.type === 'inclusion' ? s !== 'not-met' : s !== 'met';
      });
    return { statuses, fires };
  };
}

describe('a catalogue of 200 generated trials', () => {
  let dir: string;
  let catalogue: TrialCatalogue;
  beforeAll(() => {
    dir = writeSyntheticRulesDir(mkdtempSync(join(tmpdir(), 'trials-scale-')), 200);
    catalogue = loadTrialCatalogue(join(dir, 'trials'), knownFacts);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('every generated trial is valid and loads with the two seed trials', () => {
    const generated = generateSyntheticTrials(200);
    for (const t of generated) expect(TrialSchema.safeParse(t).success).toBe(true);
    expect(catalogue.trials).toHaveLength(202);
    const sizes = generated.map((t) => t.criteria.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeGreaterThan(12);
  });

  test('the generator is deterministic for a seed and varies with it', () => {
    expect(generateSyntheticTrials(5, 7)).toEqual(generateSyntheticTrials(5, 7));
    expect(generateSyntheticTrials(5, 7)).not.toEqual(generateSyntheticTrials(5, 8));
  });

  test('for every fixture patient, each criterion and each verdict agrees with json-rules-engine', async () => {
    const oracles = new Map(catalogue.trials.map((t) => [t.trial.id, oracle(t.trial)]));
    let firing = 0;
    let silent = 0;
    // One fixture in three, spread over the set (about 90 patients, 18,000 trial verdicts):
    // json-rules-engine is the slow part of this test, and it grew with every fixture added.
    for (const fixture of ALL_FIXTURES.filter((_, i) => i % 3 === 0)) {
      const record = recordFromResources(fixture.id, fixture.resources(NOW));
      const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 }).rule;
      // json-rules-engine knows no ranges: both sides get the exactly known facts only.
      const values = { ...facts, values: new Map([...facts.values].filter(([, v]) => typeof v !== 'object')) };
      const all = catalogue.evaluateAll(values, NOW);
      const expectedFiring: string[] = [];
      const mismatches: unknown[] = [];
      for (const outcome of all) {
        const want = await oracles.get(outcome.trial.id)!(values);
        const got = Object.fromEntries(outcome.criteria.map((c) => [c.criterion.id, c.status]));
        const same =
          outcome.fires === want.fires && Object.keys(want.statuses).every((id) => got[id] === want.statuses[id]);
        if (!same || Object.keys(got).length !== Object.keys(want.statuses).length) {
          mismatches.push({ fixture: fixture.id, trial: outcome.trial.id, got, want });
        }
        if (want.fires) expectedFiring.push(outcome.trial.id);
      }
      expect(mismatches).toEqual([]);
      // The quick decision (statuses only, stopping at the first blocker) picks the same trials.
      const matched = catalogue.matches(values, NOW);
      expect(matched.map((o) => o.trial.id).sort()).toEqual(expectedFiring.sort());
      for (let i = 1; i < matched.length; i++) {
        const [a, b] = [matched[i - 1]!, matched[i]!];
        expect(a.met > b.met || (a.met === b.met && a.unknown <= b.unknown)).toBe(true);
      }
      firing += expectedFiring.length;
      silent += all.length - expectedFiring.length;
    }
    // The generated catalogue exercises both outcomes.
    expect(firing).toBeGreaterThan(10);
    expect(silent).toBeGreaterThan(firing);
  });
});
