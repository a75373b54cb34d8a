import { normaliseText } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { conceptLabel, conceptValueSets, conceptWords, readConcept } from './coding.js';
import { untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { asList, asNumber, asObject, asString } from './json-value.js';
import { known, unknown, type Evidence, type Fact } from './fact.js';
import type { ConditionFinding } from './patient-facts.js';
import { DAY_MS, daysSince, lastInstant, type FhirDate } from './fhir-date.js';
import {
  candidateEvidence,
  candidatesOf,
  OBSERVATION_STATUS,
  pickLatest,
  type Candidate,
  type Reading,
} from './latest.js';
import type { ByValueSet } from './observation-index.js';
import type { AlcoholFinding, AuditCFinding } from './patient-facts.js';
import { readValueString } from './lab-value.js';
import { readQuantity } from './quantity.js';
import { resourceId } from './resource-label.js';
import { alcoholGramsPerDayFactor, drinksPerDayFactor } from './units.js';

/** A count from valueQuantity or valueInteger, converted by the unit factor, within bounds. */
function readCount(
  r: Record<string, unknown>,
  max: number,
  factor: (unit: string) => number | undefined,
  integer: boolean,
): Reading<number> | undefined {
  if (r.valueQuantity === undefined && r.valueInteger === undefined) {
    // "4 verres/jour": a number and its unit written as text, read as lower-confidence evidence.
    if (typeof r.valueString === 'string') {
      const q = readValueString(r.valueString);
      if (!q) return { ok: false, problem: 'valueString is not a number with a unit' };
      if (q.comparator) return { ok: false, problem: 'value has a comparator' };
      const f = factor(q.unit);
      if (f === undefined) return { ok: false, problem: 'unit cannot be converted' };
      return bounded(q.value * f, max, integer);
    }
    return r.dataAbsentReason !== undefined ? undefined : { ok: false, problem: 'no numeric value' };
  }
  let value: number;
  if (r.valueInteger !== undefined) {
    if (typeof r.valueInteger !== 'number' || !Number.isInteger(r.valueInteger))
      return { ok: false, problem: 'valueInteger is not an integer' };
    value = r.valueInteger;
  } else {
    const q = readQuantity(r.valueQuantity);
    if (typeof q === 'string') return { ok: false, problem: q };
    if (q.comparator) return { ok: false, problem: 'value has a comparator' };
    const f = factor(q.unit);
    if (f === undefined) return { ok: false, problem: 'unit cannot be converted' };
    value = q.value * f;
  }
  return bounded(value, max, integer);
}

function bounded(value: number, max: number, integer: boolean): Reading<number> {
  if (value < 0 || value > max || (integer && !Number.isInteger(value)))
    return { ok: false, problem: 'implausible value' };
  return { ok: true, value };
}

/**
 * Drinks per drinking day (LOINC 11287-0) is not drinks per day: the days are not given. Such a
 * result is never read; as the newest measure it leaves the alcohol fact unknown.
 */
const PER_DRINKING_DAY: Reading<number> = {
  ok: false,
  problem: 'drinks per drinking day is not drinks per day, so grams per day cannot be told',
};

/** Alcohol use recorded as an AUDIT-C question or in words (LOINC 11331-6, 68518-0, 68519-8...). */
export const ALCOHOL_USE_UNREAD = 'alcohol-use-unread';
/** Alcohol use status questions (SNOMED 228273003): read for risky answers, and as words when written in words. */
const ALCOHOL_USE_STATUS = 'alcohol-use-status';
const OTHER_FORM: Reading<number> = {
  ok: false,
  problem: 'alcohol use recorded in a form that is not drinks a day (a questionnaire item or words)',
};

// An answer that says the patient does not drink ("Never", "Jamais", "Consommation : nulle", 0):
// none a day, whatever the form (a regression review, 2026-12-05).
const NO_DRINKING =
  /^ (?:never|jamais|none|no|non|nulle|nul|aucune|aucun|0|zero|abstinent|abstinente|not at all|pas du tout|does not drink|ne boit pas) $/;

/** The words a result answers with: its valueString, and its coded answer's text and displays. */
function answerTexts(r: Record<string, unknown>): (string | undefined)[] {
  const concept = readConcept(r.valueCodeableConcept);
  return [asString(r.valueString), concept.text, ...concept.codings.map((c) => c.display)];
}

/** Alcohol use in another form: none when its answer says so, else not a count of drinks a day. */
function readOtherForm(r: Record<string, unknown>): Reading<number> {
  const answers = answerTexts(r);
  const numbers = [asNumber(r.valueInteger), asNumber(asObject(r.valueQuantity)?.value)];
  if (numbers.includes(0) || answers.some((a) => a !== undefined && NO_DRINKING.test(normaliseText(a))))
    return { ok: true, value: 0 };
  return OTHER_FORM;
}

// Words of a result that put heavy drinking in the past ("0 - sevré depuis 2019 (ancien
// éthylique)", "former heavy drinker, abstinent since 2020", and since a review of 2026-12-07,
// night: "Abstinence depuis 1 mois ; auparavant 6 verres/jour", "Quit drinking 10/2026, previously
// 12 beers/day"): none today, but the registry
// excludes chronic intoxication, which a weaned drinker may still have. The count then decides
// nothing: the exclusion is left to confirm.
// "auparavant 6 verres/jour", "previously 12 beers/day": a past word beside a count of drinks (the
// past word alone says nothing of drinking: "previously teetotal", "unchanged from previously").
const PAST_QUANTITY =
  ' (?:auparavant|anciennement|previously|formerly|prior|before) (?:[a-z]+ ){0,2}?\\d+(?: [a-z]+){0,1}? (?:verres?|drinks?|beers?|bieres?|glasses|glass|units?|unites?|cans?|canettes?|bottles?|bouteilles?|shots?) ';
const FORMER_HEAVY_DRINKING = new RegExp(
  ` (?:sevre|sevree|sevrage|ancien ethylique|ancienne ethylique|ex ethylique|ethylisme sevre|alcoolisme sevre|ancien alcoolique|ex alcoolique|former heavy drinker|former alcoholic|recovering alcoholic|in recovery|alcohol use disorder in remission|in remission|ex drinker|former drinker|ancien buveur|ancienne buveuse|ex buveur|used to drink|quit drinking|stopped drinking|abstinence depuis|abstinent depuis|abstinente depuis|arret de l alcool|arret alcool|arret de l oh|arret oh) |${PAST_QUANTITY}`,
);

// Weaning from tobacco is no weaning from alcohol ("Sevrage tabagique en cours", "ancien fumeur").
const TOBACCO = / (?:tabac|tabagique|tabagisme|fumeur|fumeuse|cigarette|cigarettes|nicotine|smoker|smoking|tobacco) /;

/** Whether a result's words speak of past heavy drinking (its value, answer or notes), not of tobacco. */
function formerHeavyDrinking(r: Record<string, unknown>): boolean {
  const notes = (asList(r.note) ?? []).map((n) => asString(asObject(n)?.text));
  return [...answerTexts(r), ...notes].some((t) => {
    if (t === undefined) return false;
    const folded = normaliseText(t);
    return FORMER_HEAVY_DRINKING.test(folded) && !TOBACCO.test(folded);
  });
}

const FORMER_DRINKER: Reading<number> = {
  ok: false,
  problem: "the result speaks of past heavy drinking, so today's count does not settle the exclusion",
};

// A name that gives grams a day or a week, folded ("g/jour" is "g jour").
const GRAMS_NAME = / (?:g|gramme|grammes|gram|grams) (?:j|jour|d|day|par jour|per day|sem|semaine|wk|week) /;

/** Whether the result's name says its value is grams of alcohol a day or a week. */
function namedInGrams(r: Record<string, unknown>): boolean {
  return conceptWords(readConcept(r.code)).some((w) => GRAMS_NAME.test(normaliseText(w)));
}

/** The single latest readable number, or why there is none. */
function latestNumber(
  candidates: readonly Candidate<number>[],
  what: string,
): { readonly candidate: Candidate<number>; readonly value: number } | string {
  const latest = pickLatest(candidates);
  if (latest.kind === 'none') return `no ${what} on file`;
  if (latest.kind === 'unreadable') return latest.reason;
  const first = latest.latest[0];
  if (!first?.reading.ok) return `no ${what} on file`;
  const v = first.reading.value;
  if (latest.latest.some((c) => c.reading.ok && c.reading.value !== v))
    return `${what} results at the same time disagree`;
  return { candidate: first, value: v };
}

/** Alcohol in g/day: the latest drinks-per-day result × grams per standard drink (10 g in France, 14 g in the US). */
export function alcoholFact(
  groups: ByValueSet,
  unproven: string | undefined,
  gramsPerDrink: number,
  now: Date,
  dq: DataQualityLog,
): Fact<AlcoholFinding> {
  if (unproven) return unknown(unproven);
  // A result in grams a day (or a week) is read as such; its drinks are the grams over the grams
  // per drink. Its exact grams are kept by id, so the grams a day are not recomputed from drinks.
  const inGrams = new Map<string, number>();
  const read = (r: Record<string, unknown>): Reading<number> | undefined => {
    if (formerHeavyDrinking(r)) return FORMER_DRINKER;
    // A bare valueInteger has no unit, so it is never grams.
    const grams =
      r.valueInteger === undefined ? readCount(r, 60 * gramsPerDrink, alcoholGramsPerDayFactor, false) : undefined;
    if (grams?.ok) {
      inGrams.set(resourceId(r), grams.value);
      return { ok: true, value: grams.value / gramsPerDrink };
    }
    // A result named in grams ("Consommation d'alcool (g/jour)") with no unit, or another one, is
    // not read as drinks: 40 would be 40 drinks.
    if (namedInGrams(r)) return { ok: false, problem: 'named in grams of alcohol, but its unit is not grams a day' };
    return readCount(r, 60, drinksPerDayFactor, false);
  };
  const perDay = groups.get('drinks-per-day') ?? [];
  // A result coded both ways is a per-day result; one only per drinking day is never read, nor is
  // alcohol use in another form (an AUDIT-C question, a history in words): newer, each leaves the
  // grams a day unknown.
  const perDrinkingDay = (groups.get('drinks-per-drinking-day') ?? []).filter((r) => !perDay.includes(r));
  const otherForm = (groups.get(ALCOHOL_USE_UNREAD) ?? []).filter((r) => !perDay.includes(r));
  // An alcohol use status answered in words ("Current drinker - approx. 18 standard drinks per
  // week", SNOMED 228273003) is a history in words too (a review, 2026-12-07, found an older count
  // of 1 drink a day ruling the exclusion out beside it).
  for (const r of groups.get(ALCOHOL_USE_STATUS) ?? [])
    if (typeof r.valueString === 'string' && !perDay.includes(r) && !otherForm.includes(r)) otherForm.push(r);
  const found = latestNumber(
    [
      ...candidatesOf(perDay, 'Observation', OBSERVATION_STATUS, read, now, dq),
      ...candidatesOf(perDrinkingDay, 'Observation', OBSERVATION_STATUS, () => PER_DRINKING_DAY, now, dq),
      ...candidatesOf(
        otherForm,
        'Observation',
        OBSERVATION_STATUS,
        (r) => (formerHeavyDrinking(r) ? FORMER_DRINKER : readOtherForm(r)),
        now,
        dq,
      ),
    ],
    'drinks-per-day result',
  );
  if (typeof found === 'string') return unknown(found);
  const drinks = found.value;
  const gramsGiven = inGrams.get(found.candidate.id);
  const grams = gramsGiven ?? drinks * gramsPerDrink;
  const fromText = perDay.some(
    (r) =>
      typeof r.valueString === 'string' &&
      r.valueQuantity === undefined &&
      r.valueInteger === undefined &&
      resourceId(r) === found.candidate.id,
  );
  const evidence = {
    ...candidateEvidence(
      found.candidate,
      gramsGiven === undefined
        ? `${drinks} drinks/day (${grams} g/day at ${gramsPerDrink} g/drink)`
        : `${grams} g/day of alcohol`,
    ),
    ...(fromText ? { confidence: 'low' as const } : {}),
  };
  const date = found.candidate.date;
  if (!date) return unknown('the latest drinks-per-day result has no date');
  return known({ gramsPerDay: grams, drinksPerDay: drinks, date: date.text, ageDays: daysSince(date, now) }, [
    evidence,
  ]);
}

// The calendar day a dateTime was written on ("2026-10-01T00:30:00+02:00" is 1 October), as UTC
// midnight: a day-dated result is compared with it on that day, not on the UTC instant.
const WRITTEN_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
function dayStart(d: FhirDate): number {
  const m = d.precision === 'time' ? WRITTEN_DAY.exec(d.text) : null;
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : d.ms;
}
function dayEnd(d: FhirDate): number {
  return d.precision === 'time' ? dayStart(d) + DAY_MS - 1 : lastInstant(d);
}

/**
 * Whether a count of drinks surely came after an AUDIT-C score. Two timed results compare by
 * their instants. Otherwise they compare alike, each by the calendar days its date spans (a timed
 * one by the day it was written on): a count is newer only from the day after the score's. On the
 * same day, which came last cannot be told, and the score is read (beside the count, which
 * alcoholFact reads): a high score then meets the exclusion, the side that withholds the card.
 */
function countIsNewer(count: FhirDate, score: FhirDate): boolean {
  if (count.precision === 'time' && score.precision === 'time') return count.ms > score.ms;
  return dayStart(count) > dayEnd(score);
}

/**
 * The latest AUDIT-C total score (0-12), and whether it is the latest alcohol measure: as recent
 * as every drinks-per-day (or per-drinking-day) result. A newer count of drinks decides on its
 * own, so an older score, or none, is known not to be the latest measure (`latest` false, no
 * score): a rule then reads the score only when it is the latest.
 */
export function auditCFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
): Fact<AuditCFinding> {
  if (unproven) return unknown(unproven);
  const read = (r: Record<string, unknown>) =>
    readCount(r, 12, (u) => (u === '' || u === '1' || u === '{score}' ? 1 : undefined), true);
  const scores = candidatesOf(groups.get('audit-c') ?? [], 'Observation', OBSERVATION_STATUS, read, now, dq);
  if (scores.length === 0) return known({ latest: false }, [], 'no AUDIT-C score on file');
  // Only the dates of the counts matter here; their defects go to the record's log (once: the log
  // drops a line already written by alcoholFact).
  const counts = candidatesOf(
    [...(groups.get('drinks-per-day') ?? []), ...(groups.get('drinks-per-drinking-day') ?? [])],
    'Observation',
    OBSERVATION_STATUS,
    () => ({ ok: true, value: 0 }),
    now,
    dq,
  );
  // A count is newer than the score only when it surely came after it (see `countIsNewer`); an
  // undated count might be the newest, so the score's place is unknown.
  if (counts.some((c) => !c.date))
    return unknown('a count of drinks has no readable date, so the latest alcohol measure is unknown');
  const scoreDates = scores.flatMap((c) => (c.date ? [c.date] : []));
  const undatedScore = scoreDates.length < scores.length;
  const newerThanAll = (d: FhirDate) => scoreDates.every((s) => countIsNewer(d, s));
  if (!undatedScore && counts.some((c) => c.date && newerThanAll(c.date))) {
    return known({ latest: false }, [], 'a count of drinks is newer than the latest AUDIT-C score');
  }
  const found = latestNumber(scores, 'AUDIT-C score');
  if (typeof found === 'string') return unknown(found);
  const score = found.value;
  const date = found.candidate.date;
  if (!date) return unknown('the latest AUDIT-C score has no date');
  return known({ score, date: date.text, ageDays: daysSince(date, now), latest: true }, [
    candidateEvidence(found.candidate, `AUDIT-C ${score}`),
  ]);
}

