import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { formatPercent } from '../facts/hba1c.js';
import type { RuleValue as FactScalar } from '../rules/condition-evaluator.js';
import { ALL_FIXTURES, fixtureBundle } from '../sandbox/patients/index.js';
import { PUMP_FIXTURES } from '../sandbox/patients/pump-patients.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import type { FixturePatient } from '../sandbox/patients/fixture.js';
import { loadValueSets } from '../rules/value-sets.js';
import { expectEqual } from './support/expect-equal.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');

type Values = ReadonlyMap<string, FactScalar>;
const num = (v: Values, name: string) => v.get(name) as number;

/** The conditions of the pump rule (rules/pump-evaluation.rules.json, docs/clinical-rules.md, "Insulin pump evaluation card"). */
const PUMP_RULE: Readonly<Record<string, (v: Values) => boolean>> = {
  t2d: (v) => v.get('condition.t2d') === true,
  noT1d: (v) => v.get('condition.t1d') === false,
  adult: (v) => num(v, 'age') >= 18,
  basal: (v) => v.get('insulin.basal') === true,
  mdi: (v) => num(v, 'insulin.rapidInjectionsPerDay') >= 2,
  hba1cHigh: (v) => num(v, 'hba1c.percent') >= 8.0,
  hba1cRecent: (v) => num(v, 'hba1c.ageDays') <= 183,
  noPump: (v) => v.get('pump') === false,
};

const failing = (v: Values) => Object.keys(PUMP_RULE).filter((k) => !PUMP_RULE[k]!(v));

/** What each negative fixture must fail, and the deciding fact (`undefined`: unknown). */
const NEGATIVES: Readonly<Record<string, { fails: string[]; fact: string; value: FactScalar | undefined }>> = {
  'pump-negative-t1d': { fails: ['noT1d'], fact: 'condition.t1d', value: true },
  // A pump user's prandial doses are pump boluses, not injections: MDI fails with the pump.
  'pump-negative-on-pump': { fails: ['mdi', 'noPump'], fact: 'pump', value: true },
  'pump-negative-pump-rate': { fails: ['mdi', 'noPump'], fact: 'pump', value: true },
  'pump-negative-z9641': { fails: ['mdi', 'noPump'], fact: 'pump', value: true },
  'pump-negative-hba1c-7-4': { fails: ['hba1cHigh'], fact: 'hba1c.percent', value: 7.4 },
  'pump-negative-hba1c-stale': { fails: ['hba1cRecent'], fact: 'hba1c.ageDays', value: 274 },
  'pump-negative-basal-only': { fails: ['mdi'], fact: 'insulin.rapidInjectionsPerDay', value: 0 },
  'pump-negative-sliding-scale': { fails: ['mdi'], fact: 'insulin.rapidInjectionsPerDay', value: 0 },
  'pump-negative-t2d-entered-in-error': { fails: ['t2d'], fact: 'condition.t2d', value: false },
  // Type 2 diabetes is lifelong: a record marked resolved leaves it unknown, not absent.
  'pump-negative-t2d-resolved': { fails: ['t2d'], fact: 'condition.t2d', value: undefined },
  'pump-negative-age-16': { fails: ['adult'], fact: 'age', value: 16 },
  'pump-negative-unconvertible-unit': { fails: ['hba1cHigh', 'hba1cRecent'], fact: 'hba1c.percent', value: undefined },
};

function factsFor(fixture: FixturePatient, now = NOW) {
  return computePatientFacts(recordFromResources(fixture.id, fixture.resources(now)), valueSets, {
    now,
    alcoholGramsPerDrink: 10,
  });
}

const positives = PUMP_FIXTURES.filter((f) => f.expected.pump !== null);
const negatives = PUMP_FIXTURES.filter((f) => f.expected.pump === null);

