import type { ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { FactContext, type FactSettings } from './fact-context.js';
import type { FactScope } from './fact-scope.js';
import { FACT_FAMILIES, FACT_TABLE, type FactFamily } from './fact-table.js';
import { unknown, type Fact } from './fact.js';
import { familyName } from './fact-names.js';
import type { CodedFacts, CodedName, FactId, PatientFacts } from './patient-facts.js';
import { RuleFactsBuilder } from './rule-facts.js';
import { catalogOf } from './value-set-catalog.js';

/** The clock, the site settings, and the facts to compute. */
export interface ComputeOptions<K extends FactId = FactId, N extends CodedName = CodedName> extends FactSettings {
  /** Compute only the facts a service reads; every fact when absent. */
  readonly scope?: FactScope<K, N>;
}

const FACT_IDS = Object.keys(FACT_TABLE) as FactId[];
const FAMILIES = Object.keys(FACT_FAMILIES) as FactFamily[];

/** The facts and value sets to compute: the scope's, or all. */
function plan(scope: FactScope | undefined, valueSets: ValueSetIndex) {
  const { ofKind } = catalogOf(valueSets);
  const facts = scope ? FACT_IDS.filter((id) => scope.facts.has(id)) : FACT_IDS;
  const coded = (f: FactFamily) => {
    const all = ofKind[FACT_FAMILIES[f].kind];
    return scope ? all.filter((id) => scope.coded[f].has(id)) : all;
  };
  return { facts, coded };
}

// Names per family, value set and suffix (`condition.t2d.onsetDays`), built once rather than per request.
const NAMES = new Map<string, string>();
function familyNameOf(family: FactFamily, valueSet: string, suffix: string): string {
  const key = `${family} ${valueSet} ${suffix}`;
  let name = NAMES.get(key);
  if (name === undefined) {
    name = suffix ? `${family}.${valueSet}.${suffix}` : `${family}.${valueSet}`;
    if (NAMES.size < 50_000) NAMES.set(key, name);
  }
  return name;
}

/** Writes every name of the computed facts into the rules' flat view. */
function flatten(
  values: ReadonlyMap<FactId, Fact<unknown>>,
  coded: Readonly<Record<FactFamily, ReadonlyMap<string, Fact<unknown>>>>,
): RuleFactsBuilder {
  const b = new RuleFactsBuilder();
  for (const [id, fact] of values) {
    for (const [name, view] of Object.entries(FACT_TABLE[id].names)) {
      b.from(name, fact, view as never);
    }
  }
  for (const family of FAMILIES) {
    for (const [valueSet, fact] of coded[family]) {
      for (const n of FACT_FAMILIES[family].names) {
        const name = familyNameOf(family, valueSet, n.suffix);
        const present = fact.known && (fact.value as { present?: boolean; active?: boolean });
        if (n.whenAbsent && present && !(present.present ?? present.active)) b.unknown(name, n.whenAbsent);
        else b.from(name, fact, n as never);
      }
    }
  }
  return b;
}

const NOT_COMPUTED = unknown('not computed by this service');

function assemble<K extends FactId, N extends CodedName>(
  record: PatientRecord,
  now: Date,
  values: Map<FactId, Fact<unknown>>,
  coded: Record<FactFamily, Map<string, Fact<unknown>>>,
  dataQuality: readonly string[],
): PatientFacts<K, N> {
  const common = {
    patientId: typeof record.patientId === 'string' ? record.patientId : '',
    asOf: now.toISOString(),
    coded: coded as unknown as CodedFacts,
    dataQuality,
    rule: flatten(values, coded).build(),
    named(name: string) {
      const f = familyName(name);
      return (f && !f.suffix && coded[f.family].get(f.valueSet)) || NOT_COMPUTED;
    },
  };
  return Object.assign(common, Object.fromEntries(values)) as unknown as PatientFacts<K, N>;
}

function compute<K extends FactId, N extends CodedName>(
  ctx: FactContext,
  valueSets: ValueSetIndex,
  options: ComputeOptions<K, N>,
): PatientFacts<K, N> {
  const { record } = ctx;
  const p = plan(options.scope, valueSets);
  const values = new Map<FactId, Fact<unknown>>(p.facts.map((id) => [id, FACT_TABLE[id].read(ctx)]));
  const coded = {} as Record<FactFamily, Map<string, Fact<unknown>>>;
  for (const family of FAMILIES) {
    coded[family] = new Map(p.coded(family).map((id) => [id, FACT_FAMILIES[family].read(ctx, id)]));
  }
  return assemble(record, options.now, values, coded, ctx.dq.list());
}

/** Facts when computing failed unexpectedly: every fact in scope unknown, so no rule can fire. */
function failedFacts<K extends FactId, N extends CodedName>(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  options: ComputeOptions<K, N>,
): PatientFacts<K, N> {
  const fail = unknown('facts could not be computed');
  const p = plan(options.scope, valueSets);
  const values = new Map<FactId, Fact<unknown>>(p.facts.map((id) => [id, fail]));
  const coded = {} as Record<FactFamily, Map<string, Fact<unknown>>>;
  for (const family of FAMILIES) coded[family] = new Map(p.coded(family).map((id) => [id, fail]));
  return assemble(record, options.now, values, coded, ['internal error while computing facts']);
}

/**
 * The patient's facts from one request's record: every fact in the scope (or every fact) known
 * with evidence, or unknown with a reason. Never throws: unreadable records are skipped and
 * listed in `dataQuality`, and an unexpected failure yields all-unknown facts, so no card can
 * fire from it.
 */
export function computePatientFacts<K extends FactId = FactId, N extends CodedName = CodedName>(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  options: ComputeOptions<K, N>,
): PatientFacts<K, N> {
  try {
    return compute(new FactContext(record, valueSets, options), valueSets, options);
  } catch {
    return failedFacts(record, valueSets, options);
  }
}

/**
 * The facts of a record and of the same record with draft orders in force (the order hooks:
 * `after` differs from `before` only in its medication orders and statements). The second
 * computation reuses the first one's passes over conditions, procedures, observations and
 * reports. Never throws, as computePatientFacts.
 */
export function computeFactsBeforeAfter<K extends FactId = FactId, N extends CodedName = CodedName>(
  before: PatientRecord,
  after: PatientRecord,
  valueSets: ValueSetIndex,
  options: ComputeOptions<K, N>,
): { before: PatientFacts<K, N>; after: PatientFacts<K, N> } {
  let ctx: FactContext | undefined;
  let first: PatientFacts<K, N>;
  try {
    ctx = new FactContext(before, valueSets, options);
    first = compute(ctx, valueSets, options);
  } catch {
    ctx = undefined;
    first = failedFacts(before, valueSets, options);
  }
  if (after === before) return { before: first, after: first };
  try {
    const next = ctx ? ctx.withOtherMedications(after) : new FactContext(after, valueSets, options);
    return { before: first, after: compute(next, valueSets, options) };
  } catch {
    return { before: first, after: failedFacts(after, valueSets, options) };
  }
}
