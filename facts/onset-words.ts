import { foldAccents } from '../rules/value-sets.js';
import { DAY_MS, readDateInText, spanOf } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';
import { memoiseText } from './text-memo.js';
import { UNIT_DAYS, UNIT_WORDS } from './time-units.js';

/*
 * When a condition's own words (its text, its notes) say it began: "Diabète de type 1 depuis
 * 2012", "Known T1DM x 15 years", "DT1 connu depuis 10 ans", "diagnosed at age 9", "Long-standing
 * type 1 diabetes". An EHR often fills the onset with the day the problem was entered at a new
 * hospital, so a coded onset of six weeks ago beside such words is a record that contradicts itself
 * (a review of problem lists, 2026-12-06, found the NCT05153070 card, which asks for a diagnosis
 * less than 3 months old, shown for a diabetes of fifteen years). The words never make an onset
 * recent; they only widen a coded one they contradict (conditions.ts).
 *
 * Only words about the diagnosis count: a verb of diagnosis ("diagnosed", "dx", "découvert",
 * "connu", "known", "onset", "début"), or "depuis"/"since"/"x"/"for" right after the diabetes'
 * own name ("DT1 depuis 2012", "T1DM x 15 years"). How long a symptom lasted ("polyuro-polydipsie
 * depuis 3 mois"), or since when another thing was done ("followed here since 2015", "sous Tresiba
 * depuis 10/2026"), says nothing of when the diabetes was diagnosed.
 */

// The words read are the first of each text: a note may be long, its diagnosis is said early.
const MAX_TEXT = 2_000;

const DIAGNOSED = '(?:diagnos\\w*|dx|decouvert\\w*|connu\\w*|known|onset|debut\\w*|inaugur\\w*)';
const DIABETES = '(?:diab\\w*|dt[12]|t[12]d|t[12]dm|t[12] dm|iddm|niddm|lada|dm|type (?:[12]|ii?|1[.,]5))';
// What introduces the start of the diabetes: a verb of diagnosis, or "since" after its name.
// The words between the name and "since" may say how it is treated ("T1DM on insulin since 2010"),
// not who follows it ("Type 1 diabetes followed here since 2015": the follow-up's date).
const LEAD = `(?:${DIAGNOSED}|${DIABETES}(?: (?!diagnos|dx|follow|suivi|seen|vu|managed)[a-z0-9]+){0,2}? (?:depuis|since|x|for|pendant|evoluant depuis))`;
// Filler between the lead and what it introduces: "diagnosed in 2012", "connu depuis", "dx at".
// The diabetes may be named after the verb: "diagnosed with T1DM 4 months ago" (a review of
// NCT05153070, 2026-12-07).
// So may "w/", "about", "environ" (the regression review that night).
const FILLER = `(?: (?:en|in|le|la|l|de|du|on|at|the|year|annee|depuis|since|for|x|pendant|with|w\\/|avec|mellitus|sucre|about|approx|approximately|around|roughly|environ|${DIABETES}))*`;
const UNIT = '(ans?|years?|yrs?|y|mois|months?|mo|semaines?|weeks?|wks?)';
// A date the lead introduces: "2012", "03/2015", "15/03/2015", "2015-03", "mars 2015".
const DATE =
  '(\\d{1,2}[/.]\\d{1,2}[/.]\\d{4}|\\d{1,2}[/.]\\d{4}|\\d{4}-\\d{2}(?:-\\d{2})?|[a-z]{3,9}\\.? \\d{4}|(?:19|20)\\d{2})\\b';
