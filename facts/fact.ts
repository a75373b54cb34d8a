/**
 * A fact about the patient: known, with the FHIR resources behind it, or unknown, with the
 * reason. Unknown is a value, never a missing key: nothing downstream reads FHIR resources.
 */

/** A pointer to the FHIR resource a fact was read from. */
export interface Evidence {
  readonly resourceType: string;
  readonly id: string;
  /** The clinically relevant date of the resource (effective, onset, authored...), ISO 8601. */
  readonly date?: string;
  /** A short human description, e.g. "HbA1c 8.9 %" or "Lantus SoloStar (insulin glargine)". */
  readonly display?: string;
  /** `low` when the match came from free text rather than a code. */
  readonly confidence: 'high' | 'low';
}

/** A fact the data answers. */
export interface KnownFact<T> {
  readonly known: true;
  readonly value: T;
  readonly evidence: readonly Evidence[];
  /** A caveat for the clinician, e.g. "CKD-EPI used: no MDRD value on file". */
  readonly note?: string;
}

/** A fact the data cannot answer: missing, failed to load, unreadable, or not classified. */
export interface UnknownFact {
  readonly known: false;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

/** Either known with evidence, or unknown with a reason. */
export type Fact<T> = KnownFact<T> | UnknownFact;

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
  const unique = [...new Set(labels)];
  const shown = unique.slice(0, max).join(', ');
  return unique.length > max ? `${shown} and ${unique.length - max} more` : shown;
}
