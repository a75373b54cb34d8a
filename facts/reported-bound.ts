import type { NumberRange } from '../rules/condition-evaluator.js';
import type { ReadQuantity } from './quantity.js';

/*
 * Laboratory values reported as a bound ("> 14 %", "< 30 mL/min/1.73m2"): what they allow, for the
 * facts that read them (HbA1c, eGFR). Every measure here is positive, so a value below a bound is
 * at least 0.
 */

/** How a comparator reads in text: "> 14 %", "≤ 6 %". */
export const COMPARATOR_SYMBOL = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' } as const;

/** What a reported value allows: "> 60" is anything above 60, "< 15" anything from 0 to under 15. */
export function reportedBound(value: number, comparator: ReadQuantity['comparator']): NumberRange | number {
  if (comparator === '>') return { low: value, lowExclusive: true };
  if (comparator === '>=') return { low: value };
  if (comparator === '<') return { low: 0, high: value, highExclusive: true };
  if (comparator === '<=') return { low: 0, high: value };
  return value;
}

/**
 * The range that holds every result of the same time: the lowest low and the highest high. An end
 * is open only when every result reaching it is open there ("< 30" and "< 30"; not "< 30" and "30").
 */
export function spanOf(all: readonly (NumberRange | number)[]): NumberRange {
  const ranges = all.map((b) => (typeof b === 'number' ? { low: b, high: b } : b));
  const low = Math.min(...ranges.map((r) => r.low ?? 0));
  const high = Math.max(...ranges.map((r) => r.high ?? Infinity));
  const lowExclusive = ranges.every((r) => (r.low ?? 0) !== low || r.lowExclusive === true);
  const highExclusive = ranges.every((r) => (r.high ?? Infinity) !== high || r.highExclusive === true);
  return {
    low,
    ...(high === Infinity ? {} : { high }),
    ...(lowExclusive ? { lowExclusive } : {}),
    ...(highExclusive && high !== Infinity ? { highExclusive } : {}),
  };
}
