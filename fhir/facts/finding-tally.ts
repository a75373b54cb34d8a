import { daysSince, type DateReading, type FhirDate } from './fhir-date.js';
import { known, listLabels, unknown } from './fact.js';
import type { Evidence, Fact } from './types.js';

/** Whether something is on file, and since its earliest dated record. */
export interface Tallied {
  readonly present: boolean;
  /** Earliest date among the counted records; absent when any counted record lacks a readable date. */
  readonly earliest?: string;
  readonly earliestDays?: number;
}

interface Entry {
  readonly evidence: Evidence[];
  earliest?: FhirDate;
  undated: boolean;
  readonly doubts: string[];
  readonly doubtEvidence: Evidence[];
}

/**
 * Tallies coded records (conditions, procedures, medications) per value set id in one pass.
 * A record that counts makes the finding present; a record that might count (unreadable status)
 * is a doubt, which turns "absent" into unknown; a record we cannot classify at all (unreadable
 * code or drug) doubts every id. Absence is only proven when nothing is in doubt.
 */
export class FindingTally {
  private readonly entries = new Map<string, Entry>();
  private readonly doubtsAll: string[] = [];

  constructor(private readonly now: Date) {}

  private entry(id: string): Entry {
    let e = this.entries.get(id);
    if (!e) {
      e = { evidence: [], undated: false, doubts: [], doubtEvidence: [] };
      this.entries.set(id, e);
    }
    return e;
  }

  /** A record that counts for the id, dated (or not) for the earliest date. */
  count(id: string, evidence: Evidence, date: DateReading): void {
    const e = this.entry(id);
    e.evidence.push(evidence);
    if (typeof date === 'object') {
      if (!e.earliest || date.ms < e.earliest.ms) e.earliest = date;
    } else {
      // The undated record might be the earliest, so the earliest date is unknown.
      e.undated = true;
    }
  }

  /** A record that matches the id but may or may not count. */
  doubt(id: string, label: string, evidence?: Evidence): void {
    const e = this.entry(id);
    e.doubts.push(label);
    if (evidence) e.doubtEvidence.push(evidence);
  }

  /** A record that could belong to any id (its code or drug could not be read). */
  doubtAll(label: string): void {
    this.doubtsAll.push(label);
  }

  /** Whether any record left every id in doubt. */
  hasGlobalDoubt(): boolean {
    return this.doubtsAll.length > 0;
  }

  /** Why the id's absence is unproven, or undefined when absence is proven. */
  doubtReason(id: string): string | undefined {
    const doubts = this.entries.get(id)?.doubts ?? [];
    if (doubts.length > 0) return `status unclear on ${listLabels(doubts)}`;
    if (this.doubtsAll.length > 0) return `unreadable record(s) ${listLabels(this.doubtsAll)}`;
    return undefined;
  }

  /** One fact per id; `unproven` says why absence cannot be trusted at all (data not loaded...). */
  facts(ids: readonly string[], unproven: string | undefined): Map<string, Fact<Tallied>> {
    const out = new Map<string, Fact<Tallied>>();
    for (const id of ids) out.set(id, this.fact(id, unproven));
    return out;
  }

  private fact(id: string, unproven: string | undefined): Fact<Tallied> {
    const e = this.entries.get(id);
    if (e && e.evidence.length > 0) {
      if (e.undated || !e.earliest) return known({ present: true }, e.evidence);
      return known(
        { present: true, earliest: e.earliest.text, earliestDays: daysSince(e.earliest, this.now) },
        e.evidence,
      );
    }
    if (unproven) return unknown(unproven, e?.doubtEvidence ?? []);
    const doubt = this.doubtReason(id);
    if (doubt) return unknown(doubt, e?.doubtEvidence ?? []);
    return known({ present: false }, []);
  }
}
