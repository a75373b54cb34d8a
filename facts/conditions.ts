import type { NumberRange } from '../rules/condition-evaluator.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { conditionProblem, conditionStanding, procedureStanding } from './clinical-status.js';
import type { CodedRecordSpec } from './coded-records.js';
import { DAY_MS, readDateInText, readFhirDate, readPastDate, spanOf, type FhirDate } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';
import { asNumber, asObject, asString } from './json-value.js';

// Legal Procedure statuses that leave the finding open (planned, paused, stopped): not data defects.
const PENDING = new Set(['preparation', 'on-hold', 'stopped']);

/** The bounds of a date that names a real day, month or year. */
function boundsOf(date: FhirDate): DateBounds {
  const span = spanOf(date);
  return { start: span.start, end: span.end, text: date.text };
}

// UCUM units of an Age (https://hl7.org/fhir/R4/datatypes.html#Age), in days: the unit's length
// gives the width of the span an age in whole units denotes.
const AGE_UNIT_DAYS: ReadonlyMap<string, number> = new Map([
  ['a', 365.25],
  ['mo', 30.4375],
  ['wk', 7],
  ['d', 1],
]);

/** The instants an age at onset denotes, from the birth date: 45 years is [45, 46) years after birth. */
function ageBounds(age: unknown, birthDate: unknown): DateBounds | 'invalid' | undefined {
  const a = asObject(age);
  if (!a) return undefined;
  const value = asNumber(a.value);
  const unit = asString(a.code) ?? asString(a.unit);
  const unitDays = unit === undefined ? undefined : AGE_UNIT_DAYS.get(unit.trim());
  if (value === undefined || value < 0 || unitDays === undefined) return 'invalid';
  const birth = readFhirDate(birthDate);
  if (typeof birth !== 'object') return undefined;
  const span = spanOf(birth);
  const start = span.start + value * unitDays * DAY_MS;
  const end = span.end + (Math.floor(value) + 1) * unitDays * DAY_MS - 1;
  // The evidence date is the earliest day the age allows; the note says it came from an age.
  return {
    start: Math.round(start),
    end: Math.round(end),
    text: new Date(Math.round(start)).toISOString().slice(0, 10),
    note: `age ${value} ${unit ?? ''}`.trim(),
  };
}

/** A date field that is present: its bounds, or `invalid` when it does not name a date or lies ahead. */
function dateBounds(value: unknown, now: Date): DateBounds | 'invalid' {
  const d = readPastDate(value, now);
  return typeof d === 'object' ? boundsOf(d) : 'invalid';
}

/** A date read from text, unless it lies ahead of now (a typo, never an onset). */
function pastDateInText(text: string, now: Date): FhirDate | 'invalid' | undefined {
  const d = readDateInText(text);
  if (!d) return undefined;
  return d.ms > now.getTime() + DAY_MS ? 'invalid' : d;
}

/**
 * When a Condition began: onsetDateTime, onsetPeriod.start, onsetAge (with the birth date),
 * onsetRange (ages), or an onsetString that holds a date or a year. The recordedDate is not an
 * onset: it only says the condition had begun by then, so alone it bounds the onset from above
 * (enough for "diabetes for at least a year", never for "diagnosed less than 3 months ago").
 */
export function conditionBounds(
  c: Record<string, unknown>,
  birthDate: unknown,
  now: Date,
): { bounds: DateBounds; problem?: string } {
  let onset: DateBounds | 'invalid' | undefined;
  if (c.onsetDateTime !== undefined) onset = dateBounds(c.onsetDateTime, now);
  else if (asObject(c.onsetPeriod)?.start !== undefined) onset = dateBounds(asObject(c.onsetPeriod)?.start, now);
  else if (c.onsetAge !== undefined) {
    const at = ageBounds(c.onsetAge, birthDate);
    onset = typeof at === 'object' ? { ...at, note: `onset at ${at.note ?? 'an age'}` } : at;
  } else if (c.onsetRange !== undefined) {
    const range = asObject(c.onsetRange);
    const low = ageBounds(range?.low, birthDate);
    const high = ageBounds(range?.high, birthDate);
    onset =
      typeof low === 'object' && typeof high === 'object'
        ? { start: low.start, end: high.end, text: low.text, note: `onset between ${low.note} and ${high.note}` }
        : low === 'invalid' || high === 'invalid'
          ? 'invalid'
          : undefined;
  } else if (typeof c.onsetString === 'string') {
    const d = pastDateInText(c.onsetString, now);
    if (d === 'invalid') onset = 'invalid';
    else if (d) onset = boundsOf(d);
  }
  // An onset that lies ahead is a typo: it neither dates the condition nor proves it recent.
  if (typeof onset === 'object' && onset.start !== undefined && onset.start > now.getTime() + DAY_MS) onset = 'invalid';
  if (typeof onset === 'object') return { bounds: onset };
  const recorded = c.recordedDate === undefined ? undefined : dateBounds(c.recordedDate, now);
  const problem = onset === 'invalid' || recorded === 'invalid' ? 'unreadable date' : undefined;
  const bounds =
    typeof recorded === 'object' ? { end: recorded.end, text: recorded.text, note: 'date recorded, not of onset' } : {};
  return problem ? { bounds, problem } : { bounds };
}

/** When a Procedure was performed: performedDateTime, performedPeriod.start or a dated performedString. */
export function procedureBounds(p: Record<string, unknown>, now: Date): { bounds: DateBounds; problem?: string } {
  const period = asObject(p.performedPeriod);
  const field = p.performedDateTime ?? period?.start;
  if (field !== undefined) {
    const b = dateBounds(field, now);
    return b === 'invalid' ? { bounds: {}, problem: 'unreadable date' } : { bounds: b };
  }
  const d = typeof p.performedString === 'string' ? pastDateInText(p.performedString, now) : undefined;
  if (d === 'invalid') return { bounds: {}, problem: 'unreadable date' };
  return { bounds: d ? boundsOf(d) : {} };
}

/** How Conditions are read: active, not refuted or entered in error, onset as above. */
export function conditionSpec(record: PatientRecord, now: Date): CodedRecordSpec {
  const birthDate = asObject(record.patient)?.birthDate;
  return {
    type: 'Condition',
    kind: 'condition',
    standing: conditionStanding,
    when: (c) => conditionBounds(c, birthDate, now),
    uncertainProblem: conditionProblem,
  };
}

/** How Procedures are read: completed or in progress; the date is when performed. */
export function procedureSpec(now: Date): CodedRecordSpec {
  return {
    type: 'Procedure',
    kind: 'procedure',
    standing: procedureStanding,
    when: (p) => procedureBounds(p, now),
    uncertainProblem: (p) => (typeof p.status === 'string' && PENDING.has(p.status) ? undefined : 'no readable status'),
  };
}

/** A range for display: "12" or "12-30". */
export function rangeText(value: number | NumberRange): string {
  if (typeof value === 'number') return String(value);
  if (value.low !== undefined && value.high !== undefined) return `${value.low}-${value.high}`;
  return value.low !== undefined ? `at least ${value.low}` : `at most ${value.high ?? '?'}`;
}
