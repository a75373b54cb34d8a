import type { Bundle, BundleLink } from '@medplum/fhirtypes';
import { toQueryString, type QueryPairs } from './search-query.js';

function withPaging(pairs: QueryPairs, offset: number): QueryPairs {
  const rest = pairs.filter(([name]) => name !== '_offset');
  return offset > 0 ? [...rest, ['_offset', String(offset)]] : rest;
}

/**
 * Completes a searchset Bundle from medplum, which lacks paging links, full URLs and
 * search modes: adds `self`, `next` and `previous` links (absolute, on the base URL the
 * client used, so clients can page) and marks every entry as a match.
 * https://hl7.org/fhir/R4/http.html#paging
 */
export function completeSearchBundle(bundle: Bundle, base: string, resourceType: string, pairs: QueryPairs): Bundle {
  const count = Number(pairs.find(([name]) => name === '_count')?.[1] ?? NaN);
  const offset = Number(pairs.find(([name]) => name === '_offset')?.[1] ?? 0);
  const total = bundle.total ?? 0;
  const url = (p: QueryPairs): string => `${base}/${resourceType}?${toQueryString(p)}`;
  const link: BundleLink[] = [{ relation: 'self', url: url(pairs) }];
  if (Number.isInteger(count) && count > 0 && offset + count < total) {
    link.push({ relation: 'next', url: url(withPaging(pairs, offset + count)) });
  }
  if (Number.isInteger(count) && count > 0 && offset > 0) {
    link.push({ relation: 'previous', url: url(withPaging(pairs, Math.max(0, offset - count))) });
  }
  return {
    ...bundle,
    link,
    entry: bundle.entry?.map((e) => ({
      fullUrl: `${base}/${e.resource?.resourceType}/${e.resource?.id}`,
      ...e,
      search: { mode: 'match' },
    })),
  };
}
