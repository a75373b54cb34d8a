import type { RuleValue } from '../rules/condition-evaluator.js';
import { normaliseText } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact, type KnownFact } from './fact.js';
import { DAY_MS, daysSince, readFhirDate } from './fhir-date.js';
import { asString } from './json-value.js';
import { readLabValue } from './lab-value.js';
import {
  candidateEvidence,
  candidatesOf,
  OBSERVATION_STATUS,
  pickLatest,
  type Candidate,
  type Reading,
} from './latest.js';
import type { ByValueSet } from './observation-index.js';
import { bucketsOf } from './observation-index.js';
import type { ConditionFinding } from './patient-facts.js';
import { readPresence } from './presence-result.js';

/** Value set ids of the observations that say whether the patient is pregnant now. */
export const PREGNANCY_STATUS_SET = 'pregnancy-status';
export const PREGNANCY_TEST_SET = 'pregnancy-test';
export const DELIVERY_DATE_SET = 'delivery-date-estimated';
export const GESTATIONAL_AGE_SET = 'gestational-age';
export const HCG_QUANTITATIVE_SET = 'hcg-quantitative';
export const PREGNANCY_OBSERVATION_SETS = [
  PREGNANCY_STATUS_SET,
  PREGNANCY_TEST_SET,
  DELIVERY_DATE_SET,
  GESTATIONAL_AGE_SET,
  HCG_QUANTITATIVE_SET,
] as const;
/** A condition set read beside the observations: a recent gestational diabetes is a pregnancy now. */
export const GESTATIONAL_DIABETES_SET = 'gestational-diabetes';

/** What else the fact reads: the hCG cut-offs (value set data) and the gestational diabetes fact. */
export interface PregnancyInputs {
  /** IU/L: above `pregnant` a quantitative hCG shows a pregnancy, below `negative` none. */
  readonly hcgCutoffsIuL?: { readonly pregnant: number; readonly negative: number };
  readonly gestationalDiabetes?: Fact<ConditionFinding>;
}

/** What the latest pregnancy observation says. */
export interface PregnancyObservationFinding {
  /** Pregnant now (or delivered less than 42 days ago), by the latest observation. */
  readonly pregnant: boolean;
  readonly date?: string;
}

// A pregnancy lasts at most about 300 days (the problem-list rule, docs/clinical-rules.md,
// "Pregnancy"): an observation older than that says nothing of now.
const WINDOW_DAYS = 300;
// The puerperium: a delivery date passed by less than six weeks is a recent pregnancy still.
const PUERPERIUM_DAYS = 42;

// The answers of LOINC 82810-3 and 11449-6 (US Core and IPS pregnancy status): SNOMED CT and LOINC.
const PREGNANT_CODES: ReadonlySet<string> = new Set(['77386006', 'LA15173-0']);
const NOT_PREGNANT_CODES: ReadonlySet<string> = new Set(['60001007', 'LA26683-5']);
// Words, folded. A denial of the pregnancy itself decides ("not pregnant", "non enceinte"); a bare
// "no" or "negative" beside words that say pregnant ("Pregnant - no complications") is unreadable.
const NOT_PREGNANT = / (not pregnant|not currently pregnant|non enceinte|pas enceinte) /;
const DENIAL = / (no|non|negative|negatif) /;
const PREGNANT_WORDS = / (pregnant|enceinte|grossesse en cours|yes|oui|positive|positif) /;

function statusInWords(text: string): Reading<boolean> {
  const t = normaliseText(text);
  if (NOT_PREGNANT.test(t)) return { ok: true, value: false };
  const denied = DENIAL.test(t);
  const pregnant = PREGNANT_WORDS.test(t);
  if (denied !== pregnant) return { ok: true, value: pregnant };
  return { ok: false, problem: 'pregnancy status neither plainly pregnant nor plainly not' };
}

