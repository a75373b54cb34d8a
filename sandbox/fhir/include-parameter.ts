import { globalSchema, type IncludeTarget } from '@medplum/core';
import { isKnownResourceType } from './fhir-routes.js';
import type { QueryPairs } from './search-query.js';
import { UnsupportedSearchError } from './unsupported-search-error.js';

function refuse(name: string, value: string, why: string): UnsupportedSearchError {
  return new UnsupportedSearchError(`${name}=${value.slice(0, 100)}: ${why}`);
}

/**
 * Reads one `_include` of a search of `resourceType`: `Source:param` or `Source:param:Target`,
 * where Source is the searched type and `param` one of its reference search parameters
 * (https://hl7.org/fhir/R4/search.html#include). Refuses, as the sandbox cannot resolve them,
 * `_include=*`, `_include:iterate` (or any other modifier), another source type, a parameter
 * that is not a reference, and a target type the parameter cannot point at.
 */
export function parseIncludeParameter(resourceType: string, name: string, value: string): IncludeTarget {
  if (name !== '_include') {
    throw new UnsupportedSearchError(`${name.slice(0, 64)} is not supported by the embedded sandbox`);
  }
  const parts = value.split(':');
  if (parts.includes('*')) throw refuse(name, value, 'wildcards are not supported by the embedded sandbox');
  const [source = '', code = '', target] = parts;
  if (parts.length < 2 || parts.length > 3) {
    throw refuse(name, value, 'expected SourceType:search-parameter or SourceType:search-parameter:TargetType');
  }
  if (source !== resourceType) throw refuse(name, value, `the source type must be the searched type, ${resourceType}`);
  const param = globalSchema.types[resourceType]?.searchParams?.[code];
  if (param?.type !== 'reference') {
    throw refuse(name, value, `"${code.slice(0, 64)}" is not a reference search parameter of ${resourceType}`);
  }
  if (target === undefined) return { resourceType, searchParam: code };
  const targets: readonly string[] | undefined = param.target;
  if (!isKnownResourceType(target) || (targets !== undefined && !targets.includes(target))) {
    throw refuse(name, value, `${resourceType}.${code} does not reference ${target.slice(0, 64)}`);
  }
  return { resourceType, searchParam: code, targetType: target };
}

/** The `_include` targets of an already checked search (see prepareSearch). */
export function includeTargetsOf(resourceType: string, pairs: QueryPairs): IncludeTarget[] {
  return pairs
    .filter(([name]) => name === '_include')
    .map(([name, value]) => parseIncludeParameter(resourceType, name, value));
}
