import { getResourceTypes, globalSchema } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';

/** Search parameter types the sandbox evaluates (see search-query.ts). */
const SUPPORTED_SEARCH_TYPES = new Set(['reference', 'token', 'date', 'string', 'uri']);
const INTERACTIONS = [
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-instance',
  'create',
  'search-type',
] as const;

let cached: Omit<CapabilityStatement, 'implementation'> | undefined;

function resourceEntry(type: string): CapabilityStatementRestResource {
  const params = Object.values(globalSchema.types[type]?.searchParams ?? {})
    .filter((p) => SUPPORTED_SEARCH_TYPES.has(p.type ?? '') && p.code)
    .map((p) => ({ name: p.code, type: p.type, ...(p.url ? { definition: p.url } : {}) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    type,
    interaction: INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned',
    readHistory: false,
    updateCreate: true,
    searchParam: params,
  } as CapabilityStatementRestResource;
}

/**
 * The sandbox's CapabilityStatement for `GET /metadata`: FHIR 4.0.1, JSON, every resource
 * type with the interactions and search parameters the embedded store really supports
 * (no `_include`, no quantity/number/composite parameters). https://hl7.org/fhir/R4/http.html#capabilities
 */
export function sandboxCapabilityStatement(baseUrl: string): CapabilityStatement {
  cached ??= {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    publisher: 'diabetes-cds-hooks',
    kind: 'instance',
    software: { name: 'diabetes-cds-hooks embedded sandbox FHIR store (@medplum/fhir-router in memory)' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Synthetic patients only. No authentication unless the sandbox was started with a required token.',
        resource: getResourceTypes()
          .filter((t) => t !== 'Binary')
          .sort()
          .map(resourceEntry),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
  return {
    ...cached,
    implementation: { description: 'Embedded sandbox FHIR store of diabetes-cds-hooks', url: baseUrl },
  };
}
