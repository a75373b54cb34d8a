import type { ValueSetIndex } from '../rules/value-sets.js';
import { foldAccents, normaliseText } from '../rules/value-sets.js';
import { reportParts } from './report-sections.js';

/**
 * What a free-text report says of a finding: present, absent, hedged (named but not affirmed:
 * "possible", "cannot be excluded", "à confirmer", "steatosis?", or only as a past finding), or
 * silent (never named).
 */
export type TextFinding = 'present' | 'absent' | 'uncertain' | 'silent';

// Words that deny a finding named after them in their clause: "pas de stéatose", "absence
// d'image évocatrice de stéatose", "no sonographic evidence of hepatic steatosis", "sans stéatose".
const DENIES_NEXT = new Set([
  'pas',
  'absence',
  'sans',
  'aucun',
  'aucune',
  'no',
  'not',
  'without',
  'negative',
  'free',
  'ni',
  // "Neither steatosis nor focal lesion" (a review of report wordings, 2026-12-06).
  'neither',
  'nor',
]);
// Words after the finding that deny it: "stéatose absente", "stéatose exclue", "steatosis: absent".
const DENIES_PREVIOUS = new Set([
  'absence',
  'absente',
  'absent',
  'exclue',
  'exclu',
  'excluded',
  'negative',
  'negatif',
  'negative',
  'neg',
]);
// The predicates whose denial, right after the finding, denies it: "fatty liver not seen on US",
// "stéatose non vue", "steatosis not identified". Folded: no accents, lower case.
const DENIED_PREDICATES =
  '(?:seen|visualized|visualised|identified|detected|demonstrated|present|found|visible|appreciated|noted|observed|evident|apparent|vue|revue|visualisee|revisualisee|retrouvee|objectivee|mise en evidence|constatee|observee|notee)';
