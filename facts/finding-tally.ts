import type { NumberRange, RuleValue } from '../rules/condition-evaluator.js';
import { known, listLabels, unknown, type Evidence, type Fact } from './fact.js';
import { daysSinceMs } from './fhir-date.js';

/**
 * When one record says its finding began: between `start` and `end` (epoch ms, inclusive).
 * An open side is unknown: a Condition with only a recordedDate began at or before it (no
 * `start`); a record with no date at all has neither side.
 */
export interface DateBounds {
  readonly start?: number;
  readonly end?: number;
  /** The date as written (ISO 8601), for evidence. */
  readonly text?: string;
  /** What the date is when it is not the finding's own (a recorded date, a range of onsets), for evidence. */
  readonly note?: string;
}

/** No date at all. */
export const UNDATED: DateBounds = {};

/** Whether something is on file, and for how long. */
export interface Tallied {
  readonly present: boolean;
  /** The earliest date shown, when every counted record gives one (for display). */
  readonly earliest?: string;
  /**
   * Days since the earliest counted record began: a number, or a range when the dates are
   * partial or only bound it (an undated record may be older than every dated one).
   */
  readonly days?: RuleValue;
}

interface Entry {
  readonly evidence: Evidence[];
  /** Smallest `end` among the counted records: the finding began by then. */
  minEnd?: number;
  minEndText?: string;
  /** Smallest `start`, meaningful only while every counted record has one. */
  minStart?: number;
  allStarted: boolean;
  /** Smallest `start` among unsure records, or null when one has none: the range only reaches further back. */
  widenStart?: number | null;
  /** Records that date the finding without making it present (ended, unsure), cited beside the counted ones. */
  readonly dateEvidence: Evidence[];
  readonly doubts: string[];
  readonly doubtEvidence: Evidence[];
}

/** Days since the earliest beginning, from the bounds of the earliest date. */
export function daysRange(minStart: number | undefined, minEnd: number | undefined, now: Date): RuleValue | undefined {
  if (minEnd === undefined) return undefined;
  const low = daysSinceMs(minEnd, now);
  if (minStart === undefined) return { low } satisfies NumberRange;
  const high = daysSinceMs(minStart, now);
  return low === high ? low : { low, high };
}

/** The earliest start of an entry, widened by its unsure records; undefined when open. */
function earliestStart(e: Entry): number | undefined {
  if (!e.allStarted || e.minStart === undefined || e.widenStart === null) return undefined;
  return e.widenStart === undefined ? e.minStart : Math.min(e.minStart, e.widenStart);
}

/**
 * Tallies coded records (conditions, procedures, medications) per value set id in one pass.
 * A record that counts makes the finding present; a record that might count (unreadable status)
 * is a doubt, which turns "absent" into unknown; a record we cannot classify at all (unreadable
 * code or drug, a code in a system the service cannot read) doubts every id. Absence is only
 * proven when nothing is in doubt.
 */
export class FindingTally {
  private readonly entries = new Map<string, Entry>();
  private readonly doubtsAll: string[] = [];

  constructor(private readonly now: Date) {}

  private entry(id: string): Entry {
    let e = this.entries.get(id);
    if (!e) {
      e = { evidence: [], allStarted: true, dateEvidence: [], doubts: [], doubtEvidence: [] };
      this.entries.set(id, e);
    }
    return e;
  }

  /** A record that counts for the id, with the bounds of when it began. */
  count(id: string, evidence: Evidence, when: DateBounds): void {
    const e = this.entry(id);
    e.evidence.push(evidence);
    this.bound(e, when);
  }

  /**
   * A record that shows when the finding began without showing it present now: a lifelong
   * condition marked ended still existed by its onset, so its dates bound the onset like a
   * counted record's (an undated one leaves the earliest start open).
   */
  dates(id: string, evidence: Evidence, when: DateBounds): void {
    const e = this.entry(id);
    e.dateEvidence.push(evidence);
    this.bound(e, when);
  }

  /**
   * A record that may or may not be the finding (status unclear): the finding may have begun as
   * early as its start, never later than the counted records say. It only widens the range; an
   * undated one leaves the earliest start open.
   */
  widens(id: string, evidence: Evidence, when: DateBounds): void {
    const e = this.entry(id);
    e.dateEvidence.push(evidence);
    if (when.start === undefined) e.widenStart = null;
    else if (e.widenStart === undefined || (e.widenStart !== null && when.start < e.widenStart))
      e.widenStart = when.start;
  }

  private bound(e: Entry, when: DateBounds): void {
    if (when.end !== undefined && (e.minEnd === undefined || when.end < e.minEnd)) {
      e.minEnd = when.end;
      e.minEndText = when.text;
    }
    if (when.start === undefined) e.allStarted = false;
    else if (e.minStart === undefined || when.start < e.minStart) e.minStart = when.start;
  }

  /** A record that matches the id but may or may not count. */
  doubt(id: string, label: string, evidence?: Evidence): void {
    const e = this.entry(id);
    e.doubts.push(label);
    if (evidence) e.doubtEvidence.push(evidence);
  }

  /** A record that could belong to any id (its code or drug could not be read or classified). */
  doubtAll(label: string): void {
    this.doubtsAll.push(label);
  }

  /** Why the id's absence is unproven, or undefined when absence is proven. */
  doubtReason(id: string): string | undefined {
    const doubts = this.entries.get(id)?.doubts ?? [];
    if (doubts.length > 0) return `status unclear on ${listLabels(doubts)}`;
    if (this.doubtsAll.length > 0) return listLabels(this.doubtsAll);
    return undefined;
  }

  /** One fact per id; `unproven` says why absence cannot be trusted at all (data not loaded...). */
  facts(ids: readonly string[], unproven: string | undefined): Map<string, Fact<Tallied>> {
    const out = new Map<string, Fact<Tallied>>();
    for (const id of ids) out.set(id, this.fact(id, unproven));
    return out;
  }

  /** The fact of one id. */
  fact(id: string, unproven: string | undefined): Fact<Tallied> {
    const e = this.entries.get(id);
    if (e && e.evidence.length > 0) {
      const start = earliestStart(e);
      const days = daysRange(start, e.minEnd, this.now);
      // The earliest date is shown only when no unsure record may reach further back.
      const exact = e.allStarted && start === e.minStart && e.minEndText !== undefined;
      return known(
        {
          present: true,
          ...(exact && e.minEndText ? { earliest: e.minEndText } : {}),
          ...(days !== undefined ? { days } : {}),
        },
        // Records that only date the finding (marked ended, or unsure) are named in the note, not
        // cited as its evidence: a referral cites what shows the finding is there.
        e.evidence,
        e.dateEvidence.length > 0
          ? `onset also dated by ${e.dateEvidence.map((d) => `${d.resourceType}/${d.id} ${d.display ?? ''}`.trim()).join('; ')}`
          : undefined,
      );
    }
    if (unproven) return unknown(unproven, e?.doubtEvidence ?? []);
    const doubt = this.doubtReason(id);
    if (doubt) return unknown(doubt, e?.doubtEvidence ?? []);
    return known({ present: false }, []);
  }
}
