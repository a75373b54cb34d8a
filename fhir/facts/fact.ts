import type { Evidence, KnownFact, UnknownFact } from './types.js';

/** A known fact with its evidence and an optional caveat. */
export function known<T>(value: T, evidence: readonly Evidence[], note?: string): KnownFact<T> {
  return note === undefined ? { known: true, value, evidence } : { known: true, value, evidence, note };
}

/** An unknown fact with the reason, and whatever evidence bears on it. */
export function unknown(reason: string, evidence: readonly Evidence[] = []): UnknownFact {
  return { known: false, reason, evidence };
}

/** Joins a few labels for a reason, naming how many more there are. */
export function listLabels(labels: readonly string[], max = 3): string {
  const shown = labels.slice(0, max).join(', ');
  return labels.length > max ? `${shown} and ${labels.length - max} more` : shown;
}
