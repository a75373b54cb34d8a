import type { PatientRecord } from '../fhir/patient-record.js';
import { normaliseText } from '../rules/value-sets.js';
import { conceptWords, readConcept } from './coding.js';
import { untrustedResources } from './coverage.js';
import { known, unknown, type Evidence, type Fact } from './fact.js';
import { asList, asObject, asString } from './json-value.js';
import { OBSERVATION_STATUS } from './latest.js';
import { resourceId } from './resource-label.js';

/** The HFE genotype results on file: whether one shows C282Y homozygosity. */
export interface HfeGenotypeFinding {
  readonly c282yHomozygous: boolean;
}

/**
 * What one HFE genotype result says. Homozygosity for p.Cys282Tyr (C282Y) is the genotype of
 * about 80% of people of European origin with haemochromatosis, and in a homozygote raised iron
 * tests suffice to diagnose it (EASL Clinical Practice Guidelines on haemochromatosis, J Hepatol
 * 2022;77:479-502, PMID 35662478): such a result is read as the disease, as the problem-list words
 * "homozygote C282Y" already are (value set hemochromatosis). With other genotypes (a compound
 * heterozygote C282Y/H63D, an H63D homozygote) the diagnosis needs iron overload shown on MRI or
 * biopsy (same guideline): left to confirm. A single carrier or no variant says nothing.
 */
type HfeReading = 'c282y homozygous' | 'doubtful' | 'not homozygous' | 'unrelated';

// Words folded by normaliseText (lower case, accents off, punctuation to spaces: "C282Y/C282Y" is
// "c282y c282y", "c.845G>A" is "c 845g a"). The protein and DNA names of each variant are read as
// it: C282Y is p.Cys282Tyr, c.845G>A; H63D is p.His63Asp, c.187C>G.
const C282Y = String.raw`(?:c282y|cys282tyr|c 845g a)`;
const H63D = String.raw`(?:h63d|his63asp|c 187c g)`;
const MENTIONS_C282Y = new RegExp(String.raw`\b${C282Y}\b`);
const MENTIONS_H63D = new RegExp(String.raw`\b${H63D}\b`);
// S65C (p.Ser65Cys, c.193A>T), the third variant HFE panels list: a sentence that only denies it
// ("S65C: Not detected") is read as one denying H63D is (a regression review, 2026-12-07, found it
// made a clear C282Y homozygosity doubtful).
const MENTIONS_S65C = /\b(?:s65c|ser65cys|c 193a t)\b/;
const C282Y_TWICE = new RegExp(String.raw`\b${C282Y} ${C282Y}\b`);
const H63D_TWICE = new RegExp(String.raw`\b${H63D} ${H63D}\b`);
const HOMOZYGOUS = /\bhomozyg/;
const HETEROZYGOUS = /\bheterozyg/;
const COMPOUND = /\b(?:composite|compound)\b/;
// Denials and normal results ("absence de mutation", "not detected", "wild type"): with a
// zygosity beside them ("pas d'homozygotie C282Y") what is denied cannot be told safely.
const DENIAL =
  /\b(?:pas|absence|absent|absente|aucun|aucune|no|not|non|none|negati(?:f|ve)|sans|normal|normale|wild type|sauvage|wt)\b/;
// Doubt, and words that put the result on someone else (a relative's genotype in the record).
const DOUBT =
  /\b(?:douteu(?:x|se)|a confirmer|to confirm|a controler|pending|en cours|inconclusive|indetermine|indeterminate|equivocal|pere|mere|frere|soeur|fils|fille|father|mother|brother|sister|daughter|famille|familial|family)\b/;
// A result whose name says it is an HFE genotype ("Génotypage HFE", "HFE gene mutations tested
// for ... Nominal", "HFE genotyping").
const NAMES_HFE = /\b(?:hfe|hemochromatose|hemochromatosis|haemochromatosis)\b/;
// A cheap test on the raw words, before folding: whatever the reading needs contains one of these.
const MAY_NAME_HFE = /c282y|h63d|hfe|cys282tyr|his63asp|845g|187c|chromato/i;

/**
 * The result's words without the sentences that only say H63D was not found ("Absence de mutation
 * H63D.", "H63D: not detected."): nearly every HFE report lists both variants, and a review of
 * genotype results (2026-12-07) found "Homozygotie C282Y. Absence de mutation H63D." read as a
 * doubtful genotype, the haemochromatosis exclusion left to confirm and the trial card shown.
 */
function withoutDeniedH63d(value: string): string {
  return value
    .split(/\.\s|;|\n/)
    .filter((sentence) => {
      const f = normaliseText(sentence);
      const deniesH63dOnly =
        (MENTIONS_H63D.test(f) || MENTIONS_S65C.test(f)) &&
        !MENTIONS_C282Y.test(f) &&
        DENIAL.test(f) &&
        !HOMOZYGOUS.test(f) &&
        !HETEROZYGOUS.test(f) &&
        !DOUBT.test(f);
      return !deniesH63dOnly;
    })
    .join('. ');
}

/**
 * What the words of one result say about the patient's HFE genotype: `unrelated` when they name
 * no HFE variant and the result is no HFE test.
 */
