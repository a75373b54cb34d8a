import { BulkExportError } from './bulk-export-error.js';
import { originOf, problemOf, send, type BulkHttp } from './bulk-http.js';

/** What to export: the level (system, one Group, all patients) and which resources. */
export interface ExportRequest {
  readonly baseUrl: string;
  /** Export a Group's members; absent: every patient (`Patient/$export`). */
  readonly group?: string;
  /** Export at system level rather than Patient level (a server may offer only one). */
  readonly system?: boolean;
  readonly types: readonly string[];
  readonly typeFilters: readonly string[];
  /** Only resources changed since (an instant). */
  readonly since?: string;
}

const FHIR_JSON = 'application/fhir+json';

/** The kick-off URL of a request. https://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-kick-off-request */
export function kickOffUrl(request: ExportRequest, withTypeFilter: boolean): string {
  const path = request.group
    ? `Group/${encodeURIComponent(request.group)}/$export`
    : request.system
      ? '$export'
      : 'Patient/$export';
  const params = new URLSearchParams({ _outputFormat: 'application/fhir+ndjson' });
  if (request.types.length > 0) params.set('_type', request.types.join(','));
  if (request.since) params.set('_since', request.since);
  if (withTypeFilter) for (const f of request.typeFilters) params.append('_typeFilter', f);
  return `${request.baseUrl}/${path}?${params.toString()}`;
}

/** Statuses by which a server says it has no such operation, or not at this level. */
const NOT_OFFERED = new Set([404, 405, 501]);

/**
 * Starts an export and returns its status URL. A server that refuses `_typeFilter` (it is
 * optional to support) is asked again without it: the record view then filters what arrives.
 * A server with no `$export` at this level gives `unsupported`.
 */
export async function kickOff(
  http: BulkHttp,
  request: ExportRequest,
): Promise<{ statusUrl: string; typeFilter: boolean }> {
  let withTypeFilter = request.typeFilters.length > 0;
  for (;;) {
    const url = kickOffUrl(request, withTypeFilter);
    const res = await send(http, url, { headers: { Accept: FHIR_JSON, Prefer: 'respond-async' } });
    if (res.status === 202) {
      await res.body?.cancel();
      const location = res.headers.get('content-location');
      if (!location) throw new BulkExportError('failed', 'the export kick-off answered 202 with no Content-Location');
      return { statusUrl: new URL(location, url).toString(), typeFilter: withTypeFilter };
    }
    const problem = await problemOf(res);
    if (res.status === 400 && withTypeFilter && /_typeFilter/i.test(problem)) {
      withTypeFilter = false;
      continue;
    }
    if (res.status === 401 || res.status === 403)
      throw new BulkExportError('unauthorized', `the export was refused (${problem})`, res.status);
    if (NOT_OFFERED.has(res.status))
      throw new BulkExportError('unsupported', `${originOf(url)} offers no export here (${problem})`, res.status);
    throw new BulkExportError('refused', `the export kick-off failed (${problem})`, res.status);
  }
}
