import type { ValueSetIndex } from '../rules/value-sets.js';
import { conceptValueSets, readConcept, type ReadConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Evidence, type Fact } from './fact.js';
import { findingInText } from './finding-text.js';
import { asList, asObject, asString } from './json-value.js';
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

/**
 * Steatosis on liver imaging, from the latest study (an Observation or a DiagnosticReport coded
 * as a liver or abdominal ultrasound): a later normal study supersedes an older finding. Results
 * of the same instant (a report and its observation) are read together: a positive wins.
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
  if (latest.kind === 'none') return unknown(unproven ?? 'no liver imaging on file');
  if (latest.kind === 'unreadable') return unknown(latest.reason);
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
