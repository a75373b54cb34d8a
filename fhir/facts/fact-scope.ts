import { EGFR_SETS } from './egfr.js';
import { MEASURE_OF_FIXED_NAME, type Measure } from './fact-names.js';
import { HBA1C_SETS } from './hba1c.js';
import { IMAGING_SET } from './imaging.js';

export type { Measure } from './fact-names.js';

/** The value set kinds whose facts are one per value set. */
export type CodedKind = 'condition' | 'procedure' | 'medication';

/**
 * The facts one service reads. A request computes only these, so the pump service does not
 * tally forty value sets that only the trial criteria read. Absent from PatientFacts means
 * not computed, which the rules read as unknown: a scope that is too narrow can hide a card,
 * never fire one.
 */
export interface FactScope {
  readonly measures: ReadonlySet<Measure>;
  readonly valueSets: Readonly<Record<CodedKind, ReadonlySet<string>>>;
}

const CODED = /^(condition|procedure|medication)\.([^.]+)(?:\.(?:onsetDays|days|startedDays))?$/;

/** The scope covering every fact name given (names from rules, criteria and card builders). */
export function factScopeOf(names: Iterable<string>): FactScope {
  const measures = new Set<Measure>();
  const valueSets = { condition: new Set<string>(), procedure: new Set<string>(), medication: new Set<string>() };
  for (const name of names) {
    const measure = MEASURE_OF_FIXED_NAME.get(name);
    if (measure) {
      measures.add(measure);
      continue;
    }
    const coded = CODED.exec(name);
    if (!coded) throw new Error(`fact "${name}" is not a known fact name`);
    valueSets[coded[1] as CodedKind].add(coded[2]!);
  }
  return { measures, valueSets };
}

/** Whether a fact name is inside the scope. */
export function scopeCovers(scope: FactScope, name: string): boolean {
  const measure = MEASURE_OF_FIXED_NAME.get(name);
  if (measure) return scope.measures.has(measure);
  const coded = CODED.exec(name);
  return coded !== null && scope.valueSets[coded[1] as CodedKind].has(coded[2]!);
}

/** Observation value sets each measure reads. */
const OBSERVATION_SETS: Readonly<Partial<Record<Measure, readonly string[]>>> = {
  hba1c: HBA1C_SETS,
  egfr: EGFR_SETS,
  alcohol: ['drinks-per-day'],
  auditC: ['audit-c'],
  imaging: [IMAGING_SET],
};

/** The observation value sets a scope needs grouped, out of the ones loaded. */
export function observationSetsOf(scope: FactScope, loaded: readonly string[]): Set<string> {
  const wanted = new Set<string>();
  for (const m of scope.measures) for (const id of OBSERVATION_SETS[m] ?? []) wanted.add(id);
  return new Set(loaded.filter((id) => wanted.has(id)));
}
