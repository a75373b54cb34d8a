import type { DataQualityLog } from './data-quality.js';
import { known, unknown } from './fact.js';
import { daysSince } from './fhir-date.js';
import { candidateEvidence, candidatesOf, OBSERVATION_STATUS, pickLatest, type Reading } from './latest.js';
import { bucketsOf, type ByValueSet } from './observation-index.js';
import type { Hba1cFinding } from './patient-facts.js';
import { readQuantity } from './quantity.js';
import type { Fact } from './types.js';
import { hba1cScale } from './units.js';

/** Value set ids of HbA1c observations, NGSP (%) and IFCC (mmol/mol). */
export const HBA1C_SETS = ['hba1c-ngsp', 'hba1c-ifcc'] as const;

/** NGSP % from IFCC mmol/mol (CLINICAL.md "HbA1c conversion": NGSP = 0.09148 × IFCC + 2.152). */
export function ifccToNgsp(mmolPerMol: number): number {
  return 0.09148 * mmolPerMol + 2.152;
}

/** A percentage rounded to one decimal, for display only. */
export function formatPercent(percent: number): string {
  return (Math.round(percent * 10) / 10).toFixed(1);
}

// Outside this range an NGSP value is a unit or entry error, not a measurement.
const PLAUSIBLE_NGSP = { min: 2, max: 25 };

/** Reads one HbA1c result into NGSP %, refusing units that cannot be converted. */
export function readHba1c(
  r: Record<string, unknown>,
): Reading<Hba1cFinding['measured'] & { percent: number }> | undefined {
  if (r.valueQuantity === undefined && r.dataAbsentReason !== undefined) return undefined;
  const q = readQuantity(r.valueQuantity);
  if (typeof q === 'string') return { ok: false, problem: q };
  if (q.comparator) return { ok: false, problem: 'value has a comparator' };
  const scale = hba1cScale(q.unit);
  if (!scale) return { ok: false, problem: 'unit cannot be converted to NGSP %' };
  const percent = scale === 'NGSP' ? q.value : ifccToNgsp(q.value);
  if (percent < PLAUSIBLE_NGSP.min || percent > PLAUSIBLE_NGSP.max) return { ok: false, problem: 'implausible value' };
  return { ok: true, value: { value: q.value, unit: q.unit, scale, percent } };
}

/** The latest HbA1c by effective date, whatever its unit; unknown when the latest cannot be read. */
export function hba1cFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
): Fact<Hba1cFinding> {
  if (unproven) return unknown(unproven);
  const candidates = candidatesOf(bucketsOf(groups, HBA1C_SETS), 'Observation', OBSERVATION_STATUS, readHba1c, now, dq);
  const latest = pickLatest(candidates);
  if (latest.kind === 'none') return unknown('no HbA1c on file');
  if (latest.kind === 'unreadable') return unknown(latest.reason);
  const first = latest.latest[0];
  if (!first?.reading.ok || !first.date) return unknown('no HbA1c on file');
  const m = first.reading.value;
  if (latest.latest.some((c) => c.reading.ok && Math.abs(c.reading.value.percent - m.percent) >= 0.05)) {
    return unknown(`HbA1c results at the same time disagree (${latest.latest.map((c) => c.label).join(', ')})`);
  }
  const shown =
    m.scale === 'NGSP' ? `${formatPercent(m.percent)} %` : `${m.value} mmol/mol (${formatPercent(m.percent)} %)`;
  const evidence = [candidateEvidence(first, `HbA1c ${shown}`)];
  const finding: Hba1cFinding = {
    percent: m.percent,
    date: first.date.text,
    ageDays: daysSince(first.date, now),
    measured: { value: m.value, unit: m.unit, scale: m.scale },
  };
  return known(finding, evidence, first.preliminary ? 'latest HbA1c is a preliminary result' : undefined);
}
