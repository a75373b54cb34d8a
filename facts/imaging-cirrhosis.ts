import { foldAccents, normaliseText, type ValueSetIndex } from '../rules/value-sets.js';
import { conceptValueSets, readConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact } from './fact.js';
import { findingInText } from './finding-text.js';
import { attachedTexts } from './report-attachments.js';
import { withoutCutoffs } from './cutoff-brackets.js';
import { IMAGING_SET, OTHER_IMAGING_SET } from './imaging.js';
import { asList, asNumber, asObject, asString } from './json-value.js';
import { candidateEvidence, candidatesOf, OBSERVATION_STATUS, REPORT_STATUS, type Reading } from './latest.js';
import { bucketsOf, type ByValueSet } from './observation-index.js';

// The trial excludes cirrhosis and hepatocellular carcinoma alike: a liver study naming either counts.
const CIRRHOSIS_SETS: ReadonlySet<string> = new Set(['cirrhosis', 'hcc']);

/** Whether a liver study found cirrhosis. */
export interface CirrhosisImagingFinding {
  readonly present: boolean;
  readonly date?: string;
}

// How a radiologist describes a cirrhotic liver without the word: a dysmorphic liver with a
// nodular (bosselé) outline, hypertrophy of segment I, portal hypertension. Such a study leaves
// cirrhosis to confirm (portal hypertension has other causes); a denial ("pas de signe
// d'hypertension portale", "no portal hypertension") is no sign.
const CIRRHOSIS_SIGNS =
  / (?:foie dysmorphique|dysmorphie hepatique|hepatopathie (?:chronique )?dysmorphique|contours? bossele?s?|contours? nodulaires?|hypertrophie du (?:segment i|lobe caude)|hypertension portale|htp|nodular (?:liver|hepatic) (?:contour|surface|outline)|portal hypertension|caudate lobe hypertrophy|cacld|acldc) /;
// The words that deny what follows them, up to three words on, in a study's folded words.
const DENIAL_LEAD = 'pas de|pas d|sans|absence de|absence d|aucun|aucune|no|without|not';
const SIGN_DENIED = new RegExp(
  ` (?:${DENIAL_LEAD}) (?:[a-z]+ ){0,3}(?:foie dysmorphique|dysmorphie|contours?|hypertrophie|hypertension portale|htp|nodular|portal hypertension|caudate) `,
);

// A liver study writes hepatocellular carcinoma as an abbreviation ("nodule suspect de CHC", "LI-RADS 5
// lesion, HCC"), which the value set's names leave out as too short to read elsewhere. In a liver
// study's words it leaves cirrhosis or carcinoma to confirm, unless denied ("pas d'argument pour un
// CHC", "no evidence of HCC").
const CARCINOMA_ABBREVIATION = / (?:chc|hcc) /;
const CARCINOMA_DENIED = new RegExp(` (?:${DENIAL_LEAD}|negative for) (?:[a-z]+ ){0,3}(?:chc|hcc) `);
// The Liver Imaging Reporting and Data System (ACR LI-RADS v2018) grades an observation in a
// liver at risk: LR-5 is definitely a hepatocellular carcinoma and LR-TIV a tumour in a vein, with
// no need for a biopsy; LR-4 (probably HCC) and LR-M (probably malignant) are not yet. Read on
// folded words: "LI-RADS 5", "LIRADS 5", "LR-5", "LR 5".
const LIRADS_DEFINITE = / (?:li ?rads ?|lr ?)(?:5|tiv) /;
const LIRADS_PROBABLE = / (?:li ?rads ?|lr ?)(?:4|m) /;
const LIRADS_DENIED = new RegExp(` (?:${DENIAL_LEAD}|negative for) (?:[a-z]+ ){0,3}(?:li ?rads ?|lr ?)(?:4|5|m|tiv) `);

