import type { RuleFacts } from '../facts/rule-facts.js';
import type { LeafOutcome, RuleValue } from '../rules/condition-evaluator.js';
import type { ExplanationLine } from './service.js';
import { citeAll } from './evidence-text.js';

/** A leaf written as the rule file states it: `hba1c.percent greaterThanInclusive 8`. */
export function leafText(leaf: LeafOutcome): string {
  const c = leaf.condition;
  return c.name ?? `${c.fact} ${c.operator} ${JSON.stringify(c.value)}`;
}

/** A fact value as people read it: a range reads "8.2 to 8.6", a lower bound "at least 2". */
export function ruleValueText(value: RuleValue | undefined): string {
  if (value === undefined) return 'unknown';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'object') return String(value);
  const high = value.highExclusive ? `under ${value.high}` : `${value.high}`;
  if (value.low !== undefined && value.high !== undefined) return `${value.low} to ${high}`;
  if (value.low !== undefined) return value.lowExclusive ? `above ${value.low}` : `at least ${value.low}`;
  return value.highExclusive ? `under ${value.high}` : `at most ${value.high ?? '?'}`;
}

/** Why a leaf is unknown: the fact's reason, or that its value is older than the leaf allows. */
export function unknownLeafReason(leaf: LeafOutcome, facts: RuleFacts): string {
  const name = leaf.condition.fact;
  if (leaf.stale) {
    const evidence = facts.evidence.get(name)?.[0];
    const when = evidence?.date ? ` of ${evidence.date.slice(0, 10)}` : '';
    return `the value${when} is ${leaf.stale.ageDays} days old, over the ${leaf.stale.maxAgeDays}-day limit`;
  }
  if (leaf.factValue !== undefined && typeof leaf.factValue === 'object') {
    const note = facts.notes.get(name);
    return `known only as ${ruleValueText(leaf.factValue)}${note ? ` (${note})` : ''}`;
  }
  if (leaf.condition.params?.maxAgeDays !== undefined && facts.values.has(name) && !facts.ageDays.has(name)) {
    return 'the value has no date';
  }
  return facts.unknownReasons.get(name) ?? 'no data';
}

/** Why a leaf came out as it did: the value and its evidence, or why the fact is unknown. */
export function leafReason(leaf: LeafOutcome, facts: RuleFacts): string {
  const name = leaf.condition.fact;
  if (leaf.status === 'unknown') return `unknown: ${unknownLeafReason(leaf, facts)}`;
  const note = facts.notes.get(name);
  const evidence = facts.evidence.get(name) ?? [];
  return `${name} = ${ruleValueText(leaf.factValue)}${evidence.length ? ` from ${citeAll(evidence)}` : ''}${note ? ` (${note})` : ''}`;
}

/** Explanation lines for the leaves of one rule or criterion. */
export function explainLeaves(leaves: readonly LeafOutcome[], facts: RuleFacts): ExplanationLine[] {
  return leaves.map((leaf) => ({
    id: leaf.condition.fact,
    text: leafText(leaf),
    status: leaf.status,
    reason: leafReason(leaf, facts),
  }));
}
