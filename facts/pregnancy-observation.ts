import { normaliseText } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact } from './fact.js';
import { DAY_MS, daysSince, readFhirDate } from './fhir-date.js';
import { asString } from './json-value.js';
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
import { readPresence } from './presence-result.js';

/** Value set ids of the observations that say whether the patient is pregnant now. */
export const PREGNANCY_STATUS_SET = 'pregnancy-status';
export const PREGNANCY_TEST_SET = 'pregnancy-test';
export const DELIVERY_DATE_SET = 'delivery-date-estimated';
export const PREGNANCY_OBSERVATION_SETS = [PREGNANCY_STATUS_SET, PREGNANCY_TEST_SET, DELIVERY_DATE_SET] as const;

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

function recent(c: Candidate<boolean>, now: Date): boolean {
  return c.date === undefined || daysSince(c.date, now) < WINDOW_DAYS;
}

/**
 * Whether the latest pregnancy observation of the last 300 days (a pregnancy status, a pregnancy
 * test, an estimated delivery date) says the patient is pregnant. None in that time is "no": the
 * record shows no pregnancy, as a problem list without one does. The newest decides ("not
 * pregnant" after a positive test: the pregnancy ended); an undated, unreadable or preliminary
 * newest one, or results of one time that disagree, leave it unknown.
 */
export function pregnancyObservationFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
): Fact<PregnancyObservationFinding> {
  if (unproven) return unknown(unproven);
  const candidates = [
    ...candidatesOf(bucketsOf(groups, [PREGNANCY_STATUS_SET]), 'Observation', OBSERVATION_STATUS, readStatus, now, dq),
    ...candidatesOf(bucketsOf(groups, [PREGNANCY_TEST_SET]), 'Observation', OBSERVATION_STATUS, readTest, now, dq),
    ...candidatesOf(
      bucketsOf(groups, [DELIVERY_DATE_SET]),
      'Observation',
      OBSERVATION_STATUS,
      (r) => readDeliveryDate(r, now),
      now,
      dq,
    ),
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
