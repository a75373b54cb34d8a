import type { RuleInput, RuleValue } from '../rules/condition-evaluator.js';
import type { Evidence, Fact } from './fact.js';

/**
 * The flat view the rules read: fact name → value, with evidence, notes, reasons and ages kept
 * beside. Names come from the fact table; a name absent from `values` is unknown.
 */
export interface RuleFacts extends RuleInput {
  readonly values: ReadonlyMap<string, RuleValue>;
  readonly evidence: ReadonlyMap<string, readonly Evidence[]>;
  readonly notes: ReadonlyMap<string, string>;
  readonly unknownReasons: ReadonlyMap<string, string>;
  /** Days since a dated value was taken (HbA1c, eGFR...), for rules that limit its age. */
  readonly ageDays: ReadonlyMap<string, number>;
}

/** How a rule name is read from its fact's value. */
export interface NameReading<V> {
  /** The value rules compare; undefined when the fact does not say. */
  readonly pick: (value: V) => RuleValue | undefined;
  /** Why the name is unknown when `pick` gives nothing. */
  readonly missing?: string;
  /** Why, when it depends on the value (takes precedence over `missing`). */
  readonly missingFor?: (value: V) => string | undefined;
  /** Days since the value was taken, for dated names. */
  readonly ageDays?: (value: V) => number | undefined;
}

/** Writes names into the maps of RuleFacts. */
export class RuleFactsBuilder {
  readonly values = new Map<string, RuleValue>();
  readonly evidence = new Map<string, readonly Evidence[]>();
  readonly notes = new Map<string, string>();
  readonly unknownReasons = new Map<string, string>();
  readonly ageDays = new Map<string, number>();

  /** A known value with its evidence and note. */
  value(name: string, value: RuleValue, evidence: readonly Evidence[], note?: string): void {
    this.values.set(name, value);
    this.evidence.set(name, evidence);
    if (note) this.notes.set(name, note);
  }

  /** An unknown value and why. */
  unknown(name: string, reason: string, evidence: readonly Evidence[] = []): void {
    this.unknownReasons.set(name, reason);
    this.evidence.set(name, evidence);
  }

  /** A name read from a fact: unknown with the fact's reason when the fact is unknown. */
  from<V>(name: string, fact: Fact<V>, reading: NameReading<V>): void {
    if (!fact.known) return this.unknown(name, fact.reason, fact.evidence);
    const v = reading.pick(fact.value);
    if (v === undefined)
      return this.unknown(name, reading.missingFor?.(fact.value) ?? reading.missing ?? 'not available', fact.evidence);
    this.value(name, v, fact.evidence, fact.note);
    const age = reading.ageDays?.(fact.value);
    if (age !== undefined) this.ageDays.set(name, age);
  }

  /** The finished view. */
  build(): RuleFacts {
    return {
      values: this.values,
      evidence: this.evidence,
      notes: this.notes,
      unknownReasons: this.unknownReasons,
      ageDays: this.ageDays,
    };
  }
}
