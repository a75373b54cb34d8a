import { basename } from 'node:path';
import { checkCondition, factsOf, withDefaultAgeLimits, type FactInfo } from './condition-schema.js';
import { loadTrialDefaults } from './trial-defaults.js';
import type { RuleInput } from './condition-evaluator.js';
import { displayPath, jsonFilesIn, readJsonFile } from './json-file.js';
import { RulesError } from './rules-error.js';
import { compileCriterion, type CompiledCriterion, type CriterionOutcome } from './trial-criterion.js';
import { completionPassed, type PassedCompletion } from './trial-dates.js';
import { TrialSchema, type RegistryStatus, type Trial } from './trial-schema.js';

/** A trial with its criteria compiled, ready to evaluate. */
export interface CompiledTrial {
  readonly trial: Trial;
  /** The catalogue file, as shown in messages. */
  readonly file: string;
  /** In catalogue order. */
  readonly criteria: readonly CompiledCriterion[];
  /** Key criteria first: the order the firing decision checks them in, so most trials stop early. */
  readonly decisionOrder: readonly CompiledCriterion[];
}

/** Why a trial's card does not fire. */
export type Blocker =
  | { readonly kind: 'not-recruiting'; readonly status: RegistryStatus }
  | { readonly kind: 'key-not-met' | 'inclusion-not-met' | 'exclusion-met'; readonly criterionId: string };

/** How one trial came out for one patient. */
export interface TrialOutcome {
  readonly trial: Trial;
  /** In catalogue order. */
  readonly criteria: readonly CriterionOutcome[];
  readonly fires: boolean;
  /** Empty when the card fires. */
  readonly blockers: readonly Blocker[];
  readonly met: number;
  readonly unknown: number;
  /** Set when the registry's end or completion date lies before `now`. */
  readonly completionPassed?: PassedCompletion;
}

/**
 * The firing policy (docs/clinical-rules.md, "Trial referral card"): the trial is recruiting, every key criterion is met,
 * no inclusion criterion is not met and no exclusion criterion is met. Unknown criteria never
 * block (they become the checklist to confirm), except key ones.
 */
function firesQuickly(t: CompiledTrial, input: RuleInput): boolean {
  if (t.trial.registry.status !== 'recruiting') return false;
  for (const c of t.decisionOrder) {
    const status = c.status(input);
    const { type, key } = c.criterion;
    if (key && status !== 'met') return false;
    if (type === 'inclusion' ? status === 'not-met' : status === 'met') return false;
  }
  return true;
}

/** Every criterion of one trial with its leaves, and the verdict with its reasons. */
export function evaluateTrial(t: CompiledTrial, input: RuleInput, now: Date): TrialOutcome {
  const criteria = t.criteria.map((c) => c.evaluate(input));
  const blockers: Blocker[] = [];
  const { status } = t.trial.registry;
  if (status !== 'recruiting') blockers.push({ kind: 'not-recruiting', status });
  let met = 0;
  let unknown = 0;
  for (const o of criteria) {
    const { id, type, key } = o.criterion;
    if (o.status === 'met') met++;
    else if (o.status === 'unknown') unknown++;
    if (key && o.status !== 'met') blockers.push({ kind: 'key-not-met', criterionId: id });
    else if (type === 'inclusion' && o.status === 'not-met')
      blockers.push({ kind: 'inclusion-not-met', criterionId: id });
    else if (type === 'exclusion' && o.status === 'met') blockers.push({ kind: 'exclusion-met', criterionId: id });
  }
  const passed = completionPassed(t.trial, now);
  return {
    trial: t.trial,
    criteria,
    fires: blockers.length === 0,
    blockers,
    met,
    unknown,
    ...(passed ? { completionPassed: passed } : {}),
  };
}

/** Best match first: most criteria met, then fewest left to confirm, then by id for a stable order. */
export function compareMatches(a: TrialOutcome, b: TrialOutcome): number {
  return b.met - a.met || a.unknown - b.unknown || (a.trial.id < b.trial.id ? -1 : a.trial.id > b.trial.id ? 1 : 0);
}