/** Heavy or risky drinking coded short of abuse or dependence (86933000, F10.9, Z72.1). */
export const ALCOHOL_USE_RISK = 'alcohol-use-risk';

/**
 * Heavy or risky drinking recorded as the coded answer of an Observation rather than as a
 * Condition: an alcohol use status (US Core's example codes it LOINC 11331-6; public value sets
 * take answers from SNOMED 228273003 "Finding relating to alcohol drinking behavior"; the review's
 * record used LOINC 74205-7) answered 86933000 "Heavy drinker" or 228279004 "Very heavy drinker"
 * (a review of alcohol entries, 2026-12-07, found it left "no chronic alcohol abuse" met). The
 * answer's code, in the alcohol-use-risk set, says the patient drinks heavily whatever the
 * question's code, so every Observation is looked at and no question code needs to be known; one
 * entered in error or cancelled is not. It is read like the same code on the problem list:
 * whatever its date, it can only leave the abuse to confirm, never decide it.
 */
export function riskyUseObserved(record: PatientRecord, valueSets: ValueSetIndex): Fact<ConditionFinding> {
  const evidence: Evidence[] = [];
  for (const raw of untrustedResources(record, 'Observation')) {
    const r = asObject(raw);
    if (!r || (typeof r.status === 'string' && OBSERVATION_STATUS.dropped.has(r.status))) continue;
    const answer = readConcept(r.valueCodeableConcept);
    if (!conceptValueSets(valueSets, answer).includes(ALCOHOL_USE_RISK)) continue;
    const date = asString(r.effectiveDateTime) ?? asString(r.issued);
    evidence.push({
      resourceType: 'Observation',
      id: resourceId(r),
      ...(date ? { date } : {}),
      display: conceptLabel(answer) ?? 'heavy drinking',
      confidence: 'high',
    });
  }
  return known({ present: evidence.length > 0 }, evidence);
}

/**
 * Alcohol abuse on file, with heavy or risky drinking beside it (coded as a condition, or as the
 * answer of an observation): such a record says the patient drinks heavily without saying abuse,
 * so an abuse found absent becomes unknown (a clinician decides), and one found present or
 * unknown is kept.
 */
export function abuseBesideRiskyUse(
  abuse: Fact<ConditionFinding>,
  riskyCondition: Fact<ConditionFinding>,
  riskyObserved?: Fact<ConditionFinding>,
): Fact<ConditionFinding> {
  const risky = riskyCondition.known && riskyCondition.value.present ? riskyCondition : riskyObserved;
  if (!abuse.known || abuse.value.present || !risky?.known || !risky.value.present) return abuse;
  const on = risky.evidence.map((e) => `${e.resourceType}/${e.id}${e.date ? ` ${e.date}` : ''}`).join(', ');
  return unknown(`heavy or risky drinking on file (${on}): whether it is abuse is to confirm`, risky.evidence);
}
