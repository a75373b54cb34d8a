import { normaliseText } from '../rules/value-sets.js';
import { conceptWords, readConcept, type ReadConcept } from './coding.js';
import { asList } from './json-value.js';
import type { Reading } from './latest.js';
import { readQuantity } from './quantity.js';

/** What a qualitative test (a serology, a viral RNA) found. */
export type Presence = 'positive' | 'negative';

/**
 * How a number under a qualitative code reads. `load`: a viral load, detected when it is a plain
 * number above 0, as a Quantity or as text ("5,8 log UI/mL"); a bound ("< 15 IU/mL") may be detected below the limit of quantification or
 * not detected at all, so it decides nothing. `index`: an assay's signal-to-cutoff index, whose
 * cut-off depends on the assay, so only words or an interpretation decide.
 */
export type QuantityMeaning = 'load' | 'index';

const SNOMED = 'http://snomed.info/sct';
// SNOMED CT qualifier values: 10828004 Positive, 260373001 Detected, 52101004 Present,
// 11214006 Reactive; 260385009 Negative, 260415000 Not detected, 2667000 Absent,
// 131194007 Non-Reactive.
const POSITIVE_CODES: ReadonlySet<string> = new Set(['10828004', '260373001', '52101004', '11214006']);
const NEGATIVE_CODES: ReadonlySet<string> = new Set(['260385009', '260415000', '2667000', '131194007']);

// LOINC answer codes (LA), which US feeds send without a display (a review of lab answers,
// 2026-12-07: "LA11882-0" alone under an HCV RNA read as nothing). Checked in public FHIR sources
// (find_string): answer list LL1055-4 "Detected | Not detected | Equivocal | Inconclusive"
// (LA11882-0, LA11883-8, LA11885-3, LA9663-1), Positive LA6576-8 / Negative LA6577-6 /
// Indeterminate LA11884-6 (the ER/PR answer list LL2160-7 and a TB test-result value set), Present
// LA9633-4 / Absent LA9634-2 (the genomics answer list LL1971-2). A hedge decides nothing.
const LOINC = 'http://loinc.org';
const POSITIVE_ANSWERS: ReadonlySet<string> = new Set(['LA6576-8', 'LA11882-0', 'LA9633-4']);
const NEGATIVE_ANSWERS: ReadonlySet<string> = new Set(['LA6577-6', 'LA11883-8', 'LA9634-2']);
const DOUBTFUL_ANSWERS: ReadonlySet<string> = new Set(['LA11885-3', 'LA9663-1', 'LA11884-6']);

// HL7 ObservationInterpretation (v3, with the v2 table 0078 it grew from): POS, DET; NEG, ND;
// IND (indeterminate) and E (equivocal).
// https://terminology.hl7.org/CodeSystem-v3-ObservationInterpretation.html
const INTERPRETATION_SYSTEMS: ReadonlySet<string> = new Set([
  'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  'http://hl7.org/fhir/v3/ObservationInterpretation',
  'http://terminology.hl7.org/CodeSystem/v2-0078',
  'http://hl7.org/fhir/v2/0078',
]);
const POSITIVE_INTERPRETATION: ReadonlySet<string> = new Set(['POS', 'DET']);
const NEGATIVE_INTERPRETATION: ReadonlySet<string> = new Set(['NEG', 'ND']);
const DOUBTFUL_INTERPRETATION: ReadonlySet<string> = new Set(['IND', 'E']);
// Flags that do not name the result but lean one way: abnormal or high goes with a positive
// result, normal with a negative one. Against the value they leave it unreadable (a US laboratory
// flags a positive serology A; "Negative" flagged A is a contradiction).
const ABNORMAL_INTERPRETATION: ReadonlySet<string> = new Set(['A', 'AA', 'H', 'HH', 'HU']);
const NORMAL_INTERPRETATION: ReadonlySet<string> = new Set(['N']);

