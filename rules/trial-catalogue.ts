import { basename } from 'node:path';
import { checkCondition, factsOf, withDefaultAgeLimits, type FactInfo } from './condition-schema.js';
import { loadTrialDefaults } from './trial-defaults.js';
import { isRange, type RuleInput, type RuleValue } from './condition-evaluator.js';
import { displayPath, jsonFilesIn, readJsonFile } from './json-file.js';
import { RulesError } from './rules-error.js';
import { compileCriterion, type CompiledCriterion, type CriterionOutcome } from './trial-criterion.js';
import { completionPassed, dayOf, type PassedCompletion } from './trial-dates.js';
import { recruitmentOf, type Recruitment, type RecruitmentBlocker } from './trial-recruitment.js';
import { TrialSchema, type Trial } from './trial-schema.js';

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
  /** The registry or the site rule the trial out (rules/trial-recruitment.ts). */
  | RecruitmentBlocker
  /** The record already holds a referral to the study team, or the patient as a ResearchSubject of the study. */
  | { readonly kind: 'already-referred'; readonly records: readonly string[] }
  /** A key criterion not met, or unknown (`unknown`): a key criterion must be met for the card. */
  | { readonly kind: 'key-not-met'; readonly criterionId: string; readonly unknown?: true }
  | { readonly kind: 'inclusion-not-met' | 'exclusion-met'; readonly criterionId: string };

/** One earlier step towards a trial that the record shows (the trial service reads them from the facts). */
export interface PriorReferralStep {
  /** `open`: an active or on-hold referral; `completed`: a referral carried out; `subject`: a ResearchSubject. */
  readonly kind: 'open' | 'completed' | 'subject';
  /** The record and its status, e.g. `ServiceRequest/sr-1 (active)`. */
  readonly label: string;
  /** For a completed referral, days since it was done (a range for a partial date); absent when undated. */
  readonly days?: RuleValue;
}

/** What the record shows of earlier steps towards one trial. */
export interface PriorReferral {
  readonly steps: readonly PriorReferralStep[];
  /** Why a step cannot be ruled out: the card still shows, and says nothing of it. */
  readonly unknown?: string;
}

/** Earlier steps towards a trial, by trial id. */
export type PriorReferralLookup = (trialId: string) => PriorReferral;

/** What the catalogue decides with besides the facts, loaded at start-up. */
export interface CatalogueSettings {
  /** How many days a site's confirmation of recruitment counts for (SITE_CONFIRMATION_DAYS). */
  readonly siteConfirmationDays?: number;
  /**
   * How many days a completed referral to a study team keeps its card away
   * (`priorReferralDays` of rules/trial-defaults.json); none: only open referrals and ResearchSubjects do.
   */
  readonly priorReferralDays?: number;
}

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
  readonly notApplicable: number;
  /** Set when the registry's end or completion date lies before `now`. */
  readonly completionPassed?: PassedCompletion;
  /**
   * Whether the trial recruits, on whose word (the registry's, or the site's recent confirmation),
   * or `unconfirmed` with the reason: the card then says recruitment is not confirmed and suggests
   * contacting the study team. `not-recruiting` never fires.
   */
  readonly recruitment: Recruitment;
  /** What the record shows of earlier steps towards this trial, when the caller looked. */
  readonly priorReferral?: PriorReferral;
}

/** Whether a completed referral is recent enough to count: only when its whole date range is. */
function recentEnough(days: RuleValue | undefined, window: number | undefined): boolean {
  if (days === undefined || window === undefined) return false;
  if (isRange(days)) return days.high !== undefined && days.high <= window;
  return typeof days === 'number' && days <= window;
}

/**
 * Completed referrals whose date cannot tell whether they fall within the window (undated, or a
 * partial date straddling it): they do not keep the card away, and the outcome says so.
 */
function undecidedSteps(prior: PriorReferral | undefined, settings: CatalogueSettings): string[] {
  if (!prior || settings.priorReferralDays === undefined) return [];
  const window = settings.priorReferralDays;
  return prior.steps
    .filter((s) => s.kind === 'completed' && !recentEnough(s.days, window))
    .filter((s) => s.days === undefined || (isRange(s.days) && (s.days.low ?? 0) <= window))
    .map((s) =>
      s.days === undefined
        ? `${s.label} is completed but undated`
        : `${s.label} is completed, on a date that may fall within the last ${window} days`,
    );
}

