import type { Response } from 'express';

/** OAuth 2.0 error codes (RFC 6749 §4.1.2.1 and §5.2; `invalid_target` from RFC 8707 for a wrong `aud`). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target';

/** A refused authorization or token request: the code clients read, and a description naming the field. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** 401 for a client that failed to authenticate, else 400 (RFC 6749 §5.2). */
    readonly status = code === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
  }
}

/** Headers every token and error response carries (RFC 6749 §5.1). */
export function noStore(res: Response): Response {
  return res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

/** Answers `{error, error_description}` as JSON with the error's status. */
export function sendOAuthError(res: Response, err: OAuthError): void {
  noStore(res).status(err.status).json({ error: err.code, error_description: err.description });
}
