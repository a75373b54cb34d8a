import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { OPERATORS, type Condition, type LeafCondition } from './condition-schema.js';
import { combine, compileCondition, negate, ruleInput, type Scalar, type TriStatus } from './condition-evaluator.js';

describe('three-valued logic', () => {
  test.each<['all' | 'any', TriStatus[], TriStatus]>([
    ['all', ['met', 'met'], 'met'],
    ['all', ['met', 'unknown'], 'unknown'],
    ['all', ['unknown', 'not-met'], 'not-met'],
    ['any', ['not-met', 'not-met'], 'not-met'],
    ['any', ['not-met', 'unknown'], 'unknown'],
    ['any', ['unknown', 'met'], 'met'],
  ])('%s of %j is %s', (kind, parts, expected) => {
    expect(combine(kind, parts)).toBe(expected);
  });

  test('negation keeps unknown unknown', () => {
    expect([negate('met'), negate('not-met'), negate('unknown')]).toEqual(['not-met', 'met', 'unknown']);
  });

  test('a missing fact makes a leaf unknown and never met', () => {
    const evaluate = compileCondition({ fact: 'hba1c.percent', operator: 'greaterThanInclusive', value: 8 });
    const outcome = evaluate.evaluate(ruleInput(new Map()));
    expect(outcome.status).toBe('unknown');
    expect(outcome.leaves).toEqual([expect.objectContaining({ status: 'unknown' })]);
  });

  test('notEqual on a missing fact is unknown, unlike a naive comparison with undefined', () => {
    expect(
      compileCondition({ fact: 'pump', operator: 'notEqual', value: true }).evaluate(ruleInput(new Map())).status,
    ).toBe('unknown');
  });
});

const FACTS = ['a', 'b', 'c', 'd'] as const;

/** The comparison operators of rule files (condition-schema.ts), without the list operators. */
type Comparison = Exclude<(typeof OPERATORS)[number], 'in' | 'notIn'>;
const COMPARISONS = OPERATORS.filter((o): o is Comparison => o !== 'in' && o !== 'notIn');

const leafArb: fc.Arbitrary<LeafCondition> = fc.record({
  fact: fc.constantFrom(...FACTS),
  operator: fc.constantFrom(...COMPARISONS),
  value: fc.integer({ min: 0, max: 4 }),
});

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
})).node;

describe('compiled conditions agree with json-rules-engine', () => {
  test('whenever every fact is known, met/not-met equals the engine verdict', async () => {
    await fc.assert(
      fc.asyncProperty(
        conditionArb.filter((c) => !('fact' in c)),
        fc.tuple(...FACTS.map(() => fc.integer({ min: 0, max: 4 }))),
        async (condition, values) => {
          const facts = new Map<string, Scalar>(FACTS.map((f, i) => [f, values[i]!]));
          const engine = new Engine([{ conditions: condition as never, event: { type: 'x' } }]);
          const { events } = await engine.run(Object.fromEntries(facts));
          const ours = compileCondition(condition).evaluate(ruleInput(facts)).status;
          expect(ours).toBe(events.length > 0 ? 'met' : 'not-met');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a range decides a comparison only when every value it allows does', () => {
  const scalarHolds = (op: Comparison, x: number, v: number): boolean =>
    ({
      equal: x === v,
      notEqual: x !== v,
      lessThan: x < v,
      lessThanInclusive: x <= v,
      greaterThan: x > v,
      greaterThanInclusive: x >= v,
    })[op];

  test('met when all values satisfy, not met when none does, unknown when some do (open ends included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(...COMPARISONS),
        (a, b, lowExclusive, highExclusive, v, operator) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          // Values on a grid of quarters inside the range; an open end leaves its bound out.
          const values: number[] = [];
          for (let x = low; x <= high; x += 0.25) {
            if ((lowExclusive && x === low) || (highExclusive && x === high)) continue;
            values.push(x);
          }
          fc.pre(values.length > 0);
          const range = {
            low,
            high,
            ...(lowExclusive ? { lowExclusive } : {}),
            ...(highExclusive ? { highExclusive } : {}),
          };
          const status = compileCondition({ fact: 'x', operator, value: v }).evaluate(
            ruleInput(new Map([['x', range]])),
          ).status;
          const satisfied = values.filter((x) => scalarHolds(operator, x, v)).length;
          const expected = satisfied === values.length ? 'met' : satisfied === 0 ? 'not-met' : 'unknown';
          expect(status).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('a lab\'s "< 30" meets "under 30", and "<= 30" does not decide it', () => {
    const under30 = compileCondition({ fact: 'egfr.value', operator: 'lessThan', value: 30 });
    const status = (range: object) => under30.evaluate(ruleInput(new Map([['egfr.value', range]]))).status;
    expect(status({ low: 0, high: 30, highExclusive: true })).toBe('met');
    expect(status({ low: 0, high: 30 })).toBe('unknown');
    expect(status({ low: 30, lowExclusive: true })).toBe('not-met');
  });
});
