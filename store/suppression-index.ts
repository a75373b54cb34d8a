import type { Suppression } from './card-store.js';

/**
 * The suppressions in force, held in memory by (service, patient), so the hot path never
 * waits on the database. It is filled from the feedback table at start-up, kept in step by
 * every feedback this process stores, and (with a shared PostgreSQL) refreshed from rows
 * other instances wrote. Adding the same suppression twice is harmless: per card key the
 * longest one wins.
 */
export class SuppressionIndex {
  private readonly byPatient = new Map<string, Map<string, Suppression>>();

  private static key(serviceId: string, patientRef: string): string {
    return `${serviceId}\u0000${patientRef}`;
  }

  /** Records a suppression; a shorter one for the same card never replaces a longer one. */
  add(serviceId: string, patientRef: string, s: Suppression): void {
    const key = SuppressionIndex.key(serviceId, patientRef);
    const cards = this.byPatient.get(key) ?? new Map<string, Suppression>();
    const current = cards.get(s.cardKey);
    if (!current || current.until < s.until) cards.set(s.cardKey, s);
    this.byPatient.set(key, cards);
  }

  /** The suppressions in force at `now` for this patient and service. */
  active(serviceId: string, patientRef: string, now: Date): Suppression[] {
    const cards = this.byPatient.get(SuppressionIndex.key(serviceId, patientRef));
    if (!cards) return [];
    return [...cards.values()].filter((s) => s.until > now);
  }

  /** Forgets suppressions that have ended, so the index does not grow without bound. */
  prune(now: Date): void {
    for (const [key, cards] of this.byPatient) {
      for (const [cardKey, s] of cards) if (s.until <= now) cards.delete(cardKey);
      if (cards.size === 0) this.byPatient.delete(key);
    }
  }

  /** Number of suppressions held (ended ones included until the next prune). */
  get size(): number {
    let n = 0;
    for (const cards of this.byPatient.values()) n += cards.size;
    return n;
  }
}
