import type { ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { tallyCodedRecords, type CodedTally } from './coded-records.js';
import { conditionSpec, procedureSpec } from './conditions.js';
import { absenceUnproven, latestUnproven } from './coverage.js';
import { DataQualityLog } from './data-quality.js';
import { unknown, type Fact } from './fact.js';
import { medicationFact, tallyMedications, type MedicationTally } from './medications.js';
import { readMedicationUses } from './medication-uses.js';
import { groupObservations, groupReports, type ByValueSet } from './observation-index.js';
import type { ConditionFinding, MedicationFinding } from './patient-facts.js';

/** The clock and the site settings facts depend on. */
export interface FactSettings {
  readonly now: Date;
  /** Grams of alcohol in one standard drink (config ALCOHOL_GRAMS_PER_DRINK). */
  readonly alcoholGramsPerDrink: number;
}

/**
 * What fact readers share for one record: each pass over a resource type (conditions, the
 * medication uses, the observations) runs once, the first time a fact needs it, and facts that
 * depend on other facts (the regimen on the pump, the run-in on the HbA1c) get them memoised.
 */
export class FactContext {
  readonly dq = new DataQualityLog();
  private conditionTally?: CodedTally;
  private procedureTally?: CodedTally;
  private medicationTally?: MedicationTally;
  private observationGroups?: ByValueSet;
  private reportGroups?: ByValueSet;
  private readonly memo = new Map<string, Fact<unknown>>();
  /** Memoised facts that read no medication record, which a what-if context may keep. */
  private readonly medicationFree = new Set<string>();

  constructor(
    readonly record: PatientRecord,
    readonly valueSets: ValueSetIndex,
    readonly settings: FactSettings,
  ) {}

  /**
   * A context for a record that differs from this one only in its medication orders and
   * statements (the order hooks' what-if record, pipeline/what-if-record.ts): the passes over
   * conditions, procedures, observations and reports already made are shared, and so are the
   * facts memoised as reading no medication record (`once(…, { medicationFree: true })`); the
   * medications, and every other memoised fact, are read again. The shared passes' and facts'
   * data-quality notes stay with this context.
   */
  withOtherMedications(record: PatientRecord): FactContext {
    const next = new FactContext(record, this.valueSets, this.settings);
    next.conditionTally = this.conditionTally;
    next.procedureTally = this.procedureTally;
    next.observationGroups = this.observationGroups;
    next.reportGroups = this.reportGroups;
    for (const key of this.medicationFree) {
      next.memo.set(key, this.memo.get(key)!);
      next.medicationFree.add(key);
    }
    return next;
  }

  get now(): Date {
    return this.settings.now;
  }

  /**
   * A fact computed once per record, whichever fact asks first. `medicationFree` says that `read`
   * reads no MedicationRequest, MedicationStatement or Medication, directly or through another
   * fact: the what-if record of the order hooks then keeps it (withOtherMedications). Left out,
   * the fact is only computed again.
   */
  once<T>(key: string, read: () => Fact<T>, options?: { readonly medicationFree: boolean }): Fact<T> {
    const hit = this.memo.get(key);
    if (hit) return hit as Fact<T>;
    const fact = read();
    this.memo.set(key, fact);
    if (options?.medicationFree) this.medicationFree.add(key);
    return fact;
  }

  /** The fact of one condition value set. */
  condition(id: string): Fact<ConditionFinding> {
    if (!this.valueSets.all.has(id)) return unknown(`value set ${id} is not loaded`);
    this.conditionTally ??= tallyCodedRecords(
      this.record,
      this.valueSets,
      this.now,
      this.dq,
      conditionSpec(this.record, this.now),
    );
    return this.finding(this.conditionTally, id);
  }

  /** The fact of one procedure value set. */
  procedure(id: string): Fact<ConditionFinding> {
    if (!this.valueSets.all.has(id)) return unknown(`value set ${id} is not loaded`);
    this.procedureTally ??= tallyCodedRecords(this.record, this.valueSets, this.now, this.dq, procedureSpec(this.now));
    return this.finding(this.procedureTally, id);
  }

  private finding(coded: CodedTally, id: string): Fact<ConditionFinding> {
    const fact = coded.tally.fact(id, coded.unproven);
    if (!fact.known) return fact;
    const { present, earliest, days } = fact.value;
    return {
      ...fact,
      value: { present, ...(earliest ? { earliest } : {}), ...(days !== undefined ? { days } : {}) },
    };
  }

  /** Every current medication use, read once. */
  medications(): MedicationTally {
    this.medicationTally ??= tallyMedications(
      readMedicationUses(this.record, this.valueSets, this.now, this.dq),
      this.valueSets,
      this.now,
    );
    return this.medicationTally;
  }

  /** The fact of one medication value set. */
  medication(id: string): Fact<MedicationFinding> {
    if (!this.valueSets.all.has(id)) return unknown(`value set ${id} is not loaded`);
    return medicationFact(this.medications(), id, this.now);
  }

  /** Observations (with those inside reports) by observation value set. */
  observations(): ByValueSet {
    this.observationGroups ??= groupObservations(this.record, this.valueSets, this.dq);
    return this.observationGroups;
  }

  /** DiagnosticReports by observation value set. */
  reports(): ByValueSet {
    this.reportGroups ??= groupReports(this.record, this.valueSets, this.dq);
    return this.reportGroups;
  }

  /**
   * Why the latest result of some value sets cannot be trusted: none of them loaded, or results
   * cut at the page cap in an order that does not put the newest first.
   */
  latestUnproven(ids: readonly string[], types: readonly string[] = ['Observation']): string | undefined {
    if (!ids.some((id) => this.valueSets.all.has(id))) return `value set ${ids.join(' / ')} is not loaded`;
    return latestUnproven(this.record, types);
  }

  /** Why the absence of a resource type proves nothing, if it does not. */
  absenceUnproven(types: readonly string[]): string | undefined {
    return absenceUnproven(this.record, types);
  }
}
