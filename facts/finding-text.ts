import type { ValueSetIndex } from '../rules/value-sets.js';
import { foldAccents, normaliseText } from '../rules/value-sets.js';
import {
  ALTERNATIVE,
  CHANGE,
  COMPLETE,
  DENIAL_AFTER_COMMA,
  DENIED_AFTER,
  DENIES_AT_END,
  DENIES_NEXT,
  DENIES_PREVIOUS,
  DENIES_RIGHT_BEFORE,
  DIFFUSE,
  ELIMINATE,
  FOCAL,
  FOCAL_AFTER_COMMA,
  FOCAL_AREA,
  FOCAL_OBJECT,
  GONE,
  GONE_BEFORE,
  GONE_LATER,
  GRADE_LEADS,
  GRADE_OUT_OF,
  HEDGES,
  LIVER,
  NOTATIONS,
  NOT_ASSESSED,
  NOT_CONFIRMED,
  NOT_EXCLUDED,
  OTHER_ORGAN,
  PAST,
  PAST_AFTER,
  REGRESSION,
  RULE_OUT,
  SPARING,
  ZERO_GRADES,
} from './finding-words.js';
import { reportParts } from './report-sections.js';

/**
 * What a free-text report says of a finding: present, absent, hedged (named but not affirmed:
 * "possible", "cannot be excluded", "à confirmer", "steatosis?", or only as a past finding), or
 * silent (never named).
 */
export type TextFinding = 'present' | 'absent' | 'uncertain' | 'silent';

/** How many words before the finding a denial may stand, within its clause. */
const BEFORE = 8;
const AFTER = 2;

interface Mention {
  readonly at: number;
  readonly length: number;
}

/** Where the names start in the words, longest names only: "hepatic steatosis", not also "steatosis" in it. */
function mentions(words: readonly string[], needles: readonly string[][]): Mention[] {
  const found: Mention[] = [];
  for (const needle of needles) {
    for (let i = 0; i + needle.length <= words.length; i++) {
      if (needle.every((w, j) => words[i + j] === w)) found.push({ at: i, length: needle.length });
    }
  }
  return found.filter(
    (m) => !found.some((o) => o !== m && o.at <= m.at && o.at + o.length >= m.at + m.length && o.length > m.length),
  );
}

// The needles of each value-set index, by the ids asked (a few sets, asked on every report and
// problem text): folding every name again on each call was 3 % of computing a record's facts.
const NEEDLES = new WeakMap<ValueSetIndex, Map<string, readonly string[][]>>();

/** The names of the value sets, each as its folded words. */
function needlesOf(valueSets: ValueSetIndex, ids: ReadonlySet<string>): readonly string[][] {
  let byIds = NEEDLES.get(valueSets);
  if (!byIds) NEEDLES.set(valueSets, (byIds = new Map<string, readonly string[][]>()));
  const key = [...ids].join('|');
  let out = byIds.get(key);
  if (!out) {
    out = [...ids].flatMap((id) => (valueSets.all.get(id)?.names ?? []).map((n) => normaliseText(n).trim().split(' ')));
    byIds.set(key, out);
  }
  return out;
}

/**
 * Whether the words after a finding grade it zero: "steatosis grade 0", "stéatose : S0", "stéatose
 * stade 0", "grade 0 (S0)". A range that starts at zero ("grade 0-1", "S0 à S1") grades some; the
 * zero said again in the other notation ("grade 0 (S0)") is still zero.
 */
function gradedZero(next: readonly string[]): boolean {
  let i = 0;
  while (i < 2 && GRADE_LEADS.has(next[i] ?? '')) i++;
  const zero = ZERO_GRADES.has(next[i] ?? '');
  const more = next[i + 1];
  return zero && (more === undefined || !/^(?:[1-9]|s[1-9]|a|to|au)$/.test(more));
}

/**
 * Whether the words beside a finding place it in one part of the organ: "focal steatosis",
 * "stéatose localisée", "zone de stéatose". A focal sparing ("steatosis, focal fatty sparing")
 * says the rest is affected, a focal lesion ("steatosis, focal nodular hyperplasia") is another
 * finding, and "diffuse" anywhere in the clause says all of it.
 */
function inOnePart(before: readonly string[], after: readonly string[]): boolean {
  if ([...before, ...after].some((w) => DIFFUSE.has(w))) return false;
  const focalAfter =
    FOCAL.has(after[0] ?? '') &&
    !after.slice(1, 3).some((w) => FOCAL_OBJECT.has(w)) &&
    !after.slice(1).some((w) => SPARING.has(w));
  return FOCAL.has(before.at(-1) ?? '') || focalAfter || FOCAL_AREA.test(` ${before.join(' ')}`);
}