/** The prior referral with the completed steps its dates cannot place added to what is unknown. */
function withUndecided(prior: PriorReferral, settings: CatalogueSettings): PriorReferral {
  const undecided = undecidedSteps(prior, settings);
  if (undecided.length === 0) return prior;
  return { ...prior, unknown: [prior.unknown, ...undecided].filter((u) => u !== undefined).join('; ') };
}

/**
 * The earlier steps that keep the card away (docs/clinical-rules.md, "No repeat of what is
 * already done"): an open referral, a ResearchSubject, or a referral completed within the window.
 */
export function countingSteps(prior: PriorReferral | undefined, settings: CatalogueSettings): string[] {
  if (!prior) return [];
  return prior.steps
    .filter((s) => s.kind !== 'completed' || recentEnough(s.days, settings.priorReferralDays))
    .map((s) => s.label);
}

/**
 * The firing policy (docs/clinical-rules.md, "Trial referral card"): the trial is recruiting, every key criterion is met,
 * no inclusion criterion is not met and no exclusion criterion is met. Unknown criteria never
 * block (they become the checklist to confirm), except key ones.
 */
function firesQuickly(
  t: CompiledTrial,
  input: RuleInput,
  recruitment: Recruitment,
  prior: PriorReferral | undefined,
  settings: CatalogueSettings,
): boolean {
  if (recruitment.status === 'not-recruiting') return false;
  if (countingSteps(prior, settings).length > 0) return false;
  for (const c of t.decisionOrder) {
    const status = c.status(input);
    const { type, key } = c.criterion;
    if (key && status !== 'met') return false;
    // not-applicable falls through both tests: it neither counts as met nor blocks.
    if (type === 'inclusion' ? status === 'not-met' : status === 'met') return false;
  }
  return true;
}

/**
 * Every criterion of one trial with its leaves, and the verdict with its reasons: the
 * recruitment (registry and site), earlier steps towards the trial, then the criteria.
 */
