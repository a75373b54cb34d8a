import type { FhirResource, Medication } from 'fhir/r4.js';

/** Where and how to read the patient's data when prefetch falls short. */
export interface FhirAccess {
  /** Base URL of the EHR's FHIR server, without a trailing slash. */
  readonly baseUrl: string;
  /** The bearer token from fhirAuthorization, when the EHR gave one. */
  readonly accessToken?: string;
  /**
   * One deadline shared by every round of one CDS call, so a call that needs a second
   * round (Medications) still ends within FHIR_TIMEOUT_MS. Absent: each round has its own.
   */
  readonly deadline?: AbortSignal;
}

/** A query that came back: its resources, and whether paging stopped at the cap. */
export interface FetchedQuery {
  readonly resources: FhirResource[];
  readonly truncated: boolean;
  readonly pages: number;
}

/** Why a FHIR read failed; hooks/ maps each kind to its error code. */
export type FhirFailureKind =
  'unauthorized' | 'unreachable' | 'not-found' | 'server-error' | 'invalid-response' | 'timeout';

/** A read from the FHIR server that failed; the message never contains the token. */
export class FhirFetchError extends Error {
  override readonly name = 'FhirFetchError';
  constructor(
    readonly kind: FhirFailureKind,
    message: string,
    readonly status?: number,
    /** For `not-found`: the type of the resource read by id (the Patient of the call). */
    readonly resourceType?: string,
  ) {
    super(message);
  }
}

/** Data the service needs that the request did not carry and that cannot be fetched. */
export class DataUnavailableError extends Error {
  override readonly name = 'DataUnavailableError';
  constructor(
    readonly keys: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the patient's data from a FHIR server. The FHIR fallback (fhir-kit-client)
 * implements it; tests may pass their own.
 */
export interface PatientDataSource {
  /**
   * Runs the queries (relative URLs such as `Condition?patient=123`) in one parallel round,
   * following `next` links up to the page cap. Rejects with FhirFetchError on the first failure.
   */
  fetchQueries(access: FhirAccess, queries: ReadonlyMap<string, string>): Promise<Map<string, FetchedQuery>>;
  /** Reads Medication resources by id in one batched round. */
  fetchMedications(access: FhirAccess, ids: readonly string[]): Promise<Medication[]>;
}
