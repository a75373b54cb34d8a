import { foldAccents } from '../rules/value-sets.js';
import { DAY_MS, readDateInText, spanOf } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';

/*
 * When a condition's own words (its text, its notes) say it began: "Diabète de type 1 depuis
 * 2012", "Known T1DM x 15 years", "DT1 connu depuis 10 ans", "diagnosed at age 9", "Long-standing
 * type 1 diabetes". An EHR often fills the onset with the day the problem was entered at a new
 * hospital, so a coded onset of six weeks ago beside such words is a record that contradicts itself
 * (a review of problem lists, 2026-12-06, found the NCT05153070 card, which asks for a diagnosis
 * less than 3 months old, shown for a diabetes of fifteen years). The words never make an onset
 * recent; they only widen a coded one they contradict (conditions.ts).
 */

// Words that introduce when the condition began, before a date ("depuis 2012", "diagnosed 03/2015").
const BEGAN = /\b(?:depuis|since|diagnos\w*|dx|decouvert\w*|connu\w*|known|onset|debut\w*|inaugur\w*)\b/;

const UNIT_DAYS: readonly (readonly [RegExp, number])[] = [
  [/^(?:ans?|years?|yrs?|y)$/, 365.25],
  [/^(?:mois|months?|mo)$/, 30.44],
  [/^(?:semaines?|weeks?|wks?)$/, 7],
];
const UNIT = '(ans?|years?|yrs?|y|mois|months?|mo|semaines?|weeks?|wks?)';
// "depuis 10 ans", "x 15 years", "for 20 yrs", "évoluant depuis 6 mois", "known for 12 years".
const DURATION_AFTER = new RegExp(
  `\\b(?:depuis|since|for|x|over|pendant|duration of|duree de)\\s+(\\d{1,2})\\s*${UNIT}\\b`,
);
// "15-year history", "10 ans d'évolution", "20 yr duration".
const DURATION_BEFORE = new RegExp(
  `\\b(\\d{1,2})[\\s-]*${UNIT}[\\s-]+(?:history|d.evolution|of evolution|duration)\\b`,
);
// "diagnosed at age 9", "since age 8", "découvert à l'âge de 12 ans", "dx age 9".
const AGE_AT_ONSET =
  /\b(?:diagnos\w*|dx|decouvert\w*|depuis|since|onset|debut\w*)\b[^.;]{0,12}?\b(?:at age|aged|age de|age|a l.age de|a(?=\s+\d{1,2}\s*ans\b))\s+(\d{1,2})\b/;
// Said to be old without a date: "long-standing", "de longue date", "DT1 ancien", "since childhood".
const LONG_AGO =
  /\b(?:long[\s-]?standing|de longue date|ancien|ancienne|depuis l.enfance|depuis l.adolescence|since (?:early )?(?:childhood|youth|adolescence)|childhood[\s-]onset|(?:dans|pendant|durant) l.enfance|in childhood|as a child)\b/;

/** The onset the words give, as bounds; a bound left out is open. Undefined when they give none. */
export function onsetInWords(
  texts: readonly string[],
  now: Date,
  ageAt: (years: number) => DateBounds | undefined,
): DateBounds | undefined {
  for (const text of texts) {
    const t = foldAccents(text);
    const duration = DURATION_AFTER.exec(t) ?? DURATION_BEFORE.exec(t);
    if (duration) {
      const days = UNIT_DAYS.find(([re]) => re.test(duration[2]!))?.[1];
      const n = Number(duration[1]);
      // A duration is said in round numbers: "6 semaines" may be five and a half.
      if (days !== undefined && n > 0) {
        return { start: now.getTime() - (n + 1) * days * DAY_MS, end: now.getTime() - (n - 0.5) * days * DAY_MS };
      }
    }
    const age = AGE_AT_ONSET.exec(t);
    if (age) {
      const at = ageAt(Number(age[1]));
      if (at) return at;
    }
    if (BEGAN.test(t)) {
      const date = readDateInText(text);
      if (date) {
        const span = spanOf(date);
        return { start: span.start, end: span.end };
      }
    }
    if (LONG_AGO.test(t)) return { end: now.getTime() - 365 * DAY_MS };
  }
  return undefined;
}

/**
 * A coded onset its words contradict, widened to take in both: the onset lies somewhere between
 * the earlier the words allow and the coded one, so "diagnosed less than 3 months ago" is to
 * confirm rather than met. Words that agree with the coded onset, or come after it, change nothing.
 */
export function widenByWords(coded: DateBounds, words: DateBounds | undefined): DateBounds {
  if (!words || coded.start === undefined || words.end === undefined || words.end >= coded.start) return coded;
  return {
    ...(words.start !== undefined ? { start: words.start } : {}),
    ...(coded.end !== undefined ? { end: coded.end } : {}),
    ...(coded.text !== undefined ? { text: coded.text } : {}),
    note: 'its own words date the onset earlier',
  };
}
