import type { Condition, LeafCondition } from './condition-schema.js';

/** A criterion's or rule's status: the data says yes, says no, or cannot say. */
export type TriStatus = 'met' | 'not-met' | 'unknown';

/** A scalar fact value. */
export type Scalar = number | string | boolean;

/**
 * A number known only to lie between two bounds (inclusive; an absent bound is open): an onset
 * recorded as a year, two same-time HbA1c results that disagree, an injection count of which
 * some part could not be read. A comparison is decided only when the whole range falls on one
 * side of its threshold.
 */
export interface NumberRange {
  readonly low?: number;
  readonly high?: number;
  /** The value is above `low`, not equal to it: a lab's "> 60". */
  readonly lowExclusive?: boolean;
  /** The value is below `high`, not equal to it: a lab's "< 30", which meets "under 30". */
  readonly highExclusive?: boolean;
}

/** What a rule may compare: a scalar, or a number known within a range. */
export type RuleValue = Scalar | NumberRange;

/** The facts as the evaluator reads them. A name absent from `values` is unknown. */
export interface RuleInput {
  readonly values: ReadonlyMap<string, RuleValue>;
  /** Days since a dated value was taken, for leaves with params.maxAgeDays. */
  readonly ageDays: ReadonlyMap<string, number>;
}

/** How one leaf comparison came out, and on which value. */
export interface LeafOutcome {
  readonly condition: LeafCondition;
  readonly status: TriStatus;
  /** The fact's value; absent when the fact is unknown. */
  readonly factValue?: RuleValue;
  /** Set when a value exists but is older than the leaf's params.maxAgeDays. */
  readonly stale?: { readonly ageDays: number; readonly maxAgeDays: number };
}

/** The status of a condition tree, with every leaf that was evaluated. */
export interface ConditionOutcome {
  readonly status: TriStatus;
  readonly leaves: readonly LeafOutcome[];
}

/** A condition compiled once at start-up, evaluated per request. */
export interface CompiledCondition {
  /** The status alone: stops at the first decisive part and allocates nothing. */
  status(input: RuleInput): TriStatus;
  /** The status with every leaf evaluated, for cards and explanations. */
  evaluate(input: RuleInput): ConditionOutcome;
}

/** Whether a value is a range rather than a scalar. */
export function isRange(value: RuleValue): value is NumberRange {
  return typeof value === 'object';
}

function decide(yes: boolean, no: boolean): TriStatus {
  return yes ? 'met' : no ? 'not-met' : 'unknown';
}

/**
 * Compares a range the way its every possible value would compare: met when all of them
 * satisfy the operator, not met when none does, unknown otherwise.
 */
function compareRange(operator: LeafCondition['operator'], r: NumberRange, value: LeafCondition['value']): TriStatus {
  const low = r.low ?? -Infinity;
  const high = r.high ?? Infinity;
  const lowOpen = r.lowExclusive === true;
  const highOpen = r.highExclusive === true;
  // Whether a number lies in the range, open ends left out.
  const holds = (v: number): boolean => (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high);
  const v = value as number;
  switch (operator) {
    case 'greaterThanInclusive':
      return decide(low >= v, highOpen ? high <= v : high < v);
    case 'greaterThan':
      return decide(lowOpen ? low >= v : low > v, high <= v);
    case 'lessThanInclusive':
      return decide(high <= v, lowOpen ? low >= v : low > v);
    case 'lessThan':
      return decide(highOpen ? high <= v : high < v, low >= v);
    case 'equal':
      return typeof value === 'number'
        ? decide(low === value && high === value && !lowOpen && !highOpen, !holds(value))
        : 'not-met';
    case 'notEqual':
      return typeof value === 'number'
        ? decide(!holds(value), low === value && high === value && !lowOpen && !highOpen)
        : 'met';
    case 'in':
    case 'notIn': {
      const numbers = (value as Scalar[]).filter((n): n is number => typeof n === 'number');
      const inside = numbers.some(holds);
      const whole = low === high && !lowOpen && !highOpen && numbers.includes(low);
      const status = decide(whole, !inside);
      return operator === 'in' ? status : negate(status);
    }
  }
}

