/**
 * Where the bearer token of a FHIR server comes from: none, a token given on the command line,
 * or SMART Backend Services (screening/auth/backend-token.ts), which renews it. `invalidate` is
 * called on a 401, so that the next `token()` asks for a new one.
 */
export interface TokenSource {
  token(): Promise<string | undefined>;
  invalidate(): void;
}

export const NO_TOKEN: TokenSource = { token: () => Promise.resolve(undefined), invalidate: () => undefined };

export function fixedToken(token: string): TokenSource {
  return { token: () => Promise.resolve(token), invalidate: () => undefined };
}
