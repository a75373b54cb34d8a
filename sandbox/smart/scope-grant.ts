import { covers, parseClinicalScope, type ClinicalScope, type ScopeContext } from './scopes.js';

/** Launch context scopes the sandbox EHR honours (an EHR launch always gives the patient). */
const LAUNCH_SCOPES = new Set(['launch', 'launch/patient']);

/** The scopes a request ends up with. */
export interface GrantedScopes {
  /** Everything granted, in the order asked, as the token response's `scope` reports it. */
  readonly texts: readonly string[];
  /** The clinical ones, which the FHIR server enforces. */
  readonly clinical: readonly ClinicalScope[];
}

/**
 * Grants what was asked for and the client may hold, nothing more: a clinical scope of an
 * allowed context that one of the client's scopes covers, and the launch scopes it holds.
 * Everything else is left out, as SMART allows ("the scopes granted … may differ from the
 * scopes requested"): identity scopes (`openid`, `fhirUser`: the sandbox issues no id_token),
 * refresh scopes (no refresh tokens) and scopes narrowed by search parameters.
 */
export function grantScopes(
  requested: readonly string[],
  clientScopes: readonly string[],
  contexts: readonly ScopeContext[],
): GrantedScopes {
  const allowed = clientScopes.flatMap((s) => parseClinicalScope(s) ?? []);
  const texts: string[] = [];
  const clinical: ClinicalScope[] = [];
  for (const text of requested) {
    if (LAUNCH_SCOPES.has(text)) {
      if (clientScopes.includes(text)) texts.push(text);
      continue;
    }
    const scope = parseClinicalScope(text);
    if (scope && contexts.includes(scope.context) && allowed.some((a) => covers(a, scope))) {
      texts.push(text);
      clinical.push(scope);
    }
  }
  return { texts, clinical };
}
