import type { FhirResource } from 'fhir/r4.js';
import { BulkExportError } from './bulk-export-error.js';
import { originOf, problemOf, send, type BulkHttp } from './bulk-http.js';
import type { BulkManifest } from './bulk-manifest.js';
import { kickOff, type ExportRequest } from './export-kickoff.js';
import { pollStatus, type PollPolicy } from './export-status.js';
import { ndjsonLines } from './ndjson-lines.js';

/** What a finished export read. */
export interface ExportResult {
  readonly manifest: BulkManifest;
  /** Whether the server took the `_typeFilter`s (else the record view did the filtering). */
  readonly typeFilter: boolean;
  readonly resources: number;
  readonly files: number;
  /** The server's error files, summarised (issue codes and diagnostics, no resources). */
  readonly serverErrors: readonly string[];
  /**
   * Issues of the server's error files whose severity is `error` or `fatal` (or unsaid): some
   * resources were not exported, so the export is not the whole population's record.
   */
  readonly errorIssues: number;
  /** Lines of the output files that were not JSON resources. */
  readonly badLines: number;
}

/**
 * Takes each resource read, with the NDJSON line it was parsed from (a store of JSON keeps the
 * line rather than writing the resource out again); a promise it returns holds the reading until
 * it settles (the screening run writing to its spill past its memory budget).
 */
export type ResourceSink = (resource: FhirResource, line?: string) => void | Promise<void>;

/** Told as the export goes, for the progress display. */
export interface ExportProgress {
  status?(progress: string | undefined): void;
  file?(type: string, index: number, of: number): void;
}

const NDJSON = 'application/fhir+ndjson';

async function* fileResources(http: BulkHttp, url: string, withToken: boolean, bad: { n: number }) {
  const res = await send(http, url, { headers: { Accept: NDJSON }, withToken });
  if (res.status !== 200 || !res.body) {
    const problem = await problemOf(res);
    if (res.status === 401 || res.status === 403)
      throw new BulkExportError('unauthorized', `an export file was refused (${problem})`, res.status);
    throw new BulkExportError('failed', `an export file could not be read (${problem})`, res.status);
  }
  const limits = {
    idleMs: http.requestTimeoutMs,
    ...(http.deadline ? { deadline: http.deadline.at, now: http.deadline.now } : {}),
    what: `the export file ${originOf(url)}`,
  };
  for await (const line of ndjsonLines(res.body, limits)) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      bad.n++;
      continue;
    }
    if (typeof value === 'object' && value !== null && typeof (value as FhirResource).resourceType === 'string') {
      yield { resource: value as FhirResource, line };
    } else bad.n++;
  }
}

/**
 * The server's error files as short lines: `severity code: diagnostics` of each issue, at most
 * 20, and the number of issues that are errors (`error`, `fatal`, or no valid severity).
 */
async function readServerErrors(
  http: BulkHttp,
  manifest: BulkManifest,
  bad: { n: number },
): Promise<{ lines: string[]; errorIssues: number }> {
  const lines: string[] = [];
  let errorIssues = 0;
  for (const file of manifest.error) {
    for await (const { resource: r } of fileResources(http, file.url, manifest.requiresAccessToken, bad)) {
      const list = (r as { issue?: unknown }).issue;
      const issues = (Array.isArray(list) ? list : [{}]) as {
        severity?: unknown;
        code?: unknown;
        diagnostics?: unknown;
      }[];
      for (const i of issues) {
        const severity = typeof i?.severity === 'string' ? i.severity : 'error';
        if (severity !== 'warning' && severity !== 'information') errorIssues++;
        const code = typeof i?.code === 'string' ? i.code : 'error';
        const said = typeof i?.diagnostics === 'string' ? i.diagnostics.slice(0, 200) : '';
        if (lines.length < 20) lines.push(`${severity} ${code}: ${said}`);
      }
    }
  }
  return { lines, errorIssues };
}

/** What reading a manifest's files gave. */
export type ExportFilesResult = Omit<ExportResult, 'typeFilter'>;

/**
 * Reads every output file of a finished export as a stream of resources handed to `onResource`
 * one by one, then the server's error files. The shards of one run each read the manifest their
 * run shares (screening/shard/shared-export.ts), which is why this stands apart from the kick-off.
 */
export async function readExportFiles(
  http: BulkHttp,
  manifest: BulkManifest,
  onResource: ResourceSink,
  progress: ExportProgress = {},
): Promise<ExportFilesResult> {
  const bad = { n: 0 };
  let resources = 0;
  for (const [i, file] of manifest.output.entries()) {
    progress.file?.(file.type, i + 1, manifest.output.length);
    for await (const { resource, line } of fileResources(http, file.url, manifest.requiresAccessToken, bad)) {
      resources++;
      const wait = onResource(resource, line);
      if (wait) await wait;
    }
  }
  const errors = await readServerErrors(http, manifest, bad);
  return {
    manifest,
    resources,
    files: manifest.output.length,
    serverErrors: errors.lines,
    errorIssues: errors.errorIssues,
    badLines: bad.n,
  };
}

/**
 * Deletes an export on the server (its status URL); a failure is ignored, as the server expires
 * exports anyway. https://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-delete-request
 */
export async function deleteExport(http: BulkHttp, statusUrl: string): Promise<void> {
  await send(http, statusUrl, { method: 'DELETE' })
    .then((res) => res.body?.cancel())
    .catch(() => undefined);
}

/**
 * Reads a population through FHIR Bulk Data: kick-off, polling, then every output file as a
 * stream of resources handed to `onResource` one by one. The export is deleted on the server
 * when done, or when reading fails after the kick-off.
 * https://hl7.org/fhir/uv/bulkdata/export.html
 */
export async function readBulkExport(
  http: BulkHttp,
  request: ExportRequest,
  poll: PollPolicy,
  onResource: ResourceSink,
  progress: ExportProgress = {},
): Promise<ExportResult> {
  const { statusUrl, typeFilter } = await kickOff(http, request);
  try {
    const manifest = await pollStatus(http, statusUrl, { ...poll, onProgress: (p) => progress.status?.(p) });
    return { typeFilter, ...(await readExportFiles(http, manifest, onResource, progress)) };
  } finally {
    // The export holds a copy of the population's records on the server: never leave it there.
    await deleteExport(http, statusUrl);
  }
}
