import { AuthenticationError } from './authenticator.js';

/** Why a request failed authentication: logged, asserted by tests, never sent to the client. */
export type RejectionReason =
  | 'missing-token'
  | 'malformed-authorization'
  | 'malformed-token'
  | 'forbidden-algorithm'
  | 'algorithm-not-allowed'
  | 'wrong-typ'
  | 'missing-kid'
  | 'unknown-issuer'
  | 'jku-not-allowed'
  | 'no-key-source'
  | 'unknown-kid'
  | 'no-matching-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'iat-in-future'
  | 'lifetime-too-long'
  | 'wrong-audience'
  | 'missing-claim'
  | 'invalid-claim'
  | 'replayed-jti'
  | 'replay-cache-full'
  | 'verification-error';

/** An AuthenticationError that says why; the error handler still answers a bare 401. */
export class TokenRejectedError extends AuthenticationError {
  constructor(readonly reason: RejectionReason) {
    super(`JWT rejected: ${reason}`);
  }
}
