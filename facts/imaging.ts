import type { ValueSetIndex } from '../rules/value-sets.js';
import { conceptValueSets, readConcept, type ReadConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Evidence, type Fact } from './fact.js';
import { findingInText } from './finding-text.js';
import { saysLiverNormal } from './normal-liver.js';
import { attachedTexts } from './report-attachments.js';
import { alcoholInWords } from './steatosis-alcohol-words.js';
import { asList, asObject, asString } from './json-value.js';
import { daysSinceMs, lastInstant } from './fhir-date.js';
import {
  candidateEvidence,
  candidatesOf,
  OBSERVATION_STATUS,
  pickLatest,
  REPORT_STATUS,
  type Candidate,
  type Reading,
} from './latest.js';
import type { ByValueSet } from './observation-index.js';
import type { ImagingFinding } from './patient-facts.js';

/** The value set of liver and abdominal imaging studies. */
export const IMAGING_SET = 'liver-ultrasound';
/**
 * Liver studies of other kinds (MRI, CT, elastography, MRI-PDFF): never the finding themselves,
 * but one as recent as the latest ultrasound that does not agree with it leaves steatosis unknown.
 */
export const OTHER_IMAGING_SET = 'liver-imaging-other';
/** The value sets of the findings that mean steatosis. */
export const STEATOSIS_SETS: ReadonlySet<string> = new Set(['steatosis', 'nash']);

/** Why a study that says nothing about steatosis cannot be read. */
const SILENT = 'no finding about the liver';

/** What one liver study says of steatosis. */
export interface Finding {
  readonly steatosis: boolean;
  readonly confidence: Evidence['confidence'];
  /**
   * A study that shows steatosis and names alcohol in its words: as the steatosis's cause
   * ("stéatose d'origine éthylique") or only beside it ("contexte d'éthylisme chronique", "known
   * alcohol use"), read as a steatosis record's words are (steatosis-alcohol-words.ts).
   */
  readonly alcohol?: 'cause' | 'mentioned';
}

/**
 * Whether a study says steatosis: a coded finding (valueCodeableConcept, components, the report's
 * conclusionCode) in the steatosis sets is high-confidence; otherwise its words ("stéatose",
 * "fatty liver", "foie hyperéchogène"), read clause by clause so that "pas de stéatose" is a
 * negative, are lower-confidence. Coded findings with no steatosis make a negative study; a study
 * that says nothing about it, in codes or words, cannot be read.
 */
function judge(
  valueSets: ValueSetIndex,
  concepts: readonly ReadConcept[],
  texts: readonly (string | undefined)[],
): Reading<Finding> {
  const said = [...texts, ...concepts.map((c) => c.text)].map((t) => findingInText(valueSets, t, STEATOSIS_SETS));
  if (concepts.some((c) => conceptValueSets(valueSets, c).some((id) => STEATOSIS_SETS.has(id)))) {
    // A code for steatosis beside words that deny or doubt it ("Pas de stéatose." under
    // conclusionCode 197321007): the report contradicts itself, and cannot be read.
    if (said.includes('absent') || said.includes('uncertain')) {
      return { ok: false, problem: 'the report codes steatosis but its words deny or doubt it' };
    }
    return { ok: true, value: { steatosis: true, confidence: 'high' } };
  }
  if (said.includes('present')) return { ok: true, value: { steatosis: true, confidence: 'low' } };
  if (concepts.some((c) => c.codings.some((x) => x.code)))
    return { ok: true, value: { steatosis: false, confidence: 'high' } };
  if (said.includes('uncertain')) return { ok: false, problem: 'the report names steatosis without affirming it' };
  if (said.includes('absent')) return { ok: true, value: { steatosis: false, confidence: 'low' } };
  // Checked last: a liver called normal beside words of steatosis or doubt is read by those.
  if (texts.some(saysLiverNormal)) return { ok: true, value: { steatosis: false, confidence: 'low' } };
  return { ok: false, problem: SILENT };
}

function concepts(values: readonly unknown[]): ReadConcept[] {
  return values.filter((v) => v !== undefined).map(readConcept);
}

function readObservation(valueSets: ValueSetIndex, r: Record<string, unknown>): Reading<Finding> {
  const components = (asList(r.component) ?? []).map((c) => asObject(c)?.valueCodeableConcept);
  const text = asString(r.valueString);
  return withAlcohol(judge(valueSets, concepts([r.valueCodeableConcept, ...components]), [text]), [text]);
}

