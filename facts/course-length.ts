import { normaliseText } from '../rules/value-sets.js';

/*
 * A course whose length is written in the dosing words ("6 UI matin, midi et soir pendant 10 jours
 * (cure de corticoïdes)", "Inject 6 units before meals three times daily for 7 days while on
 * prednisone"): an order of that kind left open long after is no standing regimen. Structured
 * bounds (Timing.repeat.boundsDuration) are read in dosing-frequency.ts; these are the same bounds
 * in words. A review of records (2026-12-07) found two such insulin orders, written 17 months
 * earlier, read as three injections a day and the pump card shown.
 */

const UNIT_DAYS: ReadonlyMap<string, number> = new Map([
  ['j', 1],
  ['jour', 1],
  ['jours', 1],
  ['d', 1],
  ['day', 1],
  ['days', 1],
  ['sem', 7],
  ['semaine', 7],
  ['semaines', 7],
  ['wk', 7],
  ['wks', 7],
  ['week', 7],
  ['weeks', 7],
  ['mois', 31],
  ['month', 31],
  ['months', 31],
]);

const COURSE = new RegExp(
  ` (?:pendant|durant|pour|during|for|x|sur|duree|duree de traitement|duree du traitement) (\\d{1,3}) (${[...UNIT_DAYS.keys()].join('|')}) `,
  'g',
);

// "8 UI x 3/jour", "x 3/j", "x3 / day": three times a day, not a course of three days (a review of
// French records, 2026-12-07, found "x 3/jour" read as a course long over). Read before folding,
// which drops the slash.
const TIMES_PER_DAY = /\bx\s*\d{1,2}\s*\/\s*(?:j|jour|jours|d|day)\b/gi;

// A dose tied to a steroid course rather than given for a length ("during prednisone taper",
// "while on prednisone", "jusqu'à la fin de la corticothérapie", "pendant la corticothérapie"):
// the course it follows may be long over, and the order is no standing regimen (a review of US
// and French records, 2026-12-07).
const STEROID_COURSE =
  / (?:during|while on|for the duration of|pendant|durant|jusqu a la fin de|jusqu a l arret de|le temps de)(?: the| his| her| la| le| les| sa| son| ses| l)? (?:prednisone|prednisolone|methylprednisolone|dexamethasone|hydrocortisone|steroids?|steroid taper|steroid course|taper|corticotherapie|corticoides|corticoide|solupred|cortancyl|medrol|corticosteroids?) /;

/** Whether the dosing words tie the dose to a course of glucocorticoids. */
export function tiedToSteroidCourse(text: string): boolean {
  return STEROID_COURSE.test(normaliseText(text));
}

// A length followed by what comes next is one step of a sequence ("for 4 weeks then 0.5 mg",
// "pendant 7 jours puis 10 UI"), not the end of the course.
const THEN = / (?:then|puis|ensuite|followed by|thereafter|after that|apres quoi|et apres) /;

/**
 * The longest course length, in days, that a text gives, or undefined when it gives none or
 * when the length is a step of a sequence.
 */
export function courseLengthDays(text: string): number | undefined {
  const folded = normaliseText(text.replace(TIMES_PER_DAY, ' '));
  let longest: number | undefined;
  for (const m of folded.matchAll(COURSE)) {
    if (THEN.test(folded.slice(m.index + m[0].length - 1))) return undefined;
    const days = Number(m[1]) * (UNIT_DAYS.get(m[2]!) ?? 0);
    if (days > 0 && (longest === undefined || days > longest)) longest = days;
  }
  return longest;
}
