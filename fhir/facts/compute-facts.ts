import type { ValueSetIndex } from '../../rules/value-sets.js';
import type { PatientRecord } from '../patient-record.js';
import { ageFact, sexFact } from './age.js';
import { alcoholFact, auditCFact } from './alcohol.js';
import { conditionFacts, procedureFacts } from './conditions.js';
import { absenceUnproven } from './coverage.js';
import { DataQualityLog } from './data-quality.js';
import { egfrFact, EGFR_SETS } from './egfr.js';
import { unknown } from './fact.js';
import { flattenFacts } from './flatten.js';
import { hba1cFact, HBA1C_SETS } from './hba1c.js';
import { IMAGING_SET, steatosisImagingFact } from './imaging.js';
import { insulinRegimen } from './insulin-regimen.js';
import { medicationFacts } from './medications.js';
import { readMedicationUses } from './medication-uses.js';
import { groupByValueSet } from './observation-index.js';
import type { PatientFacts } from './patient-facts.js';
import { PUMP_CONDITION_SET, pumpFact } from './pump-status.js';
import type { Fact } from './types.js';
import { catalogOf } from './value-set-catalog.js';

/** The clock and the site settings facts depend on. */
export interface ComputeOptions {
  readonly now: Date;
  /** Grams of alcohol in one standard drink (config ALCOHOL_GRAMS_PER_DRINK). */
  readonly alcoholGramsPerDrink: number;
}

const IMAGING_SETS: ReadonlySet<string> = new Set([IMAGING_SET]);

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
  const dq = new DataQualityLog();
  const conditions = conditionFacts(record, valueSets, now, dq);
  const procedures = procedureFacts(record, valueSets, now, dq);
  const uses = readMedicationUses(record, valueSets, now, dq);
  const medications = medicationFacts(uses, valueSets, now);
  const insulin = insulinRegimen(uses, dq);

  const observationSets = new Set(catalogOf(valueSets).ofKind.observation);
  const observations = groupByValueSet(record, 'Observation', valueSets, observationSets, dq);
  const reports = groupByValueSet(record, 'DiagnosticReport', valueSets, IMAGING_SETS, dq);
  const obsUnproven = absenceUnproven(record, ['Observation']);

  const partial: Omit<PatientFacts, 'rule'> = {
    patientId: record.patientId,
    asOf: now.toISOString(),
    age: ageFact(record, now, dq),
    sex: sexFact(record, dq),
    conditions,
    procedures,
    medications,
    hba1c: hba1cFact(observations, unprovenFor(valueSets, HBA1C_SETS, obsUnproven), now, dq),
    egfr: egfrFact(observations, unprovenFor(valueSets, EGFR_SETS, obsUnproven), now, dq),
    alcohol: alcoholFact(
      observations,
      unprovenFor(valueSets, ['drinks-per-day'], obsUnproven),
      options.alcoholGramsPerDrink,
      now,
      dq,
    ),
    auditC: auditCFact(observations, unprovenFor(valueSets, ['audit-c'], obsUnproven), now, dq),
    insulin: insulin.regimen,
    pump: pumpFact(record, valueSets, conditions.get(PUMP_CONDITION_SET), insulin.rateDosed, dq),
    steatosisImaging: steatosisImagingFact(
      observations,
      reports,
      unprovenFor(valueSets, [IMAGING_SET], absenceUnproven(record, ['Observation', 'DiagnosticReport'])),
      valueSets,
      now,
      dq,
    ),
    dataQuality: dq.list(),
  };
  return { ...partial, rule: flattenFacts(partial) };
}

/** Facts when computing failed unexpectedly: everything unknown, so no rule can fire. */
function failedFacts(record: PatientRecord, valueSets: ValueSetIndex, now: Date): PatientFacts {
  const fail = unknown('facts could not be computed');
  const byKind = (kind: 'condition' | 'procedure' | 'medication') =>
    new Map<string, Fact<never>>(catalogOf(valueSets).ofKind[kind].map((id) => [id, fail]));
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
  return { ...partial, rule: flattenFacts(partial) };
}

/**
 * PatientFacts from one request's record: every fact known with evidence, or unknown with a
 * reason. Never throws: unreadable records are skipped and listed in `dataQuality`, and an
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
    return failedFacts(record, valueSets, options.now);
  }
}
