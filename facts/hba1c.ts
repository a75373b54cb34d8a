import { attachedTexts, attachedTitles } from './report-attachments.js';
import type { NumberRange } from '../rules/condition-evaluator.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact } from './fact.js';
import { daysSince } from './fhir-date.js';
import { asList, asObject, asString } from './json-value.js';
import { readLabValue } from './lab-value.js';
import { normaliseText } from '../rules/value-sets.js';
import {
  candidateEvidence,
  candidatesOf,
  OBSERVATION_STATUS,
  pickLatest,
  textOnlyReports,
  type Reading,
} from './latest.js';
import {
  bucketsOf,
  classifiedByWords,
  REPORT_CONCLUSION,
  UNGROUPED_REPORTS,
  UNREAD_HBA1C,
  type ByValueSet,
} from './observation-index.js';
import { readConcept } from './coding.js';
import { noteDoubtsHba1c, noteNamesVariant } from './hba1c-note.js';
import { resourceLabel } from './resource-label.js';
import { sentencesOf } from './sentences.js';
import type { ConditionFinding, Hba1cFinding } from './patient-facts.js';
import { COMPARATOR_SYMBOL, reportedBound, spanOf } from './reported-bound.js';
import { hba1cScale, isGlucoseUnit } from './units.js';

/**
 * The condition value set of the hemoglobinopathies that leave no HbA1c to trust (sickle cell
 * disease, thalassemia major or intermedia, HPFH): on the problem list, they make the latest HbA1c
 * unknown, as a variant named in a laboratory's note does (a review, 2026-12-07, found the pump card
 * shown beside an active "Sickle cell disease (HbSS)" and a transfusion-dependent beta thalassemia).
 */
export const HEMOGLOBINOPATHY_SET = 'hemoglobinopathy-hba1c';

/** Value set ids of HbA1c observations, NGSP (%) and IFCC (mmol/mol). */
export const HBA1C_SETS = ['hba1c-ngsp', 'hba1c-ifcc'] as const;

/** HbA1c results on a scale no threshold applies to (JDS/JSCC, mass fraction, mass per volume). */
export const HBA1C_OTHER_SCALE_SET = 'hba1c-other-scale';

/** Every HbA1c the services fetch: the readable ones, and those that can only make the latest unknown. */
export const HBA1C_PREFETCH_SETS = [...HBA1C_SETS, HBA1C_OTHER_SCALE_SET] as const;

/** NGSP % from IFCC mmol/mol (NGSP = 0.09148 × IFCC + 2.152, the IFCC-NGSP master equation). */
export function ifccToNgsp(mmolPerMol: number): number {
  return 0.09148 * mmolPerMol + 2.152;
}

/** A percentage with the precision a lab reports it (one decimal), for display only. */
export function formatPercent(percent: number): string {
  return (Math.round(percent * 10) / 10).toFixed(1);
}

// Outside this range an NGSP value is a unit or entry error, not a measurement: under 3 % is
// below any reported HbA1c (9 mmol/mol), as when a percentage is sent as mmol/mol ("8.9 mmol/mol").
const PLAUSIBLE_NGSP = { min: 3, max: 25 };

type Measured = Hba1cFinding['measured'] & { percent: number; fromText: boolean };

// Whether a laboratory's note vouches for the value is read sentence by sentence in
// facts/hba1c-note.ts (variants, abnormal peaks, raised HbF, hemolysis, withdrawn results, verdicts).

// The names an HbA1c goes by in a report's words, folded.
const HBA1C_NAMES =
  'hba1c|hb a1c|hgba1c|hgb a1c|a1c|hemoglobine glyquee|hb glyquee|glycated hemoglobin|glycated haemoglobin|glycohemoglobin|glycosylated hemoglobin';
const HBA1C_WORDS = new RegExp(` (?:${HBA1C_NAMES}|hemoglobine glycquee) `);

/** The sentences of a result's notes, and of the conclusion of the report holding it, on this HbA1c. */
function noteSentences(r: Record<string, unknown>): string[] {
  return [
    ...(asList(r.note) ?? []).flatMap((n) => sentencesOf(asString(asObject(n)?.text))),
    // Of the report's conclusion, only what it says of the HbA1c (a panel's may be about its potassium).
    ...sentencesOf(asString(r[REPORT_CONCLUSION])).filter((sentence) => HBA1C_WORDS.test(normaliseText(sentence))),
  ];
}