/** Compares a known scalar the way json-rules-engine's built-in operators do. */
function compareScalar(operator: LeafCondition['operator'], fact: Scalar, value: LeafCondition['value']): boolean {
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

/** Compares a fact value with a leaf's value: a scalar as json-rules-engine does, a range by its bounds. */
export function compare(
  operator: LeafCondition['operator'],
  fact: RuleValue,
  value: LeafCondition['value'],
): TriStatus {
  if (isRange(fact)) return compareRange(operator, fact, value);
  return compareScalar(operator, fact, value) ? 'met' : 'not-met';
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

/** Why a leaf's fact cannot be compared: unknown, or known but older than the leaf allows. */
function staleness(leaf: LeafCondition, input: RuleInput): LeafOutcome['stale'] | 'unknown' | undefined {
  const max = leaf.params?.maxAgeDays;
  if (max === undefined) return undefined;
  const age = input.ageDays.get(leaf.fact);
  // A dated fact without an age cannot show it is recent enough.
  if (age === undefined) return 'unknown';
  return age > max ? { ageDays: age, maxAgeDays: max } : undefined;
}

/** One leaf's status alone. */
function leafStatus(leaf: LeafCondition, input: RuleInput): TriStatus {
  const value = input.values.get(leaf.fact);
  if (value === undefined || staleness(leaf, input) !== undefined) return 'unknown';
  return compare(leaf.operator, value, leaf.value);
}

/** One leaf with its outcome record. */
function leafOutcome(leaf: LeafCondition, input: RuleInput): LeafOutcome {
  const value = input.values.get(leaf.fact);
  if (value === undefined) return { condition: leaf, status: 'unknown' };
  const stale = staleness(leaf, input);
  if (stale === 'unknown') return { condition: leaf, status: 'unknown' };
  if (stale) return { condition: leaf, status: 'unknown', factValue: value, stale };
  return { condition: leaf, status: compare(leaf.operator, value, leaf.value), factValue: value };
}

type StatusNode = (input: RuleInput) => TriStatus;
type FullNode = (input: RuleInput, leaves: LeafOutcome[]) => TriStatus;

function compileStatusNode(condition: Condition): StatusNode {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const parts = (isAll ? condition.all : condition.any).map(compileStatusNode);
    const decisive: TriStatus = isAll ? 'not-met' : 'met';
    const otherwise: TriStatus = isAll ? 'met' : 'not-met';
    return (input) => {
      let unknown = false;
      for (const part of parts) {
        const s = part(input);
        if (s === decisive) return decisive;
        if (s === 'unknown') unknown = true;
      }
      return unknown ? 'unknown' : otherwise;
    };
  }
  if ('not' in condition) {
    const inner = compileStatusNode(condition.not);
    return (input) => negate(inner(input));
  }
  const leaf = condition;
  return (input) => leafStatus(leaf, input);
}

function compileFullNode(condition: Condition): FullNode {
  if ('all' in condition || 'any' in condition) {
    const kind = 'all' in condition ? 'all' : 'any';
    const parts = ('all' in condition ? condition.all : condition.any).map(compileFullNode);
    return (input, leaves) =>
      combine(
        kind,
        parts.map((p) => p(input, leaves)),
      );
  }
  if ('not' in condition) {
    const inner = compileFullNode(condition.not);
    return (input, leaves) => negate(inner(input, leaves));
  }
  const leaf = condition;
  return (input, leaves) => {
    const outcome = leafOutcome(leaf, input);
    leaves.push(outcome);
    return outcome.status;
  };
}

/**
 * Compiles a json-rules-engine condition (`all`/`any`/`not`, `fact`/`operator`/`value`,
 * `params.maxAgeDays`) into the project's one three-valued evaluator. Rules and trial criteria
 * both run on it. json-rules-engine itself is two-valued: a missing fact throws "Undefined
 * fact", or with `allowUndefinedFacts` reads as undefined, which makes `notEqual` and `not`
 * true, so a missing exclusion would pass. It is kept as the oracle the evaluator is tested
 * against where every fact is known (rule-set.test.ts, trials-scale.int.test.ts).
 */
export function compileCondition(condition: Condition): CompiledCondition {
  const fast = compileStatusNode(condition);
  const full = compileFullNode(condition);
  return {
    status: fast,
    evaluate(input) {
      const leaves: LeafOutcome[] = [];
      const status = full(input, leaves);
      return { status, leaves };
    },
  };
}

/** An input from plain values, for tests and tools: nothing dated. */
export function ruleInput(values: ReadonlyMap<string, RuleValue>, ageDays?: ReadonlyMap<string, number>): RuleInput {
  return { values, ageDays: ageDays ?? new Map() };
}
