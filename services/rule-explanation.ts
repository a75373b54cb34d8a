import type { RuleFacts } from '../fhir/facts/types.js';
import type { LeafOutcome } from '../rules/tri-state.js';
import type { ExplanationLine } from './service.js';
import { citeAll } from './evidence-text.js';

/** A leaf written as the rule file states it: `hba1c.percent greaterThanInclusive 8`. */
export function leafText(leaf: LeafOutcome): string {
  const c = leaf.condition;
  return c.name ?? `${c.fact} ${c.operator} ${JSON.stringify(c.value)}`;
}

/** Why a leaf came out as it did: the value and its evidence, or why the fact is unknown. */
export function leafReason(leaf: LeafOutcome, facts: RuleFacts): string {
  const name = leaf.condition.fact;
  if (leaf.status === 'unknown') return `unknown: ${facts.unknownReasons.get(name) ?? 'no data'}`;
  const note = facts.notes.get(name);
  const evidence = facts.evidence.get(name) ?? [];
  return `${name} = ${JSON.stringify(leaf.factValue)}${evidence.length ? ` from ${citeAll(evidence, 'plain')}` : ''}${note ? ` (${note})` : ''}`;
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
