import { normaliseText } from '../rules/value-sets.js';
import { memoiseText } from './text-memo.js';

/*
 * A diabetes type the words leave open without naming the diabetes again: "Diabète de type 2, à
 * reclasser en type 1 ?", "Type 2 DM, possibly type 1 - C-peptide pending", "Diabète de type 2
 * (type 1 non exclu)", "Type 2 diabetes mellitus - may be type 1, anti-GAD ordered". The value
 * sets' names need the diabetes beside the type ("type 1 diabetes"), so a bare "type 1" named
 * nothing, and the record read as a certain type 2: a review (2026-12-07) found the pump card
 * shown on each. A type left open this way puts in doubt a type the record names that excludes it
 * (concept-class.ts, `questioned`).
 *
 * Read on folded words, with "?" kept as the word "qmark" (folding drops punctuation). A hedge
 * before the type ("may be", "possible", "à reclasser en", "vs") or after it ("non exclu", "?", "à
 * confirmer"), within a few words. A plain denial ("DT1 exclu", "not type 1") and a question
 * answered at once ("DT1 ? non") leave nothing open.
 */
const BEFORE = [
  'may be',
  'might be',
  'could be',
  'possibly',
  'possiblement',
  'peut etre',
  'probably',
  'probablement',
  'likely',
  'a reclasser',
  'reclasser',
  'reclassify',
  'reclassified',
  'reclassification',
  'evoluer vers',
  'evolution vers',
  'vs',
  'versus',
  'r o',
  'rule out',
  'suspicion',
  'suspected',
  'suspect',
  'possible',
  'probable',
  'questionable',
  'query',
  'question of',
  'consider',
  'cannot exclude',
  'can t exclude',
  'cannot rule out',
  'can t rule out',
  'differential includes',
  'differential diagnosis',
  'discuter',
  'discuter un',
  'hypothese',
  'hypothese d un',
  'evoquer',
  'evoque',
  'doute',
  'qmark',
].join('|');
// Treated as the other type without naming it the diagnosis: "Reclassified as insulin-deficient
// diabetes; treat as type 1", "manage as T1", "à prendre en charge comme un type 1" (a review,
// 2026-12-07, night: the pump card shown). Not a treatment of the past ("initially treated as type
// 1 at diagnosis") nor the regimen itself ("traité comme un type 1 (schéma basal-bolus)", "managed
// as T1 regimen (MDI)"), which is the pump card's own population.
const TREATED_AS = new RegExp(
  ` (?<!(?:initially|initialement|previously|auparavant|formerly|au depart|d abord|first) )(?:treat|treated|treating|manage|managed|managing|traiter|a prendre en charge|considered|considere) (?:as|comme) (?:an? |un |une )?(?:${'type 1|type 1a|type i|t1|t1d|t1dm|dt1'}) (?!(?:regimen|schema|scheme|protocol|protocole|mdi|basal|insulin|insuline|at diagnosis|au diagnostic|initially)\\b)`,
);
const AFTER = [
  'non exclu',
  'non exclue',
  'pas exclu',
  'pas exclue',
  'not excluded',
  'not yet excluded',
  'pas encore exclu',
  'not ruled out',
  'cannot be excluded',
  'cannot be ruled out',
  'a confirmer',
  'to be confirmed',
  'a eliminer',
  'possible',
  'probable',
  'suspected',
  'pending',
  'qmark',
].join('|');
// "Type 1B" (idiopathic, ketosis-prone) is a type 1 too.
const TYPES = {
  t1d: 'type 1|type 1a|type 1b|type i|type un|t1|t1d|t1dm|dt1|dt 1|lada',
  t2d: 'type 2|type ii|type deux|t2|t2d|t2dm|dt2|dt 2',
} as const;
const LEFT_OPEN = Object.entries(TYPES).map(
  ([id, type]) =>
    [
      id as keyof typeof TYPES,
      // A question answered at once ("DT1 ? non, anti-GAD négatifs") leaves nothing open.
      new RegExp(
        ` (?:${BEFORE}) (?:[a-z0-9]+ ){0,3}?(?:${type}) (?!(?:qmark )?(?:non|no|exclu|exclue|excluded|negatif|negative)\\b)| (?:${type}) (?:[a-z0-9]+ ){0,2}?(?:${AFTER}) (?!(?:non|no|exclu|exclue|excluded|negatif|negative)\\b)`,
      ),
    ] as const,
);

