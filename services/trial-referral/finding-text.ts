import type { RuleValue } from '../../rules/condition-evaluator.js';
import { countText, newestDay, recordedNumber } from '../card-text.js';
import type { CardMessages, MessageKey } from '../message-keys.js';
import type { CriterionReport, FactFinding } from './criterion-report.js';

/** A number fact as the card writes it, with its unit, by fact name; other numbers are plain. */
const NUMBER_TEXT: Readonly<Record<string, (m: CardMessages, n: string, raw: number) => string>> = {
  'hba1c.percent': (m, n) => m.t('common.percent', { value: n }),
  'egfr.value': (m, n) => m.t('unit.egfr', { value: n }),
  age: (m, _n, raw) => m.t('common.years', { age: raw }),
  'alcohol.gramsPerDay': (m, n) => m.t('unit.gramsPerDay', { value: n }),
  'alcohol.auditC': (m, n) => m.t('unit.auditC', { value: n }),
  'insulin.rapidInjectionsPerDay': (m, _n, raw) => countText(m, raw),
  'insulin.prandialInjectionsPerDay': (m, _n, raw) => countText(m, raw),
};

/** Durations in days the rules read (onsetDays, days, startedDays, stableDays, mdiRunInDays). */
function isDays(fact: string): boolean {
  return /(?:Days|\.days)$/.test(fact) && !fact.endsWith('ageDays');
}

function numberText(m: CardMessages, fact: string, value: number): string {
  const minDecimals = fact === 'hba1c.percent' ? 1 : 0;
  const n = recordedNumber(m, value, minDecimals);
  const known = NUMBER_TEXT[fact];
  if (known) return known(m, n, value);
  if (isDays(fact)) return m.t('unit.days', { days: value });
  return n;
}

function valueText(m: CardMessages, fact: string, value: RuleValue): string | undefined {
  if (typeof value === 'number') return numberText(m, fact, value);
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'string') {
    if (fact === 'sex' && (value === 'male' || value === 'female')) {
      return m.t(`sex.${value}` as MessageKey);
    }
    return undefined;
  }
  if (value.high !== undefined && value.highExclusive && !value.low) return `< ${numberText(m, fact, value.high)}`;
  if (value.high === undefined && value.low !== undefined) {
    return `${value.lowExclusive ? '>' : '≥'} ${numberText(m, fact, value.low)}`;
  }
  if (value.low !== undefined && value.high !== undefined) {
    return `${numberText(m, fact, value.low)}–${numberText(m, fact, value.high)}`;
  }
  return undefined;
}

/**
 * A finding of a met criterion as the card shows it: its value with unit and the newest date of
 * its evidence, "8.2 % (2026-11-02)"; a yes/no finding shows only its date. No resource ids.
 */
export function findingValue(m: CardMessages, f: FactFinding): string | undefined {
  const value = f.value === undefined ? undefined : valueText(m, f.fact, f.value);
  // An age is as of today: the date of birth behind it is not when it was measured.
  const day = f.fact === 'age' ? undefined : newestDay(f.evidence);
  const when = day ? m.date(day) : undefined;
  if (value && when) return `${value} (${when})`;
  return value ?? when;
}

// The facts' reasons when the newest result exists but cannot be read (facts/latest.ts pickLatest,
// facts/imaging.ts): "latest result …: unit cannot be converted", "… has no readable date".
const UNREADABLE_LATEST = /^latest |has no readable date/;
const NO_DATA = /not on file|no .* on file|not loaded|no data|^no |none on file/;

/** Why a criterion is still to confirm, in a few words: no data, a value too old, a range. */
export function unknownWhy(m: CardMessages, r: CriterionReport): string {
  const leaf = r.outcome.leaves.find((l) => l.status === 'unknown');
  if (leaf?.stale) {
    const finding = r.findings.find((f) => f.fact === leaf.condition.fact);
    const day = finding ? newestDay(finding.evidence) : undefined;
    return day ? m.t('common.tooOld', { date: m.date(day) }) : m.t('common.noDate');
  }
  if (leaf?.factValue !== undefined && typeof leaf.factValue === 'object') return m.t('common.rangeOnly');
  // A newest result on file that could not be read (its unit, value, status or date; a newer
  // study of another kind) is not an absence of data.
  const reason = leaf ? r.findings.find((f) => f.fact === leaf.condition.fact)?.unknownReason : undefined;
  if (reason !== undefined && UNREADABLE_LATEST.test(reason)) return m.t('common.unreadable');
  // Something is on file that leaves the criterion open (a device of no known type, a status in
  // doubt, records that disagree): "no data on file" would send the reader looking for nothing.
  if (reason !== undefined && !NO_DATA.test(reason)) return m.t('common.unclear');
  return m.t('common.noData');
}
