import type { FactScope, Measure } from './fact-scope.js';
import type { PatientFacts } from './patient-facts.js';
import type { Evidence, Fact, FactScalar, RuleFacts } from './types.js';

/** Writes fact names into the four maps of RuleFacts. */
class RuleFactsBuilder {
  readonly values = new Map<string, FactScalar>();
  readonly evidence = new Map<string, readonly Evidence[]>();
  readonly notes = new Map<string, string>();
  readonly unknownReasons = new Map<string, string>();

  /** A known value with its evidence and note. */
  value(name: string, value: FactScalar, evidence: readonly Evidence[], note?: string): void {
    this.values.set(name, value);
    this.evidence.set(name, evidence);
    if (note) this.notes.set(name, note);
  }

  /** An unknown value and why. */
  unknown(name: string, reason: string, evidence: readonly Evidence[] = []): void {
    this.unknownReasons.set(name, reason);
    this.evidence.set(name, evidence);
  }

  /** A sub-value of a fact: unknown with the fact's reason when the fact is unknown. */
  from<T>(name: string, fact: Fact<T>, pick: (value: T) => FactScalar | string | undefined, missing?: string): void {
    if (!fact.known) return this.unknown(name, fact.reason, fact.evidence);
    const v = pick(fact.value);
    if (v === undefined) return this.unknown(name, missing ?? 'not available', fact.evidence);
    this.value(name, v, fact.evidence, fact.note);
  }
}

/** Fact names per prefix and value set id, built once: `condition.t2d` and `condition.t2d.onsetDays`. */
const NAMES = new Map<string, Map<string, readonly [string, string]>>();

function namesOf(prefix: string, id: string, derived: string): readonly [string, string] {
  let ofPrefix = NAMES.get(prefix);
  if (!ofPrefix) NAMES.set(prefix, (ofPrefix = new Map<string, readonly [string, string]>()));
  let names = ofPrefix.get(id);
  if (!names) {
    names = [`${prefix}.${id}`, `${prefix}.${id}.${derived}`];
    ofPrefix.set(id, names);
  }
  return names;
}

/**
 * The flat view the rules read (names in fact-names.ts): values only for known facts. With a
 * scope, names of measures outside it are left out (the rules read them as unknown).
 */
export function flattenFacts(facts: Omit<PatientFacts, 'rule'>, scope?: FactScope): RuleFacts {
  const b = new RuleFactsBuilder();
  const has = (m: Measure) => !scope || scope.measures.has(m);
  if (has('age')) b.from('age', facts.age, (v) => v);
  if (has('sex')) b.from('sex', facts.sex, (v) => v);
  for (const [id, f] of facts.conditions) {
    const [name, days] = namesOf('condition', id, 'onsetDays');
    b.from(name, f, (v) => v.present);
    if (!f.known || f.value.present) {
      b.from(days, f, (v) => v.onsetDays, 'no readable onset on every matching record');
    } else b.unknown(days, 'condition not on file');
  }
  for (const [id, f] of facts.procedures) {
    const [name, days] = namesOf('procedure', id, 'days');
    b.from(name, f, (v) => v.present);
    if (!f.known || f.value.present) {
      b.from(days, f, (v) => v.onsetDays, 'no readable date on every matching record');
    } else b.unknown(days, 'procedure not on file');
  }
  for (const [id, f] of facts.medications) {
    const [name, days] = namesOf('medication', id, 'startedDays');
    b.from(name, f, (v) => v.active);
    if (!f.known || f.value.active) {
      b.from(days, f, (v) => v.startedDays, 'no readable start on every active record');
    } else b.unknown(days, 'medication not active');
  }
  if (has('hba1c')) {
    b.from('hba1c.percent', facts.hba1c, (v) => v.percent);
    b.from('hba1c.ageDays', facts.hba1c, (v) => v.ageDays);
  }
  if (has('egfr')) {
    b.from('egfr.value', facts.egfr, (v) => v.value);
    b.from('egfr.method', facts.egfr, (v) => v.method);
    b.from('egfr.ageDays', facts.egfr, (v) => v.ageDays);
  }
  if (has('alcohol')) b.from('alcohol.gramsPerDay', facts.alcohol, (v) => v.gramsPerDay);
  if (has('auditC')) b.from('alcohol.auditC', facts.auditC, (v) => v);
  if (has('insulin')) flattenInsulin(b, facts.insulin);
  if (has('pump')) b.from('pump', facts.pump, (v) => v);
  if (has('imaging')) b.from('imaging.steatosis', facts.steatosisImaging, (v) => v);
  return { values: b.values, evidence: b.evidence, notes: b.notes, unknownReasons: b.unknownReasons };
}

/** Insulin names: products found are true even when the list is incomplete; absences and counts are not. */
function flattenInsulin(b: RuleFactsBuilder, fact: PatientFacts['insulin']): void {
  if (!fact.known) {
    for (const n of ['insulin.basal', 'insulin.rapid', 'insulin.rapidInjectionsPerDay'])
      b.unknown(n, fact.reason, fact.evidence);
    return;
  }
  const r = fact.value;
  const present = (name: string, products: typeof r.basal) => {
    if (products.length > 0)
      b.value(
        name,
        true,
        products.map((p) => p.evidence),
      );
    else if (r.incomplete) b.unknown(name, r.incomplete);
    else b.value(name, false, []);
  };
  present('insulin.basal', r.basal);
  present('insulin.rapid', r.rapid);
  const rapidEvidence = r.rapid.map((p) => p.evidence);
  const unscheduled = r.rapid.filter((p) => !p.asNeeded && p.injectionsPerDay === undefined);
  if (r.incomplete) b.unknown('insulin.rapidInjectionsPerDay', r.incomplete, rapidEvidence);
  else if (unscheduled.length > 0) {
    const ids = unscheduled.map((p) => `${p.evidence.resourceType}/${p.evidence.id}`).join(', ');
    b.unknown('insulin.rapidInjectionsPerDay', `no readable schedule on ${ids}`, rapidEvidence);
  } else b.value('insulin.rapidInjectionsPerDay', r.rapidInjectionsPerDay, rapidEvidence);
}
