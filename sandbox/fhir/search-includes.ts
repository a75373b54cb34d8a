import { evalFhirPath, globalSchema, type IncludeTarget } from '@medplum/core';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { isKnownResourceType } from './fhir-routes.js';
import { includeTargetsOf } from './include-parameter.js';

/** Where included resources are looked up: by type and id, never by scanning. */
export interface IncludeSource {
  find(resourceType: string, id: string): Resource | undefined;
}

/** `Type/id`, optionally `/_history/<version>`, as a relative reference or under the base URL. */
const LOCAL_REFERENCE = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?$/;

interface LocalReference {
  readonly type: string;
  readonly id: string;
  readonly version?: string;
}

/**
 * The resource of this server a reference points at: relative `Medication/x`, or absolute
 * under the base URL the client used. Contained (`#x`) references are not included (the
 * resource travels inside its container), nor are other servers' URLs, `urn:uuid:` or
 * canonical references. https://hl7.org/fhir/R4/references.html#literal
 */
function localReference(reference: string, base: string): LocalReference | undefined {
  const path = reference.startsWith(`${base}/`) ? reference.slice(base.length + 1) : reference;
  const m = LOCAL_REFERENCE.exec(path);
  if (!m?.[1] || !m[2]) return undefined;
  return { type: m[1], id: m[2], ...(m[3] ? { version: m[3] } : {}) };
}

/** The reference strings the include's search parameter finds in a resource (its FHIRPath, as search evaluates it). */
function referencesOf(resource: Resource, target: IncludeTarget): string[] {
  const expression = globalSchema.types[target.resourceType]?.searchParams?.[target.searchParam]?.expression;
  if (!expression || resource.resourceType !== target.resourceType) return [];
  return evalFhirPath(expression, resource).flatMap((v) => {
    const reference = typeof v === 'object' && v !== null ? (v as { reference?: unknown }).reference : undefined;
    return typeof reference === 'string' ? [reference] : [];
  });
}

/**
 * Appends to a page of search matches the resources they reference through the `_include`
 * targets, each once (and none already a match), after the matches, with a fullUrl and
 * search mode `include`; the page's total still counts matches only. A reference the store
 * cannot resolve is left out, not an error. Each lookup is by id, so a page costs its
 * references, not a scan of the store. https://hl7.org/fhir/R4/search.html#include
 */
export function appendIncluded(
  bundle: Bundle,
  targets: readonly IncludeTarget[],
  store: IncludeSource,
  base: string,
): Bundle {
  const matches = bundle.entry ?? [];
  if (targets.length === 0 || matches.length === 0) return bundle;
  const seen = new Set(matches.map((e) => `${e.resource?.resourceType}/${e.resource?.id}`));
  const included: BundleEntry[] = [];
  for (const { resource } of matches) {
    if (!resource) continue;
    for (const target of targets) {
      for (const reference of referencesOf(resource, target)) {
        const local = localReference(reference, base);
        if (!local || (target.targetType !== undefined && local.type !== target.targetType)) continue;
        const key = `${local.type}/${local.id}`;
        if (seen.has(key)) continue;
        const found = store.find(local.type, local.id);
        // A versioned reference resolves only to the current version (the store keeps no other).
        if (found && local.version !== undefined && found.meta?.versionId !== local.version) continue;
        seen.add(key);
        if (found) included.push({ fullUrl: `${base}/${key}`, resource: found, search: { mode: 'include' } });
      }
    }
  }
  return included.length > 0 ? { ...bundle, entry: [...matches, ...included] } : bundle;
}

/**
 * Does for the searches inside a batch (or transaction) what appendIncluded does for a direct
 * search: medplum runs them on a store that ignores `_include`. Response entries answer the
 * request entries in order. https://hl7.org/fhir/R4/http.html#transaction-response
 */
export function appendIncludedInBatch(request: Bundle, response: Bundle, store: IncludeSource, base: string): Bundle {
  return {
    ...response,
    entry: response.entry?.map((entry, i) => {
      const { method, url = '' } = request.entry?.[i]?.request ?? {};
      const [type = '', query] = url.split('?', 2);
      const result = entry.resource;
      if (method !== 'GET' || query === undefined || result?.resourceType !== 'Bundle' || !isKnownResourceType(type)) {
        return entry;
      }
      try {
        return {
          ...entry,
          resource: appendIncluded(result, includeTargetsOf(type, [...new URLSearchParams(query)]), store, base),
        };
      } catch {
        return entry; // a search the sandbox refused: medplum answered it without includes
      }
    }),
  };
}
