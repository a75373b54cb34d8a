/**
 * The patient's newest laboratory results, whatever their code. Searches by code find only results
 * under the codes the value sets list; a laboratory's own code ("HBA1C-ST", named "HbA1c (sang
 * total)") is read by its words (facts/concept-class.ts), so it must be fetched some other way, or
 * an older HbA1c under a listed code would pass for the latest. `category` is a token search, in
 * the spec's recommended subset (https://cds-hooks.hl7.org/2.0/#prefetch-query-restrictions); a
 * result the EHR files under no category is found only inside its report.
 */
export const LABORATORY_SWEEP = 'Observation?patient={{context.patientId}}&category=laboratory&_sort=-date&_count=50';

/**
 * Whether a page cut of this query leaves the record's lists as whole as they were without it.
 * The sweep only adds to what the searches by code find, and a patient's laboratory history is
 * longer than any page: its page is nearly always cut, and an EHR that ignores `_sort` would cut it
 * in any order. Counted as a cut list, it would leave every latest result unknown
 * (facts/coverage.ts) for a query that can only add evidence.
 */
export function cutLeavesListsWhole(template: string): boolean {
  return template === LABORATORY_SWEEP;
}
