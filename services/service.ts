import type { FactScope } from '../facts/fact-scope.js';
import type { CodedName, FactId, PatientFacts } from '../facts/patient-facts.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import type { Questionnaire } from 'fhir/r4.js';
import type { Card } from './card-schema.js';
import type { TrialChecklist } from './eligibility-checklist.js';
import type { TrialScreening } from './trial-screening.js';

/** The hooks the services answer: a chart opens, an order is picked, orders are about to be signed. */
export type HookName = 'patient-view' | 'order-select' | 'order-sign';

/** The discovery entry of a service. https://cds-hooks.hl7.org/2.0/#response */
export interface ServiceDefinition {
  readonly id: string;
  readonly hook: HookName;
  readonly title: string;
  readonly description: string;
  readonly prefetch: Readonly<Record<string, string>>;
  readonly usageRequirements?: string;
}

/** What a service evaluates: the facts, computed once per request, and the record they came from. */
export interface EvaluationInput<K extends FactId = FactId, N extends CodedName = CodedName> {
  readonly patientId: string;
  readonly facts: PatientFacts<K, N>;
  readonly record: PatientRecord;
  readonly now: Date;
  /**
   * On the order hooks: the record as it would be once the draft orders the cards speak of are
   * active (`facts` and `record` then hold it as it is, with any other draft already applied).
   */
  readonly orders?: OrderChange<K, N>;
}

/** A draft MedicationRequest, its drug read as the record's drugs are. */
export interface DraftMedication {
  /** `MedicationRequest/<id>`; undefined when the draft has no id (it cannot then be removed). */
  readonly reference?: string;
  /** The drug's name as the order gives it. */
  readonly label: string;
  /** The medication value sets the drug falls in (none: a drug no rule reads). */
  readonly valueSets: readonly string[];
  /** Orders and statements of the record the draft replaces (a renewal or a dose change of one drug). */
  readonly replaces: readonly string[];
}

/** What the draft orders of an order hook would change. */
export interface OrderChange<K extends FactId = FactId, N extends CodedName = CodedName> {
  readonly after: PatientFacts<K, N>;
  readonly afterRecord: PatientRecord;
  /** The draft medication orders the cards are about: the selected ones (order-select) or all (order-sign). */
  readonly drafts: readonly DraftMedication[];
}

/**
 * A card a service wants to show, with what the audit trail and suppression need to know.
 * Suppression is per patient and topic, whichever hook showed the card: the topic is the card's
 * `kind` (named as the patient-view service of that kind) and its `key`.
 */
export interface ProposedCard {
  /** Identifies "the same card" across requests and hooks, for suppression: e.g. `pump-evaluation`, `trial:NCT04270656`. */
  readonly key: string;
  readonly kind: 'pump-evaluation' | 'trial-referral';
  readonly trialId?: string;
  /** Names of the rules or criteria that matched. */
  readonly matchedRules: readonly string[];
  readonly card: Card;
}

/** One line of an explanation: a rule or criterion, its status, and why. */
export interface ExplanationLine {
  readonly id: string;
  readonly text: string;
  readonly status: 'met' | 'not-met' | 'unknown' | 'not-applicable';
  readonly reason: string;
}

/** Why a service did or did not propose its cards, for the evaluate CLI. */
export interface Explanation {
  readonly serviceId: string;
  readonly sections: readonly {
    readonly title: string;
    readonly fires: boolean;
    readonly lines: readonly ExplanationLine[];
  }[];
}

/**
 * A CDS service: its discovery entry and its evaluation. `K` lists the facts its card reads;
 * its scope adds those its rules name, and a call computes only these.
 */
export interface CdsService<K extends FactId = FactId, N extends CodedName = CodedName> {
  readonly definition: ServiceDefinition;
  /** The facts evaluate and its cards read: a hook call computes only these. */
  readonly factScope: FactScope<K, N>;
  /** Cards for this patient, best first. Never throws on odd data; missing data means no card. */
  evaluate(input: EvaluationInput<K, N>): Promise<ProposedCard[]>;
  /** Every rule or criterion with its status, for people asking "why (not)?". */
  explain(input: EvaluationInput<K, N>): Promise<Explanation>;
  /**
   * One trial's whole eligibility checklist (the eligibility app, hooks/eligibility-app.ts):
   * only services with a trial catalogue have it; undefined for a trial they do not know.
   */
  checklist?(input: EvaluationInput<K, N>, trialId: string): Promise<TrialChecklist | undefined>;
  /**
   * Every trial of the catalogue for this patient, for population screening: only services with
   * a trial catalogue have it.
   */
  screen?(input: EvaluationInput<K, N>): TrialScreening[];
  /** The trials `screen` reports on, in catalogue order. */
  readonly trialIds?: readonly string[];
  /** One trial's checklist as a FHIR Questionnaire published at `url`; undefined for a trial it does not know. */
  questionnaire?(trialId: string, url: string): Questionnaire | undefined;
}
