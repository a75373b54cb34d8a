import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computeFactsBeforeAfter, computePatientFacts } from '../facts/compute-facts.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { withDraftOrders } from '../pipeline/what-if-record.js';
import { loadValueSets } from '../rules/value-sets.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { ORDER_SCENARIOS } from '../sandbox/patients/order-scenarios.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const settings = { now: NOW, alcoholGramsPerDrink: 10 };

/**
 * The order hooks compute the facts of the what-if record reusing the passes over conditions,
 * procedures, observations and reports made for the record as it is. Shared or not, every fact
 * must come out the same: checked for every order scenario, every fact.
 */
describe('facts of the what-if record are the same shared as computed afresh', () => {
  test.each(ORDER_SCENARIOS.map((s) => [s.id, s] as const))('%s', (_id, s) => {
    const fixture = ALL_FIXTURES.find((f) => f.id === s.patientId)!;
    const record = recordFromResources(s.patientId, fixture.resources(NOW));
    const after = withDraftOrders(record, s.drafts(NOW), () => true, valueSets, NOW).record;
    const pair = computeFactsBeforeAfter(record, after, valueSets, settings);
    const fresh = {
      before: computePatientFacts(record, valueSets, settings),
      after: computePatientFacts(after, valueSets, settings),
    };
    expect([...pair.before.rule.values]).toEqual([...fresh.before.rule.values]);
    expect([...pair.after.rule.values]).toEqual([...fresh.after.rule.values]);
    expect([...pair.after.rule.ageDays]).toEqual([...fresh.after.rule.ageDays]);
    // And the drafts changed something the rules read, or the scenario would test nothing here.
    if (s.expected.length > 0) expect([...pair.after.rule.values]).not.toEqual([...pair.before.rule.values]);
  });
});
