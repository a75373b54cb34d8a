import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { computePatientFacts } from './compute-facts.js';
import { listFactNames } from './fact-names.js';
import { expectRegisteredTypes } from '../test/support/fact-types.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');

describe('fact name registry', () => {
  const names = listFactNames(valueSets);

  test.each([
    ['age', 'number'],
    ['sex', 'string'],
    ['condition.t2d', 'boolean'],
    ['condition.t1d.onsetDays', 'number'],
    ['condition.insulin-pump-status', 'boolean'],
    ['procedure.bariatric-surgery', 'boolean'],
    ['procedure.bariatric-surgery.days', 'number'],
    ['medication.insulin-glargine', 'boolean'],
    ['medication.amiodarone.startedDays', 'number'],
    ['hba1c.percent', 'number'],
    ['condition.t2d.onsetDays', 'number'],
    ['hba1c.ageDays', 'number'],
    ['egfr.value', 'number'],
    ['egfr.method', 'string'],
    ['egfr.ageDays', 'number'],
    ['alcohol.gramsPerDay', 'number'],
    ['alcohol.auditC', 'number'],
    ['alcohol.auditCIsLatest', 'boolean'],
    ['insulin.basal', 'boolean'],
    ['insulin.rapid', 'boolean'],
    ['insulin.rapidInjectionsPerDay', 'number'],
    ['insulin.prandialInjectionsPerDay', 'number'],
    ['insulin.prandial', 'boolean'],
    ['insulin.premix', 'boolean'],
    ['insulin.mdiRunInDays', 'number'],
    ['medication.metformin.stableDays', 'number'],
    ['patient.deceased', 'boolean'],
    ['patient.active', 'boolean'],
    ['pump', 'boolean'],
    ['imaging.steatosis', 'boolean'],
  ])('%s is a %s', (name, type) => {
    expect(names.get(name)?.type).toBe(type);
  });

  test('observation, device and route value sets give no per-set facts', () => {
    expect(names.has('condition.hba1c-ngsp')).toBe(false);
    expect(names.has('medication.insulin-pump-device')).toBe(false);
    expect(names.has('medication.route-systemic')).toBe(false);
  });

  test('laboratory names are dated, so a leaf may limit their age', () => {
    expect(names.get('hba1c.percent')).toMatchObject({ dated: true });
    expect(names.get('egfr.value')).toMatchObject({ dated: true });
    expect(names.get('age')?.dated).toBeUndefined();
  });

  test.each(ALL_FIXTURES.map((f) => [f.id, f] as const))(
    'every flattened fact of %s is registered with its type',
    (_id, fixture) => {
      const facts = computePatientFacts(recordFromResources(fixture.id, fixture.resources(NOW)), valueSets, {
        now: NOW,
        alcoholGramsPerDrink: 10,
      });
      expectRegisteredTypes(facts.rule.values, names);
      expect([...facts.rule.unknownReasons.keys()].filter((name) => !names.has(name))).toEqual([]);
      expect(facts.rule.values.size + facts.rule.unknownReasons.size).toBe(names.size);
    },
  );
});
