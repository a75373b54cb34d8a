import type { ValueSetIndex } from '../../rules/value-sets.js';
import type { PatientRecord } from '../patient-record.js';
import { conditionStanding, procedureStanding } from './clinical-status.js';
import { codedRecordFacts } from './coded-records.js';
import type { DataQualityLog } from './data-quality.js';
import { readPastDate, type DateReading } from './fhir-date.js';
import type { Tallied } from './finding-tally.js';
import { asObject } from './json-value.js';
import type { ConditionFinding } from './patient-facts.js';
import type { Fact } from './types.js';

// Legal Procedure statuses that leave the finding open (planned, paused, stopped): not data defects.
const PENDING = new Set(['preparation', 'on-hold', 'stopped']);

/** The first date field present wins; a present but unreadable one is not skipped over. */
function firstDate(values: readonly unknown[], now: Date): DateReading {
  for (const v of values) {
    if (v !== undefined && v !== null) return readPastDate(v, now);
  }
  return 'absent';
}

/** Onset: onsetDateTime, else onsetPeriod.start, else recordedDate (onsetAge/onsetString carry no date). */
function conditionDate(c: Record<string, unknown>, now: Date): DateReading {
  return firstDate([c.onsetDateTime, asObject(c.onsetPeriod)?.start, c.recordedDate], now);
}

/** When performed: performedDateTime, else performedPeriod.start. */
function procedureDate(p: Record<string, unknown>, now: Date): DateReading {
  return firstDate([p.performedDateTime, asObject(p.performedPeriod)?.start], now);
}

function toFinding(fact: Fact<Tallied>): Fact<ConditionFinding> {
  if (!fact.known) return fact;
  const { present, earliest, earliestDays } = fact.value;
  const value: ConditionFinding =
    earliest === undefined ? { present } : { present, onset: earliest, onsetDays: earliestDays };
  return { ...fact, value };
}

/**
 * A fact per condition value set (or per id in `wanted`): active, not refuted or entered in
 * error (CLINICAL.md "Conditions").
 */
export function conditionFacts(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
  wanted?: ReadonlySet<string>,
): Map<string, Fact<ConditionFinding>> {
  const facts = codedRecordFacts(
    record,
    valueSets,
    now,
    dq,
    {
      type: 'Condition',
      kind: 'condition',
      standing: conditionStanding,
      date: conditionDate,
      uncertainProblem: () => 'no readable clinicalStatus',
    },
    wanted,
  );
  return new Map([...facts].map(([id, f]) => [id, toFinding(f)]));
}

/** A fact per procedure value set (or id in `wanted`): completed or in progress; `onset` is the earliest performed date. */
export function procedureFacts(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
  wanted?: ReadonlySet<string>,
): Map<string, Fact<ConditionFinding>> {
  const facts = codedRecordFacts(
    record,
    valueSets,
    now,
    dq,
    {
      type: 'Procedure',
      kind: 'procedure',
      standing: procedureStanding,
      date: procedureDate,
      uncertainProblem: (p) =>
        typeof p.status === 'string' && PENDING.has(p.status) ? undefined : 'no readable status',
    },
    wanted,
  );
  return new Map([...facts].map(([id, f]) => [id, toFinding(f)]));
}
