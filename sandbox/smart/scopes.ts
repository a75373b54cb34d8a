import { indexFhirDefinitions } from '../fhir/definitions.js';
import { isKnownResourceType } from '../fhir/fhir-routes.js';

/** Who a clinical scope speaks for: one patient, the signed-in user, or a backend system. */
export type ScopeContext = 'patient' | 'user' | 'system';
/** SMART v2 interactions: create, read, update, delete, search. */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

/** A clinical scope such as `patient/Observation.rs` or `system/*.read`, parsed. */
export interface ClinicalScope {
  /** The scope as it was written (v1 scopes are granted back in v1 form). */
  readonly text: string;
  readonly context: ScopeContext;
  /** A resource type, or `*`. */
  readonly type: string;
  readonly permissions: ReadonlySet<Permission>;
}

/** v1 suffixes and what they mean in v2. https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html */
const V1: Readonly<Record<string, string>> = { read: 'rs', write: 'cud', '*': 'cruds' };
/** v2 suffixes: a non-empty, in-order subset of `cruds`. */
const V2 = /^c?r?u?d?s?$/;
const CLINICAL = /^(patient|user|system)\/([A-Za-z]+|\*)\.([a-z*]+)$/;

/**
 * Parses a SMART clinical scope (v2 `.cruds` subsets, v1 `.read`, `.write`, `.*`), or
 * returns undefined for anything else: launch and identity scopes, unknown resource types,
 * out-of-order suffixes (`.dus`), and v2 scopes narrowed by search parameters (`?category=…`),
 * which the sandbox does not evaluate and so never grants.
 */
export function parseClinicalScope(text: string): ClinicalScope | undefined {
  const m = CLINICAL.exec(text);
  if (!m) return undefined;
  const [, context, type = '', suffix = ''] = m;
  indexFhirDefinitions(); // the resource types (once per process)
  if (type !== '*' && !isKnownResourceType(type)) return undefined;
  const letters = V1[suffix] ?? (V2.test(suffix) && suffix !== '' ? suffix : undefined);
  if (!letters) return undefined;
  return { text, context: context as ScopeContext, type, permissions: new Set([...letters] as Permission[]) };
}

/** True when `wide` grants everything `narrow` asks for (same context, same or wildcard type, a superset of letters). */
export function covers(wide: ClinicalScope, narrow: ClinicalScope): boolean {
  return (
    wide.context === narrow.context &&
    (wide.type === '*' || wide.type === narrow.type) &&
    [...narrow.permissions].every((p) => wide.permissions.has(p))
  );
}

/** The scopes among `granted` that allow `permission` on `type`. */
export function scopesAllowing(
  granted: readonly ClinicalScope[],
  type: string,
  permission: Permission,
): ClinicalScope[] {
  return granted.filter((s) => (s.type === '*' || s.type === type) && s.permissions.has(permission));
}

/** Splits a space-separated scope parameter; repeated scopes are kept once. */
export function splitScopes(scope: string): string[] {
  return [...new Set(scope.split(' ').filter(Boolean))];
}