// An islet autoantibody found positive, written in the diabetes' own words ("Diabète de type 2
// insulinorequérant, Ac anti-GAD positifs (2021)", "GAD-65 antibody positive 03/2022"): a type 1
// (autoimmune) diabetes is left open, as a positive result on file shows it (islet-autoantibody.ts).
// A review (2026-12-07) found both records given the pump card.
// A regression review (2026-12-07, night) found more ways of writing it: "GAD65 antibodies elevated
// at 48 U/mL", "Ac anti-GAD +", "Présence d'anticorps anti-GAD", "GAD65 Ab 48.0 U/mL (H)",
// "Islet antibodies detected". A level and its unit may stand between the antibody and the word.
const ANTIBODY = '(?:anti ?gad|gad ?65|gad|anti ?ia ?2|ia ?2|anti ?znt ?8|znt ?8|ica|islet cell|islet|anti ilots)';
const POSITIVE =
  '(?:positive|positives|positif|positifs|pos|detected|detectes|presents?|presence|eleves?|elevated|raised|reactive|high|qplus)';
const ANTIBODY_POSITIVE = new RegExp(
  ` ${ANTIBODY} (?:(?!(?:negati|neg|non|no|pas|absen)\\w*\\b)[a-z0-9]+ ){0,5}?(?:antibod(?:y|ies) |ab |abs |ac |anticorps |autoantibod(?:y|ies) )?${POSITIVE} (?!(?:non|no|negatif|negative)\\b)| ${POSITIVE} (?:for |pour |aux? |des |d |de )?(?:anti ?corps |antibod(?:y|ies) |ac )?${ANTIBODY} `,
);
// Signs the folding would drop: "+" ending a result ("anti-GAD +", not "anti-GAD + anti-IA2"),
// and a laboratory's "(H)" flag, as words.
const PLUS_SIGN = /(?<=[\p{L}\p{N}\s])\+(?=\s*(?:$|[,.;)/(]))/gu;
const HIGH_FLAG = /\(\s*H\s*\)/g;

const NAMES_TYPE_1 =
  / (?:lada|latent autoimmune|type 1 diabetes|type 1 dm|diabete de type 1|diabete type 1|dt1|t1dm|iddm) /;

/**
 * Whether some words say the diabetes is treated as a type 1 without naming it one: the type 1 is
 * left open, unless the record names it already (concept-class.ts: "LADA …, managed as type 1").
 */
export const treatedAsType1 = memoiseText((text: string): boolean => {
  const folded = ` ${normaliseText(text)} `;
  return TREATED_AS.test(folded) && !NAMES_TYPE_1.test(folded);
});

/** The diabetes types (t1d, t2d) that some words leave open; memoised, as problem texts repeat. */
export const typesLeftOpen = memoiseText((text: string): readonly (keyof typeof TYPES)[] => {
  if (!/type|t[12]|dt ?[12]|lada|gad|ia-?2|znt|ica|islet|[iî]lots/i.test(text)) return [];
  const folded = normaliseText(
    text.replace(/\?/g, ' qmark ').replace(PLUS_SIGN, ' qplus ').replace(HIGH_FLAG, ' high '),
  );
  const open = LEFT_OPEN.filter(([, re]) => re.test(folded)).map(([id]) => id);
  return ANTIBODY_POSITIVE.test(` ${folded} `) && !open.includes('t1d') ? [...open, 't1d'] : open;
});
