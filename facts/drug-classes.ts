import type { PatientRecord } from '../fhir/patient-record.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { asObject } from './json-value.js';
import { matchDrug } from './medication-match.js';
import { drugSource } from './medication-source.js';

/** The drug an order or statement names, as the medication facts read it. */
export interface DrugClasses {
  /** The medication value sets the drug falls in; empty for a drug no rule reads. */
  readonly ids: readonly string[];
  readonly label: string;
}

/**
 * The medication value sets of one MedicationRequest or MedicationStatement, read with the
 * matching the medication facts use (product and ATC codes, a referenced or contained
 * Medication, French and English names). Undefined when the drug cannot be read or classified.
 */
export function drugClasses(
  resource: unknown,
  record: PatientRecord,
  valueSets: ValueSetIndex,
): DrugClasses | undefined {
  const r = asObject(resource);
  if (!r) return undefined;
  const source = drugSource(r, record);
  if (source.kind !== 'drug') return undefined;
  const match = matchDrug(valueSets, source);
  if (match.unclassified) return undefined;
  return { ids: match.ids, label: match.label };
}
