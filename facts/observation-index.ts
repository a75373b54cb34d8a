import type { ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { readConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';
import { untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { asList, asObject } from './json-value.js';
import { REPORT_STATUS } from './report-status.js';
import { resourceId } from './resource-label.js';

/** Resources of one type grouped by the value sets their code falls in. */
export type ByValueSet = ReadonlyMap<string, readonly Record<string, unknown>[]>;

// Observations classified by their words rather than a code: evidence from them is lower-confidence.
const byWords = new WeakSet<object>();

/** Whether an Observation was classified by its words (a local code named "HbA1c"), not by a code. */
export function classifiedByWords(resource: object): boolean {
  return byWords.has(resource);
}

// Results whose words name a value set while a code of a readable system (LOINC) names none: the
// code says another test (4547-6, HbA1 total, named "Glycated hemoglobin A1 (total)"), so which
// test it is cannot be told. They stay in the words' bucket as unreadable results: newest, they
// make the value unknown rather than letting the words, or an older result, decide.
const codeSaysOther = new WeakMap<object, string>();

/** The readable code that contradicts the words that classified a result, if any (`system|code`). */
export function contradictingCode(resource: object): string | undefined {
  return codeSaysOther.get(resource);
}

function markByWords(
  obj: Record<string, unknown>,
  cls: { byCode: readonly string[]; ids: readonly string[]; otherCode?: string },
) {
  if (cls.byCode.length > 0 || cls.ids.length === 0) return;
  byWords.add(obj);
  if (cls.otherCode) codeSaysOther.set(obj, cls.otherCode);
}

function add(out: Map<string, Record<string, unknown>[]>, ids: readonly string[], resource: Record<string, unknown>) {
  for (const id of ids) {
    const list = out.get(id) ?? [];
    list.push(resource);
    out.set(id, list);
  }
}

/**
 * The Observations a result may hide in: the record's own, and those contained in its
 * DiagnosticReports (a lab that sends an HbA1c only inside its report). A contained one gets an
 * id naming its report, so evidence points at something a clinician can find.
 */
function observationsOf(record: PatientRecord, dq: DataQualityLog): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const raw of untrustedResources(record, 'Observation')) {
    const obj = asObject(raw);
    if (obj) out.push(obj);
    else dq.add(raw, 'Observation', 'not a JSON object');
  }
  for (const raw of untrustedResources(record, 'DiagnosticReport')) {
    const report = asObject(raw);
    if (!report) continue;
    // A report entered in error, cancelled or not yet final holds no result yet; one whose status
    // cannot be read leaves its results unreadable (the latest value is then unknown).
    const status = report.status;
    if (typeof status === 'string' && REPORT_STATUS.dropped.has(status)) continue;
    const readable = typeof status === 'string' && REPORT_STATUS.counts.has(status);
    for (const item of asList(report.contained) ?? []) {
      const c = asObject(item);
      if (c?.resourceType !== 'Observation') continue;
      out.push({ ...c, id: `${resourceId(report)}-${resourceId(c)}`, ...(readable ? {} : { status: 'unknown' }) });
    }
  }
  return out;
}

/**
 * One pass over Observations (with those contained in reports): each lands in the bucket of
 * every observation value set its code matches, or, when no code matches, whose names its words
 * hold ("HbA1c", "hémoglobine glyquée" on a local lab code). Laboratory feeds carry hundreds of
 * local analytes, so an Observation the service cannot classify is not a doubt on every lab fact:
 * it is passed over. Words that name a set while a LOINC code names none classify the result as
 * unreadable (see `contradictingCode`): the code says another test.
 */
export function groupObservations(record: PatientRecord, valueSets: ValueSetIndex, dq: DataQualityLog): ByValueSet {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const obj of observationsOf(record, dq)) {
    const concept = readConcept(obj.code);
    if (concept.malformed) dq.add(obj, 'Observation', 'code is unreadable');
    // A code of the wrong shape is a defect its words do not repair: only codes are read then.
    const cls = classifyConcept(valueSets, concept, 'observation', concept.malformed ? 'never' : 'fallback');
    markByWords(obj, cls);
    add(out, cls.ids, obj);
  }
  return out;
}

/** One pass over DiagnosticReports, grouped by the observation value sets their code falls in. */
export function groupReports(record: PatientRecord, valueSets: ValueSetIndex, dq: DataQualityLog): ByValueSet {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const raw of untrustedResources(record, 'DiagnosticReport')) {
    const obj = asObject(raw);
    if (!obj) {
      dq.add(raw, 'DiagnosticReport', 'not a JSON object');
      continue;
    }
    const cls = classifyConcept(valueSets, readConcept(obj.code), 'observation', 'fallback');
    markByWords(obj, cls);
    add(out, cls.ids, obj);
  }
  return out;
}

/** The resources in any of the buckets, each once, in first-seen order. */
export function bucketsOf(groups: ByValueSet, ids: readonly string[]): Record<string, unknown>[] {
  const seen = new Set<Record<string, unknown>>();
  for (const id of ids) for (const r of groups.get(id) ?? []) seen.add(r);
  return [...seen];
}
