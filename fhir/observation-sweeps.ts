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
 * The patient's newest social-history observations, whatever their code. An EHR files alcohol
 * intake there under its own codes (Epic's flowsheet row "ALCOHOL DRINKS/WEEK" under a local OID,
 * "Consommation d'alcool" in verres/semaine), read by their words (value set drinks-per-day): a
 * review (2026-12-07) found such a count of 20 drinks a week, newer than a coded count of one a
 * day, left unfetched, and the older count ruling the alcohol exclusion out. Read only where alcohol
 * is (trial-referral and the order hooks).
 */
export const SOCIAL_HISTORY_SWEEP =
  'Observation?patient={{context.patientId}}&category=social-history&_sort=-date&_count=20';

/**
 * The patient's newest imaging observations, whatever their code. A liver study filed as an
 * Observation under a site's own code (a FibroScan whose CAP is a component, an "MRI-PDFF" of
 * 3.1 %) is read by its words (value set liver-imaging-other); newer than the ultrasound or the
 * NAFLD entry on file, it leaves steatosis to confirm. A review (2026-12-07) found such studies
 * unfetched over a hook call. Read only where steatosis is (trial-referral and the order hooks).
 */
export const IMAGING_SWEEP = 'Observation?patient={{context.patientId}}&category=imaging&_sort=-date&_count=20';

/**
 * Whether a page cut of this query leaves the record's lists as whole as they were without it.
 * A sweep only adds to what the searches by code find, and a patient's laboratory history is
 * longer than any page: its page is nearly always cut, and an EHR that ignores `_sort` would cut it
 * in any order. Counted as a cut list, it would leave every latest result unknown
 * (facts/coverage.ts) for a query that can only add evidence.
 */
export function cutLeavesListsWhole(template: string): boolean {
  return template === LABORATORY_SWEEP || template === SOCIAL_HISTORY_SWEEP || template === IMAGING_SWEEP;
}
