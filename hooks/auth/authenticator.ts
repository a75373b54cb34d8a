/** Who called, once the JWT checked out. */
export interface Caller {
  /** The `iss` of a verified token; undefined when auth is optional and no token came. */
  readonly issuer?: string;
  /** FHIR base URLs this caller may send as fhirServer; undefined means "no per-issuer limit". */
  readonly allowedFhirServers?: readonly string[];
}

/** Thrown for any failed check; the response is a bare 401 with WWW-Authenticate. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

/**
 * Verifies the bearer JWT of a CDS client (CDS Hooks 2.0 "Trusting CDS Clients").
 * https://cds-hooks.hl7.org/2.0/#trusting-cds-clients
 */
export interface Authenticator {
  /** `authorization` is the raw header; `audience` the service URL the token must name. */
  authenticate(authorization: string | undefined, audience: string): Promise<Caller>;
}