/** The words of a result's interpretations (text and displays). */
function interpretationTexts(r: Record<string, unknown>): string[] {
  return (asList(r.interpretation) ?? [])
    .map(readConcept)
    .flatMap((i) => [i.text, ...i.codings.map((c) => c.display)])
    .filter((t): t is string => t !== undefined);
}

/** Whether the result's notes, or the conclusion of the report holding it, say the laboratory does not vouch for the value. */
function untrustedByNote(r: Record<string, unknown>): boolean {
  return noteSentences(r).some(noteDoubtsHba1c);
}

/**
 * The first HbA1c result, of any date or status but entered in error, whose notes or
 * interpretation name a hemoglobin variant in the patient: a variant is lifelong, so the other
 * results of the same assays are in doubt too (facts/hba1c-note.ts).
 */
function variantNoted(results: readonly Record<string, unknown>[]): Record<string, unknown> | undefined {
  return results.find(
    (r) => r.status !== 'entered-in-error' && [...noteSentences(r), ...interpretationTexts(r)].some(noteNamesVariant),
  );
}

/**
 * Why a hemoglobinopathy on the problem list leaves every HbA1c in doubt, if it does: one active
 * on file (the condition readers leave out resolved, refuted and entered-in-error records), or a
 * record of one whose status or diagnosis is unsure (its evidence names it). A doubt that names no
 * record (an unreadable problem elsewhere on the list) casts none on the HbA1c.
 */
function hemoglobinopathyDoubt(
  fact: Fact<ConditionFinding> | undefined,
): { reason: string; evidence: Fact<ConditionFinding>['evidence'] } | undefined {
  if (!fact) return undefined;
  const names = fact.evidence.map((e) => `${e.resourceType}/${e.id}${e.display ? ` "${e.display}"` : ''}`).join(', ');
  if (fact.known && fact.value.present)
    return { reason: `a hemoglobinopathy is on file (${names}): HbA1c is not reliable`, evidence: fact.evidence };
  if (!fact.known && fact.evidence.length > 0)
    return {
      reason: `a hemoglobinopathy may be on file (${names}): HbA1c may not be reliable`,
      evidence: fact.evidence,
    };
  return undefined;
}

