import type { PatientRecord } from '../fhir/patient-record.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import type { Evidence } from './fact.js';
import type { DateBounds } from './finding-tally.js';
import { INSULIN_SETS } from './insulin-roles.js';
import { forTheStay, shortCourse } from './inpatient-order.js';
import { matchDrug } from './medication-match.js';
import { drugSource } from './medication-source.js';
import { resourceId } from './resource-label.js';

/*
 * An insulin order or statement that ran its course (completed, stopped): the diabetes was treated
 * with insulin from its start. NCT05153070 asks for a type 1 diabetes diagnosed under 3 months
 * ago, and insulin.onFileDays counts from the earliest insulin on file: a review (2026-12-07)
 * found basal-bolus orders of 2021, completed, beside a type 1 code entered last month, and the
 * trial card shown because only current orders were read.
 *
 * Not every ended insulin shows a diabetes treated at home: an order of a hospital stay
 * (category inpatient, a short course marked acute) may have covered stress hyperglycaemia, and a
 * cancelled or mistaken one was never given.
 */

const ENDED = new Set(['completed', 'stopped']);
const NOT_GIVEN_INTENTS = new Set(['proposal', 'option', 'plan']);

/** One ended insulin record: when it began. */
export interface EndedInsulin {
  readonly start: DateBounds;
  readonly evidence: Evidence;
}

/**
 * The start of an ended insulin order or statement given at home, or undefined for any other
 * record: another drug, a status that never gave it, a stay's order, or no readable start.
 */
export function endedInsulin(
  r: Record<string, unknown>,
  type: string,
  readStart: () => DateBounds | 'invalid' | undefined,
  record: PatientRecord,
  valueSets: ValueSetIndex,
): EndedInsulin | undefined {
  if (typeof r.status !== 'string' || !ENDED.has(r.status) || r.doNotPerform === true) return undefined;
  if (type === 'MedicationRequest' && typeof r.intent === 'string' && NOT_GIVEN_INTENTS.has(r.intent)) return undefined;
  if (forTheStay(r) || shortCourse(r)) return undefined;
  // Read only now: most records met here are no ended course, and a start costs a date parse.
  const start = readStart();
  if (start === undefined || start === 'invalid' || start.end === undefined) return undefined;
  const source = drugSource(r, record);
  if (source.kind !== 'drug') return undefined;
  const match = matchDrug(valueSets, source);
  if (!match.ids.some((id) => INSULIN_SETS.has(id))) return undefined;
  return {
    start,
    evidence: {
      resourceType: type,
      id: resourceId(r),
      ...(start.text ? { date: start.text } : {}),
      display: `${match.label} (${String(r.status)})`,
      confidence: match.confidence,
    },
  };
}
