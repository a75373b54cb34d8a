import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import type { Condition, LeafCondition } from './condition-schema.js';
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

const leafArb: fc.Arbitrary<LeafCondition> = fc.record({
  fact: fc.constantFrom(...FACTS),
  operator: fc.constantFrom(
    'equal',
    'notEqual',
    'lessThan',
    'lessThanInclusive',
    'greaterThan',
    'greaterThanInclusive',
  ),
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
