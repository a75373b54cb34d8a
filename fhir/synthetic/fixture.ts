import type { FhirResource } from 'fhir/r4.js';

/** What a pump-evaluation card for this patient must say; `null` means no card. */
export interface ExpectedPumpCard {
  /** The HbA1c the summary must quote, in NGSP %, one decimal. */
  readonly hba1cPercent: number;
  /** Ids of resources the card's detail must cite as evidence. */
  readonly evidenceIds: readonly string[];
  /** True when the HbA1c lies above the OpT2mise range and the card must say so. */
  readonly aboveTrialRange?: boolean;
}

/** Criterion status, as the trial evaluator reports it. */
export type CriterionStatus = 'met' | 'not-met' | 'unknown';

/** What the trial-referral service must conclude for one trial. */
export interface ExpectedTrial {
  readonly fires: boolean;
  /** Expected status of every criterion of the trial, by criterion id. */
  readonly criteria: Readonly<Record<string, CriterionStatus>>;
}

/** A synthetic patient: its resources, and the cards each service must return for it. */
export interface FixturePatient {
  /** Stable Patient.id; every resource id of the patient starts with it. */
  readonly id: string;
  /** What the patient is here to test, in a few words. */
  readonly title: string;
  /** The patient's resources, with dates counted back from `today` (UTC midnight). */
  readonly resources: (today: Date) => FhirResource[];
  readonly expected: {
    /** The pump-evaluation card, or null when none may fire. */
    readonly pump: ExpectedPumpCard | null;
    /** By trial id; trials not listed must not fire. */
    readonly trials?: Readonly<Record<string, ExpectedTrial>>;
  };
}