const LEAD_DATE = new RegExp(`\\b${LEAD}${FILLER} ${DATE}`, 'g');
// A year after a verb of diagnosis and a few words of where or how: "découvert sur acidocétose en
// 2015", "diagnostiqué au Maroc en 2016", "diagnosed during a DKA admission in 2014".
// A month may come before the year: "diagnostiqué au CHU de Lille en juillet 2026".
const DIAGNOSED_YEAR = new RegExp(
  `\\b${DIAGNOSED}(?: [a-z0-9-]+){1,4}? (?:en|in) ((?:[a-z]{3,9}\\.? )?(?:19|20)\\d{2})\\b`,
  'g',
);
// A date in figures a few words after a verb of diagnosis: "Dx at OSH 07/2026", "diagnosed at St
// Mary 07/15/2026" (the same review).
const DIAGNOSED_NUMERIC = new RegExp(
  `\\b${DIAGNOSED}(?: [a-z0-9-]+){1,4}? (?:(?:en|in|on|le) )?(\\d{1,2}[/.]\\d{1,2}[/.]\\d{4}|\\d{1,2}[/.]\\d{4}|\\d{4}-\\d{2}(?:-\\d{2})?)\\b`,
  'g',
);
// A year right after the diabetes' name, as a problem list dates it: "DT1 (2014)", "T1DM - 2009".
const NAME_YEAR = new RegExp(`\\b${DIABETES} -? ?((?:19|20)\\d{2})\\b(?! ?(?:mg|ui|u|units?)\\b)`, 'g');
// "depuis 10 ans", "x 15 years", "découvert il y a 2 ans", "known for 12 years".
const LEAD_DURATION = new RegExp(
  `\\b${LEAD}${FILLER}(?: il y a)?(?: environ| about| approx| approximately| around)? (\\d{1,2}) ?${UNIT}\\b`,
  'g',
);
// "15-year history of type 1 diabetes", "DT1, 10 ans d'évolution".
const DURATION_HISTORY = new RegExp(
  `\\b(\\d{1,2})[ -]?${UNIT} (?:history of(?: [a-z]+){0,2}? ${DIABETES}|d.evolution)\\b`,
  'g',
);
// "diagnosed at age 9", "since age 8", "découvert à 12 ans", "depuis l'âge de 8 ans".
const LEAD_AGE = new RegExp(
  `\\b${LEAD}${FILLER} (?:at age|aged|age de|age|a l.age de|a|ses|the age of|at the age of) (\\d{1,2})\\b(?! ?(?:mois|months?))`,
  'g',
);
// Said to be old without a date: "long-standing type 1 diabetes", "DT1 ancien", "diagnosed in
// childhood", "depuis l'enfance".
const LONG_AGO = new RegExp(
  [
    `\\blong[ -]?standing(?: [a-z0-9]+){0,2}? ${DIABETES}\\b`,
    `\\b${DIABETES}(?: [a-z0-9]+){0,3}?,? (?:long[ -]?standing|ancien|ancienne|de longue date)\\b`,
    `\\bancien(?:ne)? ${DIABETES}\\b`,
    `\\b${LEAD}(?: (?:in|dans|pendant|durant|since|depuis|as|l|a))* (?:childhood|enfance|adolescence|youth|child)\\b`,
    `\\bchildhood[ -]onset\\b`,
    // "Diabète de type 1 de l'enfance", "T1DM since childhood", "type 1 diabetes from adolescence".
    `\\b${DIABETES}(?: [a-z0-9]+){0,3}? (?:de l|dans l|depuis l|in|since|from) (?:enfance|childhood|adolescence)\\b`,
    // Care handed over from a paediatric team: "transition pédiatrie-adulte", "transition from pediatrics".
    `\\btransition (?:from )?(?:pediatri\\w*|peds|paediatri\\w*)\\b`,
  ].join('|'),
);

/**
 * What a text says of the onset, before it is placed in time: a date, a number of units ago, an
 * age at diagnosis, or "long ago". Read once per distinct text (problem-list wordings repeat).
 */
type Said =
  | { readonly kind: 'date'; readonly start: number; readonly end: number }
  | { readonly kind: 'ago'; readonly n: number; readonly days: number }
  | { readonly kind: 'age'; readonly years: number }
  | { readonly kind: 'long-ago' };

/** `n` whole units, as a unit word says them ("ans", "weeks"). */
function ago(n: string, unitWord: string): Said | undefined {
  const days = UNIT_DAYS.get(UNIT_WORDS.get(unitWord) ?? '');
  const count = Number(n);
  return days === undefined || count <= 0 ? undefined : { kind: 'ago', n: count, days };
}