/** Reads one HbA1c result into NGSP %, refusing units that cannot be converted. */
export function readHba1c(r: Record<string, unknown>): Reading<Measured> | undefined {
  const q = readLabValue(r);
  if (q === undefined) return undefined;
  if (typeof q === 'string') return { ok: false, problem: q };
  if (untrustedByNote(r)) return { ok: false, problem: 'the laboratory notes the value cannot be interpreted' };
  // HL7 ObservationInterpretation IND, "indeterminate": the laboratory could not determine a value;
  // or an interpretation in words only ("Ininterprétable").
  const interpretations = (asList(r.interpretation) ?? []).map(readConcept);
  if (interpretations.some((i) => i.codings.some((c) => c.code === 'IND')))
    return { ok: false, problem: 'the laboratory flags the value indeterminate (IND)' };
  if (interpretationTexts(r).some(noteDoubtsHba1c))
    return { ok: false, problem: 'the laboratory notes the value cannot be interpreted' };
  // A value the patient gave is no laboratory's (Observation.performer a Patient or RelatedPerson).
  if (
    (asList(r.performer) ?? []).some((p) => /^(?:Patient|RelatedPerson)\//.test(asString(asObject(p)?.reference) ?? ''))
  )
    return { ok: false, problem: 'reported by the patient, not by a laboratory' };
  const scale = hba1cScale(q.unit);
  if (!scale) return { ok: false, problem: 'unit cannot be converted to NGSP %' };
  // A UCUM code and a written unit of the other scale ({unit: "%", code: "mmol/mol"}): which one
  // the value is in cannot be told.
  const written = q.unitText !== undefined ? hba1cScale(q.unitText) : undefined;
  if (written !== undefined && written !== scale) return { ok: false, problem: 'unit and UCUM code disagree' };
  const percent = scale === 'NGSP' ? q.value : ifccToNgsp(q.value);
  if (percent < PLAUSIBLE_NGSP.min || percent > PLAUSIBLE_NGSP.max) return { ok: false, problem: 'implausible value' };
  // A bound ("> 14 %", beyond the assay's range) is kept as one: it decides the thresholds it
  // clears and leaves the others unknown (facts/reported-bound.ts).
  return {
    ok: true,
    value: {
      value: q.value,
      unit: q.unit,
      scale,
      percent,
      fromText: q.fromText,
      ...(q.comparator ? { comparator: q.comparator } : {}),
    },
  };
}

/** The texts of a report a reader can see: its conclusion and its attached documents' titles and plain text. */
function reportTexts(r: Record<string, unknown>): string[] {
  const conclusion = asString(r.conclusion);
  return [...(conclusion !== undefined ? [conclusion] : []), ...attachedTitles(r), ...attachedTexts(r)];
}

// An HbA1c given a value in words: its name, then a number within two words ("HbA1c : 6,9 %",
// "Hémoglobine glyquée 6,9 %"; folded text keeps no "%" or ":").
const HBA1C_VALUE = new RegExp(` (?:${HBA1C_NAMES})(?: [a-z]+){0,2} \\d`);
// A goal, a plan or a value quoted from elsewhere is no result ("HbA1c goal < 7 %", "HbA1c à
// contrôler dans 3 mois", "recheck A1c", "dernière HbA1c 8,4 %" in an eye examination).
const NOT_A_RESULT =
  / (?:goal|target|objectif|cible|recheck|repeat|a controler|a recontroler|a refaire|a prevoir|dans \d+ mois|in \d+ months|derniere|last|previous|precedente|indication) /;
// Laboratory reports only: an imaging, eye or dietitian report quotes the HbA1c, it does not report it.
const LAB_REPORT = / (?:lab|laboratory|laboratoire|biologie|biochimie|bilan|chemistry) /;

/** Whether a report is a laboratory's: its category or its code says so (LOINC 11502-2, "Bilan diabète"). */
function isLabReport(r: Record<string, unknown>): boolean {
  const concepts = [...(asList(r.category) ?? []), r.code].map(readConcept);
  return concepts.some(
    (c) =>
      c.codings.some((x) => x.code === 'LAB' || x.code === '11502-2') ||
      [c.text, ...c.codings.map((x) => x.display)].some((t) => t !== undefined && LAB_REPORT.test(normaliseText(t))),
  );
}

/** Whether a laboratory report's text gives an HbA1c a value (not a goal, a plan or a quote). */
function namesHba1c(r: Record<string, unknown>): boolean {
  if (!isLabReport(r)) return false;
  return reportTexts(r).some((t) =>
    sentencesOf(t).some((sentence) => {
      const folded = normaliseText(sentence);
      return HBA1C_VALUE.test(folded) && !NOT_A_RESULT.test(folded);
    }),
  );
}

/** An HbA1c on another scale: a result, but never one a threshold in % applies to. */
/** A reader for results that can only leave the latest HbA1c unknown: with a value, they say why. */
function unreadableAs(problem: string): (r: Record<string, unknown>) => Reading<Measured> | undefined {
  return (r) => (readLabValue(r) === undefined ? undefined : { ok: false, problem });
}

const readOtherScale = unreadableAs('an HbA1c on a scale the service does not read (JDS/JSCC, mass fraction or mass)');
const readUnreadName = unreadableAs('a result whose name looks like an HbA1c the service does not read');

// A result named after an HbA1c by its words but valued in a glucose unit is the average glucose
// estimated from it ("eAG (from HbA1c)", 183 mg/dL), another test, passed over.
function glucoseValued(r: Record<string, unknown>): boolean {
  const q = readLabValue(r);
  return typeof q === 'object' && isGlucoseUnit(q.unit);
}

/** How the value reads on a card: "8.4 %", or "64 mmol/mol (8.0 %)". */
function shown(m: Measured): string {
  const c = m.comparator ? `${COMPARATOR_SYMBOL[m.comparator]} ` : '';
  return m.scale === 'NGSP' ? `${c}${m.value} %` : `${c}${m.value} mmol/mol (${c}${formatPercent(m.percent)} %)`;
}

/**
 * What the results of one instant allow, when it is not one value: a bound as reported, or
 * results that disagree (by 0.05 % or more: % and mmol/mol of one sample differ by rounding).
 */
function rangeOf(measured: readonly Measured[]): NumberRange | undefined {
  if (measured.some((m) => m.comparator)) return spanOf(measured.map((m) => reportedBound(m.percent, m.comparator)));
  const percents = measured.map((m) => m.percent);
  const low = Math.min(...percents);
  const high = Math.max(...percents);
  return high - low >= 0.05 ? { low, high } : undefined;
}

/**
 * The latest usable HbA1c (final, amended or corrected; an amended result replaces the original),
 * whatever its unit, from Observations and from reports' contained results. Results of the same
 * instant that disagree give a range: a threshold they straddle stays undecided.
 */
export function hba1cFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
  reports: ByValueSet = new Map(),
  hemoglobinopathy?: Fact<ConditionFinding>,
): Fact<Hba1cFinding> {
  if (unproven) return unknown(unproven);
  const candidates = [
    ...candidatesOf(
      bucketsOf(groups, HBA1C_SETS).filter((r) => !(classifiedByWords(r) && glucoseValued(r))),
      'Observation',
      OBSERVATION_STATUS,
      readHba1c,
      now,
      dq,
    ),
    // The newest HbA1c on another scale leaves the latest unknown; an older one is passed over.
    ...candidatesOf(
      bucketsOf(groups, [HBA1C_OTHER_SCALE_SET]),
      'Observation',
      OBSERVATION_STATUS,
      readOtherScale,
      now,
      dq,
    ),
    // So does a newer result whose name looks like an HbA1c's but is none the value sets list.
    ...candidatesOf(
      bucketsOf(groups, [UNREAD_HBA1C]).filter((r) => !glucoseValued(r)),
      'Observation',
      OBSERVATION_STATUS,
      readUnreadName,
      now,
      dq,
    ),
    // A newer HbA1c report with its value only in text leaves the latest HbA1c unknown, and so does
    // a generic laboratory report whose text names an HbA1c ("Bilan diabète", conclusion "HbA1c : 6,9 %").
    ...textOnlyReports<Measured>(
      [...bucketsOf(reports, HBA1C_SETS), ...bucketsOf(reports, [UNGROUPED_REPORTS]).filter(namesHba1c)],
      now,
      dq,
    ),
  ];
  const latest = pickLatest(candidates);
  if (latest.kind === 'none') return unknown('no HbA1c on file');
  if (latest.kind === 'unreadable') return unknown(latest.reason);
  const variant = variantNoted(bucketsOf(groups, HBA1C_SETS));
  if (variant)
    return unknown(
      `a hemoglobin variant is noted on the HbA1c ${resourceLabel(variant, 'Observation')}: this patient's HbA1c results may all be off`,
    );
  const disease = hemoglobinopathyDoubt(hemoglobinopathy);
  if (disease) return unknown(disease.reason, disease.evidence);
  const readings = latest.latest.flatMap((c) => (c.reading.ok ? [{ c, m: c.reading.value }] : []));
  const first = readings[0];
  if (!first?.c.date) return unknown('no HbA1c on file');
  // The cards and the trial ask when the blood was taken, which `issued` does not say: an outside
  // result is issued the day it is imported (a review, 2026-12-07, found one shown as recent).
  if (readings.some((r) => r.c.issuedOnly))
    return unknown(`latest HbA1c ${first.c.label} gives only the day it was issued, not the day it was taken`);
  const range = rangeOf(readings.map((r) => r.m));
  const evidence = readings.map(({ c, m }) => ({
    ...candidateEvidence(c, `HbA1c ${shown(m)}`),
    ...(m.fromText ? { confidence: 'low' as const } : {}),
  }));
  const notes = [
    ...(first.m.comparator ? [`reported as ${shown(first.m)}`] : []),
    ...(range && readings.length > 1
      ? [`results of the same time disagree (${readings.map((r) => shown(r.m)).join(', ')})`]
      : []),
    ...(first.m.fromText ? ['value read from text'] : []),
  ];
  const finding: Hba1cFinding = {
    percent: first.m.percent,
    ...(range ? { percentRange: range } : {}),
    date: first.c.date.text,
    ageDays: daysSince(first.c.date, now),
    measured: {
      value: first.m.value,
      unit: first.m.unit,
      scale: first.m.scale,
      ...(first.m.comparator ? { comparator: first.m.comparator } : {}),
    },
  };
  return known(finding, evidence, notes.join('; ') || undefined);
}
