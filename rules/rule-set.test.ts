import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Condition, FactType } from './condition-schema.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { listFactNames } from '../facts/fact-names.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadServices } from '../services/load-services.js';
import { loadRuleSet, RuleSet, type RuleFile, type RuleOutcome } from './rule-set.js';
import { RulesError } from './rules-error.js';
import { compileCondition, ruleInput, type Scalar } from './condition-evaluator.js';

const FACT_TYPES = new Map<string, { type: FactType }>([
  ['age', { type: 'number' }],
  ['pump', { type: 'boolean' }],
  ['sex', { type: 'string' }],
]);

function writeRules(body: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  const file = join(dir, 'x.rules.json');
  writeFileSync(file, JSON.stringify(body));
  return file;
}

const VALID = {
  id: 'x',
  title: 'X',
  sources: ['test'],
  rules: [
    {
      name: 'adult-without-pump',
      conditions: {
        all: [
          { fact: 'age', operator: 'greaterThanInclusive', value: 18 },
          { fact: 'pump', operator: 'equal', value: false },
        ],
      },
      event: { type: 'x' },
    },
  ],
};

describe('loading a rule file', () => {
  test.each<[string, unknown, string]>([
    ['an unknown fact', { fact: 'agee', operator: 'equal', value: 1 }, 'rules[0].conditions.all[0].fact'],
    [
      'a number operator on a boolean',
      { fact: 'pump', operator: 'lessThan', value: true },
      'rules[0].conditions.all[0].operator',
    ],
    ['a value of the wrong type', { fact: 'age', operator: 'equal', value: 'old' }, 'rules[0].conditions.all[0].value'],
    ['an unsupported operator', { fact: 'age', operator: 'startsWith', value: 1 }, 'rules[0].conditions.all[0]'],
    // A JSONPath `path` would make json-rules-engine evaluate it with jsonpath-plus (docs/reliability.md).
    [
      'a JSONPath path on a fact',
      { fact: 'age', path: '$.x', operator: 'equal', value: 1 },
      'rules[0].conditions.all[0]',
    ],
  ])('rejects %s, naming the file and the field', (_what, leaf, field) => {
    const file = writeRules({ ...VALID, rules: [{ ...VALID.rules[0], conditions: { all: [leaf] } }] });
    let error: unknown;
    try {
      loadRuleSet(file, FACT_TYPES);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RulesError);
    expect((error as RulesError).file).toContain('x.rules.json');
    expect((error as RulesError).field.startsWith(field)).toBe(true);
  });

  test('rejects a file without sources', () => {
    const file = writeRules({ ...VALID, sources: [] });
    expect(() => loadRuleSet(file, FACT_TYPES)).toThrow(RulesError);
  });
});

describe('evaluating rules', () => {
  const ruleSet = loadRuleSet(writeRules(VALID), FACT_TYPES);

  test.each<[string, string, [string, Scalar][]]>([
    [
      'every fact known and passing',
      'met',
      [
        ['age', 40],
        ['pump', false],
      ],
    ],
    [
      'one fact failing',
      'not-met',
      [
        ['age', 16],
        ['pump', false],
      ],
    ],
    ['a fact missing', 'unknown', [['age', 40]]],
    ['a fact missing and another failing', 'not-met', [['pump', true]]],
  ])('with %s the rule is %s, and json-rules-engine says the same', async (_what, expected, facts) => {
    const [outcome] = ruleSet.evaluate(ruleInput(new Map(facts)));
    expect(outcome!.status).toBe(expected);
    expect(await ruleSet.evaluateWithEngine(ruleInput(new Map(facts)))).toEqual(
      ruleSet.evaluate(ruleInput(new Map(facts))),
    );
  });

  test('the compiled path and json-rules-engine agree on status and every leaf, unknowns included', async () => {
    const leaf = fc.record({
      fact: fc.constantFrom('age', 'pump'),
      operator: fc.constantFrom('equal', 'notEqual'),
      value: fc.constant(0),
    });
    const tree = fc.record({
      all: fc.array(fc.oneof(leaf, fc.record({ any: fc.array(leaf, { minLength: 1, maxLength: 3 }) })), {
        minLength: 1,
        maxLength: 4,
      }),
    });
    await fc.assert(
      fc.asyncProperty(
        tree,
        fc.option(fc.integer({ min: 0, max: 1 })),
        fc.option(fc.boolean()),
        async (raw, age, pump) => {
          const conditions = JSON.parse(
            JSON.stringify(raw).replace(
              /"fact":"pump","operator":"(\w+)","value":0/g,
              '"fact":"pump","operator":"$1","value":false',
            ),
          ) as Condition;
          const set = new RuleSet({
            id: 'p',
            title: 'p',
            sources: ['t'],
            links: [],
            settings: {},
            rules: [
              { name: 'p', conditions: conditions as RuleFile['rules'][number]['conditions'], event: { type: 'p' } },
            ],
          });
          const facts = new Map<string, Scalar>();
          if (age !== null) facts.set('age', age);
          if (pump !== null) facts.set('pump', pump);
          const [viaEngine] = await set.evaluateWithEngine(ruleInput(facts));
          const [compiled] = set.evaluate(ruleInput(facts));
          expect(compiled).toEqual(viaEngine);
          expect(compiled!.status).toBe(compileCondition(conditions).evaluate(ruleInput(facts)).status);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A rule outcome as status and leaf statuses: what the engine and the evaluator must agree on. */
function leafStatuses(o: RuleOutcome) {
  return { name: o.name, status: o.status, leaves: o.leaves.map((l) => [l.condition.fact, l.status]) };
}

describe('the pump rule over every fixture patient', () => {
  const rules = loadServices(DEFAULT_RULES_DIR);
  const pumpRules = loadRuleSet(join(DEFAULT_RULES_DIR, 'pump-evaluation.rules.json'), listFactNames(rules.valueSets));
  const NOW = new Date('2026-11-22T10:00:00Z');

  test.each(ALL_FIXTURES.map((f) => [f.id, f] as const))(
    "%s: the compiled rule gives json-rules-engine's outcome",
    async (_id, fixture) => {
      const record = recordFromResources(fixture.id, fixture.resources(NOW));
      const values = computePatientFacts(record, rules.valueSets, { now: NOW, alcoholGramsPerDrink: 10 }).rule;
      const compiled = pumpRules.evaluate(values);
      const engine = await pumpRules.evaluateWithEngine(values);
      // json-rules-engine knows no ranges: where a leaf read one (a lower bound, a partial date),
      // the engine can only say unknown; everywhere else both must agree leaf by leaf.
      for (const [i, ours] of compiled.entries()) {
        const theirs = engine[i]!;
        const readsRange = ours.leaves.some((l) => typeof l.factValue === 'object' && !l.stale);
        if (readsRange) expect(theirs.status === 'unknown' || theirs.status === ours.status).toBe(true);
        else expect(leafStatuses(ours)).toEqual(leafStatuses(theirs));
      }
      // A card needs the rule met (the record gate and the MDI run-in can still hold it back).
      if (fixture.expected.pump !== null) expect(compiled[0]!.status).toBe('met');
    },
  );
});