// A denied predicate right after the finding ("non exclue" is a hedge, read first; "non
// alcoolique" is a name), also after a word that dates it ("stéatose connue, non revue ce jour",
// "known steatosis, not seen today" deny it on this examination) or a copula ("steatosis is not
// present").
const DENIED_AFTER = new RegExp(
  `^(?:(?:connue|known|decrite|described|ancienne) )?(?:(?:is|are|was|were|est) )?(?:not|non|pas) ${DENIED_PREDICATES}\\b`,
);
// A denied predicate, or a denied exclusion (a hedge: "steatosis, not excluded"), set off by a comma
// still belongs to the finding before it ("Stéatose connue, non revue ce jour", "Known steatosis,
// not seen today"): on the folded text, the comma is dropped before clauses are cut.
// What says a finding is not established: "NAFLD (imaging 2019, not confirmed)", "stéatose non
// confirmée" (a review of problem lists, 2026-12-06). Folded: no accents, lower case.
const UNCONFIRMED = '(?:confirmed|confirmee?s?|confirmes?|prouvee?s?|proven|verified|verifiee?s?)';
const NOT_CONFIRMED = new RegExp(` (?:not|non|pas) ${UNCONFIRMED} `);
const DENIAL_AFTER_COMMA = new RegExp(
  `,\\s*(?=(?:(?:not|non|pas)\\s+(?:${DENIED_PREDICATES}|exclue?s?|excluded)|(?:(?:now|since|maintenant|desormais)\\s+)?(?:resolved|resolue|disparue?|regressed|no longer|n est plus)|(?:not|non|pas)\\s+${UNCONFIRMED})\\b)`,
  'g',
);
// Named, then said not to have been looked at, or not to matter: "Steatosis: not evaluated",
// "stéatose non évaluée", "N/A", "stéatose discrète non significative". The study does not say.
const NOT_ASSESSED = new RegExp(
  '^(?:[a-z]+ )?(?:(?:is|was|est) )?(?:(?:not|non|pas) (?:evaluated|evaluee|evalue|assessed|applicable|documented|explored|exploree|recherchee|measured|mesuree|quantified|quantifiee|analysable|analyzable|significant|significative|significatif)|(?:n a|na|nd|n d|nr)$)',
);
// Ending the clause right after the finding, "non" and "no" deny it ("Stéatose : non"); followed by
// more words they qualify it ("stéatose non alcoolique").
const DENIES_AT_END = new Set(['non', 'no', 'none', 'nil', 'neant']);
// "Non" right before the finding denies it: "non-fatty liver", "non-cirrhotic liver". Further off it
// names another thing ("non-alcoholic fatty liver" is a name of its own, read whole).
const DENIES_RIGHT_BEFORE = 'non';
// A grade out of a scale ("stéatose 0/3", "S0/S3") is a grade of zero, not a range of grades: the
// scale is dropped before the words are read. "S0/S1" stays a choice of two grades.
const GRADE_OUT_OF = /\b(s?0) ?\/ ?s?[2-4]\b/gi;
// The words that grade a finding zero: "grade 0", "S0", "grade: none".
const ZERO_GRADES = new Set(['0', 's0', 'none', 'nil', 'neant']);
// Words between a finding and its grade: "steatosis grade 0", "stéatose estimée à 0 %".
const GRADE_LEADS = new Set(['grade', 'stade', 'estimee', 'estime', 'estimated', 'evaluee', 'a', 'at']);
// Notations of forms and checklists, rewritten into words before reading: "Stéatose (-)" denies,
// "Steatosis (+)" affirms, a dash ending the line ("Steatosis -") leaves it open, and a fat
// fraction under 5 % ("steatosis < 5 %", "stéatose inférieure à 5 %") is the normal liver, grade 0.
const NOTATIONS: readonly [RegExp, string][] = [
  [/\(\s*[-−]\s*\)/g, ' negative '],
  [/\(\s*\+\s*\)/g, ' '],
  [/\s[-−–]\s*(?=$|[.;\n])/g, ' ? '],
  [/(?:<|less than|below|under|inferieure? a|moins de)\s*5\s*%/g, ' 0 '],
];
// Words that leave a finding named near them unaffirmed: suspected, possible, to be confirmed,
// or a question ("rule out steatosis"). A report that only hedges says nothing either way.
const HEDGES = new Set([
  'possible',
  'possibly',
  'probable',
  'probably',
  'likely',
  'unlikely',
  'suspected',
  'suspect',
  'suspicion',
  'suspecte',
  'suspectee',
  'questionable',
  'equivocal',
  'indeterminate',
  'doute',
  'douteuse',
  'douteux',
  'eventuelle',
  'eventuel',
  'confirmer',
  'confirm',
  'cannot',
  'peut',
  'rule',
  // "which may represent steatosis", "could be due to", "aspect pouvant correspondre à une
  // stéatose", "steatosis versus diffuse infiltration", "differential includes steatosis".
  'may',
  'might',
  'could',
  'pouvant',
  'pourrait',
  'versus',
  'vs',
  'differential',
  'differentiel',
  // "suspicious for", "concerning for", "raises the possibility of", "consider hepatic steatosis"
  // (a review of US reports, 2026-12-06). "Suggestive of", like the French "évoquant", is how an
  // ultrasound reports steatosis, and affirms it.
  'suspicious',
  'concerning',
  'possibility',
  'consider',
  'worrisome',
  // A study that could not tell: "unable to assess for steatosis", "stéatose non évaluable",
  // "impossible d'évaluer la stéatose" (a review of report wordings, 2026-12-06).
  'unable',
  'evaluable',
  'impossible',
  'interpretable',
  'assessable',
  // "Stéatose hépatique à contrôler", "à vérifier": to be checked, not yet affirmed.
  'controler',
  'verifier',
  // A finding offered as one explanation among others (a review of report wordings, 2026-12-06):
  // "fatty liver is a consideration", "can be seen with steatosis or fibrosis", "which can reflect
  // steatosis", "often seen with hepatic steatosis", "stéatose vraisemblable".
  'consideration',
  'can',
  'often',
  'nonspecific',
  'aspecifique',
  'vraisemblable',
  'vraisemblablement',
]);
// A focal fat deposit ("focal steatosis", "stéatose focale") is not the diffuse steatosis asked for.
const FOCAL = new Set(['focal', 'focale', 'focales', 'nodulaire']);
// An alternative right beside the finding, undenied: "hepatic steatosis or other hepatocellular
// disease", "steatosis and/or fibrosis", "stéatose ou hépatopathie chronique". "No steatosis or
// biliary dilatation" is a denial of both, read as such.
const ALTERNATIVE = new Set(['or', 'ou']);
// Words that put a finding in the past: "history of steatosis", "antécédent de stéatose". The
// report then says what was, not what is.
const PAST = new Set([
  'history',
  'hx',
  'antecedent',
  'antecedents',
  'atcd',
  'previously',
  'prior',
  'previous',
  'ancienne',
  // "Par rapport à l'examen précédent qui montrait une stéatose, le foie est normal."
  'precedent',
  'precedente',
  'anterieur',
  'anterieure',
]);
// Past, said after the finding: "steatosis previously reported", "stéatose décrite auparavant".
const PAST_AFTER = new Set(['previously', 'auparavant', 'anterieurement']);
// A question rather than a finding: "R/O fatty liver", "rule out NAFLD", "evaluate for steatosis".
const RULE_OUT =
  / (?:r o|rule out|evaluate for|eval for|evaluation for|workup for|w u for|a eliminer|bilan de|depistage|screening for|screen for|recherche de|recherche d une) /;
