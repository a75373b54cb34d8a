/**
 * A search the sandbox cannot run faithfully; answered 400 with an OperationOutcome rather
 * than with silently empty or incomplete results. https://hl7.org/fhir/R4/search.html#errors
 */
export class UnsupportedSearchError extends Error {
  override readonly name = 'UnsupportedSearchError';
}
