import { asList } from './json-value.js';

/**
 * Whether a resource carries a modifier extension. FHIR R4 requires that an application which
 * does not understand one must not process the resource as if it were not there
 * (https://hl7.org/fhir/R4/extensibility.html#modifierExtension): it may turn a result into one
 * not for clinical use, an order into one not to give. The service understands none, so what such
 * a resource would show is in doubt: never counted, never an absence (a review, 2026-12-07, found
 * an HbA1c marked "result-not-for-clinical-use" so giving the pump card).
 */
export function hasModifierExtension(resource: Record<string, unknown>): boolean {
  return (asList(resource.modifierExtension) ?? []).length > 0;
}

/** Why a resource with a modifier extension is not read as written. */
export const MODIFIED = 'a modifier extension the service does not understand';
