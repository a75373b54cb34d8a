import type { Evidence } from '../../facts/fact.js';
import type { RuleFacts } from '../../facts/rule-facts.js';
import type { RuleValue, TriStatus } from '../../rules/condition-evaluator.js';
import { ruleValueText, unknownLeafReason } from '../rule-explanation.js';
import { decisiveLeaves, type CriterionOutcome } from '../../rules/trial-criterion.js';

/** What one fact said about a criterion: its value and evidence, or why it is unknown. */
export interface FactFinding {
  readonly fact: string;
  /** The leaf's name in the catalogue, else the fact name. */
  readonly name: string;
  readonly status: TriStatus;
  readonly value?: RuleValue;
  readonly evidence: readonly Evidence[];
  /** The fact's caveat, e.g. "CKD-EPI used: no MDRD value on file". */
  readonly note?: string;
  readonly unknownReason?: string;
}

/** A criterion's outcome with the findings behind it, ready to write on a card or in an explanation. */
export interface CriterionReport {
  readonly outcome: CriterionOutcome;
  /** What the card calls the criterion: its label, else the registry text. */
  readonly label: string;
  /** The facts that decided the status (deduplicated by fact). */
  readonly findings: readonly FactFinding[];
  /** The catalogue's reason to confirm by hand (manual, or whenNotMet / whenMet), when that is why it is unknown. */
  readonly confirm?: string;
}

/** What a report needs of the trial's words: the criterion's label and what to confirm, in one language. */
export interface CriterionWords {
  label(criterion: CriterionOutcome['criterion']): string;
  confirm(criterion: CriterionOutcome['criterion']): string | undefined;
}

/** The registry's own words (English): the explanation of `npm run evaluate` uses them. */
export const SOURCE_WORDS: CriterionWords = {
  label: (c) => c.label ?? c.text,
  confirm: (c) => c.manual?.reason ?? c.unknownReason,
};

/** The findings behind one criterion's outcome, read from the request's facts. */
export function reportCriterion(
  outcome: CriterionOutcome,
  facts: RuleFacts,
  words: CriterionWords = SOURCE_WORDS,
): CriterionReport {
  const c = outcome.criterion;
  const label = words.label(c);
  if (c.manual) return { outcome, label, findings: [], confirm: words.confirm(c) ?? c.manual.reason };
  const seen = new Set<string>();
  const findings: FactFinding[] = [];
  for (const leaf of decisiveLeaves(outcome)) {
    const fact = leaf.condition.fact;
    if (seen.has(fact)) continue;
    seen.add(fact);
    const note = facts.notes.get(fact);
    const unknownReason = leaf.status === 'unknown' ? unknownLeafReason(leaf, facts) : undefined;
    findings.push({
      fact,
      name: leaf.condition.name ?? fact,
      status: leaf.status,
      ...(leaf.factValue !== undefined ? { value: leaf.factValue } : {}),
      evidence: facts.evidence.get(fact) ?? [],
      ...(note ? { note } : {}),
      ...(unknownReason ? { unknownReason } : {}),
    });
  }
  const softened = outcome.status === 'unknown' && outcome.dataStatus !== 'unknown';
  return softened && c.unknownReason
    ? { outcome, label, findings, confirm: words.confirm(c) ?? c.unknownReason }
    : { outcome, label, findings };
}

/** Evidence behind a report, each resource once. */
export function reportEvidence(reports: readonly CriterionReport[]): Evidence[] {
  const out = new Map<string, Evidence>();
  for (const r of reports)
    for (const f of r.findings) for (const e of f.evidence) out.set(`${e.resourceType}/${e.id}`, e);
  return [...out.values()];
}

/** A fact value as people read it. */
export function valueText(value: RuleValue | undefined): string {
  return ruleValueText(value);
}
