import type { ValueSet, ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import type { Standing } from './clinical-status.js';
import { conceptLabel, readConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';
import { absenceUnproven, untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import type { Evidence } from './fact.js';
import { FindingTally, type DateBounds } from './finding-tally.js';
import { asObject } from './json-value.js';
import { resourceId, resourceLabel } from './resource-label.js';

/** How to read one coded resource type (Condition, Procedure) against value sets of one kind. */
export interface CodedRecordSpec {
  readonly type: 'Condition' | 'Procedure';
  readonly kind: ValueSet['kind'];
  readonly standing: (resource: Record<string, unknown>) => Standing;
  /** When the finding began, as bounds, and the date problem to report, if any. */
  readonly when: (resource: Record<string, unknown>) => { readonly bounds: DateBounds; readonly problem?: string };
  /** The data-quality line for an uncertain standing, when it is a defect rather than a legal status. */
  readonly uncertainProblem: (resource: Record<string, unknown>) => string | undefined;
}

/** The tally of one resource type against every value set of the kind, and why absence is unproven. */
export interface CodedTally {
  readonly tally: FindingTally;
  readonly unproven: string | undefined;
}

/**
 * One pass over the records of a type, classifying each against every value set of the kind.
 * A record whose code cannot be classified (a local code, an unknown system, nothing readable)
 * could be any diagnosis, such as a hidden type 1 diabetes: it makes every absence unknown.
 */
export function tallyCodedRecords(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
  spec: CodedRecordSpec,
): CodedTally {
  const tally = new FindingTally(now);
  for (const raw of untrustedResources(record, spec.type)) {
    const label = resourceLabel(raw, spec.type);
    const obj = asObject(raw);
    if (!obj) {
      dq.add(raw, spec.type, 'not a JSON object');
      tally.doubtAll(`unreadable record ${label}`);
      continue;
    }
    const standing = spec.standing(obj);
    if (standing === 'ignored') continue;
    const concept = readConcept(obj.code);
    if (standing !== 'ended' && concept.malformed && concept.codings.length === 0) {
      dq.add(obj, spec.type, 'code is unreadable');
      tally.doubtAll(`${label}: code is unreadable`);
      continue;
    }
    const cls = classifyConcept(valueSets, concept, spec.kind, 'always');
    if (standing === 'ended') {
      // Ended: ignored, except that a lifelong condition (type 1 diabetes) marked resolved or in
      // remission may still be there: its absence is then unproven.
      for (const id of cls.ids)
        if (valueSets.all.get(id)?.lifelong) tally.doubt(id, `${label} (marked ended, lifelong)`);
      continue;
    }
    if (cls.unclassified) {
      dq.add(obj, spec.type, cls.unclassified);
      tally.doubtAll(`${spec.type} ${cls.unclassified} (${label})`);
      continue;
    }
    if (cls.ids.length === 0) continue;
    const { bounds, problem: dateProblem } = spec.when(obj);
    if (dateProblem) dq.add(obj, spec.type, dateProblem);
    const evidence: Evidence = {
      resourceType: spec.type,
      id: resourceId(obj),
      ...(bounds.text ? { date: bounds.text } : {}),
      display: bounds.note ? `${conceptLabel(concept) ?? label} (${bounds.note})` : conceptLabel(concept),
      confidence: cls.confidence,
    };
    for (const id of cls.ids) {
      if (standing === 'counts') tally.count(id, evidence, bounds);
      else tally.doubt(id, label, evidence);
    }
    const problem = standing === 'uncertain' ? spec.uncertainProblem(obj) : undefined;
    if (problem) dq.add(obj, spec.type, problem);
  }
  return { tally, unproven: absenceUnproven(record, [spec.type]) };
}
