/**
 * The roles (or groups) an ID token gives its user, read from the claim SCREENING_OIDC_ROLE_CLAIM
 * names. Identity providers put them in different shapes: a JSON array (`"roles": ["screening"]`,
 * Entra ID, Okta groups), a space-separated string (as OAuth's `scope`), or an array inside an
 * object, reached with a dotted path (Keycloak's `realm_access.roles`). A claim name that itself
 * holds dots (`https://example.org/roles`) is tried whole first.
 */
export function rolesIn(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  const value = claim in claims ? claims[claim] : atPath(claims, claim.split('.'));
  if (typeof value === 'string') return value.split(/\s+/).filter((r) => r.length > 0);
  if (Array.isArray(value)) return value.filter((r): r is string => typeof r === 'string' && r.length > 0);
  return [];
}

function atPath(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const step of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

/** True when the user holds the role (exact, case-sensitive: a role is an identifier, not a word). */
export function holdsRole(claims: Readonly<Record<string, unknown>>, claim: string, role: string): boolean {
  return rolesIn(claims, claim).includes(role);
}
