import { annotationTexts } from './annotation-text.js';
import type { NumberRange } from '../rules/condition-evaluator.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { conditionProblem, conditionStanding, procedureStanding } from './clinical-status.js';
import type { CodedRecordSpec } from './coded-records.js';
import { DAY_MS, readDateInText, readFhirDate, readPastDate, spanOf, type FhirDate } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';
import { asNumber, asObject, asString } from './json-value.js';
import { onsetInWords, widenByWords } from './onset-words.js';
import { UNIT_DAYS, UNIT_WORDS } from './time-units.js';

// Legal Procedure statuses that leave the finding open (planned, paused, stopped): not data defects.
const PENDING = new Set(['preparation', 'on-hold', 'stopped']);

/** The bounds of a date that names a real day, month or year. */
function boundsOf(date: FhirDate): DateBounds {
  const span = spanOf(date);
  return { start: span.start, end: span.end, text: date.text };
}

/** The UCUM unit of an Age: its code, or else a common unit word. */
function ageUnit(a: Record<string, unknown>): string | undefined {
  const code = asString(a.code)?.trim();
  if (code) return code;
  return UNIT_WORDS.get(asString(a.unit)?.trim().toLowerCase() ?? '');
}

/** The instant `years` and `months` after `ms` on the calendar; a day the month lacks is its last. */
function addCalendar(ms: number, years: number, months: number): number {
  const d = new Date(ms);
  const first = Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth() + months, 1);
  const f = new Date(first);
  const lastDay = new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 0)).getUTCDate();
  return first + (Math.min(d.getUTCDate(), lastDay) - 1) * DAY_MS + (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

/**
 * Instants from the start of the birth span to the start and end of the age: whole years and
 * months follow the calendar (an 18th birthday is a date, not 18 × 365.25 days); weeks, days
 * and fractions count days.
 */
function ageSpan(birth: { start: number; end: number }, value: number, unit: string, unitDays: number) {
  const whole = Number.isInteger(value) && (unit === 'a' || unit === 'mo');
  if (whole) {
    const [y, m] = unit === 'a' ? [1, 0] : [0, 1];
    return {
      start: addCalendar(birth.start, y * value, m * value),
      end: addCalendar(birth.end, y * (value + 1), m * (value + 1)) - 1,
    };
  }
  return {
    start: Math.round(birth.start + value * unitDays * DAY_MS),
    end: Math.round(birth.end + (Math.floor(value) + 1) * unitDays * DAY_MS - 1),
  };
}

/** The instants an age at onset denotes, from the birth date: 45 years is [45, 46) years after birth. */
function ageBounds(age: unknown, birthDate: unknown): DateBounds | 'invalid' | undefined {
  const a = asObject(age);
  if (!a) return undefined;
  const value = asNumber(a.value);
  const unit = ageUnit(a);
  const unitDays = unit === undefined ? undefined : UNIT_DAYS.get(unit);
  if (value === undefined || value < 0 || unit === undefined || unitDays === undefined) return 'invalid';
  const birth = readFhirDate(birthDate);
  if (typeof birth !== 'object') return undefined;
  const { start, end } = ageSpan(spanOf(birth), value, unit, unitDays);
  // The evidence date is the earliest day the age allows; the note says it came from an age.
  return {
    start,
    end,
    text: new Date(start).toISOString().slice(0, 10),
    note: `age ${value} ${asString(a.code) ?? asString(a.unit) ?? ''}`.trim(),
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

/** The onset fields of a Condition, in FHIR's order of choice; undefined when none is given. */
function readOnset(c: Record<string, unknown>, birthDate: unknown, now: Date): DateBounds | 'invalid' | undefined {
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
  if (typeof onset === 'object' && onset.start !== undefined && onset.start > now.getTime() + DAY_MS) return 'invalid';
  return onset;
}

/**
 * An onset the recorded date also bounds: a condition had begun by the day it was recorded, so
 * the later of the two cannot be its end. A record dated more than a day before its stated onset
 * contradicts that onset: only the recorded date is left, and the record is reported.
 */
function onsetBeforeRecorded(onset: DateBounds, recorded: DateBounds): { bounds: DateBounds; problem?: string } {
  if (recorded.end === undefined || onset.end === undefined || recorded.end >= onset.end) return { bounds: onset };
  if (onset.start !== undefined && recorded.end + DAY_MS < onset.start) {
    const note = 'recorded before its stated onset';
    return { bounds: { end: recorded.end, text: recorded.text, note }, problem: note };
  }
  // Within a day of the onset (time zones): never end before the onset's own start.
  return { bounds: { ...onset, end: Math.max(recorded.end, onset.start ?? recorded.end) } };
}

/**
 * When a Condition began: onsetDateTime, onsetPeriod.start, onsetAge (with the birth date),
 * onsetRange (ages), or an onsetString that holds a date or a year. The recordedDate is not an
 * onset: it only says the condition had begun by then, so it bounds the onset from above (alone,
 * enough for "diabetes for at least a year", never for "diagnosed less than 3 months ago").
 */
export function conditionBounds(
  c: Record<string, unknown>,
  birthDate: unknown,
  now: Date,
): { bounds: DateBounds; problem?: string } {
  const read = codedBounds(c, birthDate, now);
  // Words only ever widen a coded start (widenByWords): without one there is nothing to read them for.
  if (read.bounds.start === undefined) return read;
  const words = onsetInWords(conditionTexts(c), now, (years) => {
    const at = ageBounds({ value: years, unit: 'years' }, birthDate);
    return typeof at === 'object' ? at : undefined;
  });
  const bounds = widenByWords(read.bounds, words);
  return bounds === read.bounds ? read : { ...read, bounds };
}

/** The words a Condition says itself in: its text and its notes. */
function conditionTexts(c: Record<string, unknown>): string[] {
  const text = asString(asObject(c.code)?.text);
  return [...(text !== undefined ? [text] : []), ...annotationTexts(c.note)];
}

/** The onset the Condition's date fields give (conditionBounds). */
function codedBounds(
  c: Record<string, unknown>,
  birthDate: unknown,
  now: Date,
): { bounds: DateBounds; problem?: string } {
  const onset = readOnset(c, birthDate, now);
  const recorded = c.recordedDate === undefined ? undefined : dateBounds(c.recordedDate, now);
  if (typeof onset === 'object')
    return typeof recorded === 'object' ? onsetBeforeRecorded(onset, recorded) : { bounds: onset };
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