/** A pregnancy status: a coded answer, a boolean or words; "unknown" and the rest are unreadable. */
function readStatus(r: Record<string, unknown>): Reading<boolean> | undefined {
  if (typeof r.valueBoolean === 'boolean') return { ok: true, value: r.valueBoolean };
  if (r.valueCodeableConcept !== undefined) {
    const concept = readConcept(r.valueCodeableConcept);
    const codes = concept.codings.flatMap((c) => (c.code ? [c.code.trim()] : []));
    const yes = codes.some((c) => PREGNANT_CODES.has(c));
    const no = codes.some((c) => NOT_PREGNANT_CODES.has(c));
    if (yes !== no) return { ok: true, value: yes };
    if (yes && no) return { ok: false, problem: 'pregnancy status both pregnant and not pregnant' };
    const words = concept.text ?? concept.codings.find((c) => c.display)?.display;
    return words !== undefined ? statusInWords(words) : { ok: false, problem: 'pregnancy status not readable' };
  }
  const text = asString(r.valueString);
  if (text !== undefined) return statusInWords(text);
  return r.dataAbsentReason !== undefined ? undefined : { ok: false, problem: 'pregnancy status has no value' };
}

/** A pregnancy test: positive is pregnant, negative is not. */
function readTest(r: Record<string, unknown>): Reading<boolean> | undefined {
  const presence = readPresence(r, 'index');
  if (presence === undefined || !presence.ok) return presence;
  return { ok: true, value: presence.value === 'positive' };
}

/** An estimated delivery date: to come, or passed by under 42 days, is a pregnancy now. */
function readDeliveryDate(r: Record<string, unknown>, now: Date): Reading<boolean> | undefined {
  const d = readFhirDate(r.valueDateTime ?? r.valueString);
  if (d === 'absent') return r.dataAbsentReason !== undefined ? undefined : { ok: false, problem: 'no delivery date' };
  if (d === 'invalid') return { ok: false, problem: 'unreadable delivery date' };
  const passedDays = (now.getTime() - d.ms) / DAY_MS;
  if (passedDays > WINDOW_DAYS) return { ok: true, value: false }; // a past pregnancy's, recorded late
  if (passedDays < -WINDOW_DAYS) return { ok: false, problem: 'delivery date too far ahead' };
  return { ok: true, value: passedDays < PUERPERIUM_DAYS };
}

// Units of a gestational age, folded: UCUM codes and the words clinicians write ("SA" is French
// "semaines d'aménorrhée", weeks since the last period, which is what a gestational age counts).
const WEEK_UNITS: ReadonlySet<string> = new Set(['wk', 'week', 'weeks', 'semaines', 'sa', 'sem']);
const DAY_UNITS: ReadonlySet<string> = new Set(['d', 'day', 'days', 'jours', 'j']);
// Longer than any pregnancy (WINDOW_DAYS): such a number is not a gestational age.
const MAX_GESTATION_DAYS = WINDOW_DAYS;

/** A gestational age in days; a bound, an unread unit or an impossible age is unreadable. */
function readGestationalAge(r: Record<string, unknown>): Reading<number> | undefined {
  const v = readLabValue(r);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return { ok: false, problem: `gestational age: ${v}` };
  const unit = normaliseText(v.unit).trim();
  const perUnit = WEEK_UNITS.has(unit) ? 7 : DAY_UNITS.has(unit) ? 1 : undefined;
  if (perUnit === undefined || v.comparator) return { ok: false, problem: 'gestational age in no readable unit' };
  const days = v.value * perUnit;
  if (days <= 0 || days > MAX_GESTATION_DAYS) return { ok: false, problem: 'not a plausible gestational age' };
  return { ok: true, value: days };
}

/**
 * A gestational age dates the start of the pregnancy (its date less the age). Begun less than a
 * pregnancy's longest course plus the puerperium ago, it is a pregnancy now or just ended: the
 * cards wait, as for a due date passed by under 42 days. Begun longer ago, a past one.
 */
