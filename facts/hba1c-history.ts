import type { ValueSetIndex } from '../rules/value-sets.js';
import { DataQualityLog } from './data-quality.js';
import { known, unknown, type Evidence, type Fact } from './fact.js';
import { daysSinceMs, lastInstant } from './fhir-date.js';
import { HBA1C_SETS, readHba1c } from './hba1c.js';
import { candidateEvidence, candidatesOf, OBSERVATION_STATUS } from './latest.js';
import { bucketsOf, type ByValueSet } from './observation-index.js';

/** The value set whose `diagnosticLevel` (NGSP %) says which HbA1c shows a diabetes by itself. */
const NGSP_SET = 'hba1c-ngsp';

/**
 * How many days ago an HbA1c first reached the level that diagnoses diabetes (6.5 %, the value
 * set's `diagnosticLevel`), or 0 when none did: a proven minimum of how long the diabetes has been
 * there. NCT05153070 asks for a type 1 diabetes diagnosed under 3 months ago; a review
 * (2026-12-07) found HbA1c of 8.9 % in 2023 and 9.6 % in 2024 beside a type 1 code entered last
 * month, and the card shown. Only results the laboratory vouches for count (final, amended,
 * corrected; readable; not estimated); a bound below the level ("< 7 %") proves nothing. Unknown
 * when the results were not all read.
 */
export function diabeticHba1cDays(
  groups: ByValueSet,
  unproven: string | undefined,
  valueSets: ValueSetIndex,
  now: Date,
): Fact<number> {
  if (unproven) return unknown(unproven);
  const level = valueSets.all.get(NGSP_SET)?.diagnosticLevel;
  if (level === undefined) return unknown(`value set ${NGSP_SET} gives no diagnostic level`);
  // The latest HbA1c's reading logs each result's problems once; this pass only looks.
  const quiet = new DataQualityLog();
  const candidates = candidatesOf(
    bucketsOf(groups, HBA1C_SETS),
    'Observation',
    OBSERVATION_STATUS,
    readHba1c,
    now,
    quiet,
  );
  let earliest: number | undefined;
  let evidence: Evidence[] = [];
  for (const c of candidates) {
    if (!c.reading.ok || !c.date) continue;
    const m = c.reading.value;
    if (m.percent < level || m.comparator === '<' || m.comparator === '<=') continue;
    const at = lastInstant(c.date);
    if (earliest === undefined || at < earliest) {
      earliest = at;
      evidence = [candidateEvidence(c, `HbA1c ${m.value} ${m.scale === 'NGSP' ? '%' : 'mmol/mol'}`)];
    }
  }
  return known(earliest === undefined ? 0 : daysSinceMs(earliest, now), evidence);
}