// Words, folded as normaliseText folds them (accents off, punctuation to spaces). Negative
// phrases are looked for first and taken out, so "non détecté" and "not detected" do not also
// read as "détecté". A result that says both, or hedges, decides nothing. "TND" is "target not
// detected", as US viral load reports write it (a review of lab answers, 2026-12-07).
const NEGATIVE_WORDS =
  /\b(?:(?:pas d|pas de|aucun|aucune|no)(?: [a-z]+){0,2} (?:detecte(?:e|s|es)?|detected|retrouve(?:e|s|es)?|found)|not reacti(?:ve|f)|not present|not detectable|non detectable|negati(?:f|ve|ves)|neg|non detecte(?:e|s|es)?|not detected|none detected|undetected|undetectable|indetectable|non reacti(?:f|ve)|nonreactive|absence|absent|non retrouve(?:e)?|not found|tnd)\b/g;
const POSITIVE_WORDS =
  /\b(?:positi(?:f|ve|ves)|pos|detecte(?:e|s|es)?|detected|detectable|reacti(?:f|ve)|present|presence|retrouve(?:e)?)\b/;
const DOUBT_WORDS =
  /\b(?:douteu(?:x|se)|equivoque|equivocal|indetermine(?:e)?|indeterminate|borderline|limite|zone grise|gr[ae]y zone|faiblement|weak(?:ly)?|low positive|a (?:re)?controler|a confirmer|to (?:be )?confirm(?:ed)?|refaire|voir (?:le )?commentaire|see (?:the )?comment|faux positif|false positive|inconclusive|non interpretable|ininterpretable|invalid|non fait|non realise|not performed|annule|cancelled|hemolyse|pending|en cours|faible|controle a|controler a|recontrole|recheck|repeat in|repeat testing|to repeat|a repeter|consider|window|fenetre)\b/;

/** What some words say: positive, negative, or nothing certain. */
export function presenceInWords(text: string): Presence | 'doubtful' | undefined {
  const folded = normaliseText(text);
  if (DOUBT_WORDS.test(folded)) return 'doubtful';
  const withoutNegatives = folded.replace(NEGATIVE_WORDS, ' ');
  const negative = withoutNegatives !== folded;
  const positive = POSITIVE_WORDS.test(withoutNegatives);
  if (negative && positive) return 'doubtful';
  if (negative) return 'negative';
  if (positive) return 'positive';
  return undefined;
}

// A viral load written as text, a plain number with a load's unit and nothing else: "5,8 log
// UI/mL", "1 250 000 UI/mL", "1,250,000 IU/mL", "6.1 log10 IU/mL". Any comparator ("< 1,08 log",
// "<15 UI/mL", "inf. à 15"), any word, or a zero leaves it to the words, as a bound decides
// nothing. A review (2026-12-07) found "5,8 log UI/mL" read as nothing, so an older "not detected"
// decided.
const LOAD_TEXT = /^(\d+(?:[\s.,\u00a0\u202f]\d+)*)\s*(?:log(?:10)?\s*)?(?:(?:ui|iu|copies|cp)\s*\/\s*ml)?$/i;

/** Whether text is a viral load above 0 (see LOAD_TEXT). */
function loadInText(text: string): boolean {
  const m = text.length <= 40 ? LOAD_TEXT.exec(text.trim()) : null;
  return m !== null && /[1-9]/.test(m[1] ?? '');
}

