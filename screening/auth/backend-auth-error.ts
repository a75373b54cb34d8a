/**
 * Why a SMART Backend Services token could not be had:
 * - `discovery`: the FHIR server does not say where its token endpoint is;
 * - `token-endpoint`: the token endpoint refused the request (an OAuth error, or an HTTP error);
 * - `invalid-key`: the private key cannot sign an assertion (missing, not private, wrong algorithm);
 * - `invalid-response`: an answer was not what the spec says it is (not JSON, a field missing);
 * - `unreachable`: no answer at all (connection refused, DNS, timeout).
 */
export type BackendAuthErrorKind = 'discovery' | 'token-endpoint' | 'invalid-key' | 'invalid-response' | 'unreachable';

/** What else a BackendAuthError may say: the HTTP status and the OAuth `error` code (RFC 6749 §5.2). */
export interface BackendAuthErrorDetails {
  readonly status?: number;
  readonly oauthError?: string;
}

/**
 * A failure to authenticate as a backend client. Messages name the URL, the HTTP status and the
 * server's OAuth `error` / `error_description`, and never an access token, a client assertion
 * or key material: they are printed and logged. No `cause` is kept for the same reason.
 */
export class BackendAuthError extends Error {
  override readonly name = 'BackendAuthError';
  readonly status: number | undefined;
  readonly oauthError: string | undefined;

  constructor(
    readonly kind: BackendAuthErrorKind,
    message: string,
    details: BackendAuthErrorDetails = {},
  ) {
    super(message);
    this.status = details.status;
    this.oauthError = details.oauthError;
  }
}
