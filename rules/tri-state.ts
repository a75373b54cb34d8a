import type { Condition, LeafCondition } from './condition-schema.js';

/** A criterion's or rule's status: the data says yes, says no, or cannot say. */
export type TriStatus = 'met' | 'not-met' | 'unknown';

/** A scalar fact value. */
export type Scalar = number | string | boolean;

/** How one leaf comparison came out, and on which value. */
export interface LeafOutcome {
  readonly condition: LeafCondition;
  readonly status: TriStatus;
  /** The fact's value; absent when the fact is unknown. */
  readonly factValue?: Scalar;
}

/** The status of a condition tree, with every leaf that was evaluated. */
export interface ConditionOutcome {
  readonly status: TriStatus;
  readonly leaves: readonly LeafOutcome[];
}

/** A condition compiled once, evaluated per request. */
export type CompiledCondition = (facts: ReadonlyMap<string, Scalar>) => ConditionOutcome;

/** Compares a known fact value the way json-rules-engine's built-in operators do. */
export function compare(operator: LeafCondition['operator'], fact: Scalar, value: LeafCondition['value']): boolean {
  switch (operator) {
    case 'equal':
      return fact === value;
    case 'notEqual':
      return fact !== value;
    case 'lessThan':
      return typeof fact === 'number' && fact < (value as number);
    case 'lessThanInclusive':
      return typeof fact === 'number' && fact <= (value as number);
    case 'greaterThan':
      return typeof fact === 'number' && fact > (value as number);
    case 'greaterThanInclusive':
      return typeof fact === 'number' && fact >= (value as number);
    case 'in':
      return (value as Scalar[]).includes(fact);
    case 'notIn':
      return !(value as Scalar[]).includes(fact);
  }
}

/**
 * Combines statuses with Kleene's three-valued logic: `all` is not-met as soon as one
 * part is not met, `any` is met as soon as one part is met, and otherwise an unknown part
 * makes the whole unknown. So missing data can block a match but never make one.
 */
export function combine(kind: 'all' | 'any', statuses: readonly TriStatus[]): TriStatus {
  const decisive = kind === 'all' ? 'not-met' : 'met';
  if (statuses.includes(decisive)) return decisive;
  if (statuses.includes('unknown')) return 'unknown';
  return kind === 'all' ? 'met' : 'not-met';
}

/** Swaps met and not-met; unknown stays unknown. */
export function negate(status: TriStatus): TriStatus {
  return status === 'met' ? 'not-met' : status === 'not-met' ? 'met' : 'unknown';
}

type Node = (facts: ReadonlyMap<string, Scalar>, leaves: LeafOutcome[]) => TriStatus;

function compileNode(condition: Condition): Node {
  if ('all' in condition || 'any' in condition) {
    const kind = 'all' in condition ? 'all' : 'any';
    const parts = ('all' in condition ? condition.all : condition.any).map(compileNode);
    return (facts, leaves) =>
      combine(
        kind,
        parts.map((p) => p(facts, leaves)),
      );
  }
  if ('not' in condition) {
    const inner = compileNode(condition.not);
    return (facts, leaves) => negate(inner(facts, leaves));
  }
  const leaf = condition;
  return (facts, leaves) => {
    const factValue = facts.get(leaf.fact);
    if (factValue === undefined) {
      leaves.push({ condition: leaf, status: 'unknown' });
      return 'unknown';
    }
    const status: TriStatus = compare(leaf.operator, factValue, leaf.value) ? 'met' : 'not-met';
    leaves.push({ condition: leaf, status, factValue });
    return status;
  };
}

/** Compiles a json-rules-engine condition into a fast three-valued evaluator. */
export function compileCondition(condition: Condition): CompiledCondition {
  const root = compileNode(condition);
  return (facts) => {
    const leaves: LeafOutcome[] = [];
    const status = root(facts, leaves);
    return { status, leaves };
  };
}
