import type { ValueSetIndex } from '../../rules/value-sets.js';
import type { PatientRecord } from '../patient-record.js';
import { ageFact, sexFact } from './age.js';
import { alcoholFact, auditCFact } from './alcohol.js';
import { conditionFacts, procedureFacts } from './conditions.js';
import { absenceUnproven } from './coverage.js';
import { DataQualityLog } from './data-quality.js';
import { egfrFact, EGFR_SETS } from './egfr.js';
import { unknown } from './fact.js';
import { observationSetsOf, type FactScope, type Measure } from './fact-scope.js';
import { flattenFacts } from './flatten.js';
import { hba1cFact, HBA1C_SETS } from './hba1c.js';
import { IMAGING_SET, steatosisImagingFact } from './imaging.js';
import { BASAL_SETS, insulinRegimen, RAPID_SETS } from './insulin-regimen.js';
import { medicationFacts } from './medications.js';
import { readMedicationUses } from './medication-uses.js';
import { groupByValueSet, type ByValueSet } from './observation-index.js';
import type { PatientFacts } from './patient-facts.js';
import { PUMP_CONDITION_SET, pumpFact } from './pump-status.js';
import type { Evidence, Fact } from './types.js';
import { catalogOf } from './value-set-catalog.js';

/** The clock and the site settings facts depend on. */
export interface ComputeOptions {
  readonly now: Date;
  /** Grams of alcohol in one standard drink (config ALCOHOL_GRAMS_PER_DRINK). */
  readonly alcoholGramsPerDrink: number;
  /** Compute only the facts a service reads (fact-scope.ts); every fact when absent. */
  readonly scope?: FactScope;
}

const IMAGING_SETS: ReadonlySet<string> = new Set([IMAGING_SET]);
const NOT_READ = unknown('not read by this service');
const NO_MEDICATION_USES = { uses: [], doubtful: [], unreadable: [] } as const;
const NO_REPORTS: ByValueSet = new Map<string, Record<string, unknown>[]>();

/** What the scope asks of each pass; everything when there is no scope. */
interface Plan {
  readonly has: (m: Measure) => boolean;
  readonly conditions?: ReadonlySet<string>;
  readonly procedures?: ReadonlySet<string>;
  readonly medications?: ReadonlySet<string>;
  readonly observationSets: ReadonlySet<string>;
  readonly readUses: boolean;
}

function makePlan(scope: FactScope | undefined, valueSets: ValueSetIndex): Plan {
  const observationIds = catalogOf(valueSets).ofKind.observation;
  if (!scope) {
    return { has: () => true, observationSets: new Set(observationIds), readUses: true };
  }
  const has = (m: Measure) => scope.measures.has(m);
  const insulin = has('insulin') || has('pump');
  const medications = new Set(scope.valueSets.medication);
  if (insulin) for (const id of [...BASAL_SETS, ...RAPID_SETS]) medications.add(id);
  const conditions = new Set(scope.valueSets.condition);
  // The pump fact reads the "insulin pump in place" condition.
  if (has('pump')) conditions.add(PUMP_CONDITION_SET);
  return {
    has,
    conditions,
    procedures: scope.valueSets.procedure,
    medications,
    observationSets: observationSetsOf(scope, observationIds),
    readUses: medications.size > 0,
  };
}

/** Plans per value set index and scope, made once: a request only looks its plan up. */
const plans = new WeakMap<ValueSetIndex, Map<FactScope | undefined, Plan>>();

function planOf(scope: FactScope | undefined, valueSets: ValueSetIndex): Plan {
  let byScope = plans.get(valueSets);
  if (!byScope) plans.set(valueSets, (byScope = new Map<FactScope | undefined, Plan>()));
  let plan = byScope.get(scope);
  if (!plan) byScope.set(scope, (plan = makePlan(scope, valueSets)));
  return plan;
}

/** Why a measure cannot be read at all: its data was not loaded, or none of its value sets exist. */
function unprovenFor(
  valueSets: ValueSetIndex,
  ids: readonly string[],
  dataUnproven: string | undefined,
): string | undefined {
  if (!ids.some((id) => valueSets.all.has(id))) return `value set ${ids.join(' / ')} is not loaded`;
  return dataUnproven;
}

