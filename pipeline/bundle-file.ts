import type { FhirResource } from 'fhir/r4.js';

/*
 * The resources of a Bundle read from a file (`npm run evaluate -- --bundle`), as the pipeline
 * reads them. Two things a file says about itself that its resources alone do not:
 * - its entries point at one another by their `fullUrl` ("urn:uuid:…", as transaction and
 *   collection Bundles do): such a reference is written `Type/id`, so that a result listed by its
 *   report, a medication by its order and a resource by its patient are found;
 * - it may hold only part of the record: a searchset with a `next` link or a `total` beyond its
 *   matches, or an OperationOutcome telling that data was left out (Epic's "Additional data may be
 *   present for patient"). Then no absence and no "latest" can be trusted (`incomplete`).
 */

/** The resources of a Bundle, its references resolved, and why it is not the whole record, if it is not. */
export interface BundleContents {
  readonly resources: FhirResource[];
  readonly incomplete?: string;
}

interface Entry {
  readonly fullUrl?: unknown;
  readonly resource?: FhirResource;
  readonly search?: { readonly mode?: unknown };
}

// The reference fields the facts follow from one resource to another.
// `encounter` ties an order to a hospital stay (facts/stay-encounter.ts): a review (2026-12-07)
// found a stay's insulin, tied by "urn:uuid:…", counted as home MDI.
const SINGLE = ['subject', 'patient', 'individual', 'medicationReference', 'encounter'] as const;
const LISTS = ['result', 'hasMember'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The reference with a fullUrl of the file written `Type/id`, else as it was. */
function resolved(ref: unknown, byUrl: ReadonlyMap<string, string>): unknown {
  if (!isRecord(ref) || typeof ref.reference !== 'string') return ref;
  const local = byUrl.get(ref.reference);
  return local ? { ...ref, reference: local } : ref;
}

/** The resource with its references to entries of the file written `Type/id`. */
function withLocalReferences(resource: FhirResource, byUrl: ReadonlyMap<string, string>): FhirResource {
  const r = resource as unknown as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const field of SINGLE) {
    const next = resolved(r[field], byUrl);
    if (next !== r[field]) (out ??= { ...r })[field] = next;
  }
  for (const field of LISTS) {
    const list = r[field];
    if (!Array.isArray(list)) continue;
    const next = list.map((ref) => resolved(ref, byUrl));
    if (next.some((ref, i) => ref !== list[i])) (out ??= { ...r })[field] = next;
  }
  return (out as FhirResource | undefined) ?? resource;
}

/** Why a Bundle is only part of the record, or undefined. */
function incompleteness(bundle: Record<string, unknown>, entries: readonly Entry[]): string | undefined {
  const links = Array.isArray(bundle.link) ? bundle.link : [];
  if (links.some((l) => isRecord(l) && l.relation === 'next')) return 'the Bundle has a next page';
  const matches = entries.filter((e) => e.search?.mode === undefined || e.search.mode === 'match').length;
  if (bundle.type === 'searchset' && typeof bundle.total === 'number' && bundle.total > matches)
    return `the Bundle holds ${matches} of ${bundle.total} matches`;
  const outcome = entries.find(
    (e) =>
      e.resource?.resourceType === 'OperationOutcome' &&
      (e.resource.issue ?? []).some(
        (i) => i.severity === 'warning' || i.severity === 'error' || i.severity === 'fatal',
      ),
  );
  return outcome ? 'the Bundle carries an OperationOutcome warning that data was left out' : undefined;
}

/** The contents of a parsed Bundle's entries (the caller has checked it is a Bundle with entries). */
export function bundleContents(bundle: Record<string, unknown>): BundleContents {
  const entries = (Array.isArray(bundle.entry) ? bundle.entry : []).filter(
    (e): e is Entry & { resource: FhirResource } => isRecord(e) && isRecord(e.resource),
  );
  const byUrl = new Map<string, string>();
  for (const e of entries) {
    const { resourceType, id } = e.resource;
    if (typeof e.fullUrl === 'string' && typeof id === 'string') byUrl.set(e.fullUrl, `${resourceType}/${id}`);
  }
  const resources = entries
    .filter((e) => e.resource.resourceType !== 'OperationOutcome')
    .map((e) => withLocalReferences(e.resource, byUrl));
  const incomplete = incompleteness(bundle, entries);
  return { resources, ...(incomplete ? { incomplete } : {}) };
}
