import type { ValueSetIndex, ValueSetKind } from '../rules/value-sets.js';
import { conceptWords, type ReadConcept } from './coding.js';
import type { Evidence } from './fact.js';
import { treatedAsType1, typesLeftOpen } from './diabetes-type-hedge.js';
import { namesOnlyUnrelated } from './unrelated-conditions.js';
import { namesSecondaryDiabetes } from './secondary-diabetes-words.js';
import { normaliseText } from '../rules/value-sets.js';
import { findingInText } from './finding-text.js';
import { namesOtherOrganOnly } from './finding-words.js';
import { matchNames } from './name-match.js';
import { FieldTrie } from './field-trie.js';
import { catalogOf } from './value-set-catalog.js';
import {
  CLAUSE_BREAK,
  DENIAL_CONTEXT_WORDS,
  DENIAL_WORDS,
  FAMILY_WORDS,
  HISTORY_WORDS,
  PAST_WORDS,
  PENDING_WORDS,
  REFUSAL_WORDS,
  RISK_WORDS,
  SUSPICION_WORDS,
  WISH_WORDS,
  WORKUP_WORDS,
  wordsPattern,
} from './context-words.js';

/** How a coded field (Condition.code, Device.type, a drug) classifies against the value sets of one kind. */
export interface ConceptClass {
  /** Value set ids of the kind the concept falls in. */
  readonly ids: readonly string[];
  /** `high` when every id came from a code; `low` when some came only from words. */
  readonly confidence: Evidence['confidence'];
  /** Ids found by code (the rest came from names). */
  readonly byCode: readonly string[];
  /** Ids named together with one they exclude (type 1 and type 2 diabetes): neither is certain. */
  readonly doubtful?: readonly string[];
  /** Of the doubtful ids, those coded while the record's own words deny or doubt them. */
  readonly contradicted?: readonly string[];
  /** Of the doubtful ids, lasting diseases the words name only in the past ("H/O type 1 diabetes"). */
  readonly namedInPast?: readonly string[];
  /**
   * Set when the concept cannot be classified: no coding in a system readable for the kind, no
   * code in a value set, no words to read. The text names the coding, never patient data.
   */
  readonly unclassified?: string;
  /**
   * A coding in a system readable for the kind that is in no value set of it: the code says
   * "some other thing". Set only when no code matched, whatever the words say, so that a caller
   * can refuse words that contradict the code (LOINC 4547-6, HbA1 total, named "glycated
   * hemoglobin"). Names the coding, never patient data.
   */
  readonly otherCode?: string;
}

/** How names take part: always (union with codes), only when no code matched, or never. */
export type NameUse = 'always' | 'fallback' | 'never';

const CODE_RE = /^[A-Za-z0-9.\-_:|/+*]{1,64}$/;

// Words that put a named finding in another context: someone else's ("family history of type 2
// diabetes", "ATCD familial"), denied ("pas de cirrhose", "no hepatitis"), or only suspected
// ("suspicion de", "rule out"). Such words classify nothing: only codes speak for the record.
// Also words that leave it undecided ("type 1 vs type 2", "GAD pending", "DT2 à confirmer", "DT2 ?"),
// put it in the past or the future ("history of", "guéri", "risk of", "screening for",
// "prédiabète"), or make it a goal rather than a finding ("HbA1c goal", "objectif HbA1c").
const OTHER_CONTEXT = wordsPattern(FAMILY_WORDS, DENIAL_WORDS, DENIAL_CONTEXT_WORDS, SUSPICION_WORDS);

