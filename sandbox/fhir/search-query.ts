import { globalSchema } from '@medplum/core';
import { parseIncludeParameter } from './include-parameter.js';
import { UnsupportedSearchError } from './unsupported-search-error.js';

/** A search query as ordered name/value pairs (repeated parameters allowed). */
export type QueryPairs = [string, string][];

/** Search result parameters the sandbox understands besides the type's search parameters. */
const CONTROL_PARAMS = new Set(['_sort', '_count', '_offset', '_total', '_summary', '_elements', '_format', '_pretty']);
/** Search parameter types that medplum's in-memory matcher evaluates; others silently match nothing. */
const MATCHABLE_TYPES = new Set(['reference', 'token', 'date', 'string', 'uri']);
/** Pages without `_count` hold this many entries, and no page holds more than the maximum. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/**
 * Rewrites bare ids of `patient`/`subject` (and absolute Patient URLs) to `Patient/<id>`:
 * medplum only matches the typed form, while HAPI accepts both, and CDS Hooks prefetch
 * templates send the bare `{{context.patientId}}`. https://hl7.org/fhir/R4/search.html#reference
 */
export function normalisePatientReference(value: string): string {
  return value
    .split(',')
    .map((v) => {
      if (/^[A-Za-z0-9\-.]{1,64}$/.test(v)) return `Patient/${v}`;
      const m = /^https?:\/\/.+\/(Patient\/[A-Za-z0-9\-.]{1,64})$/.exec(v);
      return m?.[1] ?? v;
    })
    .join(',');
}

/**
 * Checks a search against what the sandbox supports and normalises it: patient references
 * typed, a page size set and capped. Unknown parameters, chained parameters, `_revinclude`,
 * the `_include` forms the sandbox cannot resolve (see parseIncludeParameter) and parameter
 * types the in-memory matcher cannot evaluate are refused, as HAPI refuses unknown
 * parameters. https://hl7.org/fhir/R4/search.html#errors
 */
export function prepareSearch(resourceType: string, pairs: QueryPairs): QueryPairs {
  const params = globalSchema.types[resourceType]?.searchParams ?? {};
  const out: QueryPairs = [];
  let hasCount = false;
  for (const [name, value] of pairs) {
    const [code = '', modifier] = name.split(':', 2);
    if (code === '_count') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0)
        throw new UnsupportedSearchError(`_count must be a whole number, got "${value}"`);
      out.push([name, String(Math.min(n, MAX_PAGE_SIZE))]);
      hasCount = true;
      continue;
    }
    if (code === '_offset' && !/^\d+$/.test(value)) throw new UnsupportedSearchError(`_offset must be a whole number`);
    if (code === '_sort') {
      for (const field of value.split(',')) {
        if (!params[field.replace(/^-/, '')])
          throw new UnsupportedSearchError(`cannot sort ${resourceType} by "${field}"`);
      }
    }
    if (CONTROL_PARAMS.has(code)) {
      out.push([name, value]);
      continue;
    }
    if (code === '_revinclude') {
      throw new UnsupportedSearchError('_revinclude is not supported by the embedded sandbox');
    }
    if (code === '_include') {
      parseIncludeParameter(resourceType, name, value);
      out.push([name, value]);
      continue;
    }
    const param = params[code];
    if (!param || name.includes('.')) {
      throw new UnsupportedSearchError(`unknown search parameter "${name}" for ${resourceType}`);
    }
    if (!MATCHABLE_TYPES.has(param.type ?? '') && modifier !== 'missing') {
      throw new UnsupportedSearchError(
        `search parameter "${code}" (${param.type}) is not supported by the embedded sandbox`,
      );
    }
    out.push([
      name,
      (code === 'patient' || code === 'subject') && !modifier ? normalisePatientReference(value) : value,
    ]);
  }
  if (!hasCount) out.push(['_count', String(DEFAULT_PAGE_SIZE)]);
  return out;
}

/** Serialises query pairs as a URL query string (without `?`). */
export function toQueryString(pairs: QueryPairs): string {
  return new URLSearchParams(pairs).toString();
}
