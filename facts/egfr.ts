import type { NumberRange } from '../rules/condition-evaluator.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact } from './fact.js';
import { DAY_MS, daysSince } from './fhir-date.js';
import { readLabValue, readValueString, type LabValue } from './lab-value.js';
import {
  candidateEvidence,
  candidatesOf,
  OBSERVATION_STATUS,
  pickLatest,
  type Candidate,
  type Reading,
} from './latest.js';
import { classifiedByWords, type ByValueSet } from './observation-index.js';
import type { EgfrFinding } from './patient-facts.js';
import { reportedBound, spanOf } from './reported-bound.js';
import { isEgfrUnit, isPlainMlPerMin } from './units.js';

/**
 * Value set ids of eGFR observations, by the formula they name: MDRD, CKD-EPI, and any other
 * (cystatin C alone, or no formula stated: 69405-9, a local "DFG estimé"). The newest of them all
 * is the patient's eGFR.
 */
export const EGFR_SETS = ['egfr-mdrd', 'egfr-ckd-epi', 'egfr-other'] as const;

const METHOD: Readonly<Record<(typeof EGFR_SETS)[number], EgfrFinding['method']>> = {
  'egfr-mdrd': 'MDRD',
  'egfr-ckd-epi': 'CKD-EPI',
  'egfr-other': 'other',
};

/**
 * Value set of serum creatinine results. A creatinine drawn more than a day after the latest eGFR
 * may show a kidney function the eGFR does not (an acute injury, a decline since), and no eGFR was
 * reported of it: the eGFR is then known only as at most its value. The day's margin keeps the
 * creatinine of the eGFR's own draw, which laboratories may date minutes or hours apart.
 */
export const CREATININE_SET = 'creatinine';

type Egfr = LabValue & { method: EgfrFinding['method']; unitByCode?: boolean };

/**
 * The value of an eGFR. When a code of the eGFR value sets named the result (not its words), the
 * code says which test it is, and every such LOINC code is reported in mL/min/1.73m2: a result
 * there in plain "mL/min" or in no unit ("<15") is that number written short (a review of lab
 * units, 2026-12-07: an eGFR of 22 "mL/min" under 62238-1 was left unread). A creatinine
 * clearance has its own codes (LOINC 2164-2), in no eGFR set, so it never gets here; a result
 * named an eGFR only by its words still needs the eGFR unit.
 */
function readEgfrValue(r: Record<string, unknown>): { q: LabValue | string | undefined; byCode: boolean } {
  const byCode = !classifiedByWords(r);
  const q = readLabValue(r);
  if (byCode && typeof q === 'string' && typeof r.valueString === 'string') {
    // A bare number or bound as text ("<15"), which readLabValue leaves unread for want of a unit.
    const bare = readValueString(r.valueString, true);
    return { q: bare ? { ...bare, fromText: true } : q, byCode };
  }
  return { q, byCode };
}

function reader(method: EgfrFinding['method']) {
  return (r: Record<string, unknown>): Reading<Egfr> | undefined => {
    const { q, byCode } = readEgfrValue(r);
    if (q === undefined) return undefined;
    if (typeof q === 'string') return { ok: false, problem: q };
    const unitByCode = byCode && !isEgfrUnit(q.unit) && (q.unit.trim() === '' || isPlainMlPerMin(q.unit));
    if (!isEgfrUnit(q.unit) && !unitByCode) return { ok: false, problem: 'unit is not mL/min/1.73m2' };
    if (q.value < 0 || q.value > 250) return { ok: false, problem: 'implausible value' };
    return { ok: true, value: { ...q, method, ...(unitByCode ? { unitByCode } : {}) } };
  };
}

/**
 * Whether a result named an eGFR by its words alone carries a value in a unit that is no eGFR's
 * ("Créatinine sérique (avec DFG)" in µmol/L): it is another test that mentions the eGFR, passed
 * over like any other analyte rather than left as an unreadable eGFR. A coded eGFR in a wrong
 * unit stays unreadable.
 */
