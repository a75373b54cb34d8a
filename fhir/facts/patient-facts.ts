import type { Evidence, Fact, RuleFacts } from './types.js';

/** Whether a condition (or procedure) in a value set is on file, and since when. */
export interface ConditionFinding {
  readonly present: boolean;
  /** Earliest onset (or recorded date) among the matching active records. */
  readonly onset?: string;
  readonly onsetDays?: number;
}

/** A medication class the patient is actively taking, from orders or statements. */
export interface MedicationFinding {
  readonly active: boolean;
  /** Days since the earliest start (authoredOn / effective) among the active records. */
  readonly startedDays?: number;
}

/** The latest HbA1c, in NGSP % whatever unit it was measured in. */
export interface Hba1cFinding {
  readonly percent: number;
  readonly date: string;
  readonly ageDays: number;
  readonly measured: { readonly value: number; readonly unit: string; readonly scale: 'NGSP' | 'IFCC' };
}

/** The latest eGFR; MDRD when on file, otherwise CKD-EPI (flagged approximate). */
export interface EgfrFinding {
  readonly value: number;
  readonly method: 'MDRD' | 'CKD-EPI';
  readonly date: string;
  readonly ageDays: number;
  readonly approximate: boolean;
}

/** Alcohol intake from the latest drinks-per-day measure. */
export interface AlcoholFinding {
  readonly gramsPerDay: number;
  readonly drinksPerDay: number;
  readonly date: string;
}

/** One active insulin product, as ordered. */
export interface InsulinProduct {
  /** The ingredient value set id, e.g. `insulin-glargine`. */
  readonly ingredient: string;
  readonly display: string;
  readonly evidence: Evidence;
  /** Scheduled injections per day; absent when the order states no schedule. */
  readonly injectionsPerDay?: number;
  readonly asNeeded: boolean;
}

/** The insulin regimen: basal and rapid-acting products, and scheduled rapid injections a day. */
export interface InsulinRegimen {
  readonly basal: readonly InsulinProduct[];
  readonly rapid: readonly InsulinProduct[];
  /** Sum over active rapid-acting orders of scheduled (not as-needed) injections per day. */
  readonly rapidInjectionsPerDay: number;
  /**
   * Why the lists may be incomplete (orders truncated, a drug unreadable or unresolved, a status
   * unclear). Set, the products listed are real but absences and the injection count are unproven.
   */
  readonly incomplete?: string;
}

/** Everything the rules and cards know about one patient. Computed once per request. */
export interface PatientFacts {
  readonly patientId: string;
  /** The clock reading the facts were computed at (ISO 8601). */
  readonly asOf: string;
  readonly age: Fact<number>;
  readonly sex: Fact<'male' | 'female' | 'other' | 'unknown'>;
  /** By condition value set id. */
  readonly conditions: ReadonlyMap<string, Fact<ConditionFinding>>;
  /** By procedure value set id. */
  readonly procedures: ReadonlyMap<string, Fact<ConditionFinding>>;
  /** By medication value set id. */
  readonly medications: ReadonlyMap<string, Fact<MedicationFinding>>;
  readonly hba1c: Fact<Hba1cFinding>;
  readonly egfr: Fact<EgfrFinding>;
  readonly alcohol: Fact<AlcoholFinding>;
  readonly auditC: Fact<number>;
  readonly insulin: Fact<InsulinRegimen>;
  /** Already on an insulin pump (device, device use, Z96.41, or insulin dosed as a rate). */
  readonly pump: Fact<boolean>;
  /** A liver imaging finding of steatosis. */
  readonly steatosisImaging: Fact<boolean>;
  /** Records that were skipped as unreadable, described without patient data. */
  readonly dataQuality: readonly string[];
  /** The flat view for the rules (see fact-names.ts). */
  readonly rule: RuleFacts;
}