/** What a coded concept says: by its SNOMED, LOINC answer or interpretation code, else by its words. */
function presenceInConcept(concept: ReadConcept, interpretation: boolean): Presence | 'doubtful' | undefined {
  const said = new Set<Presence | 'doubtful'>();
  let coded = false;
  for (const c of concept.codings) {
    const code = c.code?.trim();
    if (!code) continue;
    if (c.system === SNOMED || (!interpretation && c.system === undefined)) {
      if (POSITIVE_CODES.has(code)) said.add('positive');
      else if (NEGATIVE_CODES.has(code)) said.add('negative');
      else continue;
      coded = true;
    } else if (!interpretation && c.system === LOINC) {
      if (POSITIVE_ANSWERS.has(code)) said.add('positive');
      else if (NEGATIVE_ANSWERS.has(code)) said.add('negative');
      else if (DOUBTFUL_ANSWERS.has(code)) said.add('doubtful');
      else continue;
      coded = true;
    } else if (interpretation && c.system !== undefined && INTERPRETATION_SYSTEMS.has(c.system)) {
      if (POSITIVE_INTERPRETATION.has(code)) said.add('positive');
      else if (NEGATIVE_INTERPRETATION.has(code)) said.add('negative');
      else if (DOUBTFUL_INTERPRETATION.has(code)) said.add('doubtful');
      else continue;
      coded = true;
    }
  }
  if (!coded) {
    for (const words of conceptWords(concept)) {
      const w = presenceInWords(words);
      if (w) said.add(w);
    }
  }
  if (said.size === 0) return undefined;
  if (said.size > 1 || said.has('doubtful')) return 'doubtful';
  return [...said][0];
}

/** The normal / abnormal flags of an interpretation, which lean without naming the result. */
export function flagsOf(concept: ReadConcept): ('normal' | 'abnormal')[] {
  return concept.codings.flatMap((c) => {
    const code = c.code?.trim();
    if (!code || c.system === undefined || !INTERPRETATION_SYSTEMS.has(c.system)) return [];
    if (ABNORMAL_INTERPRETATION.has(code)) return ['abnormal' as const];
    return NORMAL_INTERPRETATION.has(code) ? ['normal' as const] : [];
  });
}

/** What the value[x] of a result says, or undefined when it says nothing either way. */
function presenceInValue(
  r: Record<string, unknown>,
  meaning: QuantityMeaning,
): Presence | 'doubtful' | 'no value' | undefined {
  if (typeof r.valueBoolean === 'boolean') return r.valueBoolean ? 'positive' : 'negative';
  if (typeof r.valueString === 'string') {
    const said = presenceInWords(r.valueString);
    return said ?? (meaning === 'load' && loadInText(r.valueString) ? 'positive' : undefined);
  }
  if (r.valueCodeableConcept !== undefined) return presenceInConcept(readConcept(r.valueCodeableConcept), false);
  if (r.valueQuantity !== undefined) {
    const q = readQuantity(r.valueQuantity);
    if (typeof q === 'string' || meaning === 'index' || q.comparator) return undefined;
    return q.value > 0 ? 'positive' : undefined;
  }
  return 'no value';
}

/**
 * Reads a qualitative result as positive or negative: a SNOMED qualifier value, a boolean, the
 * words of a value ("POSITIF", "Non détecté", "Negative"), a viral load, or the interpretation
 * (POS, NEG, DET, ND). Value and interpretation must agree; a hedge ("douteux", "equivocal"),
 * both readings at once, or nothing readable leaves the result unreadable, never guessed.
 * Undefined when the result says explicitly that it has no value (dataAbsentReason).
 */
export function readPresence(r: Record<string, unknown>, meaning: QuantityMeaning): Reading<Presence> | undefined {
  const value = presenceInValue(r, meaning);
  if (value === 'no value' && r.dataAbsentReason !== undefined) return undefined;
  const concepts = (asList(r.interpretation) ?? []).map((i) => readConcept(i));
  const interpretations = concepts.map((c) => presenceInConcept(c, true));
  const said = new Set([...interpretations, value === 'no value' ? undefined : value].filter((s) => s !== undefined));
  const flags = new Set(concepts.flatMap((c) => flagsOf(c)));
  if ((said.has('positive') && flags.has('normal')) || (said.has('negative') && flags.has('abnormal'))) {
    return { ok: false, problem: 'the value and its interpretation disagree' };
  }
  if (said.size === 0) return { ok: false, problem: 'the result says neither positive nor negative' };
  if (said.has('doubtful')) return { ok: false, problem: 'the result is equivocal or hedged' };
  if (said.size > 1) return { ok: false, problem: 'the value and its interpretation disagree' };
  const presence = [...said][0] as Presence;
  return { ok: true, value: presence };
}
