import type { Condition } from './condition-schema.js';
import { compare, type Scalar, type TriStatus } from './tri-state.js';

/** A condition compiled to its status alone: no leaf records, nothing allocated per call. */
export type StatusEvaluator = (facts: ReadonlyMap<string, Scalar>) => TriStatus;

/**
 * Compiles a condition to the same three-valued status as tri-state's compileCondition, but
 * without recording leaves and stopping at the first decisive part. The trial catalogue uses it
 * to decide which of many trials fire; only those are evaluated again in full for their cards.
 */
export function compileStatus(condition: Condition): StatusEvaluator {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const parts = (isAll ? condition.all : condition.any).map(compileStatus);
    const decisive: TriStatus = isAll ? 'not-met' : 'met';
    const otherwise: TriStatus = isAll ? 'met' : 'not-met';
    return (facts) => {
      let unknown = false;
      for (const part of parts) {
        const s = part(facts);
        if (s === decisive) return decisive;
        if (s === 'unknown') unknown = true;
      }
      return unknown ? 'unknown' : otherwise;
    };
  }
  if ('not' in condition) {
    const inner = compileStatus(condition.not);
    return (facts) => {
      const s = inner(facts);
      return s === 'met' ? 'not-met' : s === 'not-met' ? 'met' : 'unknown';
    };
  }
  const { fact, operator, value } = condition;
  return (facts) => {
    const v = facts.get(fact);
    if (v === undefined) return 'unknown';
    return compare(operator, v, value) ? 'met' : 'not-met';
  };
}
