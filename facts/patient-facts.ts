import type { NumberRange, RuleValue } from '../rules/condition-evaluator.js';
import type { Evidence, Fact } from './fact.js';
import type { DateBounds } from './finding-tally.js';
import type { FACT_TABLE, FactEntry } from './fact-table.js';
import type { RuleFacts } from './rule-facts.js';

/** Whether the record is one a card may be shown for: a living patient's current record. */
export interface PatientStatus {
  readonly deceased: boolean;
  /** False for `active: false` and for a record replaced by another (merged). */
  readonly active: boolean;
  /** Why the record is not a living patient's current one, for explanations. */
  readonly why?: string;
}

/** Age in whole years; a partial birth date (year or month only) may leave two possible ages. */
export interface AgeFinding {
  readonly youngest: number;
  readonly oldest: number;
}

/** Administrative gender. */
export type Sex = 'male' | 'female';

/** Whether a condition (or procedure) in a value set is on file, and for how long. */
export interface ConditionFinding {
  readonly present: boolean;
  /** The earliest date, when every matching record gives one. */
  readonly earliest?: string;
  /** Days since the earliest onset (or performance): exact, a range, or a lower bound. */
  readonly days?: RuleValue;
}

/** A medication class the patient is currently taking, from orders or statements. */
export interface MedicationFinding {
  readonly active: boolean;
  /** Days since the earliest start among the current records. */
  readonly startedDays?: RuleValue;
  /** Days on an unchanged dose. */
  readonly stableDays?: RuleValue;
  /** Why stableDays cannot be told. */
  readonly unstableReason?: string;
}

/** The latest usable HbA1c, in NGSP % whatever unit it was measured in. */
export interface Hba1cFinding {
  readonly percent: number;
  /** Set when results of the same instant disagree: every value they give lies in it. */
  readonly percentRange?: NumberRange;
  readonly date: string;
  readonly ageDays: number;
  readonly measured: {
    readonly value: number;
    readonly unit: string;
    readonly scale: 'NGSP' | 'IFCC';
    /** Set when the laboratory reported a bound ("> 14 %"): `percentRange` then says what it allows. */
    readonly comparator?: '<' | '<=' | '>=' | '>';
  };
}

/** The latest usable eGFR, of any accepted formula (MDRD preferred at the same instant). */
export interface EgfrFinding {
  readonly value: number;
  /** A reported bound ("> 60") or disagreeing same-time results. */
  readonly range?: NumberRange;
  /** The formula: `other` is cystatin C alone or a formula the result does not state (69405-9). */
  readonly method: 'MDRD' | 'CKD-EPI' | 'other';
  readonly date: string;
  readonly ageDays: number;
}

/** A qualitative result that decides a viral infection (HBsAg; HCV RNA, or a negative HCV antibody). */
export interface SerologyFinding {
  /** Infected: HBsAg positive, HCV RNA detected. */
  readonly positive: boolean;
  readonly date: string;
  readonly ageDays: number;
}

/** Alcohol intake from the latest drinks-per-day measure. */
export interface AlcoholFinding {
  readonly gramsPerDay: number;
  readonly drinksPerDay: number;
  readonly date: string;
  readonly ageDays: number;
}

/** The latest AUDIT-C total score. */
export interface AuditCFinding {
  /** Absent when the score is not the latest alcohol measure (a newer count of drinks, or none). */
  readonly score?: number;
  readonly date?: string;
  readonly ageDays?: number;
  /** Whether the latest AUDIT-C is as recent as every count of drinks: the latest alcohol measure. */
  readonly latest: boolean;
}

/** One insulin the patient takes, all its current records of it taken together. */
export interface InsulinDrug {
  /** The value set id, e.g. `insulin-glargine`. */
  readonly set: string;
  readonly role: 'basal' | 'rapid' | 'human-regular' | 'premix';
  readonly display: string;
  /** One per record of the drug (an order and a statement of one drug are one drug). */
  readonly evidence: readonly Evidence[];
  /** Scheduled injections a day; a lower bound when some record's schedule is unreadable. */
  readonly injectionsPerDay: RuleValue;
  /** Every record is as-needed (sliding scale). */
  readonly asNeeded: boolean;
  /** The schedule was read from free text. */
  readonly fromText: boolean;
  /** When the earliest current record of the drug began. */
  readonly start: DateBounds;
  /** The moments of the day the drug is injected at, when every scheduled record names them. */
  readonly moments?: ReadonlySet<string>;
  /**
   * Whether its scheduled records name a pen (or pen cartridge), which no syringe can draw from:
   * every record (`all`), some (`some`), or none (`none`: a vial, or a form not said).
   */
  readonly pens?: 'all' | 'some' | 'none';
  /**
   * The distinct schedules of the drug's records (a breakfast dose, a dinner dose; "3 a day"),
   * each with when its earliest record began: the regimen is as it is since the last began.
   */
  readonly parts: readonly { readonly schedule: string; readonly start: DateBounds }[];
}

