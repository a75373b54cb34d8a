import type { Suppression } from './card-store.js';

/** One suppression as held in memory: dates as epoch milliseconds, repeated strings shared. */
interface Entry {
  readonly cardKey: string;
  readonly untilMs: number;
  readonly outcome: Suppression['outcome'];
  readonly reason: string;
  readonly feedbackAtMs: number;
}

/** Distinct card keys and reasons kept for sharing; beyond this, strings are kept as given. */
const MAX_SHARED_STRINGS = 10_000;

/**
 * The suppressions in force, held in memory by service and patient, so the hot path never
 * waits on the database. It is filled from the feedback table at start-up, kept in step by
 * every feedback this process stores, and (with a shared PostgreSQL) refreshed from rows
 * other instances wrote. Adding the same suppression twice is harmless: per card key the
 * longest one wins. One suppression costs about 200 bytes: card keys and reasons come from
 * short fixed lists and are shared, and a patient usually has one suppressed card.
 */
export class SuppressionIndex {
  /** serviceId → patientRef → one entry per suppressed card key. */
  private readonly byService = new Map<string, Map<string, Entry[]>>();
  private readonly strings = new Map<string, string>();

  /** Records a suppression; a shorter one for the same card never replaces a longer one. */
  add(serviceId: string, patientRef: string, s: Suppression): void {
    let patients = this.byService.get(serviceId);
    if (!patients) this.byService.set(serviceId, (patients = new Map<string, Entry[]>()));
    const entry: Entry = {
      cardKey: this.shared(s.cardKey),
      untilMs: s.until.getTime(),
      outcome: s.outcome,
      reason: this.shared(s.reason),
      feedbackAtMs: s.feedbackAt.getTime(),
    };
    const entries = patients.get(patientRef);
    if (!entries) {
      patients.set(patientRef, [entry]);
      return;
    }
    const i = entries.findIndex((e) => e.cardKey === entry.cardKey);
    const current = entries[i];
    if (!current) entries.push(entry);
    else if (current.untilMs < entry.untilMs) entries[i] = entry;
  }

  /** The suppressions in force at `now` for this patient and service. */
  active(serviceId: string, patientRef: string, now: Date): Suppression[] {
    const entries = this.byService.get(serviceId)?.get(patientRef);
    if (!entries) return [];
    const nowMs = now.getTime();
    return entries.filter((e) => e.untilMs > nowMs).map(toSuppression);
  }

  /** Forgets suppressions that have ended, so the index does not grow without bound. */
  prune(now: Date): void {
    const nowMs = now.getTime();
    for (const patients of this.byService.values()) {
      for (const [patientRef, entries] of patients) {
        const live = entries.filter((e) => e.untilMs > nowMs);
        if (live.length === 0) patients.delete(patientRef);
        else if (live.length < entries.length) patients.set(patientRef, live);
      }
    }
  }

  /** How many suppressions of these patients, in every service, are in force at `now`. */
  countPatients(patientRefs: Iterable<string>, now: Date): number {
    const nowMs = now.getTime();
    let n = 0;
    for (const patientRef of patientRefs) {
      for (const patients of this.byService.values()) {
        n += (patients.get(patientRef) ?? []).filter((e) => e.untilMs > nowMs).length;
      }
    }
    return n;
  }

  /**
   * Forgets every suppression of these patients, in every service (the sandbox's demo reset).
   * Returns how many of them were in force at `now`.
   */
  removePatients(patientRefs: Iterable<string>, now: Date): number {
    const lifted = this.countPatients(patientRefs, now);
    for (const patientRef of patientRefs) {
      for (const patients of this.byService.values()) patients.delete(patientRef);
    }
    return lifted;
  }

  /** Number of suppressions held (ended ones included until the next prune). */
  get size(): number {
    let n = 0;
    for (const patients of this.byService.values()) for (const entries of patients.values()) n += entries.length;
    return n;
  }

  /** The one copy of a card key or reason, so that thousands of entries share it. */
  private shared(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size < MAX_SHARED_STRINGS) this.strings.set(text, text);
    return text;
  }
}

function toSuppression(e: Entry): Suppression {
  return {
    cardKey: e.cardKey,
    until: new Date(e.untilMs),
    outcome: e.outcome,
    reason: e.reason,
    feedbackAt: new Date(e.feedbackAtMs),
  };
}
