import type { CompartmentRepository } from '../fhir/compartment-repository.js';
import type { Grant } from './access-tokens.js';
import type { Access } from './fhir-access.js';
import type { Refusal } from './fhir-outcome.js';
import { readableFor, searchStaysWith, writableFor } from './patient-compartment.js';
import { scopesAllowing } from './scopes.js';

const READS = new Set(['r', 's']);

/** True when a patient-scoped access stays within the patient's compartment. */
function withinPatient(access: Access, patient: string, store: CompartmentRepository): boolean {
  const existing = access.id && access.type !== '*' ? store.find(access.type, access.id) : undefined;
  switch (access.permission) {
    case 's':
      return searchStaysWith(access.type, access.query ?? [], patient);
    case 'r':
      return access.id !== undefined && (!existing || readableFor(existing, patient));
    case 'c':
      return writableFor(access.resource, patient);
    case 'u':
      return (
        access.id !== undefined &&
        !access.patch &&
        (!existing || readableFor(existing, patient)) &&
        writableFor(access.resource, patient)
      );
    case 'd':
      return access.id !== undefined && (!existing || readableFor(existing, patient));
  }
}

function scopeNeeded(access: Access): string {
  return `${access.type}.${access.permission}`;
}

/**
 * A bulk export reads across patients, which only `system/` scopes allow (SMART Backend
 * Services, https://hl7.org/fhir/uv/bulkdata/STU2/authorization.html): one allowing `r` on the
 * type, or, for an export without `_type` (type `*`), on any type, the export then keeping to
 * the types the scopes allow.
 */
function bulkAllowed(grant: Grant, access: Access): boolean {
  return grant.scopes.some(
    (s) =>
      s.context === 'system' &&
      s.permissions.has('r') &&
      (access.type === '*' || s.type === '*' || s.type === access.type),
  );
}

/**
 * Whether a request may go on, given the grant of its bearer token (none when it sent none):
 * - without a token, reads and searches are open (the EHR page, the CDS Hooks Sandbox and
 *   the README's curl examples read so) and writes get 401;
 * - with one, every interaction needs a scope allowing it; when only `patient/` scopes do,
 *   it must stay within the token's patient (403 otherwise);
 * - a bulk export is a read: open without a token, and with one it needs `system/` scopes (403
 *   otherwise); a job started with a token is that client's alone (sandbox/fhir/bulk-export-routes.ts).
 * Returns the refusal, or undefined to go on.
 */
export function decideAccess(
  grant: Grant | undefined,
  accesses: readonly Access[],
  store: CompartmentRepository,
): Refusal | undefined {
  if (!grant) {
    const write = accesses.find((a) => !READS.has(a.permission));
    if (!write) return undefined;
    return {
      status: 401,
      issue: 'login',
      code: 'token-required',
      diagnostics: `writes need a bearer token with a ${scopeNeeded(write)} scope`,
    };
  }
  for (const access of accesses) {
    if (access.bulk) {
      if (bulkAllowed(grant, access)) continue;
      return {
        status: 403,
        issue: 'forbidden',
        code: 'insufficient-scope',
        diagnostics: `a bulk export needs a system/ scope allowing ${access.type === '*' ? 'a read' : scopeNeeded(access)}`,
      };
    }
    const scopes = scopesAllowing(grant.scopes, access.type, access.permission);
    if (scopes.length === 0) {
      return {
        status: 403,
        issue: 'forbidden',
        code: 'insufficient-scope',
        diagnostics: `the token has no scope allowing ${scopeNeeded(access)}`,
      };
    }
    if (scopes.some((s) => s.context !== 'patient')) continue;
    if (grant.patient === undefined || !withinPatient(access, grant.patient, store)) {
      return {
        status: 403,
        issue: 'forbidden',
        code: 'other-patient',
        diagnostics: `the token is for one patient, and ${scopeNeeded(access)} here reaches beyond that patient's data`,
      };
    }
  }
  return undefined;
}