/** The trial catalogue: every trial under rules/trials/, validated and compiled at start-up. */
export class TrialCatalogue {
  /** Every fact name some criterion reads. */
  readonly factNames: ReadonlySet<string>;

  constructor(readonly trials: readonly CompiledTrial[]) {
    const names = new Set<string>();
    for (const t of trials) for (const c of t.trial.criteria) if (c.condition) factsOf(c.condition, names);
    this.factNames = names;
  }

  /**
   * The trials whose card fires, fully evaluated, best match first. The decision reads each
   * criterion's status alone and stops at the first blocker; only firing trials are evaluated
   * again with their evidence.
   */
  matches(input: RuleInput, now: Date): TrialOutcome[] {
    const out: TrialOutcome[] = [];
    for (const t of this.trials) if (firesQuickly(t, input)) out.push(evaluateTrial(t, input, now));
    return out.sort(compareMatches);
  }

  /** Every trial fully evaluated, in catalogue order: for explanations. */
  evaluateAll(input: RuleInput, now: Date): TrialOutcome[] {
    return this.trials.map((t) => evaluateTrial(t, input, now));
  }
}

/** Compiles validated trials (for tests and generated catalogues; files go through loadTrialCatalogue). */
export function compileTrials(trials: readonly { trial: Trial; file: string }[]): TrialCatalogue {
  return new TrialCatalogue(
    trials.map(({ trial, file }) => {
      const criteria = trial.criteria.map(compileCriterion);
      const decisionOrder = [...criteria.filter((c) => c.criterion.key), ...criteria.filter((c) => !c.criterion.key)];
      return { trial, file, criteria, decisionOrder };
    }),
  );
}

/** Checks what zod cannot: every fact a criterion reads exists in the registry, with a suitable operator. */
export function checkTrialFacts(trial: Trial, file: string, knownFacts: ReadonlyMap<string, FactInfo>): void {
  for (const [i, c] of trial.criteria.entries()) {
    if (!c.condition) continue;
    const problem = checkCondition(c.condition, knownFacts, `criteria[${i}].condition`);
    if (problem) throw new RulesError(file, problem[0], problem[1]);
  }
}

/** The trial with the catalogue's default age limit on every dated leaf that sets none (every lab criterion). */
export function withTrialAgeLimits(trial: Trial, limits: ReadonlyMap<string, number>): Trial {
  return {
    ...trial,
    criteria: trial.criteria.map((c) =>
      c.condition ? { ...c, condition: withDefaultAgeLimits(c.condition, limits) } : c,
    ),
  };
}

/**
 * Loads every `*.json` under the trials folder: validates each file, checks every condition
 * against the fact registry, applies the default age limits of `trial-defaults.json` (beside
 * the folder) to the leaves that set none, and compiles the criteria. Any problem throws a RulesError naming
 * the file and the field. File names are `<id>.json` or `<id>-<slug>.json`.
 */
export function loadTrialCatalogue(dir: string, knownFacts: ReadonlyMap<string, FactInfo>): TrialCatalogue {
  const limits = loadTrialDefaults(dir, knownFacts);
  const loaded: { trial: Trial; file: string }[] = [];
  const byId = new Map<string, string>();
  for (const path of jsonFilesIn(dir)) {
    const file = displayPath(path);
    const trial = readJsonFile(path, TrialSchema);
    const name = basename(path);
    if (name !== `${trial.id}.json` && !name.startsWith(`${trial.id}-`)) {
      throw new RulesError(file, 'id', `id "${trial.id}" must match the file name (<id>.json or <id>-<slug>.json)`);
    }
    const other = byId.get(trial.id);
    if (other) throw new RulesError(file, 'id', `trial ${trial.id} is already defined in ${other}`);
    byId.set(trial.id, file);
    checkTrialFacts(trial, file, knownFacts);
    loaded.push({ trial: withTrialAgeLimits(trial, limits), file });
  }
  return compileTrials(loaded);
}