function pregnantByAge(c: Candidate<number>, now: Date): Candidate<boolean> {
  if (!c.reading.ok) return { ...c, reading: c.reading };
  if (!c.date) return { ...c, reading: { ok: false, problem: 'gestational age without a readable date' } };
  return {
    ...c,
    reading: { ok: true, value: daysSince(c.date, now) + c.reading.value < WINDOW_DAYS + PUERPERIUM_DAYS },
  };
}

// International units per litre, as UCUM codes and as written (mIU/mL is the same amount; hCG in
// "U/L" is in international units). Spaces are dropped first ("mUI / mL"). A value sent without a
// unit ("<2.0") is read in these units too: no other unit is used for hCG.
const IU_PER_L: ReadonlySet<string> = new Set([
  '[iu]/l',
  'iu/l',
  'ui/l',
  'u/l',
  'm[iu]/ml',
  '[miu]/ml',
  'miu/ml',
  'mui/ml',
  'mu/ml',
  '',
]);

/** Whether a unit as written ("mUI / mL", "[IU]/L") is one of IU_PER_L. */
function inIuPerL(unit: string): boolean {
  return IU_PER_L.has(unit.replace(/\s+/g, '').toLowerCase());
}

/**
 * A quantitative hCG: above the pregnancy cut-off a pregnancy, below the negative one none, and
 * between them (an early pregnancy or none) nothing certain. A bound reads only when it falls
 * wholly on one side. Words in place of a number ("Positif") read as a qualitative test.
 */
function readHcgLevel(
  r: Record<string, unknown>,
  cutoffs: PregnancyInputs['hcgCutoffsIuL'],
): Reading<boolean> | undefined {
  // "<2.0" or "< 5 UI/L" written as text: below a bound.
  const bound = /^\s*<\s*(\d+(?:[.,]\d+)?)\s*([a-zA-Z/[\] ]*)$/.exec(asString(r.valueString) ?? '');
  if (bound?.[1] && cutoffs && inIuPerL(bound[2] ?? ''))
    return Number(bound[1].replace(',', '.')) <= cutoffs.negative
      ? { ok: true, value: false }
      : { ok: false, problem: 'hCG level between the negative and the pregnancy cut-offs' };
  const v = readLabValue(r);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return r.valueQuantity === undefined ? readTest(r) : { ok: false, problem: `hCG: ${v}` };
  if (!cutoffs) return { ok: false, problem: 'no hCG cut-offs loaded' };
  if (!inIuPerL(v.unit)) return { ok: false, problem: `hCG in an unread unit (${v.unit})` };
  const below = v.comparator === '<' || v.comparator === '<=';
  const above = v.comparator === '>' || v.comparator === '>=';
  if (v.value < cutoffs.negative && !above) return { ok: true, value: false };
  if (v.value > cutoffs.pregnant && !below) return { ok: true, value: true };
  if (below && v.value <= cutoffs.negative) return { ok: true, value: false };
  if (above && v.value >= cutoffs.pregnant) return { ok: true, value: true };
  return { ok: false, problem: 'hCG level between the negative and the pregnancy cut-offs' };
}

function recent(c: Candidate<boolean>, now: Date): boolean {
  return c.date === undefined || daysSince(c.date, now) < WINDOW_DAYS;
}

/** A gestational diabetes on file, with the latest its onset can be (ms). */
interface Gdm {
  readonly fact: KnownFact<ConditionFinding>;
  readonly latestOnsetMs: number;
}

// A gestational diabetes is found at 24 to 28 weeks, so the pregnancy ends within about four
// months of it: begun longer ago, the pregnancy is over (a regression review, 2026-12-05, found
// women with a past gestational diabetes read as pregnant under the 300-day window).
const GDM_PREGNANT_DAYS = 120;

/**
 * A gestational diabetes present on file that may have begun less than 120 days ago (by its onset,
 * or a recorded date that bounds it): begun surely longer ago it is a past pregnancy's. One with
 * no date at all is read as past, as French problem lists keep "Diabète gestationnel" for years.
 */