/** What the words around one mention say of it; undefined when it names another organ's finding. */
function reading(
  words: readonly string[],
  m: Mention,
  question: boolean,
  diffuseOnly: boolean,
): TextFinding | undefined {
  const before = words.slice(Math.max(0, m.at - BEFORE), m.at);
  const end = m.at + m.length;
  const own = words.slice(m.at, end);
  const after = words.slice(end, end + AFTER + 2);
  // Two words either side name the organ ("stéatose pancréatique", "renal sinus fat"), three after
  // when a preposition leads to it ("steatosis of the pancreas").
  const near = [...words.slice(Math.max(0, m.at - 2), m.at), ...words.slice(end, end + 3)];
  if (!own.some((w) => LIVER.has(w)) && near.some((w) => OTHER_ORGAN.has(w))) return undefined;
  if (after.some((w) => GONE.has(w)) || before.slice(-4).some((w) => GONE_BEFORE.has(w))) return 'absent';
  // "Nette régression de la stéatose", "steatosis has regressed": less of it, unless said complete.
  // After the finding, "en régression" says it is still there, regressing.
  const regressed = before.slice(-4).some((w) => REGRESSION.has(w)) || after.includes('regressed');
  if (regressed) return [...before.slice(-4), ...after].some((w) => COMPLETE.has(w)) ? 'absent' : 'uncertain';
  if (GONE_LATER.test(` ${words.slice(end).join(' ')} `)) return 'absent';
  if (gradedZero(words.slice(end, end + 4))) return 'absent';
  const around = [...before, ...own, ...after].join(' ');
  if (question || NOT_EXCLUDED.test(around) || [...before, ...after].some((w) => HEDGES.has(w))) return 'uncertain';
  if (NOT_CONFIRMED.test(` ${words.slice(end).join(' ')} `)) return 'uncertain';
  const alternative = [...before.slice(-2), ...after.slice(0, 2)].some((w) => ALTERNATIVE.has(w));
  if (alternative && !before.some((w) => DENIES_NEXT.has(w))) return 'uncertain';
  if (before.some((w) => PAST.has(w)) || RULE_OUT.test(` ${before.join(' ')} `)) return 'uncertain';
  if (after.some((w) => PAST_AFTER.has(w)) || NOT_ASSESSED.test(words.slice(end, end + 4).join(' ')))
    return 'uncertain';
  if (ELIMINATE.test(` ${before.slice(-2).join(' ')}`)) return 'uncertain';
  const denial = before.findIndex((w) => DENIES_NEXT.has(w));
  const denied =
    (denial >= 0 && !before.slice(denial + 1).some((w) => CHANGE.has(w))) ||
    words.slice(end, end + AFTER).some((w) => DENIES_PREVIOUS.has(w)) ||
    DENIED_AFTER.test(words.slice(end, end + 4).join(' ')) ||
    (words.length === end + 1 && DENIES_AT_END.has(words[end]!)) ||
    before.at(-1) === DENIES_RIGHT_BEFORE;
  if (denied) return 'absent';
  // Affirmed, but perhaps only in one part of the organ: a denial said first ("pas de stéatose,
  // focale ou diffuse", "no area of steatosis") still denies all of it.
  return diffuseOnly && inOnePart(before, after) ? 'uncertain' : 'present';
}