describe('pump fixtures', () => {
  test('there are at least 16, with a negative for each fixture that expects no card', () => {
    expect(PUMP_FIXTURES.length).toBeGreaterThanOrEqual(16);
    expect(negatives.map((f) => f.id).sort()).toEqual(Object.keys(NEGATIVES).sort());
  });

  test('the benchmark patient has about 40 resources', () => {
    const main = PUMP_FIXTURES.find((f) => f.id === 'pump-positive-main');
    expect(main?.resources(NOW).length).toBeGreaterThanOrEqual(38);
    expect(main?.resources(NOW).length).toBeLessThanOrEqual(45);
  });

  test.each(positives.map((f) => [f.id, f] as const))('%s meets every condition of the pump rule', (_id, fixture) => {
    const facts = factsFor(fixture);
    const v = facts.rule.values;
    const expected = fixture.expected.pump!;
    expect(failing(v)).toEqual([]);
    expect(v.get('condition.t2d')).toBe(true);
    expect(v.get('condition.t1d')).toBe(false);
    expect(num(v, 'age')).toBeGreaterThanOrEqual(18);
    expect(v.get('insulin.basal')).toBe(true);
    expect(num(v, 'insulin.rapidInjectionsPerDay')).toBeGreaterThanOrEqual(2);
    expect(formatPercent(num(v, 'hba1c.percent'))).toBe(expected.hba1cPercent.toFixed(1));
    expect(v.get('pump')).toBe(false);
    expect(num(v, 'hba1c.percent') > 12).toBe(expected.aboveTrialRange === true);
    expect(facts.dataQuality).toEqual([]);
  });

  test.each(positives.map((f) => [f.id, f] as const))('%s cites the expected records as evidence', (_id, fixture) => {
    const facts = factsFor(fixture);
    const [t2d, hba1c, basal, rapid] = fixture.expected.pump!.evidenceIds;
    const cited = (name: string) => (facts.rule.evidence.get(name) ?? []).map((e) => e.id);
    expect(cited('condition.t2d')).toContain(t2d);
    expect(cited('hba1c.percent')).toEqual([hba1c]);
    expect(cited('insulin.basal')).toContain(basal);
    expect(cited('insulin.rapidInjectionsPerDay')).toContain(rapid);
  });

  test.each(negatives.map((f) => [f.id, f] as const))('%s fails exactly the condition it names', (id, fixture) => {
    const v = factsFor(fixture).rule.values;
    const expected = NEGATIVES[id]!;
    expect(failing(v)).toEqual(expected.fails);
    expect(v.get(expected.fact)).toBe(expected.value);
  });

  test('the unconvertible latest HbA1c is unknown with a reason, not the older 9.0%', () => {
    const facts = factsFor(PUMP_FIXTURES.find((f) => f.id === 'pump-negative-unconvertible-unit')!);
    expect(facts.rule.unknownReasons.get('hba1c.percent')).toContain('unit cannot be converted');
    expect(facts.dataQuality).toEqual([
      'Observation/pump-negative-unconvertible-unit-hba1c-mgdl: unit cannot be converted to NGSP %',
    ]);
  });

  test.each(PUMP_FIXTURES.map((f) => [f.id, f] as const))(
    '%s keeps its verdict on another day and late in the evening',
    (_id, fixture) => {
      const later = new Date('2027-03-01T23:30:00Z');
      expect(failing(factsFor(fixture, later).rule.values).length === 0).toBe(fixture.expected.pump !== null);
    },
  );
});

describe('fixture bundles', () => {
  test.each(ALL_FIXTURES.map((f) => [f.id, f] as const))('%s loads as a stable PUT transaction', (id, fixture) => {
    const bundle = fixtureBundle(fixture, NOW);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    const entries = bundle.entry ?? [];
    const urls = entries.map((e) => e.request?.url);
    expect(new Set(urls).size).toBe(entries.length);
    for (const e of entries) {
      expect(e.request?.method).toBe('PUT');
      expect(e.request?.url).toBe(`${e.resource?.resourceType}/${e.resource?.id}`);
      expect(e.resource?.id === id || e.resource?.id?.startsWith(`${id}-`)).toBe(true);
    }
    expect(entries[0]?.resource?.resourceType).toBe('Patient');
    expectEqual(fixtureBundle(fixture, NOW), bundle);
  });
});