function recentGdm(fact: Fact<ConditionFinding> | undefined, now: Date): Gdm | undefined {
  if (!fact?.known || !fact.value.present) return undefined;
  const days: RuleValue | undefined = fact.value.days;
  const low = typeof days === 'number' ? days : typeof days === 'object' ? days.low : undefined;
  if (low === undefined || low >= GDM_PREGNANT_DAYS) return undefined;
  return { fact, latestOnsetMs: now.getTime() - low * DAY_MS };
}

/**
 * Whether the latest pregnancy observation of the last 300 days (a pregnancy status, a pregnancy
 * test, a quantitative hCG, an estimated delivery date, a gestational age) says the patient is
 * pregnant. None in that time is "no": the record shows no pregnancy, as a problem list without
 * one does. The newest decides ("not pregnant" after a positive test: the pregnancy ended); an
 * undated, unreadable or preliminary newest one, or results of one time that disagree, leave it
 * unknown. A gestational diabetes that may have begun less than 120 days ago is a pregnancy too,
 * unless a newer observation says not pregnant.
 */
export function pregnancyObservationFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
  inputs: PregnancyInputs = {},
): Fact<PregnancyObservationFinding> {
  const observed = latestObservation(groups, unproven, now, dq, inputs);
  const doubt = inputs.gestationalDiabetes;
  // Its status in doubt ("provisional"...), on a record of its own: "not pregnant" is unproven.
  if (doubt && !doubt.known && doubt.evidence.length > 0 && !(observed.known && observed.value.pregnant)) {
    return unknown(`gestational diabetes on file: ${doubt.reason}`, doubt.evidence);
  }
  const gdm = recentGdm(doubt, now);
  if (!gdm || (observed.known && observed.value.pregnant)) return observed;
  // "Not pregnant" said after the diabetes surely began: that pregnancy has ended.
  const said = observed.known && observed.value.date !== undefined ? readFhirDate(observed.value.date) : undefined;
  if (typeof said === 'object' && said.ms > gdm.latestOnsetMs) return observed;
  const date = gdm.fact.value.earliest;
  return known({ pregnant: true, ...(date ? { date } : {}) }, gdm.fact.evidence);
}

function latestObservation(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
  inputs: PregnancyInputs,
): Fact<PregnancyObservationFinding> {
  if (unproven) return unknown(unproven);
  const read = <T>(set: string, reader: (r: Record<string, unknown>) => Reading<T> | undefined) =>
    candidatesOf(bucketsOf(groups, [set]), 'Observation', OBSERVATION_STATUS, reader, now, dq);
  const candidates = [
    ...read(PREGNANCY_STATUS_SET, readStatus),
    ...read(PREGNANCY_TEST_SET, readTest),
    ...read(HCG_QUANTITATIVE_SET, (r) => readHcgLevel(r, inputs.hcgCutoffsIuL)),
    ...read(DELIVERY_DATE_SET, (r) => readDeliveryDate(r, now)),
    ...read(GESTATIONAL_AGE_SET, readGestationalAge).map((c) => pregnantByAge(c, now)),
  ].filter((c) => recent(c, now));
  const latest = pickLatest(candidates);
  if (latest.kind === 'none') return known({ pregnant: false }, []);
  if (latest.kind === 'unreadable') return unknown(latest.reason);
  const readings = latest.latest.flatMap((c) => (c.reading.ok ? [{ c, v: c.reading.value }] : []));
  const first = readings[0];
  if (!first?.c.date) return unknown('pregnancy observation has no readable date');
  if (readings.some((r) => r.v !== first.v)) return unknown('pregnancy observations of the same time disagree');
  const display = first.v ? 'pregnant' : 'not pregnant';
  return known({ pregnant: first.v, date: first.c.date.text }, [candidateEvidence(first.c, display)]);
}