/** The insulin regimen: basal, prandial (analogue or regular human) and premixed insulins. */
export interface InsulinRegimen {
  readonly basal: readonly InsulinDrug[];
  /** Rapid-acting analogues (lispro, aspart, glulisine). */
  readonly rapid: readonly InsulinDrug[];
  readonly humanRegular: readonly InsulinDrug[];
  readonly premix: readonly InsulinDrug[];
  /**
   * Scheduled rapid-analogue injections a day, counted per drug, not per record; a lower bound
   * when some record could not be read; absent when the order list itself is incomplete.
   */
  readonly rapidInjectionsPerDay?: RuleValue;
  /** Scheduled prandial injections a day (analogues and regular human insulin), likewise. */
  readonly prandialInjectionsPerDay?: RuleValue;
  /**
   * Injections a day of the basal-bolus regimen (prandial, plus the basal injections no bolus
   * shares: NPH mixed with a bolus in one syringe is one injection); likewise a bound or absent.
   */
  readonly injectionsPerDay?: RuleValue;
  /** Why absences and counts are unproven (orders truncated, a drug unreadable, a status unclear). */
  readonly incomplete?: string;
  /** The patient is on a pump: its boluses are not injections. */
  readonly pumpDelivered: boolean;
}

/** How long the current basal-bolus regimen had run when the latest HbA1c was taken. */
export interface MdiRunIn {
  readonly days: RuleValue;
  /** When the regimen is judged to have started (the later of its basal and prandial starts). */
  readonly start?: string;
  readonly hba1cDate: string;
}

/** Steatosis on the latest liver imaging. */
export interface ImagingFinding {
  readonly steatosis: boolean;
  readonly date?: string;
  /** Days since the study that decides was done (from the last instant its date allows). */
  readonly ageDays?: number;
}

/**
 * One earlier step towards a pump evaluation or a trial: a ServiceRequest (open or completed) or
 * the patient as a ResearchSubject of the study.
 */
export interface PriorStep {
  /** `open`: an active or on-hold request; `completed`: a request carried out; `subject`: a ResearchSubject. */
  readonly kind: 'open' | 'completed' | 'subject';
  /** The status as the record writes it. */
  readonly status: string;
  /**
   * For a completed request, days since it was done (its occurrence, else when it was written);
   * a range when the date is partial; absent when the request is undated.
   */
  readonly days?: RuleValue;
  readonly evidence: Evidence;
}

/** Pump-evaluation referrals on file (ServiceRequests of the `pump-evaluation-referral` value set). */
export interface PumpReferralFinding {
  /** Open and completed ones; drafts, revoked and entered-in-error requests are left out. */
  readonly steps: readonly PriorStep[];
  /** Why a (further) open pump-evaluation referral cannot be ruled out, if it cannot. */
  readonly doubt?: string;
  /** Days since the latest completed one; absent with `completedWhy` when none can be dated. */
  readonly completedDays?: RuleValue;
  readonly completedWhy?: string;
}

/** Earlier steps towards one trial. */
export interface TrialPrior {
  readonly steps: readonly PriorStep[];
  /** Why a (further) step towards this trial cannot be ruled out (a matching request whose status is unreadable). */
  readonly doubt?: string;
}

/** Referrals to trial study teams and ResearchSubjects on file, by ClinicalTrials.gov id. */
export interface TrialReferralsFinding {
  readonly byTrial: ReadonlyMap<string, TrialPrior>;
  /** Why a step towards any trial cannot be ruled out (lists not loaded or cut, a study that cannot be identified). */
  readonly doubt?: string;
}

/** The value type of a fact of the table. */
export type FactValueOf<K extends FactId> = (typeof FACT_TABLE)[K] extends FactEntry<infer V> ? V : never;

/** The id of a fact of the table. */
export type FactId = keyof typeof FACT_TABLE;

/** The value-set facts: one per condition, procedure and medication value set in scope. */
export interface CodedFacts {
  readonly condition: ReadonlyMap<string, Fact<ConditionFinding>>;
  readonly procedure: ReadonlyMap<string, Fact<ConditionFinding>>;
  readonly medication: ReadonlyMap<string, Fact<MedicationFinding>>;
}

/** A value-set fact's name: `condition.t2d`, `medication.metformin`, `procedure.bariatric-surgery`. */
export type CodedName = `${'condition' | 'procedure' | 'medication'}.${string}`;

/** The finding a value-set fact holds, by the family its name starts with. */
export type CodedFinding<N extends CodedName> = N extends `medication.${string}` ? MedicationFinding : ConditionFinding;

/** What every computation gives besides the facts. */
export interface FactsCommon<N extends CodedName = CodedName> {
  readonly patientId: string;
  /** The clock reading the facts were computed at (ISO 8601). */
  readonly asOf: string;
  readonly coded: CodedFacts;
  /** Records that were skipped as unreadable, described without patient data. */
  readonly dataQuality: readonly string[];
  /** The flat view for the rules. */
  readonly rule: RuleFacts;
  /** The value-set fact of a name the service declared for its card: another name does not compile. */
  named<M extends N>(name: M): Fact<CodedFinding<M>>;
}

/**
 * Everything a service knows about one patient, computed once per request. `K` lists the facts
 * of the table and `N` the value-set facts the service declared for its card: reading any other
 * is a type error.
 */
export type PatientFacts<K extends FactId = FactId, N extends CodedName = CodedName> = FactsCommon<N> & {
  readonly [P in K]: Fact<FactValueOf<P>>;
};
