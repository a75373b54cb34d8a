import type { PatientRecord } from '../fhir/patient-record.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import type { Evidence } from './fact.js';
import type { DateBounds } from './finding-tally.js';
import { DIABETES_DRUG_SETS } from './diabetes-drug-sets.js';
import { INSULIN_SETS } from './insulin-roles.js';
import { forTheStay, shortCourse } from './inpatient-order.js';
import { matchDrug } from './medication-match.js';
import { drugSource } from './medication-source.js';
import { resourceId } from './resource-label.js';

/*
 * An order or statement of a diabetes drug that ran its course (completed, stopped): the diabetes
 * was treated from its start. NCT05153070 asks for a type 1 diabetes diagnosed under 3 months
 * ago, and insulin.onFileDays counts from the earliest insulin on file: a review (2026-12-07)
 * found basal-bolus orders of 2021, completed, beside a type 1 code entered last month, and the
 * trial card shown because only current orders were read. Another drug for diabetes shows the
 * same (gliclazide taken from 2021, a review of 2026-12-07 afternoon): insulin.onFileDays counts
 * the insulins, diabetesDrug.onFileDays every class (diabetes-drug-sets.ts).
 *
 * Not every ended insulin shows a diabetes treated at home: an order of a hospital stay
 * (category inpatient, a short course marked acute) may have covered stress hyperglycaemia, and a
 * cancelled or mistaken one was never given.
 */

const ENDED = new Set(['completed', 'stopped']);
const NOT_GIVEN_INTENTS = new Set(['proposal', 'option', 'plan']);

/** One ended record of a diabetes drug: when it began, and whether the drug is an insulin. */
export interface EndedDiabetesDrug {
  readonly start: DateBounds;
  readonly evidence: Evidence;
  readonly insulin: boolean;
}

/**
 * The start of an ended order or statement of a diabetes drug given at home, or undefined for any
 * other record: another drug, a status that never gave it, a stay's order, or no readable start.
 */
export function endedDiabetesDrug(
  r: Record<string, unknown>,
  type: string,
  readStart: () => DateBounds | 'invalid' | undefined,
  record: PatientRecord,
  valueSets: ValueSetIndex,
): EndedDiabetesDrug | undefined {
  if (typeof r.status !== 'string' || !ENDED.has(r.status) || r.doNotPerform === true) return undefined;
  if (type === 'MedicationRequest' && typeof r.intent === 'string' && NOT_GIVEN_INTENTS.has(r.intent)) return undefined;
  if (forTheStay(r) || shortCourse(r)) return undefined;
  // Read only now: most records met here are no ended course, and a start costs a date parse.
  const start = readStart();
  if (start === undefined || start === 'invalid' || start.end === undefined) return undefined;
  const source = drugSource(r, record);
  if (source.kind !== 'drug') return undefined;
  const match = matchDrug(valueSets, source);
  if (!match.ids.some((id) => DIABETES_DRUG_SETS.has(id))) return undefined;
  return {
    start,
    insulin: match.ids.some((id) => INSULIN_SETS.has(id)),
    evidence: {
      resourceType: type,
      id: resourceId(r),
      ...(start.text ? { date: start.text } : {}),
      display: `${match.label} (${String(r.status)})`,
      confidence: match.confidence,
    },
  };
}
