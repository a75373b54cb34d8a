import { readConcept } from './coding.js';
import { DAY_MS, readFhirDate, spanOf } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';
import { asList } from './json-value.js';

// FHIR R4 condition-category: http://terminology.hl7.org/CodeSystem/condition-category.
const VISIT = 'encounter-diagnosis';
const PROBLEM = 'problem-list-item';

/**
 * How old a Condition that is only a visit's diagnosis is, in days: by its recorded date, else
 * the latest its onset may be. Undefined for a problem-list entry (or one with both categories, or
 * none), and for a visit diagnosis with no date. A visit's diagnosis is true of that visit; unlike
 * the problem list, no one keeps it current, and EHRs often leave it active for ever.
 */
export function visitDiagnosisAgeDays(c: Record<string, unknown>, onset: DateBounds, now: Date): number | undefined {
  const codes = (asList(c.category) ?? []).flatMap((x) => readConcept(x).codings.map((k) => k.code));
  if (!codes.includes(VISIT) || codes.includes(PROBLEM)) return undefined;
  const recorded = readFhirDate(c.recordedDate);
  const latest = typeof recorded === 'object' ? spanOf(recorded).end : onset.end;
  return latest === undefined ? undefined : (now.getTime() - latest) / DAY_MS;
}