// Numbers written as words before a unit of time ("two years ago", "il y a deux ans").
const NUMBER_WORDS = new Map([
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['un', 1],
  ['une', 1],
  ['deux', 2],
  ['trois', 3],
  ['quatre', 4],
  ['cinq', 5],
  ['sept', 7],
  ['huit', 8],
  ['neuf', 9],
  ['dix', 10],
  ['onze', 11],
  ['douze', 12],
]);
const NUMBER_BEFORE_UNIT = new RegExp(
  `\\b(${[...NUMBER_WORDS.keys()].join('|')}) (?=(?:ans?|years?|yrs?|mois|months?|semaines?|weeks?)\\b)`,
  'g',
);
// Both readings of a day and a month that could swap ("03/10/2026"): the earlier one widens.
const SWAPPABLE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;

const saidIn = memoiseText((text: string): readonly Said[] => {
  // A sentence's end stays a mark no pattern crosses ("DT1 inaugural. Ancien fumeur."); other
  // punctuation but a date's own marks ("/", "." and "-" between digits) becomes a space, a colon
  // too ("Date of diagnosis: 03/2024").
  const t = ` ${foldAccents(text.slice(0, MAX_TEXT))
    .toLowerCase()
    .replace(/(?<!\d)[.;!?](?!\d)|[;!?]/g, ' | ')
    .replace(/['’,()[\]:~]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(NUMBER_BEFORE_UNIT, (w) => `${NUMBER_WORDS.get(w.trim()) ?? w} `)} `;
  const out: Said[] = [];
  for (const m of [...t.matchAll(LEAD_DATE), ...t.matchAll(DIAGNOSED_NUMERIC)]) {
    const swap = SWAPPABLE.exec(m[1]!);
    if (!swap) continue;
    for (const [d, mo] of [
      [Number(swap[1]), Number(swap[2])],
      [Number(swap[2]), Number(swap[1])],
    ] as const) {
      const start = Date.UTC(Number(swap[3]), mo - 1, d);
      if (d >= 1 && d <= 12 && mo >= 1 && mo <= 12) out.push({ kind: 'date', start, end: start + DAY_MS - 1 });
    }
  }
  for (const m of [
    ...t.matchAll(LEAD_DATE),
    ...t.matchAll(DIAGNOSED_YEAR),
    ...t.matchAll(DIAGNOSED_NUMERIC),
    ...t.matchAll(NAME_YEAR),
  ]) {
    const date = readDateInText(m[1]!);
    if (date) out.push({ kind: 'date', ...spanOf(date) });
  }
  for (const m of [...t.matchAll(LEAD_DURATION), ...t.matchAll(DURATION_HISTORY)]) {
    const said = ago(m[1]!, m[2]!);
    if (said) out.push(said);
  }
  for (const m of t.matchAll(LEAD_AGE)) out.push({ kind: 'age', years: Number(m[1]) });
  if (LONG_AGO.test(t)) out.push({ kind: 'long-ago' });
  return out;
});

/** Where what a text says lies in time: "6 semaines" may be five and a half or six and a half. */
function placed(said: Said, now: Date, ageAt: (years: number) => DateBounds | undefined): DateBounds | undefined {
  switch (said.kind) {
    case 'date':
      return { start: said.start, end: said.end };
    case 'ago':
      return {
        start: now.getTime() - (said.n + 0.5) * said.days * DAY_MS,
        end: now.getTime() - (said.n - 0.5) * said.days * DAY_MS,
      };
    case 'age':
      return ageAt(said.years);
    case 'long-ago':
      return { end: now.getTime() - 365 * DAY_MS };
  }
}

/**
 * The earliest onset the words give, as bounds (a bound left out is open): of every reading of
 * every text, the one that ends first. Undefined when they give none.
 */
export function onsetInWords(
  texts: readonly string[],
  now: Date,
  ageAt: (years: number) => DateBounds | undefined,
): DateBounds | undefined {
  let earliest: DateBounds | undefined;
  for (const text of texts) {
    for (const said of saidIn(text)) {
      const r = placed(said, now, ageAt);
      if (r?.end !== undefined && (earliest?.end === undefined || r.end < earliest.end)) earliest = r;
    }
  }
  return earliest;
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
