import type { QueryPairs } from '../fhir/search-query.js';
import { isKnownResourceType } from '../fhir/fhir-routes.js';
import type { Permission } from './scopes.js';

/** One interaction a FHIR request performs, as scopes see it. */
export interface Access {
  readonly permission: Permission;
  /** The resource type, or `*` for an interaction on no type the sandbox knows. */
  readonly type: string;
  /** The instance, for instance-level interactions. */
  readonly id?: string;
  /** The search parameters, for searches. */
  readonly query?: QueryPairs;
  /** The resource sent, for create and update. */
  readonly resource?: unknown;
  /** A JSON Patch (its result is not known before it runs). */
  readonly patch?: boolean;
  /** A Bulk Data export: a read of every resource of the type, across patients. */
  readonly bulk?: boolean;
}

/** A request in the terms `accessesOf` reads: a method, a path under the FHIR base, its query and body. */
export interface FhirCall {
  readonly method: string;
  readonly path: string;
  readonly query: QueryPairs;
  readonly body: unknown;
}

function segmentsOf(path: string): string[] | undefined {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined; // the FHIR router refuses it
  }
}

function formPairs(body: unknown): QueryPairs {
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body as Record<string, unknown>).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)]),
  );
}

/** The interactions of a request on one type: the SMART letter each needs (scopes-and-launch-context.html). */
function typeLevel(call: FhirCall, type: string, rest: readonly string[]): Access[] {
  const { method, query, body } = call;
  const [second, third] = rest;
  const read = method === 'GET' || method === 'HEAD';
  if (second === undefined) {
    if (read) return [{ permission: 's', type, query }];
    if (method === 'POST') return [{ permission: 'c', type, resource: body }];
    return [{ permission: method === 'DELETE' ? 'd' : 'u', type }]; // conditional: the router refuses it
  }
  if (second === '_search' || second === '_history') {
    return [{ permission: 's', type, query: method === 'POST' ? [...query, ...formPairs(body)] : query }];
  }
  if (second.startsWith('$')) return [{ permission: read ? 's' : 'u', type }];
  const id = second;
  if (read) return [{ permission: 'r', type, id }];
  if (third !== undefined || method === 'POST') return [{ permission: 'u', type, id }];
  if (method === 'DELETE') return [{ permission: 'd', type, id }];
  return [{ permission: 'u', type, id, resource: body, ...(method === 'PATCH' ? { patch: true } : {}) }];
}

/**
 * A Bulk Data kick-off (`$export` at the base, on Patient, on a Group): a read of each `_type`
 * (of any type, `*`, without one) across all the patients exported.
 * https://hl7.org/fhir/uv/bulkdata/STU2/authorization.html
 */
function bulkKickOff(segments: readonly string[], query: QueryPairs): Access[] | undefined {
  const [first, second, third] = segments;
  const kickOff =
    (segments.length === 1 && first === '$export') ||
    (segments.length === 2 && first === 'Patient' && second === '$export') ||
    (segments.length === 3 && first === 'Group' && third === '$export');
  if (!kickOff) return undefined;
  const types = query
    .filter(([name]) => name === '_type')
    .flatMap(([, value]) => value.split(','))
    .map((type) => type.trim())
    .filter(isKnownResourceType);
  return (types.length > 0 ? types : ['*']).map((type) => ({ permission: 'r', type, bulk: true }));
}

/** The interactions of one batch or transaction entry. */
function entryAccesses(entry: unknown, fhirBase: string): Access[] {
  const { request, resource } = (entry ?? {}) as { request?: { method?: unknown; url?: unknown }; resource?: unknown };
  if (typeof request?.method !== 'string' || typeof request.url !== 'string') return [];
  const url = request.url.startsWith(`${fhirBase}/`) ? request.url.slice(fhirBase.length + 1) : request.url;
  if (/^[a-z]+:/i.test(url)) return [{ permission: request.method === 'GET' ? 'r' : 'u', type: '*' }];
  const [path = '', search = ''] = url.split('?', 2);
  const query = [...new URLSearchParams(search)];
  return accessesOf({ method: request.method.toUpperCase(), path, query, body: resource }, fhirBase);
}

/**
 * The interactions a FHIR request performs, each with the permission it needs. A batch or
 * transaction is the interactions of its entries ("batch and transaction requests should be
 * validated based on the actual requests within them"). Requests the FHIR router refuses
 * anyway (an unknown type, a bad path, a body at the base URL that is not a Bundle) give none.
 */
export function accessesOf(call: FhirCall, fhirBase: string): Access[] {
  const segments = segmentsOf(call.path);
  if (!segments) return [];
  const bulk = bulkKickOff(segments, call.query);
  if (bulk) return bulk;
  const [type, ...rest] = segments;
  if (type === undefined) {
    const bundle = call.body as { resourceType?: unknown; entry?: unknown };
    if (call.method !== 'POST' || bundle?.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) return [];
    return bundle.entry.flatMap((entry) => entryAccesses(entry, fhirBase));
  }
  if (!isKnownResourceType(type)) return [];
  return typeLevel(call, type, rest);
}
