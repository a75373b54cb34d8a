import { asObject } from './json-value.js';

// FHIR id syntax (https://hl7.org/fhir/R4/datatypes.html#id). Anything else is not echoed,
// so a hostile id can never smuggle patient data into logs or data-quality lines.
const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

/** The resource's id when it is a valid FHIR id, else `(invalid id)`. */
export function resourceId(resource: unknown): string {
  const id = asObject(resource)?.id;
  return typeof id === 'string' && ID_RE.test(id) ? id : '(invalid id)';
}

/** `Type/id` for data-quality lines and reasons, with the expected type when the resource has none. */
export function resourceLabel(resource: unknown, expectedType: string): string {
  return `${expectedType}/${resourceId(resource)}`;
}