// "Échographie demandée pour éliminer une stéatose" asks the question too, but only of what follows
// it at once: in "Bilan pour éliminer une hépatite : foie hyperéchogène évoquant une stéatose" the
// question is about the hepatitis.
const ELIMINATE = / eliminer(?: une| un| la| le| l| des)?$/;
// A finding that is gone: "steatosis has resolved", "stéatose disparue", "steatosis ruled out".
const GONE = new Set(['resolved', 'resolue', 'disparue', 'disparu', 'ruled', 'longer']);
// A regression that is not said to be complete leaves some: "nette régression de la stéatose",
// "régression partielle", "steatosis has regressed" say less steatosis, not none.
const REGRESSION = new Set(['regression', 'regressed', 'regresse', 'regressee']);
const COMPLETE = new Set(['complete', 'totale', 'complete', 'completely', 'completement', 'totalement', 'entierement']);
// Gone, said before the finding: "disparition de la stéatose", "résolution de la stéatose",
// "normalisation ... disparition", "resolved hepatic steatosis", "interval resolution of",
// "no longer", "il n'existe plus de stéatose", "plus de stéatose".
const GONE_BEFORE = new Set([
  'disparition',
  'resolution',
  'normalisation',
  'normalization',
  'resolved',
  'longer',
  'plus',
]);
// Gone, said later in the clause: "la stéatose décrite en 2021 n'est plus visible", "n'est plus
// retrouvée", "steatosis seen in 2019 is no longer present".
// Also "stéatose décrite en 2022 non retrouvée", "steatosis reported in 2019 not seen".
const GONE_LATER =
  / (?:n est plus|ne sont plus|n apparait plus|no longer|a disparu|ont disparu|has resolved|have resolved|non retrouvee|non revue|non visible|not seen|not visualized|not visualised) /;
// "non exclue", "not excluded": a denial word before an exclusion is a hedge, not a negative.
const NOT_EXCLUDED = /\b(non|not|pas|cannot be|can t be|ne peut etre) (exclue|exclu|excluded|exclus)\b/;
// The finding named of an organ other than the liver: "stéatose pancréatique", "renal sinus fat".
const OTHER_ORGAN = new Set([
  'pancreas',
  'pancreatic',
  'pancreatique',
  'renal',
  'renale',
  'rein',
  'kidney',
  'myocardial',
  'myocardique',
  'cardiac',
  'cardiaque',
  'muscle',
  'musculaire',
  'medullaire',
  'marrow',
  'thymus',
]);
const LIVER = new Set(['hepatic', 'hepatique', 'liver', 'foie']);
// A denial of a change, not of the finding: "no interval change in the hepatic steatosis",
// "pas d'évolution de la stéatose" say it is still there.
const CHANGE = new Set(['change', 'changes', 'changed', 'evolution', 'modification', 'progression', 'worsening']);
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
 * stade 0". A range that starts at zero ("grade 0-1", "S0 à S1") grades some.
 */
function gradedZero(next: readonly string[]): boolean {
  let i = 0;
  while (i < 2 && GRADE_LEADS.has(next[i] ?? '')) i++;
  const zero = ZERO_GRADES.has(next[i] ?? '');
  const more = next[i + 1];
  return zero && (more === undefined || !/^(?:\d|s\d|a|to|au)$/.test(more));
}

/** What the words around one mention say of it; undefined when it names another organ's finding. */
function reading(words: readonly string[], m: Mention, question: boolean): TextFinding | undefined {
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
  if (FOCAL.has(before.at(-1) ?? '') || FOCAL.has(after[0] ?? '')) return 'uncertain';
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
  return denied ? 'absent' : 'present';
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
 * present, and one is enough. Text that never names it is silent. Reading words is
 * lower-confidence evidence, shown as such.
 */
export function findingInText(
  valueSets: ValueSetIndex,
  text: string | undefined,
  ids: ReadonlySet<string>,
): TextFinding {
  if (!text || text.length > 10_000) return 'silent';
  const needles = needlesOf(valueSets, ids);
  let absent = false;
  let uncertain = false;
  let asked = false;
  let folded = foldAccents(text)
    .replace(DENIAL_AFTER_COMMA, ' ')
    .replace(GRADE_OUT_OF, (_, zero: string) => zero);
  for (const [notation, words] of NOTATIONS) folded = folded.replace(notation, words);
  for (const part of reportParts(folded)) {
    for (const clause of part.text.split(/[.;\n]|,| mais | but /i)) {
      const words = normaliseText(clause).trim().split(' ');
      const question = clause.includes('?');
      for (const m of mentions(words, needles)) {
        const said = reading(words, m, question);
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