// Fibrosis graded F4 (METAVIR or the elastography's grade) is cirrhosis: "Elastométrie 14 kPa soit
// F4 (METAVIR)", "fibrose F3-F4", "F4 fibrosis", and a biopsy's METAVIR score, activity then
// fibrosis ("A2F4", "A1 F4"). Read on folded text, where "F3-F4" is "f3 f4".
const FIBROSIS_F4 = / (?:metavir )?f4 | f3 (?:a |to )?f4 | a[0-3] ?f4 | fibrosis stage 4 | stage 4 fibrosis /;
const F4_DENIED =
  / (?:pas de|pas d|sans|absence de|no|not|without|exclu|exclue|excluded|inferieur a|inferieure a|less than|below|under|moins de|en dessous de) (?:[a-z0-9]+ ){0,2}f4 /;
// The cut-offs a report prints beside its value ("Valeurs seuils : F2 ≥ 7,1 ; F4 ≥ 12,5 kPa",
// "F4 > 12.5 kPa"): a grade or a stiffness right after or before a comparison is a threshold, not
// the patient's. Read on text that keeps its symbols.
const THRESHOLD_F4 = /f4\s*:?\s*[<>≤≥=]|[<>≤≥]\s*f4/i;
const THRESHOLD_WORDS =
  / (?:seuil|seuils|threshold|thresholds|cut off|cutoff|cut offs|valeurs de reference|reference values) /;
// A liver stiffness in kPa ("E = 14,2 kPa", "élasticité 17,8 kPa"), read on text that keeps its
// commas; one after a comparison sign ("F4 ≥ 12,5 kPa") is a cut-off.
const STIFFNESS_KPA = /(?<![<>≤≥]\s*)(?<![\d.,])(\d{1,2}(?:[.,]\d+)?)\s*kpa\b/gi;

// A shear-wave speed ("ARFI 2,1 m/s", "SWE: 1.9 m/s"): a stiffness too, on another scale. It is
// turned into the Young's modulus that transient elastography reports, E = 3ρc² (ρ ≈ 1000 kg/m³,
// so E in kPa = 3 × c² in m/s): 1.83 m/s is about 10 kPa. A review of liver evidence (2026-12-07)
// found "2.1 m/s" read as no stiffness at all.
const SPEED_MS =
  /(?<![<>≤≥]\s*)(?<![\d.,])(\d(?:[.,]\d+)?)\s*m\s*(?:\/\s*s(?:ec)?|[.\s]\s*s\s*-\s*1|\s*s\s*⁻¹)(?![\p{L}\d])/giu;

// MR elastography gives its stiffness in kPa too, but on a scale of its own (about 5 kPa is a
// cirrhosis there), so the transient elastography cut-off says nothing of it (the same review found
// "MRE 4.8 kPa" read as no cirrhosis).
const MR_ELASTOGRAPHY =
  / (?:mr elastography|mre|magnetic resonance elastography|elastographie irm|elastographie par irm|elastographie par resonance magnetique|irm elastographie|elasto irm) /;
// An MRI with an elastography in its words ("IRM hépatique avec élastographie", "MRI liver with
// elastography"): an MR elastography too.
const MRI_WORDS = / (?:irm|mri|mr|magnetic resonance|resonance magnetique) /;
const ELASTOGRAPHY_WORDS = / (?:elastograph\w*|elasto) /;

// A stiffness named and given with no unit ("LSM 14.2 (IQR 1.8)", "Élasticité médiane : 11,4"): an
// elastography's stiffness is in kPa (a regression review, 2026-12-07, night, found it passed over).
const STIFFNESS_NO_UNIT =
  /\b(?:lsm|liver stiffness(?: measurement)?|stiffness|elasticite(?: hepatique)?(?: mediane)?|rigidite(?: hepatique)?(?: mediane)?)\s*(?:median\s*)?[:=]?\s*(\d{1,2}(?:[.,]\d+)?)(?![\d.,]|\s*(?:kpa|m\s*\/|m\s*\.|%|db|cm|mm|s\b))/gi;

/**
 * The liver stiffnesses a study gives, in kPa of transient elastography: its value, and those
 * written in its words, in kPa or as a shear-wave speed in m/s. Undefined when the study is an MR
 * elastography and gives a figure: its kPa are no transient elastography's.
 */