/** A reading that shows steatosis, with what the study's words say of alcohol. */
function withAlcohol(reading: Reading<Finding>, texts: readonly (string | undefined)[]): Reading<Finding> {
  if (!reading.ok || !reading.value.steatosis) return reading;
  const said = texts.map((t) => (t ? alcoholInWords(t) : undefined));
  const alcohol = said.includes('cause') ? 'cause' : said.includes('mentioned') ? 'mentioned' : undefined;
  return alcohol ? { ok: true, value: { ...reading.value, alcohol } } : reading;
}

/**
 * A report: its coded conclusion and its conclusion's words, and when those say nothing of the
 * liver, the text of its attached documents (report-attachments.ts; some EHRs leave `conclusion`
 * empty and send the whole report there). An attached text that says the opposite of the
 * conclusion leaves the study unreadable.
 */
function readReport(valueSets: ValueSetIndex, r: Record<string, unknown>): Reading<Finding> {
  const conclusion = asString(r.conclusion);
  const summary = judge(valueSets, concepts(asList(r.conclusionCode) ?? []), [conclusion]);
  const attached = attachedTexts(r);
  if (attached.length === 0) return withAlcohol(summary, [conclusion]);
  const whole = judge(valueSets, [], attached);
  const texts = [conclusion, ...attached];
  if (!summary.ok && summary.problem === SILENT) return withAlcohol(whole, texts);
  if (summary.ok && whole.ok && whole.value.steatosis !== summary.value.steatosis)
    return { ok: false, problem: "the report's conclusion and its attached text disagree about steatosis" };
  return withAlcohol(summary, texts);
}

// Controlled attenuation parameter (FibroScan CAP, dB/m): its cut-offs are data, in the value set of
// other liver studies (`capCutoffsDbM`, with their sources).
const CAP_RE = /\bcap\b\s*(?:[:=]\s*)?(\d{2,3})(?:[.,]\d+)?\s*(?:db\s*\/\s*m)?/i;
// Fat graded in other terms the service does not read: a fat fraction (MRI-PDFF, %), an
// attenuation or density (CT, Hounsfield units: "liver normal in attenuation" says no fat), a CAP
// in dB/m whose value is not given right after "CAP".
const STEATOSIS_GRADE_NONE = /\bs0\b/i;
const FAT_MEASURE_RE =
  /\b(cap|pdff|db\s*\/\s*m|fat fraction|fraction de graisse|hounsfield|uh|hu|attenuation|atténuation|densité|density)\b/i;

/** What a CAP in dB/m says, graded by the value set's cut-offs (none: it decides nothing). */
function capReading(valueSets: ValueSetIndex, valueDbM: number): Reading<Finding> {
  const cutoffs = valueSets.all.get(OTHER_IMAGING_SET)?.capCutoffsDbM;
  if (cutoffs && valueDbM >= cutoffs.steatosis) return { ok: true, value: { steatosis: true, confidence: 'low' } };
  if (cutoffs && valueDbM < cutoffs.none) return { ok: true, value: { steatosis: false, confidence: 'low' } };
  return { ok: false, problem: `a CAP of ${valueDbM} dB/m neither shows nor excludes steatosis` };
}

// An MRI-PDFF in a report's words: "PDFF 3,1 %", "fat fraction: 12%", "fraction de graisse hépatique
// estimée à 8 %". The fraction follows the name within a few characters.
const PDFF_RE =
  /\b(?:pdff|fat fraction|fraction de graisse(?: hepatique| hépatique)?)\b[^0-9%]{0,30}?(\d{1,2}(?:[.,]\d+)?)\s*%/i;
// The words of an Observation that is an MRI-PDFF (its value then a percentage).
const PDFF_NAME_RE = /\b(?:pdff|proton density fat fraction|fat fraction|fraction de graisse)\b/i;

/** What an MRI-PDFF in % says, graded by the value set's cut-offs (none: it decides nothing). */
function pdffReading(valueSets: ValueSetIndex, percent: number): Reading<Finding> {
  const cutoffs = valueSets.all.get(OTHER_IMAGING_SET)?.pdffCutoffsPercent;
  if (cutoffs && percent >= cutoffs.steatosis) return { ok: true, value: { steatosis: true, confidence: 'low' } };
  if (cutoffs && percent < cutoffs.none) return { ok: true, value: { steatosis: false, confidence: 'low' } };
  return { ok: false, problem: `a fat fraction of ${percent} % neither shows nor excludes steatosis` };
}

