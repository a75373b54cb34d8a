import type { PatientRecord } from '../fhir/patient-record.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { lastInstant, readFhirDate, spanOf } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';
import { INSULIN_SETS } from './insulin-roles.js';
import { summariseDosage } from './dosing-frequency.js';
import { asObject } from './json-value.js';
import { matchDrug } from './medication-match.js';
import { forTheStay } from './inpatient-order.js';
import { drugSource } from './medication-source.js';
import { resourceLabel } from './resource-label.js';

/**
 * A statement that an insulin was stopped, not taken, or finished: a medication reconciliation
 * often records the stop there while the old order is left active. Its date says from when the
 * older records of that insulin no longer show it is taken.
 */
export interface StopRecord {
  /** The insulin value sets its drug matched. */
  readonly ids: readonly string[];
  /** The stop date as written, and its first instant (epoch ms). */
  readonly text: string;
  readonly from: number;
  /** Its calendar day as written (YYYY-MM-DD), to compare with the day a use began. */
  readonly day: string;
  readonly label: string;
  /**
   * A completed statement (a course that ran out) stops only a use of the same course: one that
   * began no later than `courseBegan`, and ended more than a refill's overlap after that use began.
   */
  readonly courseBegan?: number;
}

// A renewal written while the last supply still runs: a completed course ending within this many
// days of a newer order's start is that order's predecessor, not a stop (a review of the change,
// 2026-12-07, night, found an ordinary refill overlap read as a stop and the card lost).
const REFILL_OVERLAP_MS = 30 * 86_400_000;

/**
 * Statuses that say the drug is no longer taken. In R4 `completed` says so too ("Ran out, not
 * refilled"): a review (2026-12-07) found a completed statement ended 20 days ago beside the
 * older active order of the same insulin, and the card shown. A finished course that ended before
 * a use began (an old course, a hospital stay's) stops nothing of it: `laterStop` compares the
 * days, and a stay's statement (category inpatient) is never read.
 */
const STATEMENT_STOPPED = new Set(['stopped', 'not-taken', 'completed']);

/** Whether a statement says its drug is no longer taken: its status, or an active period that ended. */
function saysStopped(r: Record<string, unknown>, now: Date): boolean {
  if (typeof r.status === 'string' && STATEMENT_STOPPED.has(r.status)) return true;
  const end = readFhirDate(asObject(r.effectivePeriod)?.end);
  return r.status === 'active' && typeof end === 'object' && lastInstant(end) < now.getTime();
}

/**
 * The stop an ignored MedicationStatement records for an insulin, dated by its period's end, else
 * its effective instant, else the date it was asserted. Undefined for any other record, a drug
 * that is no insulin, a stop with no readable date, a statement about a hospital stay (category
 * inpatient) and one whose doses were given as needed (a sliding scale).
 */
export function readStopRecord(
  r: Record<string, unknown>,
  type: string,
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
): StopRecord | undefined {
  if (type !== 'MedicationStatement' || !saysStopped(r, now) || forTheStay(r)) return undefined;
  // Correction or sliding-scale doses were never the regimen: their end stops nothing.
  if (summariseDosage(r.dosage, undefined, now).asNeeded) return undefined;
  const source = drugSource(r, record);
  if (source.kind !== 'drug') return undefined;
  const ids = matchDrug(valueSets, source).ids.filter((id) => INSULIN_SETS.has(id));
  if (ids.length === 0) return undefined;
  if (r.status === 'completed') return completedCourse(r, ids, type);
  for (const value of [asObject(r.effectivePeriod)?.end, r.effectiveDateTime, r.dateAsserted]) {
    const d = readFhirDate(value);
    if (typeof d === 'object') {
      const from = spanOf(d).start;
      return { ids, text: d.text, from, day: calendarDay(d.text, from), label: resourceLabel(r, type) };
    }
  }
  return undefined;
}

/**
 * A completed statement's stop: only with a period that says when the course began and ended (the
 * day it was asserted, or a single instant, dates no end of a course).
 */
function completedCourse(r: Record<string, unknown>, ids: readonly string[], type: string): StopRecord | undefined {
  const period = asObject(r.effectivePeriod);
  const began = readFhirDate(period?.start);
  const ended = readFhirDate(period?.end);
  if (typeof began !== 'object' || typeof ended !== 'object') return undefined;
  const from = spanOf(ended).start;
  return {
    ids,
    text: ended.text,
    from,
    day: calendarDay(ended.text, from),
    label: resourceLabel(r, type),
    courseBegan: spanOf(began).start,
  };
}

/**
 * The calendar day a date falls on as written ("2026-08-01T15:00:00+02:00" is 2026-08-01), else
 * the UTC day of its first instant (a partial date: its first day).
 */
function calendarDay(text: string | undefined, instant: number): string {
  const written = /^\d{4}-\d{2}-\d{2}/.exec(text ?? '');
  return written ? written[0] : new Date(instant).toISOString().slice(0, 10);
}

/**
 * The latest stop of the same insulin dated after a current use began: that use may be the very
 * record the stop closed. A use begun on the stop's day or later (a new prescription, a dose
 * change written the day the old one was closed) stands; a use with no date at all is in doubt.
 * A point-in-time record counts from its date: it shows the drug taken then.
 */
export function laterStop(
  use: { readonly ids: readonly string[]; readonly start: DateBounds },
  stops: readonly StopRecord[],
): StopRecord | undefined {
  const began = use.start.start ?? use.start.end;
  const beganDay = began === undefined ? undefined : calendarDay(use.start.text, began);
  const candidates = stops.filter(
    (s) =>
      s.ids.some((id) => use.ids.includes(id)) &&
      (beganDay === undefined || beganDay < s.day) &&
      (s.courseBegan === undefined ||
        (began !== undefined && s.courseBegan <= began + 86_400_000 && s.from > began + REFILL_OVERLAP_MS)),
  );
  return candidates.reduce<StopRecord | undefined>((a, b) => (a === undefined || b.from > a.from ? b : a), undefined);
}
