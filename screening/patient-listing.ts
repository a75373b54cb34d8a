import type { Bundle, FhirResource, Group } from 'fhir/r4.js';
import { BulkExportError } from './bulk/bulk-export-error.js';
import { problemOf, send, type BulkHttp } from './bulk/bulk-http.js';
import { patientIdOf, patientOf } from './population-records.js';

const FHIR_JSON = { Accept: 'application/fhir+json' };

async function readJson<T>(http: BulkHttp, url: string): Promise<T> {
  const res = await send(http, url, { headers: FHIR_JSON });
  if (res.status !== 200) {
    const problem = await problemOf(res);
    const kind = res.status === 401 || res.status === 403 ? 'unauthorized' : 'refused';
    throw new BulkExportError(kind, `reading the population failed (${problem})`, res.status);
  }
  try {
    return (await res.json()) as T;
  } catch {
    throw new BulkExportError('refused', 'the FHIR server answered a search with something that is not JSON');
  }
}

/** Every resource of a search, page after page (`next` links stay on the server's own base). */
async function* searchAll(http: BulkHttp, baseUrl: string, query: string): AsyncGenerator<FhirResource> {
  let url: string | undefined = `${baseUrl}/${query}`;
  const origin = new URL(baseUrl).origin;
  while (url) {
    const bundle: Bundle<FhirResource> = await readJson<Bundle<FhirResource>>(http, url);
    for (const e of bundle.entry ?? []) if (e.resource) yield e.resource;
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    url = next && new URL(next, baseUrl).origin === origin ? new URL(next, baseUrl).toString() : undefined;
  }
}

/**
 * The patients to screen when the server has no `$export`: a Group's members, or every Patient
 * (ids only, page by page). With `since`, the patients any of `types` changed for since then.
 */
export async function listPatients(
  http: BulkHttp,
  baseUrl: string,
  options: { group?: string; since?: string; types: readonly string[] },
): Promise<string[]> {
  const ids = new Set<string>();
  if (options.group) {
    const group = await readJson<Group>(http, `${baseUrl}/Group/${encodeURIComponent(options.group)}`);
    for (const m of group.member ?? []) {
      const id = patientIdOf(m.entity.reference);
      if (id && m.inactive !== true) ids.add(id);
    }
    if (!options.since) return [...ids];
  }
  const members = options.group ? ids : undefined;
  const changed = new Set<string>();
  if (!options.since) {
    for await (const r of searchAll(http, baseUrl, 'Patient?_count=200&_elements=id')) if (r.id) changed.add(r.id);
    return [...changed];
  }
  const since = encodeURIComponent(`ge${options.since}`);
  for (const type of options.types) {
    if (type === 'Medication' || type === 'ResearchStudy') continue;
    for await (const r of searchAll(http, baseUrl, `${type}?_lastUpdated=${since}&_count=200`)) {
      const id = patientOf(r);
      if (id && (!members || members.has(id))) changed.add(id);
    }
  }
  return [...changed];
}
