import type { FactFamily } from './fact-table.js';
import { FACT_OF_NAME, familyName } from './fact-names.js';
import type { CodedName, FactId } from './patient-facts.js';

/**
 * The facts one service computes: those its card declares (`K`, checked by the compiler: a card
 * reading a fact outside its scope does not compile) and those its rules and criteria name
 * (checked at start-up: an unknown name stops the service). A request computes only these; the
 * patient's status is always in, as no card is shown for a deceased patient or a merged record.
 */
export interface FactScope<K extends FactId = FactId, N extends CodedName = CodedName> {
  readonly facts: ReadonlySet<K | FactId>;
  readonly coded: Readonly<Record<FactFamily, ReadonlySet<string>>>;
  /** The value-set facts the card declared (its `named` reads). */
  readonly named: ReadonlySet<N>;
}

/**
 * The scope of a service: the facts of the table its card reads (`declared`), the value-set facts
 * its card reads by name (`named`), and every fact the rule names read. An unknown name throws, so a
 * service naming a fact that does not exist never starts.
 */
export function factScope<K extends FactId, N extends CodedName = never>(
  declared: readonly K[],
  ruleNames: Iterable<string>,
  named: readonly N[] = [],
): FactScope<K, N> {
  const facts = new Set<FactId>(['patient', ...declared]);
  const coded = { condition: new Set<string>(), procedure: new Set<string>(), medication: new Set<string>() };
  for (const name of [...ruleNames, ...named]) {
    const fact = FACT_OF_NAME.get(name);
    if (fact) {
      facts.add(fact);
      continue;
    }
    const f = familyName(name);
    if (!f) throw new Error(`fact "${name}" is not a known fact name`);
    coded[f.family].add(f.valueSet);
  }
  return { facts, coded, named: new Set(named) };
}

/** Whether a name is inside the scope. */
export function scopeCovers(scope: FactScope, name: string): boolean {
  const fact = FACT_OF_NAME.get(name);
  if (fact) return scope.facts.has(fact);
  const f = familyName(name);
  return f !== undefined && scope.coded[f.family].has(f.valueSet);
}
