import type { ValueSetIndex } from '../rules/value-sets.js';

/** `system|code` tokens for every concept of the given value sets, comma-separated (FHIR OR). */
export function codeTokens(valueSets: ValueSetIndex, ids: readonly string[]): string {
  const tokens = new Set<string>();
  for (const id of ids) for (const c of valueSets.get(id).concepts) tokens.add(`${c.system}|${c.code}`);
  return [...tokens].join(',');
}

/**
 * Prefetch templates shared by the services. They keep to the spec's recommended subset:
 * token equality, `_sort`, `_count`, no `_include`, no repeated parameters.
 * https://cds-hooks.hl7.org/2.0/#prefetch-query-restrictions
 */
export const PATIENT_TEMPLATES = {
  patient: 'Patient/{{context.patientId}}',
  conditions: 'Condition?patient={{context.patientId}}',
  medicationRequests: 'MedicationRequest?patient={{context.patientId}}&status=active',
  medicationStatements: 'MedicationStatement?patient={{context.patientId}}&status=active',
} as const;

/** An Observation search for the codes of some value sets, newest first. */
export function observationTemplate(valueSets: ValueSetIndex, ids: readonly string[], count: number): string {
  return `Observation?patient={{context.patientId}}&code=${codeTokens(valueSets, ids)}&_sort=-date&_count=${count}`;
}
