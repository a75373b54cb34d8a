import { getResourceTypes, globalSchema } from '@medplum/core';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestSecurity,
} from '@medplum/fhirtypes';

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

/**
 * Bulk Data Access v2.0.0 `$export` at the three levels (bulk-export-routes.ts), declared as the
 * IG's CapabilityStatement does. https://hl7.org/fhir/uv/bulkdata/STU2/CapabilityStatement-bulk-data.html
 */
const BULK_DATA = 'http://hl7.org/fhir/uv/bulkdata';
const EXPORT_OPERATIONS: Readonly<Record<string, { name: string; definition: string; documentation: string }>> = {
  system: {
    name: 'export',
    definition: `${BULK_DATA}/OperationDefinition/export`,
    documentation:
      'Every resource as NDJSON. Needs Prefer: respond-async; _outputFormat, _type, _since and _typeFilter are supported.',
  },
  Patient: {
    name: 'export',
    definition: `${BULK_DATA}/OperationDefinition/patient-export`,
    documentation:
      'Every patient: each Patient, the resources referencing it, and the Medications their medication resources reference.',
  },
  Group: {
    name: 'export',
    definition: `${BULK_DATA}/OperationDefinition/group-export`,
    documentation: 'The members of a Group, as Patient/$export; Group/sandbox-population holds every loaded patient.',
  },
};

function resourceEntry(type: string): CapabilityStatementRestResource {
  const all = Object.values(globalSchema.types[type]?.searchParams ?? {});
  const params = all
    .filter((p) => SUPPORTED_SEARCH_TYPES.has(p.type ?? '') && p.code)
    .map((p) => ({ name: p.code, type: p.type, ...(p.url ? { definition: p.url } : {}) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  // `_include` resolves every reference parameter of the searched type (see include-parameter.ts).
  const includes = all
    .filter((p) => p.type === 'reference' && p.code)
    .map((p) => `${type}:${p.code}`)
    .sort();
  return {
    type,
    interaction: INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned',
    readHistory: false,
    updateCreate: true,
    searchParam: params,
    ...(includes.length > 0 ? { searchInclude: includes } : {}),
    ...(EXPORT_OPERATIONS[type] ? { operation: [EXPORT_OPERATIONS[type]] } : {}),
  } as CapabilityStatementRestResource;
}

/**
 * The sandbox's CapabilityStatement for `GET /metadata`: FHIR 4.0.1, JSON, every resource
 * type with the interactions and search parameters the embedded store really supports (no
 * quantity/number/composite parameters), and as `searchInclude` the `_include` values it
 * resolves: `Type:param` for each reference parameter (and its `:Target` forms); no
 * `_include:iterate`, `*` or `_revinclude`. https://hl7.org/fhir/R4/http.html#capabilities
 * https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.resource.searchInclude
 * With `security` (the SMART sandbox EHR), `rest.security` names its OAuth endpoints. It
 * instantiates the Bulk Data server CapabilityStatement and declares the `export` operations.
 */
export function sandboxCapabilityStatement(
  baseUrl: string,
  security?: CapabilityStatementRestSecurity,
): CapabilityStatement {
  cached ??= {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    publisher: 'diabetes-cds-hooks',
    kind: 'instance',
    instantiates: [`${BULK_DATA}/CapabilityStatement/bulk-data`],
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
        operation: [EXPORT_OPERATIONS.system!],
      },
    ],
  };
  const rest = security ? [{ ...cached.rest![0]!, documentation: 'Synthetic patients only.', security }] : cached.rest;
  return {
    ...cached,
    rest,
    implementation: { description: 'Embedded sandbox FHIR store of diabetes-cds-hooks', url: baseUrl },
  };
}