export function hfeInWords(value: string, name: string): HfeReading {
  const v = normaliseText(withoutDeniedH63d(value));
  const hfeName = NAMES_HFE.test(normaliseText(name)) || NAMES_HFE.test(normaliseText(value));
  const c = MENTIONS_C282Y.test(v);
  const h = MENTIONS_H63D.test(v);
  const homo = HOMOZYGOUS.test(v) || C282Y_TWICE.test(v) || H63D_TWICE.test(v);
  if (!c && !h) {
    // An HFE test that names no variant: "Absence de mutation" says none; anything else is unread.
    if (!hfeName) return 'unrelated';
    return DENIAL.test(v) && !homo && !DOUBT.test(v) ? 'not homozygous' : 'doubtful';
  }
  if (DOUBT.test(v)) return 'doubtful';
  if (DENIAL.test(v)) return homo || COMPOUND.test(v) ? 'doubtful' : 'not homozygous';
  if (HOMOZYGOUS.test(v) && HETEROZYGOUS.test(v)) return 'doubtful';
  if (COMPOUND.test(v) || (c && h)) return 'doubtful';
  // Only a result named an HFE test decides: C282Y words elsewhere (a note) are left to confirm.
  if (c && homo) return hfeName ? 'c282y homozygous' : 'doubtful';
  if (h && homo) return 'doubtful';
  if (HETEROZYGOUS.test(v)) return 'not homozygous';
  // A variant named with no zygosity ("mutation C282Y présente"): which, the words do not say.
  return 'doubtful';
}

/** The words of an Observation's value: valueString, or the text and displays of a coded value. */
function valueWords(r: Record<string, unknown>): string[] {
  const s = asString(r.valueString);
  return [...(s ? [s] : []), ...conceptWords(readConcept(r.valueCodeableConcept))];
}

/**
 * The words of the components, each a sentence of its name then its value ("HFE C282Y: Homozygous.
 * HFE H63D: Not detected"): a panel may give each variant as a component, the variant in the
 * name and the zygosity in the value (the same review found such a panel read as no genotype).
 */
function componentWords(r: Record<string, unknown>): string[] {
  const sentences = (asList(r.component) ?? []).flatMap((c) => {
    const o = asObject(c);
    if (!o) return [];
    const name = conceptWords(readConcept(o.code))[0];
    const values = valueWords(o);
    return name === undefined || values.length === 0 ? [] : [`${name}: ${values.join(' ')}`];
  });
  // Read together, so that a C282Y and an H63D each heterozygous are a compound heterozygote.
  return sentences.length === 0 ? [] : [sentences.join('. ')];
}

/**
 * Whether an HFE genotype result on file shows C282Y homozygosity (a review of lab results,
 * 2026-12-07: "C282Y homozygous (C282Y/C282Y)" under LOINC 21695-8 and "Homozygotie C282Y" under a
 * local "Génotypage HFE" left the haemochromatosis exclusion ruled out). The words of the value
 * decide, whatever the result's code: the variant names are HFE's own, and no LOINC code for HFE
 * genotyping could be confirmed in public sources. A genotype does not change, so every result
 * counts, whatever its date; one entered in error or cancelled does not, and one not final
 * (preliminary, registered) only leaves the fact to confirm. True for a C282Y homozygote; unknown
 * for a compound heterozygote, an H63D homozygote, doubtful words, or results that disagree;
 * false otherwise (a carrier, no mutation, no genotype on file).
 */
export function hfeGenotypeFact(record: PatientRecord): Fact<HfeGenotypeFinding> {
  const homozygous: Evidence[] = [];
  const doubtful: Evidence[] = [];
  let notHomozygous = false;
  for (const raw of untrustedResources(record, 'Observation')) {
    const r = asObject(raw);
    if (!r) continue;
    const status = asString(r.status);
    if (status !== undefined && OBSERVATION_STATUS.dropped.has(status)) continue;
    const name = conceptWords(readConcept(r.code)).join(' ');
    const words = [...valueWords(r), ...componentWords(r)];
    // Most results name nothing of HFE: passed over before their words are folded and read.
    if (!MAY_NAME_HFE.test(name) && !words.some((w) => MAY_NAME_HFE.test(w))) continue;
    const readings = words.map((w) => hfeInWords(w, name));
    if (readings.every((x) => x === 'unrelated')) continue;
    if (!readings.includes('doubtful') && !readings.includes('c282y homozygous')) {
      notHomozygous = true;
      continue;
    }
    const said = readings.includes('doubtful') ? 'doubtful' : 'c282y homozygous';
    const date = asString(r.effectiveDateTime) ?? asString(r.issued);
    const counted = status !== undefined && OBSERVATION_STATUS.counts.has(status);
    const evidence: Evidence = {
      resourceType: 'Observation',
      id: resourceId(r),
      ...(date ? { date } : {}),
      display: `HFE genotype: ${words[0] ?? ''}`.trim(),
      confidence: 'low',
    };
    if (said === 'c282y homozygous' && counted) homozygous.push(evidence);
    else doubtful.push(evidence);
  }
  if (doubtful.length > 0) {
    return unknown('an HFE genotype result is not a clear C282Y homozygosity (compound, H63D, or doubtful)', [
      ...homozygous,
      ...doubtful,
    ]);
  }
  if (homozygous.length > 0) {
    if (notHomozygous) return unknown('HFE genotype results disagree', homozygous);
    return known({ c282yHomozygous: true }, homozygous);
  }
  return known({ c282yHomozygous: false }, []);
}
