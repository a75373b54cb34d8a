import type { DataQualityLog } from './data-quality.js';
import { known, unknown } from './fact.js';
import { daysSince } from './fhir-date.js';
import { candidateEvidence, candidatesOf, OBSERVATION_STATUS, pickLatest, type Reading } from './latest.js';
import type { ByValueSet } from './observation-index.js';
import type { EgfrFinding } from './patient-facts.js';
import { readQuantity, type ReadQuantity } from './quantity.js';
import type { Fact } from './types.js';
import { isEgfrUnit } from './units.js';

/** Value set ids of eGFR observations. */
export const EGFR_SETS = ['egfr-mdrd', 'egfr-ckd-epi'] as const;

function readEgfr(r: Record<string, unknown>): Reading<ReadQuantity> | undefined {
  if (r.valueQuantity === undefined && r.dataAbsentReason !== undefined) return undefined;
  const q = readQuantity(r.valueQuantity);
  if (typeof q === 'string') return { ok: false, problem: q };
  if (!isEgfrUnit(q.unit)) return { ok: false, problem: 'unit is not mL/min/1.73m2' };
  if (q.value < 0 || q.value > 250) return { ok: false, problem: 'implausible value' };
  return { ok: true, value: q };
}

/**
 * The latest eGFR: MDRD when any MDRD result is on file (the trial names MDRD), otherwise the
 * latest CKD-EPI, flagged approximate (CLINICAL.md: "If only CKD-EPI is on file, use it and say
 * so"). Labs often report "> 60": the bound is kept as the value, with a note.
 */
export function egfrFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
): Fact<EgfrFinding> {
  if (unproven) return unknown(unproven);
  const mdrd = candidatesOf(groups.get('egfr-mdrd') ?? [], 'Observation', OBSERVATION_STATUS, readEgfr, now, dq);
  const method = mdrd.length > 0 ? 'MDRD' : 'CKD-EPI';
  const candidates =
    mdrd.length > 0
      ? mdrd
      : candidatesOf(groups.get('egfr-ckd-epi') ?? [], 'Observation', OBSERVATION_STATUS, readEgfr, now, dq);
  const latest = pickLatest(candidates);
  if (latest.kind === 'none') return unknown('no eGFR on file');
  if (latest.kind === 'unreadable') return unknown(latest.reason);
  const first = latest.latest[0];
  if (!first?.reading.ok || !first.date) return unknown('no eGFR on file');
  const q = first.reading.value;
  const shown = `${q.comparator ?? ''}${q.value} mL/min/1.73m2 (${method})`;
  const notes: string[] = [];
  if (method === 'CKD-EPI') notes.push('CKD-EPI used: no MDRD value on file');
  if (q.comparator) notes.push(`reported as ${q.comparator} ${q.value}`);
  const finding: EgfrFinding = {
    value: q.value,
    method,
    date: first.date.text,
    ageDays: daysSince(first.date, now),
    approximate: method === 'CKD-EPI',
  };
  return known(finding, [candidateEvidence(first, `eGFR ${shown}`)], notes.join('; ') || undefined);
}
