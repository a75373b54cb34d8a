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

// The names of the fact table's facts, listed once rather than per request.
const TABLE_NAMES = new Map(FACT_IDS.map((id) => [id, Object.entries(FACT_TABLE[id].names)] as const));

// A value set's names in one family (`condition.t2d`, `condition.t2d.onsetDays`), in the order of
// the family's names: spelled once per value set rather than once per request, which the order
// hooks' scope (every value set a trial names, computed twice) made about 5 % of a call.
const FAMILY_NAMES = Object.fromEntries(FAMILIES.map((f) => [f, new Map<string, readonly string[]>()])) as Record<
  FactFamily,
  Map<string, readonly string[]>
>;
function familyNames(family: FactFamily, valueSet: string): readonly string[] {
  const known = FAMILY_NAMES[family];
  let names = known.get(valueSet);
  if (names === undefined) {
    names = FACT_FAMILIES[family].names.map((n) =>
      n.suffix ? `${family}.${valueSet}.${n.suffix}` : `${family}.${valueSet}`,
    );
    // Value sets come from the rules data; the bound only keeps a runaway catalogue from growing this for ever.
    if (known.size < 50_000) known.set(valueSet, names);
  }
  return names;
}

/** Writes every name of the computed facts into the rules' flat view. */
function flatten(
  values: ReadonlyMap<FactId, Fact<unknown>>,
  coded: Readonly<Record<FactFamily, ReadonlyMap<string, Fact<unknown>>>>,
): RuleFactsBuilder {
  const b = new RuleFactsBuilder();
  for (const [id, fact] of values) {
    for (const [name, view] of TABLE_NAMES.get(id)!) b.from(name, fact, view as never);
  }
  for (const family of FAMILIES) {
    const readings = FACT_FAMILIES[family].names;
    for (const [valueSet, fact] of coded[family]) {
      const names = familyNames(family, valueSet);
      const present = fact.known && (fact.value as { present?: boolean; active?: boolean });
      const absent = present && !(present.present ?? present.active);
      readings.forEach((n, i) => {
        const name = names[i]!;
        if (n.whenAbsent && absent) b.unknown(name, n.whenAbsent);
        else b.from(name, fact, n as never);
      });
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