/** A quantity's unit (its code and its words), lower case without spaces. */
function unitOf(q: Record<string, unknown>): string {
  return `${asString(q.unit) ?? ''} ${asString(q.code) ?? ''}`.toLowerCase().replace(/\s/g, '');
}

/** A FibroScan's CAP given as a component of its Observation (beside the stiffness in kPa). */
function componentCap(r: Record<string, unknown>): number | undefined {
  for (const c of asList(r.component) ?? []) {
    const q = asObject(asObject(c)?.valueQuantity);
    if (q && typeof q.value === 'number' && /db\/m/.test(unitOf(q))) return q.value;
  }
  return undefined;
}

/**
 * What a liver study of another kind (MRI, CT, FibroScan) says about steatosis, read like an
 * ultrasound (`judge`: its coded findings, its conclusion's words), and, when that is silent, its
 * CAP: a FibroScan's value in dB/m, or "CAP 310 dB/m" in its conclusion. A study silent about fat
 * (a stiffness alone, "E = 6,2 kPa") stays silent; one that grades fat in terms the service does not
 * read (a fat fraction, an attenuation) is unreadable.
 */
function readOtherStudy(valueSets: ValueSetIndex, r: Record<string, unknown>, report: boolean): Reading<Finding> {
  const text = asString(report ? r.conclusion : r.valueString) ?? '';
  // Elastography and MRI grade steatosis S0 to S3: "S0" is none, whatever word stands beside it.
  if (STEATOSIS_GRADE_NONE.test(text)) return { ok: true, value: { steatosis: false, confidence: 'low' } };
  const judged = report ? readReport(valueSets, r) : readObservation(valueSets, r);
  if (judged.ok || judged.problem !== SILENT) return judged;
  const q = asObject(r.valueQuantity);
  if (!report && q) {
    const unit = unitOf(q);
    const v = q.value;
    if (typeof v === 'number' && /db\/m/.test(unit)) return capReading(valueSets, v);
    const words = readConcept(r.code);
    const isPdff = [words.text, ...words.codings.map((c) => c.display)].some((t) => t && PDFF_NAME_RE.test(t));
    if (typeof v === 'number' && unit.startsWith('%') && isPdff) return pdffReading(valueSets, v);
    if (/^kpa/.test(unit)) {
      const cap = componentCap(r);
      return cap === undefined ? judged : capReading(valueSets, cap); // else a stiffness alone: nothing about fat
    }
    return { ok: false, problem: 'a measure of liver fat the service does not grade' };
  }
  if (!report) {
    const cap = componentCap(r);
    if (cap !== undefined) return capReading(valueSets, cap);
  }
  const pdff = PDFF_RE.exec(text);
  if (pdff?.[1]) return pdffReading(valueSets, Number(pdff[1].replace(',', '.')));
  const cap = CAP_RE.exec(text);
  if (cap?.[1]) return capReading(valueSets, Number(cap[1]));
  if (FAT_MEASURE_RE.test(text)) return { ok: false, problem: 'a measure of liver fat the service does not grade' };
  return judged;
}

