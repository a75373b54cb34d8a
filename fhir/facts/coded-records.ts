import type { ValueSet, ValueSetIndex } from '../../rules/value-sets.js';
import type { PatientRecord } from '../patient-record.js';
import type { Standing } from './clinical-status.js';
import { conceptLabel, conceptValueSets, isEmptyConcept, readConcept } from './coding.js';
import { absenceUnproven, untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import type { DateReading } from './fhir-date.js';
import { FindingTally, type Tallied } from './finding-tally.js';
import { asObject } from './json-value.js';
import { matchNames } from './name-match.js';
import { resourceId, resourceLabel } from './resource-label.js';
import type { Evidence, Fact } from './types.js';
import { catalogOf } from './value-set-catalog.js';

/** How to read one coded resource type (Condition, Procedure) against value sets of one kind. */
export interface CodedRecordSpec {
  readonly type: 'Condition' | 'Procedure';
  readonly kind: ValueSet['kind'];
  readonly standing: (resource: Record<string, unknown>) => Standing;
  readonly date: (resource: Record<string, unknown>, now: Date) => DateReading;
  /** The data-quality line for an uncertain standing, when it is a defect rather than a legal status. */
  readonly uncertainProblem: (resource: Record<string, unknown>) => string | undefined;
}

/**
 * One pass over the records of a type: a fact per value set id of the kind, or per id in
 * `wanted`. Records are classified against every value set of the kind either way, so a
 * scoped fact is the same as the full one.
 */
export function codedRecordFacts(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
  spec: CodedRecordSpec,
  wanted?: ReadonlySet<string>,
): Map<string, Fact<Tallied>> {
  const catalog = catalogOf(valueSets);
  const all = catalog.ofKind[spec.kind];
  const ids = wanted ? all.filter((id) => wanted.has(id)) : all;
  if (ids.length === 0) return new Map();
  const ofKind = catalog.idsOfKind[spec.kind];
  const byName = catalog.namedKinds.has(spec.kind);
  const tally = new FindingTally(now);
  for (const raw of untrustedResources(record, spec.type)) {
    const label = resourceLabel(raw, spec.type);
    const obj = asObject(raw);
    if (!obj) {
      dq.add(raw, spec.type, 'not a JSON object');
      tally.doubtAll(label);
      continue;
    }
    const standing = spec.standing(obj);
    if (standing === 'ignored') continue;
    const concept = readConcept(obj.code);
    let matched = conceptValueSets(valueSets, concept).filter((id) => ofKind.has(id));
    let confidence: Evidence['confidence'] = 'high';
    if (matched.length === 0 && byName && concept.text) {
      matched = matchNames(valueSets, concept.text).filter((id) => ofKind.has(id));
      confidence = 'low';
    }
    if (matched.length === 0) {
      // A record that may count but says nothing readable about what it is could be any
      // diagnosis (a hidden type 1 diabetes): it makes every absence unknown.
      if (concept.malformed || isEmptyConcept(concept)) {
        dq.add(obj, spec.type, concept.malformed ? 'code is unreadable' : 'no code');
        tally.doubtAll(label);
      }
      continue;
    }
    if (wanted) matched = matched.filter((id) => wanted.has(id));
    if (matched.length === 0) continue;
    const date = spec.date(obj, now);
    if (date === 'invalid') dq.add(obj, spec.type, 'unreadable date');
    const evidence: Evidence = {
      resourceType: spec.type,
      id: resourceId(obj),
      ...(typeof date === 'object' ? { date: date.text } : {}),
      display: conceptLabel(concept),
      confidence,
    };
    for (const id of matched) {
      if (standing === 'counts') tally.count(id, evidence, date);
      else tally.doubt(id, label, evidence);
    }
    const problem = standing === 'uncertain' ? spec.uncertainProblem(obj) : undefined;
    if (problem) dq.add(obj, spec.type, problem);
  }
  return tally.facts(ids, absenceUnproven(record, [spec.type]));
}
