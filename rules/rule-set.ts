import { Engine, Fact, type RuleResult } from 'json-rules-engine';
import { z } from 'zod';
import { checkCondition, ConditionSchema, factsOf, type FactInfo } from './condition-schema.js';
import {
  combine,
  compileCondition,
  isRange,
  negate,
  type CompiledCondition,
  type LeafOutcome,
  type RuleInput,
  type TriStatus,
} from './condition-evaluator.js';
import { displayPath, readJsonFile } from './json-file.js';
import { LocalizedTextSchema } from './localized-text.js';
import { RulesError } from './rules-error.js';

/** One rule: json-rules-engine JSON. Metadata lives in event.params, as the engine drops other keys. */
export const RuleSchema = z.strictObject({
  name: z.string().min(1),
  conditions: ConditionSchema.refine((c) => 'all' in c || 'any' in c || 'not' in c, {
    message: 'top-level conditions must be all, any or not',
  }),
  event: z.strictObject({ type: z.string().min(1), params: z.record(z.string(), z.unknown()).optional() }),
  priority: z.number().int().positive().optional(),
});

/** A rule file under rules/: a set of json-rules-engine rules with their sources and settings. */
export const RuleFileSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  description: z.string().optional(),
  sources: z.array(z.string().min(1)).min(1),
  rules: z.array(RuleSchema).min(1),
  settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  /** Links the card offers (the evidence and guidance behind it), labelled per locale. */
  links: z.array(z.strictObject({ label: LocalizedTextSchema, url: z.url({ protocol: /^https$/ }) })).default([]),
});

/** A validated rule file. */
export type RuleFile = z.infer<typeof RuleFileSchema>;

/** How one rule came out for one patient. */
export interface RuleOutcome {
  readonly name: string;
  readonly status: TriStatus;
  readonly leaves: readonly LeafOutcome[];
  readonly event: RuleFile['rules'][number]['event'];
}

interface LeafResult {
  fact: string;
  operator: string;
  value: unknown;
  name?: string;
  params?: { maxAgeDays: number };
  factResult?: unknown;
  result?: boolean;
}
type ConditionResult = LeafResult | { all: ConditionResult[] } | { any: ConditionResult[] } | { not: ConditionResult };

/**
 * Reads a rule's outcome from json-rules-engine's own per-leaf results, in three values:
 * a leaf whose fact was undefined (or that the engine never reached) is unknown.
 */
function statusOf(node: ConditionResult, leaves: LeafOutcome[]): TriStatus {
  if ('all' in node)
    return combine(
      'all',
      node.all.map((n) => statusOf(n, leaves)),
    );
  if ('any' in node)
    return combine(
      'any',
      node.any.map((n) => statusOf(n, leaves)),
    );
  if ('not' in node) return negate(statusOf(node.not, leaves));
  const condition = {
    fact: node.fact,
    operator: node.operator,
    value: node.value,
    ...(node.name !== undefined ? { name: node.name } : {}),
    ...(node.params !== undefined ? { params: node.params } : {}),
  } as LeafOutcome['condition'];
  if (node.factResult === undefined || node.result === undefined) {
    leaves.push({ condition, status: 'unknown' });
    return 'unknown';
  }
  const status: TriStatus = node.result ? 'met' : 'not-met';
  leaves.push({ condition, status, factValue: node.factResult as LeafOutcome['factValue'] & {} });
  return status;
}

/**
 * A rule file, compiled once at start-up. The rules are json-rules-engine JSON and mean what
 * the engine makes of them; a request evaluates them with the same conditions compiled into
 * the project's one three-valued evaluator (condition-evaluator.ts), as the trial catalogue does. The engine took
 * about 80 µs of CPU per call under load (docs/performance.md), and rule-set.test.ts checks that
 * both give the same outcome, leaf by leaf, over random conditions and every fixture patient.
 */
export class RuleSet {
  /** The facts the rules read. */
  readonly factNames: readonly string[];
  private readonly compiled: readonly CompiledCondition[];
  private engine: Engine | undefined;

  constructor(readonly file: RuleFile) {
    const names = new Set<string>();
    for (const r of file.rules) factsOf(r.conditions, names);
    this.factNames = [...names];
    this.compiled = file.rules.map((r) => compileCondition(r.conditions));
  }

  /** Runs every rule over the facts; a rule is `met` only when every fact it needs is known. */
  evaluate(input: RuleInput): RuleOutcome[] {
    return this.file.rules.map((rule, i) => {
      const { status, leaves } = this.compiled[i]!.evaluate(input);
      return { name: rule.name, status, leaves, event: rule.event };
    });
  }

  /**
   * The same outcomes from json-rules-engine itself: the reference `evaluate` is tested against.
   * Facts are dynamic, as the engine defines them: a leaf's `params.maxAgeDays` reaches the fact,
   * which answers undefined for a value older than that. Ranges are not values the engine knows.
   */
  async evaluateWithEngine(input: RuleInput): Promise<RuleOutcome[]> {
    // allowUndefinedFacts keeps a missing fact from throwing; statusOf turns it into "unknown".
    this.engine ??= new Engine(
      this.file.rules.map((r) => ({ ...r, conditions: r.conditions as never })),
      { allowUndefinedFacts: true },
    );
    const facts: Record<string, Fact> = {};
    for (const name of this.factNames) {
      const value = input.values.get(name);
      const age = input.ageDays.get(name);
      const known = value === undefined || isRange(value) ? undefined : value;
      // Uncached: the values are already computed, and caching would hash each one per run.
      facts[name] = new Fact(
        name,
        (params: { maxAgeDays?: number } = {}) =>
          params.maxAgeDays !== undefined && (age === undefined || age > params.maxAgeDays) ? undefined : known,
        { cache: false },
      );
    }
    const { results, failureResults } = await this.engine.run(facts);
    const byName = new Map<string, RuleResult>([...results, ...failureResults].map((r) => [r.name, r]));
    return this.file.rules.map((rule) => {
      const result = byName.get(rule.name);
      const leaves: LeafOutcome[] = [];
      const status = result ? statusOf(result.conditions as unknown as ConditionResult, leaves) : 'unknown';
      return { name: rule.name, status, leaves, event: rule.event };
    });
  }
}

/** Loads a rule file, validates it and checks every fact against the fact registry. */
export function loadRuleSet(file: string, knownFacts: ReadonlyMap<string, FactInfo>): RuleSet {
  const parsed = readJsonFile(file, RuleFileSchema);
  for (const [i, rule] of parsed.rules.entries()) {
    const problem = checkCondition(rule.conditions, knownFacts, `rules[${i}].conditions`);
    if (problem) throw new RulesError(displayPath(file), problem[0], problem[1]);
  }
  return new RuleSet(parsed);
}
