import type { DataQualityLog } from './data-quality.js';
import { lastInstant, readPastDate, type FhirDate } from './fhir-date.js';
import { asList, asObject } from './json-value.js';
import { resourceId, resourceLabel } from './resource-label.js';
import type { Evidence } from './fact.js';
import { classifiedByWords, resultsOutOfReach } from './observation-index.js';
import type { StatusRule } from './report-status.js';

import { REPORT_STATUS } from './report-status.js';

export { OBSERVATION_STATUS, REPORT_STATUS } from './report-status.js';

/** A value read from one result, or the reason it could not be read. */
export type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** One dated result competing to be "the latest". */
export interface Candidate<T> {
  readonly type: 'Observation' | 'DiagnosticReport';
  readonly label: string;
  readonly id: string;
  readonly date: FhirDate | undefined;
  readonly reading: Reading<T>;
  /** Amended or corrected: it replaces an original result of the same time. */
  readonly revised: boolean;
  /** Classified by its words, not a code: lower-confidence evidence. */
  readonly byWords: boolean;
  /**
   * Dated by `issued` alone, for want of effective[x]: the day the result was released, which may
   * be long after the sample (an outside result imported on that day).
   */
  readonly issuedOnly?: boolean;
}

/** Outcome of looking for the latest result. */
export type Latest<T> =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'found'; readonly latest: readonly Candidate<T>[] };

const REVISED = new Set(['amended', 'corrected', 'appended']);

/**
 * Turns coded results into candidates. Dropped statuses (entered in error, cancelled) vanish; an
 * unreadable status or value stays as an unreadable candidate, so that if it is the latest the
 * fact becomes unknown instead of silently falling back to an older value.
 */
export function candidatesOf<T>(
  resources: readonly Record<string, unknown>[],
  type: Candidate<T>['type'],
  status: StatusRule,
  read: (r: Record<string, unknown>) => Reading<T> | undefined,
  now: Date,
  dq: DataQualityLog,
): Candidate<T>[] {
  const out: Candidate<T>[] = [];
  for (const r of resources) {
    const s = r.status;
    if (typeof s === 'string' && status.dropped.has(s)) continue;
    const counted = typeof s === 'string' && status.counts.has(s);
    // A result whose LOINC code names another test never gets here: the code tells which test it
    // is, so it joined no group its words name (observation-index.ts).
    const value = counted
      ? read(r)
      : { ok: false as const, problem: s === 'preliminary' ? 'preliminary, not yet verified' : 'unreadable status' };
    if (value === undefined) continue; // explicitly no value (dataAbsentReason): not a result
    const field = effectiveDateField(r);
    const d = readPastDate(field.value, now);
    const date = typeof d === 'object' ? d : undefined;
    if (!date) dq.add(r, type, d === 'absent' ? 'no effective date' : 'unreadable effective date');
    if (!value.ok) dq.add(r, type, value.problem);
    out.push({
      type,
      label: resourceLabel(r, type),
      id: resourceId(r),
      date,
      reading: value,
      revised: typeof s === 'string' && REVISED.has(s),
      byWords: classifiedByWords(r),
      ...(date && field.issued ? { issuedOnly: true } : {}),
    });
  }
  return out;
}

/**
 * The latest candidates: all those that may be at the latest instant (a date without a time spans
 * its day), an amended or corrected result replacing the originals of its instant. Unknown when
 * any candidate is undated (it might be the latest) or when a latest one is unreadable.
 */
export function pickLatest<T>(candidates: readonly Candidate<T>[]): Latest<T> {
  if (candidates.length === 0) return { kind: 'none' };
  let max = -Infinity;
  for (const c of candidates) {
    if (!c.date) return { kind: 'unreadable', reason: `${c.label} has no readable date, so the latest is unknown` };
    if (c.date.ms > max) max = c.date.ms;
  }
  // A date without a time is a whole day (or month): a result dated "2026-11-01" may have been
  // taken after one timed 09:00 that day, so both are the latest and are read together (if they
  // disagree, they give a range). Timed results compete by their instant alone.
  const atMax = candidates.filter((c) => c.date !== undefined && lastInstant(c.date) >= max);
  const revised = atMax.filter((c) => c.revised);
  const latest = revised.length > 0 ? revised : atMax;
  for (const c of latest) {
    if (!c.reading.ok) return { kind: 'unreadable', reason: `latest result ${c.label}: ${c.reading.problem}` };
  }
  return { kind: 'found', latest };
}

/** Evidence pointing at a candidate. */
export function candidateEvidence(c: Candidate<unknown>, display: string): Evidence {
  return {
    resourceType: c.type,
    id: c.id,
    ...(c.date ? { date: c.date.text } : {}),
    display,
    confidence: c.byWords ? 'low' : 'high',
  };
}

/** Effective date: effectiveDateTime, effectivePeriod.start, effectiveInstant, else issued (and which). */
function effectiveDateField(resource: Record<string, unknown>): { readonly value: unknown; readonly issued: boolean } {
  const period = asObject(resource.effectivePeriod);
  for (const v of [resource.effectiveDateTime, period?.start, resource.effectiveInstant]) {
    if (v !== undefined && v !== null) return { value: v, issued: false };
  }
  return { value: resource.issued ?? undefined, issued: resource.issued !== undefined && resource.issued !== null };
}

/**
 * A report that lists no result and contains none: its value is only in its conclusion or its
 * attached document, which the service does not read. So is one whose listed results are none of
 * them on the record.
 */
function valueOnlyInText(report: Record<string, unknown>): boolean {
  if (resultsOutOfReach(report)) return true;
  const listed = asList(report.result) ?? [];
  const contained = (asList(report.contained) ?? []).some((c) => asObject(c)?.resourceType === 'Observation');
  return listed.length === 0 && !contained;
}

/**
 * Candidates for the reports of a test whose value is only in text: each is unreadable, so as the
 * newest it leaves the latest result unknown rather than letting an older value decide.
 */
export function textOnlyReports<T>(
  reports: readonly Record<string, unknown>[],
  now: Date,
  dq: DataQualityLog,
): Candidate<T>[] {
  const unreadable = (): Reading<T> => ({ ok: false, problem: 'the report gives its value only in text' });
  return candidatesOf(reports.filter(valueOnlyInText), 'DiagnosticReport', REPORT_STATUS, unreadable, now, dq);
}