/** Liver studies of other kinds, each with what it says about steatosis, newest first. */
function otherStudies(
  observations: ByValueSet,
  reports: ByValueSet,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Candidate<Finding>[] {
  const ultrasound = new Set([...(observations.get(IMAGING_SET) ?? []), ...(reports.get(IMAGING_SET) ?? [])]);
  const mine = (list: readonly Record<string, unknown>[]) => list.filter((r) => !ultrasound.has(r));
  return [
    ...candidatesOf(
      mine(observations.get(OTHER_IMAGING_SET) ?? []),
      'Observation',
      OBSERVATION_STATUS,
      (r) => readOtherStudy(valueSets, r, false),
      now,
      dq,
    ),
    ...candidatesOf(
      mine(reports.get(OTHER_IMAGING_SET) ?? []),
      'DiagnosticReport',
      REPORT_STATUS,
      (r) => readOtherStudy(valueSets, r, true),
      now,
      dq,
    ),
  ].sort((a, b) => (b.date?.ms ?? Infinity) - (a.date?.ms ?? Infinity));
}

/** Liver and abdominal ultrasounds, each with what it says about steatosis. */
function ultrasounds(
  observations: ByValueSet,
  reports: ByValueSet,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Candidate<Finding>[] {
  const obs = (r: Record<string, unknown>) => readObservation(valueSets, r);
  const rep = (r: Record<string, unknown>) => readReport(valueSets, r);
  return [
    ...candidatesOf(observations.get(IMAGING_SET) ?? [], 'Observation', OBSERVATION_STATUS, obs, now, dq),
    ...candidatesOf(reports.get(IMAGING_SET) ?? [], 'DiagnosticReport', REPORT_STATUS, rep, now, dq),
  ];
}

/** Every liver study, ultrasound or of another kind, with what it says about steatosis. */
export function liverStudies(
  observations: ByValueSet,
  reports: ByValueSet,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Candidate<Finding>[] {
  return [
    ...ultrasounds(observations, reports, valueSets, now, dq),
    ...otherStudies(observations, reports, valueSets, now, dq),
  ];
}

/**
 * Steatosis on liver imaging, from the latest study (an Observation or a DiagnosticReport coded
 * as a liver or abdominal ultrasound): a later normal study supersedes an older finding. Results
 * of the same instant (a report and its observation) are read together: a positive wins. A liver
 * study of another kind (MRI, CT, FibroScan) as recent as that ultrasound leaves it unknown unless
 * it agrees with it or says nothing about fat; it never decides alone (the trial asks for an
 * ultrasound).
 */
export function steatosisImagingFact(
  observations: ByValueSet,
  reports: ByValueSet,
  unproven: string | undefined,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Fact<ImagingFinding> {
  const all = ultrasounds(observations, reports, valueSets, now, dq);
  const positive = (c: Candidate<Finding>) => c.reading.ok && c.reading.value.steatosis;
  // Unreadable results at the latest instant do not hide a readable positive of the same instant.
  const latest = pickLatest(
    all.filter((c) => c.reading.ok || !all.some((o) => positive(o) && o.date?.ms === c.date?.ms)),
  );
  const others = otherStudies(observations, reports, valueSets, now, dq);
  if (latest.kind === 'none') {
    // The trial asks for steatosis on ultrasound: another kind of study alone never shows it.
    const other = others[0];
    if (other)
      return unknown(`latest liver study ${other.label} is of another kind (MRI, CT, elastography), not an ultrasound`);
    return unknown(unproven ?? 'no liver imaging on file');
  }
  if (latest.kind === 'unreadable') return unknown(latest.reason);
  // A study of another kind as recent as the ultrasound (undated, it might be) is read too: one
  // that agrees with it, or says nothing of fat (a stiffness alone), leaves it standing; one that
  // contradicts it, hedges, or grades fat in terms the service does not read leaves it unknown.
  const usAt = Math.max(...latest.latest.map((c) => c.date?.ms ?? -Infinity));
  const usPositive = latest.latest.some(positive);
  const doubt = others.find((o) => {
    if (o.date && lastInstant(o.date) < usAt) return false;
    if (!o.reading.ok) return o.reading.problem !== SILENT;
    return o.reading.value.steatosis !== usPositive;
  });
  if (doubt) {
    const why = doubt.reading.ok
      ? doubt.reading.value.steatosis
        ? 'it shows steatosis'
        : 'it shows no steatosis'
      : doubt.reading.problem;
    return unknown(
      `latest liver study ${doubt.label} is of another kind (MRI, CT, elastography) and does not agree with the ultrasound: ${why}`,
    );
  }
  const hit = latest.latest.find(positive);
  const date = latest.latest[0]?.date?.text;
  // The latest study's age, for a criterion that limits it (trial-defaults.json): a steatosis seen
  // twelve years ago and never looked at since is no finding of today.
  const dated = latest.latest[0]?.date;
  const age = dated ? { ageDays: daysSinceMs(lastInstant(dated), now) } : {};
  if (hit && hit.reading.ok) {
    const confidence = hit.reading.value.confidence;
    const ev = candidateEvidence(
      hit,
      confidence === 'low' ? 'liver imaging report: steatosis (from the text)' : 'liver imaging: steatosis',
    );
    return known({ steatosis: true, ...(date ? { date } : {}), ...age }, [{ ...ev, confidence }]);
  }
  if (unproven) return unknown(unproven);
  return known(
    { steatosis: false, ...(date ? { date } : {}), ...age },
    latest.latest.map((c) => ({
      ...candidateEvidence(c, 'liver imaging: no steatosis'),
      confidence: c.reading.ok ? c.reading.value.confidence : 'high',
    })),
  );
}
