import type { Condition, LeafCondition } from './condition-schema.js';
import { compileCondition, negate, type LeafOutcome, type RuleInput, type TriStatus } from './condition-evaluator.js';
import type { TrialCriterion } from './trial-schema.js';

/**
 * A criterion's status: the three values of the evaluator, plus `not-applicable` for a
 * criterion whose `appliesWhen` the patient does not meet (contraception for a man). It never
 * counts as met, and never blocks.
 */
export type CriterionStatus = TriStatus | 'not-applicable';

/** How one criterion came out for one patient. */
export interface CriterionOutcome {
  readonly criterion: TrialCriterion;
  /** The status the firing policy uses. */
  readonly status: CriterionStatus;
  /**
   * What the data alone said: differs from `status` when whenNotMet / whenMet turned a data
   * answer into "confirm". Undefined for manual criteria.
   */
  readonly dataStatus?: TriStatus;
  /** Every leaf evaluated, in order. */
  readonly leaves: readonly LeafOutcome[];
  /** Leaves under an odd number of `not`s, whose status counts the other way round. */
  readonly negated: ReadonlySet<LeafCondition>;
}

/** A criterion compiled once at load, evaluated per request. */
export interface CompiledCriterion {
  readonly criterion: TrialCriterion;
  /** The status alone, allocating nothing: for deciding which trials fire. */
  status(input: RuleInput): CriterionStatus;
  /** The status with every leaf, for the card and the explanation. */
  evaluate(input: RuleInput): CriterionOutcome;
}

const NONE: ReadonlySet<LeafCondition> = new Set();

function collectNegated(condition: Condition, negated: boolean, into: Set<LeafCondition>): void {
  if ('all' in condition) condition.all.forEach((c) => collectNegated(c, negated, into));
  else if ('any' in condition) condition.any.forEach((c) => collectNegated(c, negated, into));
  else if ('not' in condition) collectNegated(condition.not, !negated, into);
  else if (negated) into.add(condition);
}

/** Compiles one criterion; with `appliesWhen`, a patient it does not apply to gets `not-applicable`. */
export function compileCriterion(criterion: TrialCriterion): CompiledCriterion {
  const inner = compileBody(criterion);
  if (!criterion.appliesWhen) return inner;
  // Only a known "does not apply" makes the criterion not applicable: when it cannot be told
  // (sex unknown), the criterion is evaluated as written, so nothing is skipped on a guess.
  const applies = compileCondition(criterion.appliesWhen);
  const notApplicable: CriterionOutcome = { criterion, status: 'not-applicable', leaves: [], negated: NONE };
  return {
    criterion,
    status: (input) => (applies.status(input) === 'not-met' ? 'not-applicable' : inner.status(input)),
    evaluate: (input) => (applies.status(input) === 'not-met' ? notApplicable : inner.evaluate(input)),
  };
}

/** The criterion's own condition in the three-valued evaluator, or a constant for manual ones. */
function compileBody(criterion: TrialCriterion): CompiledCriterion {
  if (!criterion.condition) {
    // Manual: always "to confirm"; one shared outcome, nothing allocated per request.
    const outcome: CriterionOutcome = { criterion, status: 'unknown', leaves: [], negated: NONE };
    return { criterion, status: () => 'unknown', evaluate: () => outcome };
  }
  const compiled = compileCondition(criterion.condition);
  const negatedSet = new Set<LeafCondition>();
  collectNegated(criterion.condition, false, negatedSet);
  const negated = negatedSet.size > 0 ? negatedSet : NONE;
  const soften: TriStatus | undefined = criterion.whenNotMet ? 'not-met' : criterion.whenMet ? 'met' : undefined;
  return {
    criterion,
    status(input) {
      const status = compiled.status(input);
      return status === soften ? 'unknown' : status;
    },
    evaluate(input) {
      const { status, leaves } = compiled.evaluate(input);
      return { criterion, status: status === soften ? 'unknown' : status, dataStatus: status, leaves, negated };
    },
  };
}

/**
 * The leaves that decided the data's answer: for a met (or not-met) condition, the leaves that
 * came out that way once `not` is accounted for; for an unknown one, the unknown leaves.
 */
export function decisiveLeaves(outcome: CriterionOutcome): LeafOutcome[] {
  const target = outcome.dataStatus;
  if (target === undefined) return [];
  return outcome.leaves.filter((l) => (outcome.negated.has(l.condition) ? negate(l.status) : l.status) === target);
}
