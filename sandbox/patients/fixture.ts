import type { FhirResource } from 'fhir/r4.js';

/** What a pump-evaluation card for this patient must say; `null` means no card. */
export interface ExpectedPumpCard {
  /** The HbA1c the summary must quote, in NGSP %, one decimal. */
  readonly hba1cPercent: number;
  /** Ids of resources the card's detail must cite as evidence. */
  readonly evidenceIds: readonly string[];
  /** True when the HbA1c lies above the OpT2mise range and the card must say so. */
  readonly aboveTrialRange?: boolean;
  /**
   * The HbA1c as the summary quotes it, when it is not `hba1cPercent` with one decimal: same-time
   * results that disagree are quoted as the range they give ("8.2-8.6").
   */
  readonly hba1cShown?: string;
  /** True when the card must say the MDI duration is to confirm (the run-in cannot be told). */
  readonly mdiDurationToConfirm?: boolean;
  /**
   * Days before today the quoted HbA1c was taken, when it is not a plain Observation among the
   * evidence (a result inside a report); by default the day is read from that Observation.
   */
  readonly hba1cDaysAgo?: number;
  /** Text the card's detail must contain (markdown escapes removed). */
  readonly detailIncludes?: readonly string[];
  /** Text the card's detail must not contain. */
  readonly detailExcludes?: readonly string[];
}

/** Criterion status, as the trial evaluator reports it. */
export type CriterionStatus = 'met' | 'not-met' | 'unknown' | 'not-applicable';

/** What the trial-referral service must conclude for one trial. */
export interface ExpectedTrial {
  readonly fires: boolean;
  /** Expected status of every criterion of the trial (or, with `partial`, of those listed), by id. */
  readonly criteria: Readonly<Record<string, CriterionStatus>>;
  /** Only the listed criteria are checked: the fixture tests those, and the rest may be anything. */
  readonly partial?: boolean;
  /**
   * Text the trial's explanation must cite (`npm run evaluate`: each criterion with its findings
   * and records). The card itself is short; the evidence lives in the explanation, the referral
   * and the eligibility app.
   */
  readonly explanationIncludes?: readonly string[];
}

/** A synthetic patient: its resources, and the cards each service must return for it. */
export interface FixturePatient {
  /** Stable Patient.id; every resource id of the patient starts with it. */
  readonly id: string;
  /** What the patient is here to test, in a few words. */
  readonly title: string;
  /** The patient's resources, with dates counted back from `today` (UTC midnight). */
  readonly resources: (today: Date) => FhirResource[];
  /** The rule of the clinical rules the patient exercises, for real-world fixtures (e.g. "premixed insulin"). */
  readonly rule?: string;
  /** How the record is written: French (CIM-10, ATC, French names) or US (ICD-10-CM, SNOMED, RxNorm). */
  readonly style?: 'fr' | 'us';
  /**
   * For real-world fixtures, which side of the rule the patient is on: the card fires, must not
   * fire, or the deciding fact is unknown (no card where it is required, "to confirm" on a trial).
   */
  readonly case?: 'fires' | 'does-not-fire' | 'unknown';
  readonly expected: {
    /** The pump-evaluation card, or null when none may fire. */
    readonly pump: ExpectedPumpCard | null;
    /** By trial id; trials not listed must not fire. */
    readonly trials?: Readonly<Record<string, ExpectedTrial>>;
  };
}
