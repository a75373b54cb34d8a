import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact } from './fact.js';
import { daysSince } from './fhir-date.js';
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
import { readQuantity } from './quantity.js';
import { drinksPerDayFactor } from './units.js';

/** A count from valueQuantity or valueInteger, converted by the unit factor, within bounds. */
function readCount(
  r: Record<string, unknown>,
  max: number,
  factor: (unit: string) => number | undefined,
  integer: boolean,
): Reading<number> | undefined {
  if (r.valueQuantity === undefined && r.valueInteger === undefined) {
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
  if (value < 0 || value > max || (integer && !Number.isInteger(value)))
    return { ok: false, problem: 'implausible value' };
  return { ok: true, value };
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
  const read = (r: Record<string, unknown>) => readCount(r, 60, drinksPerDayFactor, false);
  const found = latestNumber(
    candidatesOf(groups.get('drinks-per-day') ?? [], 'Observation', OBSERVATION_STATUS, read, now, dq),
    'drinks-per-day result',
  );
  if (typeof found === 'string') return unknown(found);
  const drinks = found.value;
  const grams = drinks * gramsPerDrink;
  const evidence = candidateEvidence(
    found.candidate,
    `${drinks} drinks/day (${grams} g/day at ${gramsPerDrink} g/drink)`,
  );
  const date = found.candidate.date;
  if (!date) return unknown('the latest drinks-per-day result has no date');
  return known({ gramsPerDay: grams, drinksPerDay: drinks, date: date.text, ageDays: daysSince(date, now) }, [
    evidence,
  ]);
}

/** The latest AUDIT-C total score (0-12). */
export function auditCFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
): Fact<AuditCFinding> {
  if (unproven) return unknown(unproven);
  const read = (r: Record<string, unknown>) =>
    readCount(r, 12, (u) => (u === '' || u === '1' || u === '{score}' ? 1 : undefined), true);
  const found = latestNumber(
    candidatesOf(groups.get('audit-c') ?? [], 'Observation', OBSERVATION_STATUS, read, now, dq),
    'AUDIT-C score',
  );
  if (typeof found === 'string') return unknown(found);
  const score = found.value;
  const date = found.candidate.date;
  if (!date) return unknown('the latest AUDIT-C score has no date');
  return known({ score, date: date.text, ageDays: daysSince(date, now) }, [
    candidateEvidence(found.candidate, `AUDIT-C ${score}`),
  ]);
}