function compute(record: PatientRecord, valueSets: ValueSetIndex, options: ComputeOptions): PatientFacts {
  const { now } = options;
  const plan = planOf(options.scope, valueSets);
  const { has } = plan;
  const dq = new DataQualityLog();
  const conditions = conditionFacts(record, valueSets, now, dq, plan.conditions);
  const procedures = procedureFacts(record, valueSets, now, dq, plan.procedures);
  const uses = plan.readUses ? readMedicationUses(record, valueSets, now, dq, plan.medications) : NO_MEDICATION_USES;
  const medications = medicationFacts(uses, valueSets, now, options.scope?.valueSets.medication);
  const insulin = has('insulin') || has('pump') ? insulinRegimen(uses, dq) : undefined;
  const rateDosed: readonly Evidence[] = insulin?.rateDosed ?? [];

  const observations = groupByValueSet(record, 'Observation', valueSets, plan.observationSets, dq);
  const reports = has('imaging')
    ? groupByValueSet(record, 'DiagnosticReport', valueSets, IMAGING_SETS, dq)
    : NO_REPORTS;
  const obsUnproven = absenceUnproven(record, ['Observation']);
  // A fact outside the scope is not computed; `measure` runs the reader only for one inside it.
  const measure = <T>(m: Measure, read: () => Fact<T>): Fact<T> => (has(m) ? read() : NOT_READ);

  const partial: Omit<PatientFacts, 'rule'> = {
    patientId: record.patientId,
    asOf: now.toISOString(),
    age: measure('age', () => ageFact(record, now, dq)),
    sex: measure('sex', () => sexFact(record, dq)),
    conditions,
    procedures,
    medications,
    hba1c: measure('hba1c', () => hba1cFact(observations, unprovenFor(valueSets, HBA1C_SETS, obsUnproven), now, dq)),
    egfr: measure('egfr', () => egfrFact(observations, unprovenFor(valueSets, EGFR_SETS, obsUnproven), now, dq)),
    alcohol: measure('alcohol', () =>
      alcoholFact(
        observations,
        unprovenFor(valueSets, ['drinks-per-day'], obsUnproven),
        options.alcoholGramsPerDrink,
        now,
        dq,
      ),
    ),
    auditC: measure('auditC', () =>
      auditCFact(observations, unprovenFor(valueSets, ['audit-c'], obsUnproven), now, dq),
    ),
    insulin: insulin && has('insulin') ? insulin.regimen : NOT_READ,
    pump: measure('pump', () => pumpFact(record, valueSets, conditions.get(PUMP_CONDITION_SET), rateDosed, dq)),
    steatosisImaging: measure('imaging', () =>
      steatosisImagingFact(
        observations,
        reports,
        unprovenFor(valueSets, [IMAGING_SET], absenceUnproven(record, ['Observation', 'DiagnosticReport'])),
        valueSets,
        now,
        dq,
      ),
    ),
    dataQuality: dq.list(),
  };
  return { ...partial, rule: flattenFacts(partial, options.scope) };
}

/** Facts when computing failed unexpectedly: everything unknown, so no rule can fire. */
function failedFacts(record: PatientRecord, valueSets: ValueSetIndex, now: Date, scope?: FactScope): PatientFacts {
  const fail = unknown('facts could not be computed');
  const byKind = (kind: 'condition' | 'procedure' | 'medication') =>
    new Map<string, Fact<never>>(
      catalogOf(valueSets)
        .ofKind[kind].filter((id) => !scope || scope.valueSets[kind].has(id))
        .map((id) => [id, fail]),
    );
  const partial: Omit<PatientFacts, 'rule'> = {
    patientId: typeof record.patientId === 'string' ? record.patientId : '',
    asOf: now.toISOString(),
    age: fail,
    sex: fail,
    conditions: byKind('condition'),
    procedures: byKind('procedure'),
    medications: byKind('medication'),
    hba1c: fail,
    egfr: fail,
    alcohol: fail,
    auditC: fail,
    insulin: fail,
    pump: fail,
    steatosisImaging: fail,
    dataQuality: ['internal error while computing facts'],
  };
  return { ...partial, rule: flattenFacts(partial, scope) };
}

/**
 * PatientFacts from one request's record: every fact (or every fact in `options.scope`) known
 * with evidence, or unknown with a reason. Never throws: unreadable records are skipped and listed in `dataQuality`, and an
 * unexpected failure yields all-unknown facts, so no card can fire from it.
 */
export function computePatientFacts(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  options: ComputeOptions,
): PatientFacts {
  try {
    return compute(record, valueSets, options);
  } catch {
    return failedFacts(record, valueSets, options.now, options.scope);
  }
}
