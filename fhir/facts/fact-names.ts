import type { ValueSetIndex } from '../../rules/value-sets.js';
import { catalogOf } from './value-set-catalog.js';

/** What a fact not tied to a value set measures; fact-scope.ts computes only the measures a service reads. */
export type Measure = 'age' | 'sex' | 'hba1c' | 'egfr' | 'alcohol' | 'auditC' | 'insulin' | 'pump' | 'imaging';

/** The type and meaning of one fact a rule may read. */
export interface FactNameInfo {
  readonly type: 'number' | 'boolean' | 'string';
  readonly description: string;
  /** For a fact not tied to a value set, the measure it is part of. */
  readonly measure?: Measure;
}

/** Fact names that do not depend on the value sets. */
const FIXED: ReadonlyArray<readonly [string, FactNameInfo & { readonly measure: Measure }]> = [
  ['age', { type: 'number', description: 'Age in whole years from Patient.birthDate', measure: 'age' }],
  [
    'sex',
    { type: 'string', description: "Administrative gender: 'male' | 'female' | 'other' | 'unknown'", measure: 'sex' },
  ],
  [
    'hba1c.percent',
    { type: 'number', description: 'Latest HbA1c in NGSP % (IFCC mmol/mol converted)', measure: 'hba1c' },
  ],
  ['hba1c.ageDays', { type: 'number', description: 'Days since the latest HbA1c was taken', measure: 'hba1c' }],
  ['egfr.value', { type: 'number', description: 'Latest eGFR in mL/min/1.73m2 (MDRD, else CKD-EPI)', measure: 'egfr' }],
  ['egfr.method', { type: 'string', description: "Method of the eGFR used: 'MDRD' | 'CKD-EPI'", measure: 'egfr' }],
  ['egfr.ageDays', { type: 'number', description: 'Days since the eGFR used was taken', measure: 'egfr' }],
  [
    'alcohol.gramsPerDay',
    { type: 'number', description: 'Latest drinks per day × grams per standard drink', measure: 'alcohol' },
  ],
  ['alcohol.auditC', { type: 'number', description: 'Latest AUDIT-C total score (0-12)', measure: 'auditC' }],
  [
    'insulin.basal',
    { type: 'boolean', description: 'Any active basal insulin (glargine, degludec, detemir, NPH)', measure: 'insulin' },
  ],
  [
    'insulin.rapid',
    {
      type: 'boolean',
      description: 'Any active rapid-acting analogue (lispro, aspart, glulisine)',
      measure: 'insulin',
    },
  ],
  [
    'insulin.rapidInjectionsPerDay',
    {
      type: 'number',
      description: 'Scheduled (not as-needed) rapid-acting injections per day, summed over products',
      measure: 'insulin',
    },
  ],
  [
    'pump',
    {
      type: 'boolean',
      description: 'Already on an insulin pump (device, device use, Z96.41, or insulin dosed as a rate)',
      measure: 'pump',
    },
  ],
  ['imaging.steatosis', { type: 'boolean', description: 'Latest liver imaging reports steatosis', measure: 'imaging' }],
];

/** The measure of each fact name not tied to a value set. */
export const MEASURE_OF_FIXED_NAME: ReadonlyMap<string, Measure> = new Map(
  FIXED.map(([name, info]) => [name, info.measure]),
);

const cache = new WeakMap<ValueSetIndex, ReadonlyMap<string, FactNameInfo>>();

/** Every fact name rules may use, with its type: the registry rule files are validated against. */
export function listFactNames(valueSets: ValueSetIndex): Map<string, FactNameInfo> {
  const hit = cache.get(valueSets);
  if (hit) return new Map(hit);
  const out = new Map<string, FactNameInfo>(FIXED);
  const { ofKind } = catalogOf(valueSets);
  const title = (id: string) => valueSets.all.get(id)?.title ?? id;
  for (const id of ofKind.condition) {
    out.set(`condition.${id}`, { type: 'boolean', description: `Active condition: ${title(id)}` });
    out.set(`condition.${id}.onsetDays`, {
      type: 'number',
      description: `Days since the earliest onset of ${title(id)}`,
    });
  }
  for (const id of ofKind.procedure) {
    out.set(`procedure.${id}`, { type: 'boolean', description: `Completed or in-progress procedure: ${title(id)}` });
    out.set(`procedure.${id}.days`, { type: 'number', description: `Days since the earliest ${title(id)}` });
  }
  for (const id of ofKind.medication) {
    out.set(`medication.${id}`, { type: 'boolean', description: `Active order or statement: ${title(id)}` });
    out.set(`medication.${id}.startedDays`, {
      type: 'number',
      description: `Days since the earliest active start of ${title(id)}`,
    });
  }
  cache.set(valueSets, out);
  return new Map(out);
}
