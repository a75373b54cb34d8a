import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computeFactsBeforeAfter, computePatientFacts } from '../facts/compute-facts.js';
import type { PatientFacts } from '../facts/patient-facts.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { withDraftOrders } from '../pipeline/what-if-record.js';
import { loadValueSets } from '../rules/value-sets.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { ORDER_SCENARIOS } from '../sandbox/patients/order-scenarios.js';
import { expectEqual } from './support/expect-equal.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const settings = { now: NOW, alcoholGramsPerDrink: 10 };

/** Everything the rules and cards read of the facts: values, ages, evidence, notes, reasons. */
function viewOf(facts: PatientFacts) {
  const { values, ageDays, evidence, notes, unknownReasons } = facts.rule;
  return [values, ageDays, evidence, notes, unknownReasons].map((m) => [...m]);
}

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
    expectEqual(viewOf(pair.before), viewOf(fresh.before));
    expectEqual(viewOf(pair.after), viewOf(fresh.after));
    // And the drafts changed something the rules read, or the scenario would test nothing here.
    if (s.expected.length > 0) expect([...pair.after.rule.values]).not.toEqual([...pair.before.rule.values]);
  });
});

/**
 * The what-if record keeps the facts memoised as reading no medication (FactContext.once,
 * `medicationFree`) instead of computing them again. For every fixture, a what-if record with
 * every medication record taken out must give the facts of that record computed afresh: a fact
 * marked medication-free that does read medications would keep the value it had with them.
 */
describe('the facts a what-if record keeps read no medication', () => {
  test.each(ALL_FIXTURES.map((f) => [f.id, f] as const))('%s', (_id, fixture) => {
    const record = recordFromResources(fixture.id, fixture.resources(NOW));
    const resources = new Map(record.resources);
    resources.delete('MedicationRequest');
    resources.delete('MedicationStatement');
    const without: PatientRecord = { ...record, resources, medications: new Map(), unresolvedMedications: [] };
    const pair = computeFactsBeforeAfter(record, without, valueSets, settings);
    expectEqual(viewOf(pair.after), viewOf(computePatientFacts(without, valueSets, settings)));
  });
});
