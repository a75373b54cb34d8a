import type { ValueSetIndex } from '../rules/value-sets.js';
import { conceptValueSets, readConcept, type ReadConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Evidence, type Fact } from './fact.js';
import { findingInText } from './finding-text.js';
import { asList, asObject, asString } from './json-value.js';
import { lastInstant } from './fhir-date.js';
import {
  candidateEvidence,
  candidatesOf,
  OBSERVATION_STATUS,
  pickLatest,
  REPORT_STATUS,
  type Candidate,
  type Reading,
} from './latest.js';
import type { ByValueSet } from './observation-index.js';
import type { ImagingFinding } from './patient-facts.js';

/** The value set of liver and abdominal imaging studies. */
export const IMAGING_SET = 'liver-ultrasound';
/**
 * Liver studies of other kinds (MRI, CT, elastography, MRI-PDFF), never read for steatosis: one
 * as recent as the latest ultrasound leaves steatosis on imaging unknown.
 */
export const OTHER_IMAGING_SET = 'liver-imaging-other';
/** The value sets of the findings that mean steatosis. */
const STEATOSIS_SETS: ReadonlySet<string> = new Set(['steatosis', 'nash']);

interface Finding {
  readonly steatosis: boolean;
  readonly confidence: Evidence['confidence'];
}

/**
 * Whether a study says steatosis: a coded finding (valueCodeableConcept, components, the report's
 * conclusionCode) in the steatosis sets is high-confidence; otherwise its words ("stéatose",
 * "fatty liver", "foie hyperéchogène"), read clause by clause so that "pas de stéatose" is a
 * negative, are lower-confidence. Coded findings with no steatosis make a negative study; a study
 * that says nothing about it, in codes or words, cannot be read.
 */
function judge(
  valueSets: ValueSetIndex,
  concepts: readonly ReadConcept[],
  texts: readonly (string | undefined)[],
): Reading<Finding> {
  if (concepts.some((c) => conceptValueSets(valueSets, c).some((id) => STEATOSIS_SETS.has(id)))) {
    return { ok: true, value: { steatosis: true, confidence: 'high' } };
  }
  const said = [...texts, ...concepts.map((c) => c.text)].map((t) => findingInText(valueSets, t, STEATOSIS_SETS));
  if (said.includes('present')) return { ok: true, value: { steatosis: true, confidence: 'low' } };
  if (concepts.some((c) => c.codings.some((x) => x.code)))
    return { ok: true, value: { steatosis: false, confidence: 'high' } };
  if (said.includes('uncertain')) return { ok: false, problem: 'the report names steatosis without affirming it' };
  if (said.includes('absent')) return { ok: true, value: { steatosis: false, confidence: 'low' } };
  return { ok: false, problem: 'no finding about the liver' };
}

function concepts(values: readonly unknown[]): ReadConcept[] {
  return values.filter((v) => v !== undefined).map(readConcept);
}

function readObservation(valueSets: ValueSetIndex, r: Record<string, unknown>): Reading<Finding> {
  const components = (asList(r.component) ?? []).map((c) => asObject(c)?.valueCodeableConcept);
  return judge(valueSets, concepts([r.valueCodeableConcept, ...components]), [asString(r.valueString)]);
}

function readReport(valueSets: ValueSetIndex, r: Record<string, unknown>): Reading<Finding> {
  return judge(valueSets, concepts(asList(r.conclusionCode) ?? []), [asString(r.conclusion)]);
}

/** Liver studies of other kinds, whatever they say (their findings are not read), newest first. */
function otherStudies(observations: ByValueSet, reports: ByValueSet, now: Date, dq: DataQualityLog): Candidate<null>[] {
  const notRead = (): Reading<null> => ({ ok: true, value: null });
  const ultrasound = new Set([...(observations.get(IMAGING_SET) ?? []), ...(reports.get(IMAGING_SET) ?? [])]);
  const mine = (list: readonly Record<string, unknown>[]) => list.filter((r) => !ultrasound.has(r));
  return [
    ...candidatesOf(
      mine(observations.get(OTHER_IMAGING_SET) ?? []),
      'Observation',
      OBSERVATION_STATUS,
      notRead,
      now,
      dq,
    ),
    ...candidatesOf(mine(reports.get(OTHER_IMAGING_SET) ?? []), 'DiagnosticReport', REPORT_STATUS, notRead, now, dq),
  ].sort((a, b) => (b.date?.ms ?? Infinity) - (a.date?.ms ?? Infinity));
}

/**
 * Steatosis on liver imaging, from the latest study (an Observation or a DiagnosticReport coded
 * as a liver or abdominal ultrasound): a later normal study supersedes an older finding. Results
 * of the same instant (a report and its observation) are read together: a positive wins. A liver
 * study of another kind (MRI, CT, FibroScan) as recent as that ultrasound leaves it unknown.
 */
export function steatosisImagingFact(
  observations: ByValueSet,
  reports: ByValueSet,
  unproven: string | undefined,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Fact<ImagingFinding> {
  const all: Candidate<Finding>[] = [
    ...candidatesOf(
      observations.get(IMAGING_SET) ?? [],
      'Observation',
      OBSERVATION_STATUS,
      (r) => readObservation(valueSets, r),
      now,
      dq,
    ),
    ...candidatesOf(
      reports.get(IMAGING_SET) ?? [],
      'DiagnosticReport',
      REPORT_STATUS,
      (r) => readReport(valueSets, r),
      now,
      dq,
    ),
  ];
  const positive = (c: Candidate<Finding>) => c.reading.ok && c.reading.value.steatosis;
  // Unreadable results at the latest instant do not hide a readable positive of the same instant.
  const latest = pickLatest(
    all.filter((c) => c.reading.ok || !all.some((o) => positive(o) && o.date?.ms === c.date?.ms)),
  );
  const others = otherStudies(observations, reports, now, dq);
  if (latest.kind === 'none') {
    const other = others[0];
    if (other)
      return unknown(`latest liver study ${other.label} is of another kind (MRI, CT, elastography), which is not read`);
    return unknown(unproven ?? 'no liver imaging on file');
  }
  if (latest.kind === 'unreadable') return unknown(latest.reason);
  // A newer MRI, CT or FibroScan may say what the ultrasound no longer does: it is not read, so
  // the ultrasound does not decide. Undated, it might be the newest.
  const usAt = Math.max(...latest.latest.map((c) => c.date?.ms ?? -Infinity));
  const newer = others.find((o) => !o.date || lastInstant(o.date) >= usAt);
  if (newer) {
    return unknown(
      `latest liver study ${newer.label} is of another kind (MRI, CT, elastography), which is not read: a newer liver study than the ultrasound`,
    );
  }
  const hit = latest.latest.find(positive);
  const date = latest.latest[0]?.date?.text;
  if (hit && hit.reading.ok) {
    const confidence = hit.reading.value.confidence;
    const ev = candidateEvidence(
      hit,
      confidence === 'low' ? 'liver imaging report: steatosis (from the text)' : 'liver imaging: steatosis',
    );
    return known({ steatosis: true, ...(date ? { date } : {}) }, [{ ...ev, confidence }]);
  }
  if (unproven) return unknown(unproven);
  return known(
    { steatosis: false, ...(date ? { date } : {}) },
    latest.latest.map((c) => ({
      ...candidateEvidence(c, 'liver imaging: no steatosis'),
      confidence: c.reading.ok ? c.reading.value.confidence : 'high',
    })),
  );
}