function otherTestByWords(r: Record<string, unknown>): boolean {
  if (!classifiedByWords(r)) return false;
  const q = readLabValue(r);
  return typeof q === 'object' && q.unit.trim() !== '' && !isEgfrUnit(q.unit);
}

/**
 * The latest usable eGFR of any formula: the newest result decides, MDRD (the formula
 * the trial names) only when it is as recent as the newest, and the fact says which formula it is.
 * A bound as labs report it ("> 60") stays a bound; same-time results that disagree give a range.
 */
export function egfrFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
): Fact<EgfrFinding> {
  if (unproven) return unknown(unproven);
  const candidates: Candidate<Egfr>[] = EGFR_SETS.flatMap((id) =>
    candidatesOf(
      (groups.get(id) ?? []).filter((r) => !otherTestByWords(r)),
      'Observation',
      OBSERVATION_STATUS,
      reader(METHOD[id]),
      now,
      dq,
    ),
  );
  // An Observation coded with both formulas' codes is one result: keep it once.
  const unique = candidates.filter((c, i) => candidates.findIndex((o) => o.id === c.id) === i);
  const latest = pickLatest(unique);
  if (latest.kind === 'none') return unknown('no eGFR on file');
  if (latest.kind === 'unreadable') return unknown(latest.reason);
  const readings = latest.latest.flatMap((c) => (c.reading.ok ? [{ c, q: c.reading.value }] : []));
  const mdrd = readings.filter((r) => r.q.method === 'MDRD');
  const used = mdrd.length > 0 ? mdrd : readings;
  const first = used[0];
  if (!first?.c.date) return unknown('no eGFR on file');
  const eGfrMs = first.c.date.ms;
  const newerCreatinine = candidatesOf(
    groups.get(CREATININE_SET) ?? [],
    'Observation',
    OBSERVATION_STATUS,
    (r) => (readLabValue(r) === undefined ? undefined : { ok: true, value: true }),
    now,
    dq,
  ).find((c) => c.date !== undefined && c.date.ms > eGfrMs + DAY_MS);
  const span = spanOf(used.map((r) => reportedBound(r.q.value, r.q.comparator)));
  // A newer creatinine may show a decline the eGFR does not: the eGFR is then known only as at
  // most its value (a recovery since would only keep out a patient the eGFR already kept out).
  const ceiling: NumberRange | undefined = newerCreatinine
    ? {
        low: 0,
        ...(span.high !== undefined ? { high: span.high } : {}),
        ...(span.highExclusive ? { highExclusive: true } : {}),
      }
    : undefined;
  const range = ceiling ?? (span.low === span.high ? undefined : span);
  const shown = (q: Egfr) =>
    `${q.comparator ?? ''}${q.value} mL/min/1.73m2 (${q.method === 'other' ? 'formula not MDRD or CKD-EPI' : q.method})`;
  const notes = [
    ...(first.q.method === 'CKD-EPI' ? ['CKD-EPI formula: no MDRD result of that date'] : []),
    ...(first.q.method === 'other'
      ? ['formula neither MDRD nor CKD-EPI (or not stated): no MDRD result of that date']
      : []),
    ...(first.q.comparator ? [`reported as ${first.q.comparator} ${first.q.value}`] : []),
    ...(first.q.unitByCode
      ? [`unit written "${first.q.unit || 'none'}" under an eGFR code: read as mL/min/1.73m2`]
      : []),
    ...(used.length > 1 && span.low !== span.high ? ['results of the same time disagree'] : []),
    ...(newerCreatinine?.date
      ? [`${newerCreatinine.label} of ${newerCreatinine.date.text} is newer: kidney function may have fallen since`]
      : []),
  ];
  const finding: EgfrFinding = {
    value: first.q.value,
    ...(range ? { range } : {}),
    method: first.q.method,
    date: first.c.date.text,
    ageDays: daysSince(first.c.date, now),
  };
  const evidence = used.map(({ c, q }) => ({
    ...candidateEvidence(c, `eGFR ${shown(q)}`),
    ...(q.fromText ? { confidence: 'low' as const } : {}),
  }));
  return known(finding, evidence, notes.join('; ') || undefined);
}
