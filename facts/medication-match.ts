import { foldAccents, normaliseText, type ValueSetIndex } from '../rules/value-sets.js';
import { conceptLabel, conceptWords, readConcept, type ReadConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';
import type { Evidence } from './fact.js';
import { BASAL_SETS, INSULIN_SETS, PRANDIAL_SETS, PREMIX_SET, REPLACED_BY_PREMIX } from './insulin-roles.js';
import { asList, asObject } from './json-value.js';
import { matchNames } from './name-match.js';
import { memoiseText } from './text-memo.js';
import { milligramsPer } from './units.js';
import type { DrugSource } from './medication-source.js';

/** The medication value sets a drug falls in, and how it was found. */
export interface DrugMatch {
  readonly ids: readonly string[];
  /** Ids found only in words (text, displays, names), not in a code: lower-confidence evidence. */
  readonly byNameOnly: ReadonlySet<string>;
  readonly confidence: Evidence['confidence'];
  readonly label: string;
  /** Every readable word about the drug (its names and displays), for route and dose-form cues. */
  readonly words: readonly string[];
  /** The drug's codings (product, Medication.code, ingredients), for codes that imply a route. */
  readonly codings: ReadConcept['codings'];
  /**
   * The strengths written in the drug's name or displays ("850 mg", "1,000 mg", "1 g"), in mg,
   * sorted: an ATC or ingredient code names the substance, not the tablet, so a switch from the
   * 850 mg to the 1000 mg tablet under one such code shows only in the words.
   */
  readonly strengths: readonly string[];
  /** Why the drug cannot be classified at all (only codes the service cannot read, no words). */
  readonly unclassified?: string;
}

const NONE: ReadonlySet<string> = new Set();

const VITAMIN_E_SET = 'vitamin-e';
const MULTIVITAMIN_RE =
  /\b(multi-?vitamins?|multivitamines?|multi-?vit|polyvitamin(e|es|s)?|multiple vitamins?|prenatal vitamins?)\b/;

/** Whether a drug's words call it a multivitamin ("Centrum multivitamin", "polyvitamines"). */
function isMultivitamin(word: string): boolean {
  return MULTIVITAMIN_RE.test(foldAccents(word));
}

const SUPPLY_RE =
  /\b(?:pen needles?|needles?|aiguilles?|aig|lancets?|lancettes?|test strips?|strips?|bandelettes?|syringes?|syr|seringues?|pen tips?|pentips|alcohol swabs?|tampons?|cotons?|sharps container|collecteur|novopen|humapen|autopen|junior ?pen|stylo reutilisable|stylos reutilisables|reusable pen)\b/;

// "Humulin R U-100 vial (use with insulin syringes)": a supply named as what the drug is used
// with says nothing of what the drug is.
const USED_WITH = /\b(?:to use with|use with|used with|for use with|with|avec|a utiliser avec)\b[^,;()]*/g;

// "HUMALOG 100 U/ml sol inj en cartouche (HumaPen Savvio)": a pen named in brackets is what the
// drug goes into, not the thing ordered (a review of records, 2026-12-07, found the Humalog read
// as no drug at all).
const BRACKETED = /\([^()]*\)/g;

/** Whether a drug's words name injection or testing supplies rather than a drug. */
function isSupplyName(word: string): boolean {
  return SUPPLY_RE.test(foldAccents(word).replace(BRACKETED, ' ').replace(USED_WITH, ' '));
}

// A strength as drug names write it: "850 mg", "1,000 MG", "0,5 mg", "1 g", "250 microgrammes",
// "100 UI/ml", "1 %". Units after the slash (per mL, per dose) are kept as written.
const STRENGTH_RE =
  /(\d+(?:[.,]\d+)*)\s*(mg|g|mcg|µg|ug|microgrammes?|micrograms?|milligrammes?|milligrams?|grammes?|grams?|ui|iu|u|unt|units?|unites?|%)(?![a-z])(\s*\/\s*(?:\d+(?:[.,]\d+)?\s*)?(?:ml|dose|g|l)(?![a-z]))?/g;

/** A number as written: "1,000" (thousands) and "0,5" (French decimal comma) both read. */
function readNumber(text: string): number | undefined {
  const t = /^\d{1,3}(,\d{3})+$/.test(text) ? text.replace(/,/g, '') : text.replace(',', '.');
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The strengths written in the words, normalised (mass in mg), distinct and sorted. */
export function strengthsIn(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) for (const s of strengthsInWord(w)) out.add(s);
  return [...out].sort();
}

const MASS_STRENGTH_RE = /^(\d+(?:\.\d+)?) mg$/;

/** The milligrams of a strength as strengthsIn writes it ("200 mg"); undefined for "100 u/ml" or "5 mg/ml". */
export function strengthMilligrams(strength: string): number | undefined {
  const m = MASS_STRENGTH_RE.exec(strength);
  return m ? Number(m[1]) : undefined;
}

// Drug names repeat from patient to patient, and folding and scanning one costs more than a lookup.
const strengthsInWord = memoiseText((w: string): readonly string[] => {
  const out: string[] = [];
  // "1 000 mg" (a French thousands space) is one number, not "000 mg".
  const text = foldAccents(w).replace(/(\d)[\s\u00a0\u202f](\d{3})(?!\d)/g, '$1$2');
  for (const m of text.matchAll(STRENGTH_RE)) {
    const value = readNumber(m[1]!);
    if (value === undefined) continue;
    const unit = m[2]!;
    const per = (m[3] ?? '').replace(/\s+/g, '');
    const mg = milligramsPer(unit);
    const units = /^(ui|iu|u|unt|units?|unites?)$/.test(unit) ? 'u' : unit;
    out.push(mg !== undefined ? `${Math.round(value * mg * 1000) / 1000} mg${per}` : `${value} ${units}${per}`);
  }
  return out;
});

/** Whether a word of a drug holds one of a set's notWithNames, as a whole word (accents and case folded). */
function namesOtherTreatment(valueSets: ValueSetIndex, id: string, word: string): boolean {
  const text = normaliseText(word);
  return (valueSets.all.get(id)?.notWithNames ?? []).some((n) => text.includes(` ${normaliseText(n).trim()} `));
}

/** The titles of value sets, for evidence and reasons ("Insulin glargine (basal), Metformin"). */
export function setTitles(valueSets: ValueSetIndex, ids: readonly string[]): string {
  return ids.map((id) => valueSets.all.get(id)?.title ?? id).join(', ');
}

/**
 * Why a drug whose codes name an insulin cannot be read as that insulin: one of its names (its
 * text, the reference's display, a coding's display) names insulins, but never one its codes name
 * ("Insulatard" or "insulin isophane" under a glargine code, "Humalog" alone under a Lantus code).
 * That is a formulary entry mapped to the wrong code, and which insulin is given cannot be told:
 * the regimen and the trial's basal insulin stay unknown rather than follow the code. A name that
 * also names the coded insulin ("Tresiba, relais de Lantus"), or no insulin ("basal insulin"),
 * agrees with it. Premixes are left to the premix rule below (a premix name beside an ingredient's
 * code is a premix), and ingredient names to the codes beside them.
 */
function insulinDisagreement(
  valueSets: ValueSetIndex,
  byCode: readonly string[],
  names: readonly (string | undefined)[],
): string | undefined {
  const coded = byCode.filter((id) => INSULIN_SETS.has(id));
  if (coded.includes(PREMIX_SET)) return undefined;
  for (const name of names) {
    const named = matchNames(valueSets, name).filter((id) => INSULIN_SETS.has(id));
    if (named.length === 0 || named.includes(PREMIX_SET) || coded.some((id) => named.includes(id))) continue;
    return `codes and names disagree: the code says ${setTitles(valueSets, coded)}, "${name ?? ''}" says ${setTitles(valueSets, named)}`;
  }
  return undefined;
}

/**
 * Matches a drug to medication value sets. Every code is matched against every value set
 * (product codes, ATC, Medication.ingredient), so a fixed-ratio product such as Xultophy or
 * Soliqua lands in both its insulin and its GLP-1 set; ingredient and brand names in every
 * word (French and English, accents folded) add lower-confidence matches. A premixed insulin
 * (NovoMix, Humalog Mix, Humulin 70/30, Ryzodeg) names a basal or rapid ingredient but is
 * neither: the premix match replaces them. A drug known only by a code the service cannot
 * read (a French CIP13 or UCD product code alone, a local code) is unclassified.
 */
export function matchDrug(valueSets: ValueSetIndex, source: DrugSource & { kind: 'drug' }): DrugMatch {
  const ingredients = (asList(source.medication?.ingredient) ?? []).map((i) =>
    readConcept(asObject(i)?.itemCodeableConcept),
  );
  const codings = [...source.concept.codings, ...ingredients.flatMap((c) => c.codings)];
  // Medication.form ("Inhalation powder", "Solution for injection") tells the route, not the drug.
  const form = readConcept(source.medication?.form);
  const words = [
    source.concept.text,
    source.referenceDisplay,
    ...source.concept.codings.map((c) => c.display),
    ...ingredients.flatMap((c) => [c.text, ...c.codings.map((x) => x.display)]),
  ].filter((w): w is string => w !== undefined && w.trim() !== '');
  const formWords = conceptWords(form);
  const label = conceptLabel(source.concept) ?? source.referenceDisplay ?? 'medication';
  const cls = classifyConcept(valueSets, { codings, malformed: false }, 'medication', 'always', words);
  // Words add classes beside codes (a GLP-1 brand on a product code the sets do not list), but
  // never an insulin to a drug whose codes already say which insulin it is: a Lantus order whose
  // text mentions Humalog is one basal insulin, not a basal-bolus regimen in one record. Except
  // a premix: "Humalog Mix 75/25" coded with the ingredient insulin lispro, or Ryzodeg coded as
  // degludec, is a premix whatever its code names, so the premix the words find stands (and
  // replaces the ingredient below). Counting it as a basal or a rapid would invent basal-bolus.
  const codedInsulin = cls.byCode.some((id) => INSULIN_SETS.has(id));
  const disagreement = codedInsulin
    ? insulinDisagreement(valueSets, cls.byCode, [
        source.concept.text,
        source.referenceDisplay,
        ...source.concept.codings.map((c) => c.display),
      ])
    : undefined;
  if (disagreement) {
    return {
      ids: [],
      byNameOnly: NONE,
      confidence: 'low',
      label,
      words,
      codings,
      strengths: [],
      unclassified: disagreement,
    };
  }
  let ids = codedInsulin
    ? cls.ids.filter((id) => cls.byCode.includes(id) || !INSULIN_SETS.has(id) || id === PREMIX_SET)
    : cls.ids;
  // One product holding a basal and a prandial insulin (isophane with regular, aspart protamine
  // with aspart, degludec with aspart), by its codes or, when no code names an insulin, by the
  // words of its name or ingredients, is a co-formulation, a premix: one drug is never basal-bolus.
  if (ids.some((id) => BASAL_SETS.has(id)) && ids.some((id) => PRANDIAL_SETS.has(id))) {
    if (!ids.includes(PREMIX_SET)) ids = [...ids, PREMIX_SET];
  }
  if (ids.includes(PREMIX_SET)) ids = ids.filter((id) => !REPLACED_BY_PREMIX.has(id));
  // Pen needles, syringes, lancets, strips and sharps containers are named after the pen they fit
  // ("Aiguilles NovoFine pour stylo NovoRapid", "BD pen needle (for Novorapid)", "BD pen needles
  // 32G for Ozempic pen"): a drug named in a supply's words is no drug, insulin or any other (a
  // review of order hooks, 2026-12-07, found needles for an Ozempic pen read as a GLP-1 agonist and
  // a trial card shown). One found by code stays.
  if (ids.some((id) => !cls.byCode.includes(id)) && words.some(isSupplyName))
    ids = ids.filter((id) => cls.byCode.includes(id));
  // A multivitamin lists vitamin E among a dozen vitamins at a nutritional dose: it is not vitamin
  // E treatment. Only a name match is dropped; a vitamin E code keeps it.
  if (ids.includes(VITAMIN_E_SET) && !cls.byCode.includes(VITAMIN_E_SET) && words.some(isMultivitamin))
    ids = ids.filter((id) => id !== VITAMIN_E_SET);
  // A drug whose words name what makes it another treatment leaves the set (Paxlovid's ritonavir).
  if (ids.some((id) => valueSets.all.get(id)?.notWithNames))
    ids = ids.filter((id) => !words.some((w) => namesOtherTreatment(valueSets, id, w)));
  const byCode = new Set(cls.byCode);
  const byNameOnly = ids.some((id) => !byCode.has(id)) ? new Set(ids.filter((id) => !byCode.has(id))) : NONE;
  return {
    ids,
    byNameOnly,
    confidence: byNameOnly.size > 0 ? 'low' : 'high',
    label,
    words: formWords.length > 0 ? [...words, ...formWords] : words,
    codings,
    strengths: strengthsIn(words),
    ...(cls.unclassified ? { unclassified: cls.unclassified } : {}),
  };
}
