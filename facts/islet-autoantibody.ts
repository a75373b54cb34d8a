import { readConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact } from './fact.js';
import { asList, asObject } from './json-value.js';
import { candidateEvidence, candidatesOf, OBSERVATION_STATUS, type Reading } from './latest.js';
import { bucketsOf, type ByValueSet } from './observation-index.js';
import { flagsOf, readPresence } from './presence-result.js';
import { readQuantity } from './quantity.js';

/** Value set id of the islet autoantibodies (GAD65, IA-2, ZnT8, islet cells). */
export const ISLET_AUTOANTIBODY_SET = 'islet-autoantibodies';

/** Whether an islet autoantibody was ever found. */
export interface IsletAutoantibodyFinding {
  readonly positive: boolean;
  readonly date?: string;
}

/** The upper limit of a result's first reference range with one. */
function upperLimit(r: Record<string, unknown>): number | undefined {
  for (const range of asList(r.referenceRange) ?? []) {
    const high = readQuantity(asObject(range)?.high);
    if (typeof high !== 'string') return high.value;
  }
  return undefined;
}

/**
 * One antibody result: words, a qualifier or an interpretation that says positive or negative
 * (facts/presence-result.ts); else a titre or a level against its reference range ("45 U/mL, N
 * < 5"), or flagged high or normal. A level with neither range nor flag depends on the assay's
 * cut-off: unreadable.
 */
function readAntibody(r: Record<string, unknown>): Reading<boolean> | undefined {
  const said = readPresence(r, 'index');
  if (said === undefined) return undefined;
  if (said.ok) return { ok: true, value: said.value === 'positive' };
  const q = r.valueQuantity === undefined ? undefined : readQuantity(r.valueQuantity);
  if (q === undefined || typeof q === 'string') return said;
  const flags = new Set((asList(r.interpretation) ?? []).flatMap((i) => flagsOf(readConcept(i))));
  const high = upperLimit(r);
  const byRange =
    high === undefined
      ? undefined
      : q.comparator === '<' || q.comparator === '<='
        ? q.value <= high
          ? false
          : undefined
        : q.comparator === undefined
          ? q.value > high
          : undefined;
  const byFlag = flags.size === 1 ? flags.has('abnormal') : undefined;
  if (byRange !== undefined && byFlag !== undefined && byRange !== byFlag)
    return { ok: false, problem: 'the level and its flag disagree' };
  const positive = byRange ?? byFlag;
  if (positive === undefined) return { ok: false, problem: 'a level without a reference range or a flag' };
  return { ok: true, value: positive };
}

/**
 * An islet autoantibody found at any time (GAD65, IA-2, ZnT8, islet cell antibodies): beside a
 * type 2 diagnosis it points to an autoimmune diabetes (LADA), which neither the pump card's
 * evidence nor the trial's population covers. Antibodies may fall with time, so an older positive
 * still counts. An unreadable, undated or preliminary result leaves it unknown; none on file,
 * or only negative ones, is "no".
 */
export function isletAutoantibodyFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
): Fact<IsletAutoantibodyFinding> {
  if (unproven) return unknown(unproven);
  const candidates = candidatesOf(
    bucketsOf(groups, [ISLET_AUTOANTIBODY_SET]),
    'Observation',
    OBSERVATION_STATUS,
    readAntibody,
    now,
    dq,
  );
  const positive = candidates.find((c) => c.reading.ok && c.reading.value);
  if (positive) {
    return known({ positive: true, ...(positive.date ? { date: positive.date.text } : {}) }, [
      candidateEvidence(positive, 'islet autoantibody positive'),
    ]);
  }
  const unread = candidates.find((c) => !c.reading.ok);
  if (unread && !unread.reading.ok) return unknown(`${unread.label}: ${unread.reading.problem}`);
  const negative = candidates[0];
  return known({ positive: false }, negative ? [candidateEvidence(negative, 'islet autoantibody negative')] : []);
}
