import { normaliseText } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import { wordsPattern } from './context-words.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact } from './fact.js';
import { asList, asObject, asString } from './json-value.js';
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

// A limit written in words: "< 5", "N < 10", "inférieur à 10", in a range's text or after the value.
const LIMIT_IN_TEXT = /(?:^|\(|\bn\s*|\bnormal\s*:?\s*|;\s*)(?:<|≤|<=|inf[ée]rieure? [àa])\s*(\d+(?:[.,]\d+)?)/i;
// A value written as text: "< 5 UI/mL", "45".
const VALUE_IN_TEXT = /^\s*(<|≤|<=|>|≥|>=)?\s*(\d+(?:[.,]\d+)?)/;
// A test not done: no result at all.
const NOT_DONE = wordsPattern([
  'non realise',
  'non realisee',
  'non fait',
  'non effectue',
  'non effectuee',
  'not performed',
  'not done',
  'qns',
  'quantity not sufficient',
  'annule',
  'annulee',
  'cancelled',
  'canceled',
  'hemolyse',
  'hemolysee',
]);

const num = (text: string): number => Number(text.replace(',', '.'));

/** The upper limit of a result's reference range: its `high`, else one written in its text. */
function upperLimit(r: Record<string, unknown>): number | undefined {
  for (const range of asList(r.referenceRange) ?? []) {
    const o = asObject(range);
    const high = readQuantity(o?.high);
    if (typeof high !== 'string') return high.value;
    const m = LIMIT_IN_TEXT.exec(asString(o?.text) ?? '');
    if (m?.[1]) return num(m[1]);
  }
  return undefined;
}

/** A level, from valueQuantity or the start of valueString, and a limit written after it. */
function levelOf(r: Record<string, unknown>): { value: number; below: boolean; limit?: number } | undefined {
  if (r.valueQuantity !== undefined) {
    const q = readQuantity(r.valueQuantity);
    if (typeof q === 'string' || q.comparator === '>' || q.comparator === '>=') return undefined;
    return { value: q.value, below: q.comparator !== undefined };
  }
  const text = asString(r.valueString);
  const m = text === undefined ? null : VALUE_IN_TEXT.exec(text);
  if (!m?.[2] || m[1]?.startsWith('>') || m[1]?.startsWith('≥')) return undefined;
  const limit = LIMIT_IN_TEXT.exec(text!.slice(m[0].length));
  return { value: num(m[2]), below: m[1] !== undefined, ...(limit?.[1] ? { limit: num(limit[1]) } : {}) };
}

/**
 * One antibody result: words, a qualifier or an interpretation that says positive or negative
 * (facts/presence-result.ts); else a level against the laboratory's upper limit ("45 U/mL, N <
 * 5", "< 5 UI/mL (N < 10)"), or flagged high or normal. A level with neither limit nor flag
 * depends on the assay's cut-off: unreadable. A test not done ("non réalisé", "QNS") is no result.
 */
function readAntibody(r: Record<string, unknown>): Reading<boolean> | undefined {
  if (NOT_DONE.test(normaliseText(asString(r.valueString) ?? ''))) return undefined;
  const said = readPresence(r, 'index');
  if (said === undefined) return undefined;
  if (said.ok) return { ok: true, value: said.value === 'positive' };
  const level = levelOf(r);
  if (level === undefined) return said;
  const flags = new Set((asList(r.interpretation) ?? []).flatMap((i) => flagsOf(readConcept(i))));
  const high = level.limit ?? upperLimit(r);
  const byRange =
    high === undefined ? undefined : level.below ? (level.value <= high ? false : undefined) : level.value > high;
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
