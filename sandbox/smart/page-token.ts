import { createLocalJWKSet, jwtVerify } from 'jose';
import type { SandboxIssuer } from '../auth/sandbox-issuer.js';
import type { Grant } from './access-tokens.js';
import { parseClinicalScope } from './scopes.js';

/** The EHR page's client id, for grants of the sandbox issuer's tokens. */
export const PAGE_CLIENT_ID = 'sandbox-ehr-page';

/**
 * Accepts the EHR page's own tokens on /fhir: ES384 JWTs of the sandbox issuer with `aud`
 * `<PUBLIC_BASE_URL>/fhir`, which the page sends as `fhirAuthorization.access_token` and the
 * services then read /fhir with. They read anything (`system/*.rs`) and write nothing.
 */
export function pageTokenVerifier(
  issuer: Promise<SandboxIssuer>,
  fhirBase: string,
  clock: () => Date,
): (jwt: string) => Promise<Grant | undefined> {
  const scopes = [parseClinicalScope('system/*.rs')!];
  const keys = issuer.then((i) => ({ iss: i.iss, jwks: createLocalJWKSet(i.publicJwks) }));
  return async (jwt) => {
    const { iss, jwks } = await keys;
    try {
      await jwtVerify(jwt, jwks, { issuer: iss, audience: fhirBase, algorithms: ['ES384'], currentDate: clock() });
      return { clientId: PAGE_CLIENT_ID, scopes };
    } catch {
      return undefined;
    }
  };
}