export function evaluateTrial(
  t: CompiledTrial,
  input: RuleInput,
  now: Date,
  settings: CatalogueSettings = {},
  prior?: PriorReferral,
  recruitment: Recruitment = recruitmentOf(t.trial, now, settings.siteConfirmationDays),
): TrialOutcome {
  const criteria = t.criteria.map((c) => c.evaluate(input));
  const blockers: Blocker[] = [];
  if (recruitment.status === 'not-recruiting') blockers.push(recruitment.blocker);
  const already = countingSteps(prior, settings);
  if (already.length > 0) blockers.push({ kind: 'already-referred', records: already });
  let met = 0;
  let unknown = 0;
  let notApplicable = 0;
  for (const o of criteria) {
    const { id, type, key } = o.criterion;
    if (o.status === 'met') met++;
    else if (o.status === 'unknown') unknown++;
    else if (o.status === 'not-applicable') notApplicable++;
    if (key && o.status !== 'met')
      blockers.push({ kind: 'key-not-met', criterionId: id, ...(o.status === 'unknown' ? { unknown: true } : {}) });
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
    notApplicable,
    ...(passed ? { completionPassed: passed } : {}),
    recruitment,
    ...(prior ? { priorReferral: withUndecided(prior, settings) } : {}),
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

  /** Each trial's recruitment, for the day it was last worked out (it changes with the day only). */
  private readonly recruitmentByTrial = new Map<CompiledTrial, { day: string; recruitment: Recruitment }>();

  constructor(
    readonly trials: readonly CompiledTrial[],
    readonly settings: CatalogueSettings = {},
  ) {
    const names = new Set<string>();
    for (const t of trials) {
      for (const c of t.trial.criteria) {
        if (c.condition) factsOf(c.condition, names);
        if (c.appliesWhen) factsOf(c.appliesWhen, names);
      }
    }
    this.factNames = names;
  }

  /**
   * The trials whose card fires, fully evaluated, best match first. The decision reads each
   * criterion's status alone and stops at the first blocker; only firing trials are evaluated
   * again with their evidence.
   */
  matches(input: RuleInput, now: Date, prior?: PriorReferralLookup): TrialOutcome[] {
    const out: TrialOutcome[] = [];
    for (const t of this.trials) {
      const recruitment = this.recruitment(t, now);
      const steps = prior?.(t.trial.id);
      if (firesQuickly(t, input, recruitment, steps, this.settings))
        out.push(evaluateTrial(t, input, now, this.settings, steps, recruitment));
    }
    return out.sort(compareMatches);
  }

  /** Every trial fully evaluated, in catalogue order: for explanations. */
  evaluateAll(input: RuleInput, now: Date, prior?: PriorReferralLookup): TrialOutcome[] {
    return this.trials.map((t) =>
      evaluateTrial(t, input, now, this.settings, prior?.(t.trial.id), this.recruitment(t, now)),
    );
  }

  /** The trial's recruitment on the day of `now` (rules/trial-recruitment.ts). */
  recruitment(t: CompiledTrial, now: Date): Recruitment {
    const day = dayOf(now);
    const hit = this.recruitmentByTrial.get(t);
    if (hit?.day === day) return hit.recruitment;
    const recruitment = recruitmentOf(t.trial, now, this.settings.siteConfirmationDays);
    this.recruitmentByTrial.set(t, { day, recruitment });
    return recruitment;
  }
}

/** Compiles validated trials (for tests and generated catalogues; files go through loadTrialCatalogue). */
export function compileTrials(
  trials: readonly { trial: Trial; file: string }[],
  settings: CatalogueSettings = {},
): TrialCatalogue {
  return new TrialCatalogue(
    trials.map(({ trial, file }) => {
      const criteria = trial.criteria.map(compileCriterion);
      const decisionOrder = [...criteria.filter((c) => c.criterion.key), ...criteria.filter((c) => !c.criterion.key)];
      return { trial, file, criteria, decisionOrder };
    }),
    settings,
  );
}

/** Checks what zod cannot: every fact a criterion reads exists in the registry, with a suitable operator. */
export function checkTrialFacts(trial: Trial, file: string, knownFacts: ReadonlyMap<string, FactInfo>): void {
  for (const [i, c] of trial.criteria.entries()) {
    const problem =
      (c.condition && checkCondition(c.condition, knownFacts, `criteria[${i}].condition`)) ||
      (c.appliesWhen && checkCondition(c.appliesWhen, knownFacts, `criteria[${i}].appliesWhen`));
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

/** The folder, inside the trials folder, where imported drafts wait to be coded; the loader never reads it. */
export const DRAFTS_FOLDER = 'drafts';

/**
 * Loads every `*.json` under the trials folder: validates each file, checks every condition
 * against the fact registry, applies the default age limits of `trial-defaults.json` (beside
 * the folder) to the leaves that set none, and compiles the criteria. Any problem throws a RulesError naming
 * the file and the field. File names are `<id>.json` or `<id>-<slug>.json`. A draft (`draft: true`,
 * written by `npm run trials -- import`) is refused: drafts wait in `trials/drafts/`, which is not read.
 */
export function loadTrialCatalogue(
  dir: string,
  knownFacts: ReadonlyMap<string, FactInfo>,
  options: { readonly siteConfirmationDays?: number } = {},
): TrialCatalogue {
  const { maxAgeDays: limits, priorReferralDays } = loadTrialDefaults(dir, knownFacts);
  const loaded: { trial: Trial; file: string }[] = [];
  const byId = new Map<string, string>();
  for (const path of jsonFilesIn(dir)) {
    const file = displayPath(path);
    const trial = readJsonFile(path, TrialSchema);
    if (trial.draft) {
      throw new RulesError(
        file,
        'draft',
        `${trial.id} is a draft whose criteria are not coded: keep it in trials/${DRAFTS_FOLDER}/ until they are, then mark its key criteria and remove "draft"`,
      );
    }
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
  return compileTrials(loaded, {
    ...(options.siteConfirmationDays !== undefined ? { siteConfirmationDays: options.siteConfirmationDays } : {}),
    ...(priorReferralDays !== undefined ? { priorReferralDays } : {}),
  });
}