// For conditions, a denial that comes before a name ("No history of bariatric surgery", "Pas
// d'antécédent de ...") denies what follows it, not what came before: "Cirrhose Child A pas
// d'ascite", "Diabète de type 1 pas d'hypoglycémie sévère" and "Type 1 diabetes no DKA" still name
// the cirrhosis or the type 1 diabetes. The clause is cut at the first such word; its head is read
// as a clause of its own, and what follows names nothing. (Read on the raw text, where the words
// have no accents to fold; "non" is left out, as "non insulino-dépendant" is a name.)
const DENIAL_BEFORE_NAME =
  /(?:^|[^\p{L}\p{N}])(?:(?:pas|absence) d['’]|(?:no|not|pas de|aucune?|absence de|sans|denies|without)(?=$|[^\p{L}\p{N}]))/iu;

// For diagnoses only: words that leave the diagnosis undecided ("type 1 vs type 2", "GAD
// pending", "DT2 à confirmer"), put it in the past ("history of", "hx", "guéri", "initialement")
// or make it a risk ("risk of", "screening for", "prédiabète"), a wish or a plan ("désir de
// grossesse", "projet de grossesse", "planned"), or a question ("evaluate for NAFLD"). A drug's or a test's name may
// hold them for other reasons ("formulary: Basaglar vs Lantus", "HbA1c (IFCC vs NGSP)").
const UNDECIDED_DIAGNOSIS = wordsPattern(PENDING_WORDS, PAST_WORDS, RISK_WORDS, WISH_WORDS, WORKUP_WORDS);

// For diagnoses: an operation or treatment refused, ruled out by a contraindication, or put off
// ("Refuses bariatric surgery", "Contre-indication à la chirurgie bariatrique", "deferred") is
// neither done nor planned, whatever set marks past and planned events as findings.
const REFUSED = wordsPattern(REFUSAL_WORDS);

// For results only: a goal is not a finding ("HbA1c goal", "objectif HbA1c").
const GOAL = / (goal|goals|target|objectif|objectifs|objective|cible|cibles|visee|vise|souhaitee|desired) /;
// A goal word that opens a remark on the reference, a bound following it ("Hemoglobin A1c (goal <
// 7.0%)", Epic's "HEMOGLOBIN A1C (GOALS: <7.0% MOST ADULTS)", "valeur visée chez le diabétique <
// 7 %"): the name is still the test's. Without a bound ("HbA1c cible (objectif individualisé)")
// the observation is the goal itself.
const GOAL_WORD = String.raw`(?<![\p{L}\p{N}])(?:goals?|targets?|objectifs?|objective|cibles?|vis[ée]e?|souhait[ée]e|desired)(?![\p{L}\p{N}])`;
const GOAL_REMARK = new RegExp(String.raw`${GOAL_WORD}[^<>≤≥]{0,40}[<>≤≥]`, 'iu');
// For a coded HbA1c, the estimate words that name a value no laboratory measured. Narrower than
// HBA1C_ESTIMATE: "drawn per patient request" or a "sensor" remark do not make a lab result one.
const CODED_ESTIMATE =
  / (estimated (hb)?a1c|estimated hemoglobin a1c|(hb)?a1c estimee|hemoglobine glyquee estimee|gmi|glucose management indicator|ea1c|patient reported|self reported|reported by patient|reported by the patient|per patient report|outside result per patient|declaree par le patient|declare par le patient) /;

// For results only: HbA1 total (LOINC 4547-6: HbA1a + HbA1b + HbA1c) is not HbA1c, though its
// names hold the HbA1c set's generic ones ("Total glycohemoglobin", "Hémoglobine glyquée totale
// (HbA1)", "Glycated hemoglobin A1 (total)"). "HbA1" or "A1" not followed by "c", or the word
// "total(e)" anywhere but in "hemoglobin total" (the denominator of "HbA1c/Hemoglobin.total"),
// takes the name out of the HbA1c set. Only names of glycated hemoglobin are concerned ("glyc",
// "a1"): "Échographie abdominale totale" stays a liver study. "% of total Hb" is the denominator,
// and "sang total" (whole blood) the specimen.
// French writes "glyquée" as often as "glycquée" or "glycosylée".
const GLYCATED = /glyc|glyq|a1/;
const HBA1_TOTAL = / (hba1|hgba1|a1|total|totale|totales|totaux) /;
const HEMOGLOBIN_TOTAL =
  / ((hemoglobin|haemoglobin|hemoglobine|hb|hgb) (total|totale)|(total|totale) (hemoglobin|haemoglobin|hemoglobine|hb|hgb)) /g;
const A1C = / (?:hb|hgb)?a1c /;
// The specimen, not the analyte: French labs name the HbA1c "HbA1c (sang total)", on whole blood.
const WHOLE_BLOOD = / sang (total|totale) /g;

// For results only: an HbA1c estimated from a glucose sensor (GMI, "eA1c", "HbA1c estimée
// (capteur)") or one the patient reports is not a laboratory HbA1c, though its name holds one.
const HBA1C_ESTIMATE =
  / (estimated (hb)?a1c|estimated hemoglobin a1c|estimated glycated|(hb)?a1c estimee|hemoglobine glyquee estimee|gmi|glucose management indicator|ea1c|cgm|capteur|sensor|freestyle libre|dexcom|patient reported|self reported|reported by patient|per patient|declaree|declare par le patient) /;

/** Whether folded words name HbA1 total (or another glycated hemoglobin than HbA1c). */
function hba1Total(t: string): boolean {
  return (
    GLYCATED.test(t) &&
    // "Hemoglobin total" is a denominator only beside an HbA1c ("HbA1c/Hemoglobin.total"):
    // "Glycated Hb, total" is total glycated hemoglobin.
    HBA1_TOTAL.test((A1C.test(t) ? t.replace(HEMOGLOBIN_TOTAL, ' hemoglobin ') : t).replace(WHOLE_BLOOD, ' blood '))
  );
}

/**
 * Whose and which finding words speak of, for a kind of record: the record's own present one,
 * another context (someone else's, denied, suspected, a goal), or a diagnosis left undecided, past
 * or planned, which still names a set marked `pastOrPlanned` (a bariatric operation).
 */
function contextOf(text: string, kind: ValueSetKind): 'own' | 'other' | 'undecided' {
  const t = normaliseText(text);
  if (OTHER_CONTEXT.test(t)) return 'other';
  if (kind === 'condition') return text.includes('?') || UNDECIDED_DIAGNOSIS.test(t) ? 'undecided' : 'own';
  if (kind === 'observation') return GOAL.test(t) || hba1Total(t) || hba1cEstimate(t) ? 'other' : 'own';
  return 'own';
}

/** Whether words put a name out of the record's own present findings, for a kind of record. */
function outOfContext(text: string, kind: ValueSetKind): boolean {
  return contextOf(text, kind) !== 'own';
}

/**
 * Whether a glycated hemoglobin's own name says it is a goal, an estimate or the patient's report.
 * Only names of glycated hemoglobin are concerned: LOINC names other tests "by probe and target
 * amplification" (HCV RNA 11011-4), which is no goal.
 */
function goalOrEstimate(text: string): boolean {
  const t = normaliseText(text);
  if (!GLYCATED.test(t)) return false;
  return CODED_ESTIMATE.test(t) || (GOAL.test(t) && !GOAL_REMARK.test(text));
}

/** Whether folded words name an HbA1c estimated from glucose readings, or reported by the patient. */
function hba1cEstimate(t: string): boolean {
  return GLYCATED.test(t) && HBA1C_ESTIMATE.test(t);
}

// Words that look like a glycated hemoglobin's name in any spelling: "A1c" as a word or after
// "Hb"/"Hgb", or "glycated"/"glyquée" beside a word for hemoglobin, in either order ("glycémie",
// blood glucose, is not one of them).
const HEMOGLOBIN_WORD = '(?:hb|hgb|hemoglobin|haemoglobin|hemoglobine|hemoglobines)';
const GLYCATED_WORD = '(?:glycated|glycosylated|glycosylees?|glyquees?|glycquees?)';
const LOOKS_GLYCATED_HB = new RegExp(
  ` (?:(?:hb|hgb)?a1c|${GLYCATED_WORD} ${HEMOGLOBIN_WORD}|${HEMOGLOBIN_WORD} ${GLYCATED_WORD}|glyco ?h(?:a)?emoglobin\\w*) `,
);

/**
 * Whether a result's words look like an HbA1c's name, though they are none the value sets list
 * ("Hemoglobin, glycated", "Glyco-hemoglobin"), and say no other glycated hemoglobin (HbA1
 * total, an estimate, a goal) and no other context. Such a result, newer than the HbA1c the
 * service reads, leaves the latest HbA1c unknown rather than let an older one decide.
 */
export function looksLikeUnreadHba1c(texts: readonly (string | undefined)[]): boolean {
  return texts.some((text) => {
    if (!text) return false;
    const t = normaliseText(text);
    return LOOKS_GLYCATED_HB.test(t) && contextOf(text, 'observation') === 'own' && !goalOrEstimate(text);
  });
}

// A diabetes whose words give it a cause ("Diabète insulinorequérant cortico-induit"), read beside
// the set's fixed names (secondary-diabetes-words.ts).
const OTHER_DIABETES_TYPE = 'diabetes-other-type';

/** The sets a condition's clause names: the value sets' names, and a diabetes given a cause. */
function namedSets(valueSets: ValueSetIndex, clause: string, kind: ValueSetKind): readonly string[] {
  const ids = matchNames(valueSets, clause);
  if (kind !== 'condition' || ids.includes(OTHER_DIABETES_TYPE) || !namesSecondaryDiabetes(clause)) return ids;
  return [...ids, OTHER_DIABETES_TYPE];
}

const MYOTONIC_DYSTROPHY = / (?:myotoni\w*|steinert|promm|dystrophia myotonica) /;
const DIABETES_TYPES = new Set(['t1d', 't2d']);

// Names written the way classifications sort them, the type after a comma ("Diabetes mellitus,
// type 2", "DM2 (diabetes mellitus, type 2)", "Diabète sucré, type 1"): one name, not two items.
// Split at the comma, "type 2" named nothing and the rest read as diabetes of no type. Only where
// the diabetes begins the item: in "Steroid-induced diabetes, type 2" the type is another item's.
const TYPE_AFTER_COMMA =
  /((?:^|[(;,])\s*)(diab[eè]t(?:es|e)?(?:\s+mellitus|\s+sucr[ée])?)\s*,\s*(?=type\s*(?:[12]|ii?)(?![\p{L}\p{N}]))/giu;

// The HBe antigen status of a chronic hepatitis B ("Hépatite B chronique AgHBe négative",
// "HBeAg-negative chronic hepatitis B") names its phase, not a denial of the disease: without it,
// "négative" put the whole text out of context and the hepatitis read as absent (a review of
// problem lists, 2026-12-06). Only the HBe antigen and its antibody: a negative HBs antigen does
// say something against a chronic hepatitis B.
const HBE_STATUS =
  /(?<![\p{L}\p{N}])(?:ag\s*hbe|hbe\s*ag|antig[eè]ne\s+hbe|anti[\s-]*hbe)\s*[:-]?\s*(?:n[ée]gati(?:f|ve)s?|positi(?:f|ve)s?|[+-])(?![\p{L}\p{N}])/giu;

// A steatosis code whose words name only abnormal liver tests ("Transaminases élevées", "Elevated
// LFTs" under K76.0): the code stands in for what was asked, not what was found (a review of
// problem lists, 2026-12-06).
// "Hypertransaminasémie chronique", "Transaminitis", "Abnormal liver enzymes" and "ALAT à 2N
// persistantes" were read as a steatosis too (a review, 2026-12-07).
const LIVER_TESTS_ONLY = wordsPattern([
  'transaminases',
  'transaminase',
  'hypertransaminasemie',
  'transaminitis',
  'alat',
  'asat',
  'sgpt',
  'sgot',
  'ggt',
  'gamma gt',
  'liver enzymes',
  'liver enzyme',
  'liver tests',
  'liver function tests',
  'lft',
  'lfts',
  'bilan hepatique',
  'cholestase',
  'cytolyse',
  'cytolyse hepatique',
  'elevated lfts',
  'elevated lft',
  'abnormal lfts',
  'elevated liver enzymes',
  'abnormal liver function',
  'elevated transaminases',
  'elevated alt',
  'alat elevees',
  'bilan hepatique perturbe',
  'perturbation du bilan hepatique',
]);

/**
 * The coded ids of sets marked `wordsDoubtCode` that the concept's own text denies or doubts
 * ("Pas de stéatose", "Suspected fatty liver" under K76.0), read mention by mention as reports are
 * (finding-text.ts). A text that affirms them, or never names them, contradicts nothing.
 */
function contradictedByWords(valueSets: ValueSetIndex, text: string | undefined, byCode: readonly string[]): string[] {
  if (!text || byCode.length === 0) return [];
  return byCode.filter((id) => {
    if (!valueSets.all.get(id)?.wordsDoubtCode) return false;
    const said = findingInText(valueSets, text, new Set([id]));
    if (said === 'absent' || said === 'uncertain') return true;
    // A liver code whose words name another organ's finding (K76.0 "Stéatose pancréatique").
    const folded = normaliseText(text);
    return said === 'silent' && (LIVER_TESTS_ONLY.test(folded) || namesOtherOrganOnly(folded));
  });
}

// A disease that does not go away named in the past ("H/O type 1 diabetes mellitus" under ICD-10-CM
// Z86.39, "Antécédent de diabète de type 1", "History of cirrhosis"): the words put it in the past,
// where it cannot be, so the record neither shows it nor rules it out. A review (2026-12-07) found
// the pump card shown beside a type 2 diagnosis. Only the sets marked `lifelong` or `persistent`,
// and only words of history: "Hépatite B guérie" says the disease ended.
const HISTORY = wordsPattern(HISTORY_WORDS);
// Words that say it ended, beside the history ("Previous insulin pump (Omnipod) stopped 2019",
// "ATCD de pompe à insuline retirée en 2018": a regression review, 2026-12-07, found them left in
// doubt): a persistent finding so named is over, as "guérie" says. A lifelong one is not.
const ENDED_IN_WORDS = wordsPattern([
  'stopped',
  'discontinued',
  'removed',
  'arrete',
  'arretee',
  'retire',
  'retiree',
  'abandonne',
  'abandonnee',
  'gueri',
  'guerie',
  'resolved',
]);
// Unless it began again ("stopped then restarted 2024", "arrêtée puis reprise").
const RESTARTED = wordsPattern(['restarted', 'resumed', 'reprise', 'repris', 'reprendre', 'redemarre', 'redemarree']);

// Words that leave a diagnosis open rather than deny it: a question, an alternative, a suspicion
// or pending work. Someone else's diagnosis is no question about the patient's.
const OPEN_QUESTION = wordsPattern(PENDING_WORDS, SUSPICION_WORDS, WORKUP_WORDS);
const FAMILY = wordsPattern(FAMILY_WORDS);
// Types given as alternatives across the whole text ("type 1 vs type 2").
const ALTERNATIVE_TYPES = / (vs|versus|ou) /;
// A clause that rules a named finding out: it raises no question about it.
const DENIED = wordsPattern(DENIAL_WORDS);

// Predicates a denial word governs when it denies the finding named before it: "not confirmed",
// "no longer", "non retenu", "not a candidate", "pas d'indication".
const DENIED_PREDICATE =
  /^\s*(?:a |an |the |d |de |plus )?(?:confirm|confirmed|confirme|confirmee|longer|retenu|retenue|present|presente|found|supported|established|proven|prouve|met|applicable|active|indicated|indication|indique|indiquee|candidate|candidat|eligible|interested|recommended|recommande|recommandee|planned|prevu|prevue|done|performed|fait|faite|criteria|criterion|critere|criteres)\b/;

/** Whether the words after a denial deny the finding before it rather than what follows. */
function deniesHead(tail: string): boolean {
  const t = normaliseText(tail).trim();
  return t === '' || DENIED_PREDICATE.test(t);
}

// "DID", the old French shorthand of "diabète insulinodépendant" (type 1, as "DNID" is type 2),
// written in capitals: "DID depuis 1998, sous schéma basal-bolus" under E11.9 (two reviews,
// 2026-12-07). Only in capitals, as a word of its own (in lower case it is an English verb), and
// only about a diabetes, coded or named: it also abbreviates dissociative identity disorder.
const DID = /(?<![\p{L}\p{N}])DID(?![\p{L}\p{N}])/gu;
const ABOUT_DIABETES = /diab|insulin/i;

/** A condition's words with the shorthands the value sets' names do not hold spelled out. */
function spelledOut(text: string, diabetesCoded: boolean): string {
  if (!text.includes('DID') || !(diabetesCoded || ABOUT_DIABETES.test(text))) return text;
  return text.replace(DID, 'diabète insulinodépendant');
}

/**
 * The record's sets that a set left open in its words excludes, with that set: an E11.9 reading
 * "Type 2 DM, ? LADA" or "type 1 vs type 2 - GAD pending" is certain of neither type.
 */
export function questioned(valueSets: ValueSetIndex, ids: readonly string[], hedged: readonly string[]): string[] {
  const out = new Set<string>();
  for (const open of hedged) {
    for (const id of ids) {
      const clash =
        valueSets.all.get(open)?.excludes?.includes(id) === true ||
        valueSets.all.get(id)?.excludes?.includes(open) === true;
      if (clash) {
        out.add(id);
        out.add(open);
      }
    }
  }
  return [...out];
}

/** The ids among `ids` that exclude one another (a type 1 and a type 2 diabetes named together). */
// ICD-10-CM has no code for LADA ("type 1.5"): US coders put it under E13 ("other specified
// diabetes", AHA Coding Clinic, third quarter 2018), beside the SNOMED concept of LADA or of type 1.
// The two codes of such a record agree, and it is a type 1 diabetes as much as another type: both
// stand (a review of US records, 2026-12-07, found them doubting each other and the trial card shown).
const E13 = /^E13(?:\.|$)/;

/** Whether a concept names a type 1 diabetes (LADA), by code or words, under ICD-10-CM E13. */
function ladaUnderE13(concept: ReadConcept, ids: readonly string[]): boolean {
  return (
    ids.includes('t1d') &&
    ids.includes(OTHER_DIABETES_TYPE) &&
    !ids.includes('t2d') &&
    concept.codings.some((c) => c.code !== undefined && E13.test(c.code.trim().toUpperCase()))
  );
}

/** The coded sets of a record that codes of another set leave unsaid (`codesExclude`), with that set. */
function conflictingCodes(valueSets: ValueSetIndex, byCode: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of byCode)
    for (const other of valueSets.all.get(id)?.codesExclude ?? []) if (byCode.includes(other)) out.push(id, other);
  return out;
}

function conflicting(valueSets: ValueSetIndex, ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    for (const other of valueSets.all.get(id)?.excludes ?? []) {
      if (ids.includes(other)) {
        out.add(id);
        out.add(other);
      }
    }
  }
  return [...out];
}
const SYSTEM_RE = /^[\x21-\x7e]{1,200}$/;

/** `system|code` as a reason may quote it: codes are not patient data, but only plain ones are echoed. */
export function codingLabel(system: string | undefined, code: string | undefined): string {
  const s = system && SYSTEM_RE.test(system) ? system : '(no system)';
  const c = code && CODE_RE.test(code) ? code : '(unreadable code)';
  return `${s}|${c}`;
}

// Concepts repeat across requests (the same formulary codes, the same problem-list wording), and
// classifying one reads every coding and scans every value-set name in its words: tens of
// microseconds, against a lookup. Results are kept per value-set index, for concepts whose fields
// are short (long free text is too varied to be worth keeping), in a trie bounded in size so that
// an EHR sending endless distinct concepts cannot grow it without limit.
const MAX_CACHED_LENGTH = 2_000;
const MAX_TRIE_NODES = 50_000;
const tries = new WeakMap<ValueSetIndex, FieldTrie<ConceptClass>>();

/** The length of everything classifyConcept reads, to leave long free text out of the memo. */
function fieldsLength(concept: ReadConcept, words: readonly (string | undefined)[]): number {
  let n = concept.text?.length ?? 0;
  for (const c of concept.codings) n += (c.system?.length ?? 0) + (c.code?.length ?? 0) + (c.display?.length ?? 0);
  for (const w of words) n += w?.length ?? 0;
  return n;
}

/**
 * Classifies a concept (see classifyUncached), memoised: the result depends only on the value sets
 * and on the concept's codes and words, and is never changed by a caller. An absent and an empty
 * field read the same.
 */
export function classifyConcept(
  valueSets: ValueSetIndex,
  concept: ReadConcept,
  kind: ValueSetKind,
  names: NameUse,
  words: readonly (string | undefined)[] = [],
): ConceptClass {
  if (fieldsLength(concept, words) > MAX_CACHED_LENGTH) return classifyUncached(valueSets, concept, kind, names, words);
  let trie = tries.get(valueSets);
  if (!trie) {
    trie = new FieldTrie(MAX_TRIE_NODES);
    tries.set(valueSets, trie);
  }
  let node = trie.step(trie.step(trie.step(trie.start(), kind), names), concept.codings.length);
  node = trie.step(node, concept.text ?? '');
  for (const c of concept.codings) {
    node = trie.step(trie.step(trie.step(node, c.system ?? ''), c.code ?? ''), c.display ?? '');
  }
  for (const w of words) node = trie.step(node, w ?? '');
  if (node.has) return node.value as ConceptClass;
  const value = classifyUncached(valueSets, concept, kind, names, words);
  node.has = true;
  node.value = value;
  return value;
}

/**
 * Classifies a concept. Codes are matched against every value set (a product code may sit in
 * several: Xultophy is a basal insulin and a GLP-1 agonist). A coding in a system that is
 * readable for the kind, but in no value set of it, means "something else". Words (text and
 * displays) are matched against value set names as lower-confidence evidence. What is left,
 * codings only in systems the service cannot read with no words at all, is unclassified.
 */
function classifyUncached(
  valueSets: ValueSetIndex,
  concept: ReadConcept,
  kind: ValueSetKind,
  names: NameUse,
  words: readonly (string | undefined)[],
): ConceptClass {
  const ofKind = catalogOf(valueSets).idsOfKind[kind];
  const byCode: string[] = [];
  let readable = false;
  let readableWithWords = false;
  let firstUnread: string | undefined;
  let otherCode: string | undefined;
  for (const c of concept.codings) {
    if (!c.code) continue;
    const cls = valueSets.classify(c.system, c.code);
    let inKind = false;
    for (const id of cls.ids) {
      if (!ofKind.has(id)) continue;
      inKind = true;
      if (!byCode.includes(id)) byCode.push(id);
    }
    if (!inKind && cls.readableFor.has(kind)) otherCode ??= codingLabel(c.system, c.code);
    if (inKind || (cls.readableFor.has(kind) && !cls.readableWithWordsFor.has(kind))) readable = true;
    else if (cls.readableFor.has(kind)) readableWithWords = true;
    else firstUnread ??= codingLabel(c.system, c.code);
    if (readableWithWords && !readable) firstUnread ??= `${codingLabel(c.system, c.code)} with no name beside it`;
  }
  const diabetesCoded = byCode.some((id) => DIABETES_TYPES.has(id) || id === 'diabetes-unspecified');
  const texts = [...conceptWords(concept), ...words.filter((t): t is string => t !== undefined && t.trim() !== '')].map(
    (t) => (kind === 'condition' ? spelledOut(t, diabetesCoded) : t),
  );
  // An RxNorm product code in no value set says "another drug" only with a name that says which.
  if (readableWithWords && texts.some((t) => !outOfContext(t, kind))) readable = true;
  const ids = [...byCode];
  // Sets named in words that leave them open ("? LADA", "type 1 vs type 2", "r/o LADA"): they do
  // not count, but one that excludes a set the record names casts doubt on it (below).
  const hedged: string[] = [];
  if (kind === 'condition') {
    // Read whole as well: "Diabetes mellitus, type 1 vs type 2" names its types across a comma.
    for (const text of texts) {
      const folded = normaliseText(text);
      if (ALTERNATIVE_TYPES.test(folded) && !FAMILY.test(folded) && !DENIED.test(folded)) {
        for (const id of matchNames(valueSets, text.replace(/[;,]/g, ' '))) if (ofKind.has(id)) hedged.push(id);
      }
      // A bare type left open beside the diabetes ("DT2, à reclasser en type 1 ?"), read clause by
      // clause so that a relative named in another clause ("…, wife reports weight loss") hides nothing.
      for (const clause of text.split(CLAUSE_BREAK)) {
        if (FAMILY.test(normaliseText(clause))) continue;
        for (const id of typesLeftOpen(clause)) if (ofKind.has(id)) hedged.push(id);
        if (treatedAsType1(clause) && ofKind.has('t1d') && !ids.includes('t1d')) hedged.push('t1d');
      }
    }
  }
  // "DM1" and "DM type 1" also name myotonic dystrophy ("Dystrophie myotonique de Steinert (DM type
  // 1)"): where the words name it, no diabetes type is read from them (a review, 2026-12-06).
  const myotonic = kind === 'condition' && texts.some((t) => MYOTONIC_DYSTROPHY.test(normaliseText(t)));
  // Words that name another organ's finding ("stéatose pancréatique") say what the record is: no
  // finding the service reads, as a code in a readable system would.
  let otherOrgan = false;
  const pastOfLasting: string[] = [];
  if (names === 'always' || (names === 'fallback' && byCode.length === 0)) {
    let refused: boolean | undefined;
    const clauses =
      kind === 'condition'
        ? texts.flatMap((text) => text.replace(HBE_STATUS, ' ').replace(TYPE_AFTER_COMMA, '$1$2 ').split(CLAUSE_BREAK))
        : texts;
    for (const clause of clauses) {
      const denial = kind === 'condition' ? DENIAL_BEFORE_NAME.exec(clause) : null;
      // A denial that ends the clause or governs a predicate ("insulin pump user: no", "Type 2
      // diabetes not confirmed", "Bariatric surgery: not a candidate") denies what came before it:
      // the clause names nothing.
      if (denial && deniesHead(clause.slice(denial.index + denial[0].length))) continue;
      const t = denial ? clause.slice(0, denial.index) : clause;
      if (t.trim() === '') continue;
      const folded = normaliseText(t);
      const context = contextOf(t, kind);
      if (kind === 'condition' && context !== 'own' && (t.includes('?') || OPEN_QUESTION.test(folded))) {
        if (!FAMILY.test(folded) && !DENIED.test(folded))
          for (const id of namedSets(valueSets, t, kind)) if (ofKind.has(id)) hedged.push(id);
      }
      if (context === 'other') continue;
      if (kind === 'condition' && context === 'undecided' && HISTORY.test(folded)) {
        // A lifelong disease cannot have ended, whatever the words; a persistent one said to be over may.
        const ended = ENDED_IN_WORDS.test(folded) && !RESTARTED.test(folded);
        for (const id of namedSets(valueSets, t, kind)) {
          const set = valueSets.all.get(id);
          // A disease any report may state (cirrhosis, hemochromatosis…) is not ended by "stopped".
          const canEnd = set?.persistent === true && set.statedInReports !== true;
          if (ofKind.has(id) && (set?.lifelong || (set?.persistent && !(ended && canEnd)))) pastOfLasting.push(id);
        }
      }
      for (const id of namedSets(valueSets, t, kind)) {
        if (!ofKind.has(id) || ids.includes(id)) continue;
        if (myotonic && DIABETES_TYPES.has(id)) continue;
        // A liver finding named of another organ in the same item ("Stéatose du parenchyme
        // pancréatique", "Pancreatic fatty infiltration/steatosis", "Stéatose médullaire
        // vertébrale"): not the liver's (a review of liver evidence, 2026-12-07, found each one
        // meeting NCT04270656's key steatosis criterion).
        if (valueSets.all.get(id)?.diffuseOnly && namesOtherOrganOnly(folded)) {
          otherOrgan = true;
          continue;
        }
        const event = valueSets.all.get(id)?.pastOrPlanned === true;
        // An operation refused, contraindicated or put off is neither done nor planned. Read
        // once per concept, and only when an operation is named.
        if (event && (refused ??= texts.some((x) => REFUSED.test(normaliseText(x))))) continue;
        if (context === 'own' || event) ids.push(id);
      }
    }
  }
  // A result coded as a test whose own name makes it a goal or an estimate ("HbA1c cible" or
  // "A1c goal" under LOINC 4548-4, "HbA1c, outside result per patient"): no result of the test.
  if (kind === 'observation' && byCode.length > 0 && conceptWords(concept).some(goalOrEstimate)) {
    return { ids: [], confidence: 'high', byCode: [] };
  }
  // A finding coded while its own words deny or doubt it ("Pas de stéatose", "R/O fatty liver",
  // "Suspected NAFLD" under K76.0): the record contradicts itself, so the code is in doubt too.
  // Only for sets marked so: elsewhere words beside a code may be about something else ("Type 2
  // diabetes (MODY excluded)").
  // Named by words alone, too ("Stéatose hépatique : non" under a local code): in doubt, not present.
  const contradicted = kind === 'condition' ? contradictedByWords(valueSets, concept.text, ids) : [];
  // A diabetes type left open with nothing else on the record ("Hyperglycémie - suspicion de MODY",
  // "r/o MODY, genetic testing sent" under R73.9): the type is undecided, not ruled out. Only the
  // diabetes types: "Insulin pump candidate" is no pump.
  const namedInPast = [...new Set(pastOfLasting)].filter((id) => !ids.includes(id));
  const openTypes = hedged.filter((id) => !ids.includes(id) && (DIABETES_TYPES.has(id) || id === OTHER_DIABETES_TYPE));
  const doubtful = [
    ...(ladaUnderE13(concept, ids) ? [] : conflicting(valueSets, ids)),
    ...conflictingCodes(valueSets, byCode),
    ...contradicted,
    ...questioned(valueSets, ids, hedged),
    ...openTypes,
    ...namedInPast,
  ];
  if (doubtful.length > 0) {
    const certain = ids.filter((id) => !doubtful.includes(id));
    return {
      ids: certain,
      confidence: certain.some((id) => !byCode.includes(id)) ? 'low' : 'high',
      byCode: byCode.filter((id) => !doubtful.includes(id)),
      doubtful: [...new Set(doubtful)],
      ...(contradicted.length > 0 ? { contradicted } : {}),
      ...(namedInPast.length > 0 ? { namedInPast } : {}),
    };
  }
  const confidence: Evidence['confidence'] = ids.length > byCode.length ? 'low' : 'high';
  // Words that name nothing known do not show the record is something else: "Cirrhose hépatique"
  // under a local code is a cirrhosis the value sets' names happen to miss. Only a code in a
  // readable system, or a name that matches, classifies a record.
  const other = byCode.length === 0 && otherCode ? { otherCode } : {};
  if (readable || ids.length > 0 || otherOrgan) return { ids, confidence, byCode, ...other };
  // Words that name only common problems no rule reads ("Hypertension artérielle", "HTA,
  // dyslipidémie") show the record is something else, as a readable code would.
  if (kind === 'condition' && texts.length > 0 && texts.every(namesOnlyUnrelated)) return { ids, confidence, byCode };
  const why = firstUnread
    ? `code ${firstUnread} is not classified`
    : texts.length > 0
      ? 'words name nothing the service knows, and there is no readable code'
      : 'no code or text';
  return { ids, confidence, byCode, unclassified: why, ...other };
}
