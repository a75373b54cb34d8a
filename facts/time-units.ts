/**
 * Units of time as FHIR's Age writes them (UCUM: https://hl7.org/fhir/R4/datatypes.html#Age) and
 * as people write them in words, in French and English.
 */

/** UCUM units of time, in days: the unit's length gives the width of the span a whole count denotes. */
export const UNIT_DAYS: ReadonlyMap<string, number> = new Map([
  ['a', 365.25],
  ['mo', 30.4375],
  ['wk', 7],
  ['d', 1],
]);

/** Unit words ("years", "ans", "mois", "wks") and the UCUM unit each stands for. */
export const UNIT_WORDS: ReadonlyMap<string, string> = new Map([
  ...['years', 'year', 'yr', 'yrs', 'y', 'ans', 'an', 'a'].map((w) => [w, 'a'] as const),
  ...['months', 'month', 'mo', 'mois'].map((w) => [w, 'mo'] as const),
  ...['weeks', 'week', 'wk', 'wks', 'semaines', 'semaine'].map((w) => [w, 'wk'] as const),
  ...['days', 'day', 'd', 'jours', 'jour'].map((w) => [w, 'd'] as const),
]);
