/**
 * PatientFacts: what the rules know about one patient, computed once per request from the
 * FHIR resources. Every fact is either known, with the evidence behind it, or unknown, with
 * the reason. Nothing downstream reads FHIR resources directly.
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

/** A fact the data cannot answer: missing, failed to load, or unreadable. */
export interface UnknownFact {
  readonly known: false;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

/** Either known with evidence, or unknown with a reason. */
export type Fact<T> = KnownFact<T> | UnknownFact;

/** A scalar a rule can compare. */
export type FactScalar = number | string | boolean;

/**
 * The flat view the rules read: fact name → value, with evidence and reasons kept beside.
 * Names are listed in fact-names.ts; a value absent from `values` is unknown.
 */
export interface RuleFacts {
  readonly values: ReadonlyMap<string, FactScalar>;
  readonly evidence: ReadonlyMap<string, readonly Evidence[]>;
  readonly notes: ReadonlyMap<string, string>;
  readonly unknownReasons: ReadonlyMap<string, string>;
}
