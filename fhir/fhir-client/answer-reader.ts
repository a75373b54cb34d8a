import type { FhirResource } from 'fhir/r4.js';
import { FhirFetchError } from '../data-source.js';
import { isRecord } from '../json-record.js';
import { outcomeSaysIncomplete } from '../search-completeness.js';

/** One answer of the FHIR server, checked: its resources and, for a search, its `next` link. */
export interface CheckedAnswer {
  readonly resources: FhirResource[];
  readonly next?: string;
  /** Of a search: the matches on this page (not the included resources). */
  readonly matches?: number;
  /** Of a search: the Bundle says results are missing (fhir/search-completeness.ts). */
  readonly incomplete?: boolean;
  /** Of a search: `Bundle.total`, the matches across all pages, when given. */
  readonly total?: number;
}

function invalid(what: string, problem: string): FhirFetchError {
  return new FhirFetchError('invalid-response', `the FHIR server's answer to ${what} ${problem}`);
}

function typeOf(value: unknown): string {
  return isRecord(value) && typeof value.resourceType === 'string'
    ? value.resourceType.slice(0, 64)
    : 'no resourceType';
}

/** Checks the answer to a read (`Patient/123`): one resource of the requested type. */
export function readResourceAnswer(body: unknown, expectedType: string, what: string): CheckedAnswer {
  if (typeOf(body) !== expectedType) throw invalid(what, `is not a ${expectedType} (got ${typeOf(body)})`);
  return { resources: [body as FhirResource] };
}

/**
 * Checks the answer to a search: a Bundle whose matches are of the requested type.
 * Entries with search mode `outcome` (and OperationOutcomes) are dropped, after noting whether
 * they say results are missing; `include` entries are kept.
 * https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry.search.mode
 */
export function readSearchAnswer(body: unknown, expectedType: string, what: string): CheckedAnswer {
  if (!isRecord(body) || body.resourceType !== 'Bundle') throw invalid(what, `is not a Bundle (got ${typeOf(body)})`);
  const entries: unknown = body.entry ?? [];
  if (!Array.isArray(entries)) throw invalid(what, 'has a Bundle.entry that is not an array');
  const resources: FhirResource[] = [];
  let matches = 0;
  let incomplete = false;
  for (const entry of entries) {
    if (!isRecord(entry)) throw invalid(what, 'has a Bundle entry that is not an object');
    const mode = isRecord(entry.search) ? entry.search.mode : undefined;
    const type = typeOf(entry.resource);
    if (mode === 'outcome' || type === 'OperationOutcome') {
      incomplete ||= outcomeSaysIncomplete(entry.resource);
      continue;
    }
    if (mode === 'include' ? type === 'no resourceType' : type !== expectedType) {
      throw invalid(what, `holds a ${type} where a ${expectedType} was expected`);
    }
    if (mode !== 'include') matches++;
    resources.push(entry.resource as FhirResource);
  }
  return {
    resources,
    matches,
    incomplete,
    ...(typeof body.total === 'number' ? { total: body.total } : {}),
    ...nextLink(body),
  };
}

function nextLink(bundle: Record<string, unknown>): { next?: string } {
  if (!Array.isArray(bundle.link)) return {};
  for (const link of bundle.link as unknown[]) {
    if (isRecord(link) && link.relation === 'next' && typeof link.url === 'string' && link.url !== '') {
      return { next: link.url };
    }
  }
  return {};
}