function stiffnessesKpa(r: Record<string, unknown>, texts: readonly (string | undefined)[]): number[] | undefined {
  const out: number[] = [];
  const q = asObject(r.valueQuantity);
  const unit = `${asString(q?.code) ?? ''} ${asString(q?.unit) ?? ''}`.toLowerCase().replace(/\s+/g, '');
  const value = asNumber(q?.value);
  if (value !== undefined && unit.includes('kpa')) out.push(value);
  if (value !== undefined && /(?:^|[^a-z])m\/s/.test(unit)) out.push(3 * value * value);
  for (const t of texts)
    // "m.s-1" is a unit, not the end of a sentence.
    for (const sentence of (t ?? '').replace(/\bm\s*\.\s*s\s*-\s*1\b/gi, 'm/s').split(/[.;\n]+(?!\d)/)) {
      if (THRESHOLD_WORDS.test(normaliseText(sentence))) continue;
      for (const m of sentence.matchAll(STIFFNESS_KPA)) out.push(Number((m[1] ?? '').replace(',', '.')));
      for (const m of sentence.matchAll(SPEED_MS)) out.push(3 * Number((m[1] ?? '').replace(',', '.')) ** 2);
      for (const m of foldAccents(sentence).matchAll(STIFFNESS_NO_UNIT))
        out.push(Number((m[1] ?? '').replace(',', '.')));
    }
  const found = out.filter((v) => Number.isFinite(v));
  const name = readConcept(r.code);
  const names = [name.text, ...name.codings.map((c) => c.display), ...texts].map((t) => ` ${normaliseText(t ?? '')} `);
  const mr = names.some((n) => MR_ELASTOGRAPHY.test(n) || (MRI_WORDS.test(n) && ELASTOGRAPHY_WORDS.test(n)));
  if (found.length > 0 && mr) return undefined;
  return found;
}

/** Whether some sentence of a study's words passes a test (given the sentence and its folded form). */
function someSentence(texts: readonly (string | undefined)[], test: (raw: string, folded: string) => boolean): boolean {
  return texts.some((t) => (t ?? '').split(/[.;\n]+/).some((sentence) => test(sentence, normaliseText(sentence))));
}

/** Whether a study's words grade the fibrosis F4, sentence by sentence. */
function gradedF4(texts: readonly (string | undefined)[]): boolean {
  return someSentence(
    texts,
    (raw, n) => FIBROSIS_F4.test(n) && !F4_DENIED.test(n) && !THRESHOLD_F4.test(raw) && !THRESHOLD_WORDS.test(n),
  );
}

/** Whether a study's words describe cirrhosis without naming it, sentence by sentence. */
function describesSigns(texts: readonly (string | undefined)[]): boolean {
  return someSentence(texts, (_raw, n) => CIRRHOSIS_SIGNS.test(n) && !SIGN_DENIED.test(n));
}

/**
 * What one liver study says of cirrhosis: a coded finding in the cirrhosis set, or its words
 * ("foie d'allure cirrhotique", "nodular contour compatible with cirrhosis"). Words that name it
 * without affirming it ("cirrhose débutante ?", "cannot exclude cirrhosis") leave it unreadable.
 */