// Words that open an item of a list a denial governs: "Absence d'épanchement, de dilatation des
// voies biliaires, de stéatose", "No ascites, hepatomegaly, or steatosis", "ni stéatose".
const LIST_LEAD = new Set(['de', 'd', 'des', 'du', 'ni', 'or', 'nor', 'ou', 'pour']);
// Words that open the last item of a denied list: "…, or focal hepatic lesion", "…, ni ascite".
// Not "and"/"et": "Pas de lésion focale, stéatose modérée, et vésicule normale" affirms.
const LIST_END = new Set(['or', 'nor', 'ni', 'ou']);
// A time set off by commas inside a clause belongs to it: "pas d'argument, à ce jour, pour une
// stéatose" (folded text: no accents).
const INCIDENTAL =
  /,\s*(?:a ce jour|ce jour|actuellement|aujourd'?\s?hui|today|currently|at present|at this time)\s*,/gi;
// An item of a list is a few words ("hepatomegaly", "focal lesion", "biliary dilatation").
const LIST_ITEM_WORDS = 4;

/**
 * The clauses of a text (a sentence, or a part of it set off by a comma or by "mais"/"but"), each
 * as folded words. A denial that opens a sentence governs the items of the list that follows it,
 * clause after clause: "No ascites, hepatomegaly, steatosis, or focal hepatic lesion" denies the
 * steatosis, as "Absence d'épanchement, de dilatation des voies biliaires, de stéatose" does (a
 * review of liver reports, 2026-12-07, found both read as steatosis). An item is carried when it
 * opens with a word of a list ("de", "or", "ni"), or is a few words before an item so opened, or
 * in a list the denial opens with a colon; "mais"/"but" ends the list, and any other clause ("pas
 * d'ascite, stéatose hépatique diffuse", "pas de lésion focale, stéatose modérée, vésicule
 * normale") is a statement of its own.
 */
function clausesOf(text: string): { clause: string; words: string[] }[] {
  const out: { clause: string; words: string[] }[] = [];
  for (const sentence of text.split(/[.;\n]/)) {
    const pieces = sentence.replace(INCIDENTAL, ' ').split(/( mais | but )/i);
    for (let p = 0; p < pieces.length; p += 2) {
      const clauses = (pieces[p] ?? '').split(',');
      const words = clauses.map((c) => normaliseText(c).trim().split(' '));
      const opens = (w: readonly string[]) => w.slice(0, 3).some((x) => DENIES_NEXT.has(x));
      // A list the denial opens with a colon ("Negative for: ascites, steatosis, focal lesion").
      const list =
        clauses.length >= 3 &&
        /:\s*[^:]*$/.test(clauses[0] ?? '') &&
        words.slice(1).every((w) => w.length <= LIST_ITEM_WORDS + 1 && !opens(w)) &&
        opens(words[0] ?? []);
      let denied = false;
      for (let i = 0; i < clauses.length; i++) {
        const w = words[i] ?? [];
        const later = words.slice(i + 1);
        const item: boolean =
          denied &&
          (LIST_LEAD.has(w[0] ?? '') ||
            (w.length <= LIST_ITEM_WORDS && (list || later.some((l) => LIST_END.has(l[0] ?? '')))));
        out.push({ clause: clauses[i] ?? '', words: item ? ['no', ...w] : w });
        denied = opens(w) || item;
      }
    }
  }
  return out;
}

/**
 * Whether report text mentions a finding of the given value sets, mention by mention, clause by
 * clause (a sentence, or a part of it set off by a comma, a semicolon or "mais"/"but"). A mention
 * with a denial before it in its clause ("pas de stéatose") or just after it ("stéatose absente",
 * "Stéatose : non"), or said to be gone ("steatosis has resolved", "ruled out"), says absent. A
 * hedged one ("possible steatosis", "stéatose non exclue", "cannot be excluded", "à confirmer",
 * "steatosis?") or a past one ("history of steatosis") says uncertain, and so does the whole text
 * when it mixes hedges with denials. A mention of another organ ("stéatose pancréatique") does not
 * count. Any other mention ("stéatose hépatique modérée", "stéatose non alcoolique") says
 * present, and one is enough. Text that never names it is silent. Form notations ("(-)", "0/3",
 * "< 5 %") are rewritten into words first (finding-words.ts), and a part under a question's
 * heading ("Indication :", report-sections.ts) is heard only when the answer never names the
 * finding, and then as a hedge. Reading words is lower-confidence evidence, shown as such.
 */
export function findingInText(
  valueSets: ValueSetIndex,
  text: string | undefined,
  ids: ReadonlySet<string>,
): TextFinding {
  if (!text || text.length > 10_000) return 'silent';
  const needles = needlesOf(valueSets, ids);
  const diffuseOnly = [...ids].some((id) => valueSets.all.get(id)?.diffuseOnly === true);
  let folded = foldAccents(text)
    .replace(DENIAL_AFTER_COMMA, ' ')
    .replace(GRADE_OUT_OF, (_, zero: string) => zero);
  if (diffuseOnly) folded = folded.replace(FOCAL_AFTER_COMMA, ' ');
  for (const [notation, words] of NOTATIONS) folded = folded.replace(notation, words);
  // An addendum that speaks of the finding corrects what the report said before it ("ADDENDUM:
  // no hepatic steatosis; the original impression was dictated in error"): a review of liver
  // reports (2026-12-07) found the first impression read over it.
  const addendum = lastAddendum(folded);
  if (addendum !== undefined) {
    const corrected = readParts(folded.slice(addendum), needles, diffuseOnly);
    if (corrected !== 'silent') return corrected;
  }
  return readParts(folded, needles, diffuseOnly);
}

// The heading of an addendum or a corrected report, with its colon: "ADDENDUM:", "Addendum
// (12/01/2026) :", "Rectificatif :", "Corrected report -".
const ADDENDUM_HEADING =
  /(?:^|[\n.;])\s*(?:addend(?:um|a)|erratum|rectificatif|compte rendu rectifie|corrected report|amended report)\s*(?:\([^)]{0,40}\))?\s*[:\-–]/gi;

/** Where the text of the last addendum begins (after its heading), if the report has one. */
function lastAddendum(folded: string): number | undefined {
  let at: number | undefined;
  for (const m of folded.matchAll(ADDENDUM_HEADING)) at = m.index + m[0].length;
  return at;
}

/** What the parts of (folded) report text say of a finding, as findingInText reads it. */
function readParts(folded: string, needles: readonly string[][], diffuseOnly: boolean): TextFinding {
  let absent = false;
  let uncertain = false;
  let asked = false;
  for (const part of reportParts(folded)) {
    for (const { clause, words } of clausesOf(part.text)) {
      const question = clause.includes('?');
      for (const m of mentions(words, needles)) {
        const said = reading(words, m, question, diffuseOnly);
        // Named in the question put to the study: heard only when the answer never names it.
        if (part.asked) {
          asked ||= said !== undefined;
          continue;
        }
        if (said === 'present') return 'present';
        if (said === 'absent') absent = true;
        if (said === 'uncertain') uncertain = true;
      }
    }
  }
  if (uncertain) return 'uncertain';
  if (absent) return 'absent';
  return asked ? 'uncertain' : 'silent';
}
