import type { ValueSetIndex } from '../../rules/value-sets.js';
import { conceptValueSets, readConcept, type ReadConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown } from './fact.js';
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
import { matchNames } from './name-match.js';
import type { ByValueSet } from './observation-index.js';
import type { Evidence, Fact } from './types.js';

/** The value set of liver imaging studies, and those of the findings that mean steatosis. */
export const IMAGING_SET = 'liver-ultrasound';
const STEATOSIS_SETS = new Set(['steatosis', 'nash']);

interface Finding {
  readonly steatosis: boolean;
  readonly confidence: Evidence['confidence'];
}

/** Whether coded findings (or, failing codes, the conclusion text) say steatosis. */
function judge(valueSets: ValueSetIndex, concepts: readonly ReadConcept[], text: string | undefined): Reading<Finding> {
  const coded = concepts.some((c) => c.codings.some((x) => x.code));
  if (concepts.some((c) => conceptValueSets(valueSets, c).some((id) => STEATOSIS_SETS.has(id)))) {
    return { ok: true, value: { steatosis: true, confidence: 'high' } };
  }
  const byName = [text, ...concepts.map((c) => c.text)].some((t) =>
    matchNames(valueSets, t).some((id) => STEATOSIS_SETS.has(id)),
  );
  if (byName) return { ok: true, value: { steatosis: true, confidence: 'low' } };
  // A study with coded findings none of which is steatosis is a negative study. A study with no
  // coded finding at all says nothing either way: free-text reports are not guessed at.
  if (coded) return { ok: true, value: { steatosis: false, confidence: 'high' } };
  return { ok: false, problem: 'no coded finding' };
}

function concepts(values: readonly unknown[]): ReadConcept[] {
  return values.filter((v) => v !== undefined).map(readConcept);
}

function readObservation(valueSets: ValueSetIndex, r: Record<string, unknown>): Reading<Finding> {
  const components = (asList(r.component) ?? []).map((c) => asObject(c)?.valueCodeableConcept);
  return judge(valueSets, concepts([r.valueCodeableConcept, ...components]), asString(r.valueString));
}

function readReport(valueSets: ValueSetIndex, r: Record<string, unknown>): Reading<Finding> {
  return judge(valueSets, concepts(asList(r.conclusionCode) ?? []), asString(r.conclusion));
}

/**
 * Steatosis on liver imaging, from the latest study (Observation or DiagnosticReport coded as a
 * liver ultrasound): a later normal study supersedes an older finding. Results of the same
 * instant (a report and its observation) are read together: any steatosis finding wins.
 */
export function steatosisImagingFact(
  observations: ByValueSet,
  reports: ByValueSet,
  unproven: string | undefined,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Fact<boolean> {
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
  if (hit && hit.reading.ok) {
    const ev = candidateEvidence(hit, 'liver imaging: steatosis');
    return known(true, [{ ...ev, confidence: hit.reading.value.confidence }]);
  }
  if (unproven) return unknown(unproven);
  return known(
    false,
    latest.latest.map((c) => candidateEvidence(c, 'liver imaging: no steatosis')),
  );
}