function readStudy(valueSets: ValueSetIndex, r: Record<string, unknown>, crossSectional: boolean): Reading<boolean> {
  const coded = [r.valueCodeableConcept, ...(asList(r.conclusionCode) ?? [])]
    .filter((v) => v !== undefined)
    .map(readConcept);
  if (coded.some((c) => conceptValueSets(valueSets, c).some((id) => CIRRHOSIS_SETS.has(id))))
    return { ok: true, value: true };
  const texts = [asString(r.conclusion), asString(r.valueString), ...coded.map((c) => c.text), ...attachedTexts(r)].map(
    (t) => (t === undefined ? t : withoutCutoffs(t)),
  );
  const said = texts.map((t) => findingInText(valueSets, t, CIRRHOSIS_SETS));
  if (said.includes('present')) return { ok: true, value: true };
  // LR-5 is a CT or MRI category: an ultrasound that quotes it ("LI-RADS 5 observation (HCC). MRI
  // recommended.") leaves the carcinoma to confirm, as LR-4 does.
  if (crossSectional && someSentence(texts, (_raw, n) => LIRADS_DEFINITE.test(n) && !LIRADS_DENIED.test(n)))
    return { ok: true, value: true };
  if (said.includes('uncertain')) return { ok: false, problem: 'the study names cirrhosis without affirming it' };
  const graded = (n: string) => (LIRADS_PROBABLE.test(n) || LIRADS_DEFINITE.test(n)) && !LIRADS_DENIED.test(n);
  if (someSentence(texts, (_raw, n) => graded(n)))
    return {
      ok: false,
      problem:
        'the study grades a liver observation LI-RADS 4, M or (on an ultrasound) 5: cirrhosis or carcinoma to confirm',
    };
  if (gradedF4(texts)) return { ok: true, value: true };
  if (!said.includes('absent') && describesSigns(texts))
    return { ok: false, problem: 'the study describes signs of cirrhosis without naming it' };
  if (someSentence(texts, (_raw, n) => CARCINOMA_ABBREVIATION.test(n) && !CARCINOMA_DENIED.test(n)))
    return {
      ok: false,
      problem: 'the study names a hepatocellular carcinoma (CHC, HCC): cirrhosis or carcinoma to confirm',
    };
  // A stiffness that does not rule out advanced chronic liver disease leaves cirrhosis to confirm
  // (the cut-off is data: `stiffnessRuleOutKpa` of the other liver studies' value set).
  const ruleOut = valueSets.all.get(OTHER_IMAGING_SET)?.stiffnessRuleOutKpa;
  const stiffnesses = ruleOut === undefined ? [] : stiffnessesKpa(r, texts);
  if (stiffnesses === undefined)
    return { ok: false, problem: 'an MR elastography stiffness is on its own scale: cirrhosis to confirm' };
  const stiff = ruleOut === undefined ? undefined : stiffnesses.find((v) => v >= ruleOut);
  if (stiff !== undefined)
    return {
      ok: false,
      problem: `a liver stiffness of ${Math.round(stiff * 10) / 10} kPa does not rule out cirrhosis`,
    };
  return { ok: true, value: false };
}

/**
 * Cirrhosis seen on any liver study (an ultrasound, a CT, an MRI, an elastography report): a
 * cirrhosis does not regress, so any study that affirms it counts, however old. A study that names
 * it with a doubt leaves it unknown; studies that never name it, or deny it, are "no".
 */
export function cirrhosisImagingFact(
  observations: ByValueSet,
  reports: ByValueSet,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Fact<CirrhosisImagingFinding> {
  const sets = [IMAGING_SET, OTHER_IMAGING_SET];
  // Whether a study is a CT, an MRI or another study than an ultrasound.
  const ultrasounds = new Set([...bucketsOf(observations, [IMAGING_SET]), ...bucketsOf(reports, [IMAGING_SET])]);
  const read = (r: Record<string, unknown>) => readStudy(valueSets, r, !ultrasounds.has(r));
  const studies = [
    ...candidatesOf(bucketsOf(observations, sets), 'Observation', OBSERVATION_STATUS, read, now, dq),
    ...candidatesOf(bucketsOf(reports, sets), 'DiagnosticReport', REPORT_STATUS, read, now, dq),
  ];
  const found = studies.find((c) => c.reading.ok && c.reading.value);
  if (found) {
    return known({ present: true, ...(found.date ? { date: found.date.text } : {}) }, [
      candidateEvidence(found, 'liver study: cirrhosis or hepatocellular carcinoma (from the text)'),
    ]);
  }
  const doubt = studies.find((c) => !c.reading.ok && c.reading.problem.includes('cirrhosis'));
  if (doubt && !doubt.reading.ok) return unknown(`${doubt.label}: ${doubt.reading.problem}`);
  return known({ present: false }, []);
}
