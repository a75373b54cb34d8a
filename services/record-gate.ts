import type { RuleFacts } from '../facts/rule-facts.js';
import type { RuleSet } from '../rules/rule-set.js';
import { explainLeaves } from './rule-explanation.js';
import type { Explanation } from './service.js';

/**
 * Whether any card may be shown for this record: every rule of the record gate
 * (rules/record-gate.rules.json: a living patient, an active record not merged into another) is
 * met. Unknown closes the gate too: a card needs a record it can trust.
 */
export function recordGateOpen(gate: RuleSet, facts: RuleFacts): boolean {
  return gate.evaluate(facts).every((o) => o.status === 'met');
}

/** The gate as an explanation section. */
export function gateExplanation(gate: RuleSet, facts: RuleFacts): Explanation['sections'][number] {
  const outcomes = gate.evaluate(facts);
  const open = outcomes.every((o) => o.status === 'met');
  return {
    title: `Record gate (${gate.file.id}): ${open ? 'a living patient, current record' : 'closed: no card for this record'}`,
    fires: open,
    lines: outcomes.flatMap((o) => explainLeaves(o.leaves, facts)),
  };
}
