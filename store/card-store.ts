import type { ScreeningStore } from './screening-store.js';
/** A card as issued, for the audit trail. */
export interface IssuedCard {
  readonly uuid: string;
  readonly serviceId: string;
  readonly hookInstance: string;
  /** `Patient/<id>`. */
  readonly patientRef: string;
  /** Stable key of "the same card" for suppression, e.g. `pump-evaluation` or `trial:NCT04270656`. */
  readonly cardKey: string;
  readonly kind: string;
  readonly trialId?: string;
  readonly matchedRules: readonly string[];
  readonly suggestionUuids: readonly string[];
  /**
   * Suggestions whose acceptance leaves the topic open (they only remove a draft order): feedback
   * accepting them alone suppresses nothing. Absent: none.
   */
  readonly openSuggestionUuids?: readonly string[];
  readonly issuedAt: Date;
  /** The rules and catalogue that produced the card (rules/rules-version.ts). */
  readonly rulesVersion: string;
}

/** One feedback item, as validated by hooks/schemas/feedback.ts. */
export interface FeedbackInput {
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly acceptedSuggestions?: readonly { readonly id: string }[];
  readonly overrideReason?: {
    readonly reason?: { readonly code: string; readonly system?: string; readonly display?: string };
    readonly userComment?: string;
  };
  readonly outcomeTimestamp: string;
}

/** What happened to a feedback POST. */
export interface FeedbackResult {
  readonly stored: number;
  /** Items already stored (same card, outcome and timestamp): accepted again, stored once. */
  readonly duplicates: number;
  /** Card uuids this service never issued; nothing is stored for them. */
  readonly unknownCards: readonly string[];
  /** What happened to each input item, in input order (optional: for metrics). */
  readonly items?: readonly FeedbackItemStatus[];
}

/** The fate of one feedback item. */
export type FeedbackItemStatus = 'stored' | 'duplicate' | 'unknown-card';

/** A card that must not be shown again yet, and why. */
export interface Suppression {
  readonly cardKey: string;
  readonly until: Date;
  readonly outcome: 'accepted' | 'overridden';
  /** The override reason code, or `accepted`. */
  readonly reason: string;
  readonly feedbackAt: Date;
}

/** What clearing the feedback of some patients did (the sandbox's demo reset). */
export interface PatientsCleared {
  /** Feedback rows marked cleared: they no longer hold any card back. */
  readonly feedbackCleared: number;
  /** Suppressions that were in force and are lifted (one per service, patient and card key). */
  readonly suppressionsCleared: number;
}

/**
 * Durable memory of the service: issued cards (audit), feedback, and the suppressions
 * feedback implies. PostgreSQL underneath: embedded PGlite or a server.
 */
export interface CardStore {
  /** Records issued cards. May batch writes; `flush` waits for them. */
  recordIssued(cards: readonly IssuedCard[]): Promise<void>;
  /** Stores feedback; resolves only once it is committed. */
  recordFeedback(serviceId: string, items: readonly FeedbackInput[], receivedAt: Date): Promise<FeedbackResult>;
  /** Suppressions in force for this patient and service at `now`. */
  activeSuppressions(serviceId: string, patientRef: string, now: Date): Promise<Suppression[]>;
  /** Counts cards held back by suppression, for the feedback report. */
  recordSuppressed(serviceId: string, patientRef: string, cardKeys: readonly string[], at: Date): Promise<void>;
  /**
   * Clears the feedback of these patients (`Patient/<id>`) as of `at`: their suppressions end
   * at once, here and after a restart. The rows stay, stamped with `at` (the audit trail and the
   * feedback report keep what clinicians did). Only the sandbox's demo reset calls it, for its
   * synthetic patients; a store without it cannot be reset (docs/feedback-and-audit.md).
   */
  clearPatients?(patientRefs: readonly string[], at: Date): Promise<PatientsCleared>;
  /** Waits until every pending write is committed. */
  flush(): Promise<void>;
  /** Rows queued for the database and not yet written (the cds_audit_rows_pending gauge). */
  pendingWrites?(): number;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * The schema version the database holds and the one this code needs (the newest migration):
   * a replica whose database is behind must not take traffic. Throws when unreachable.
   */
  schemaVersion?(): Promise<{ readonly current: number; readonly expected: number }>;
  close(): Promise<void>;
  /** Population screening's runs and candidates, on the same database (absent: a store without them). */
  screening?(): ScreeningStore;
}

/**
 * A failure in the store's background work, counted by `cds_store_background_errors_total`:
 * an audit flush that failed (retried), audit rows dropped (queue full), a failed read of other
 * instances' suppressions, a feedback listener that lost its connection (it reconnects).
 */
export type StoreBackgroundError = 'flush-failed' | 'rows-dropped' | 'suppression-refresh' | 'feedback-listener';
