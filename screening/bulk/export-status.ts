import { BulkExportError } from './bulk-export-error.js';
import { problemOf, send, type BulkHttp } from './bulk-http.js';
import { BulkManifestSchema, type BulkManifest } from './bulk-manifest.js';

/** How long to wait between polls, and for how long in all. */
export interface PollPolicy {
  /** The export must be complete by then (ms since the epoch, on `now`'s clock). */
  readonly deadline: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told of each in-progress answer (`X-Progress`), for the progress display. */
  readonly onProgress?: (progress: string | undefined) => void;
}

const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 60_000;
const TRANSIENT_TRIES = 5;

/** A Retry-After in seconds or as an HTTP date, as milliseconds from now. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Polls the status URL until the manifest: honours `Retry-After` (kept between 0.5 s and 60 s),
 * doubles the wait when there is none, retries a 429 or a transient 5xx a few times, and gives up
 * at the deadline. https://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-status-request
 */
export async function pollStatus(http: BulkHttp, statusUrl: string, policy: PollPolicy): Promise<BulkManifest> {
  let backoff = FIRST_WAIT_MS;
  let transient = 0;
  for (;;) {
    const res = await send(http, statusUrl, { headers: { Accept: 'application/json' } });
    let wait: number;
    if (res.status === 200) {
      const parsed = BulkManifestSchema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) throw new BulkExportError('failed', 'the export manifest is not a Bulk Data manifest');
      return parsed.data;
    }
    if (res.status === 202 || res.status === 429 || (res.status >= 500 && transient < TRANSIENT_TRIES)) {
      if (res.status === 202) policy.onProgress?.(res.headers.get('x-progress') ?? undefined);
      else transient++;
      await res.body?.cancel();
      const asked = retryAfterMs(res.headers.get('retry-after'), policy.now());
      wait = Math.min(LONGEST_WAIT_MS, Math.max(500, asked ?? backoff));
      backoff = Math.min(LONGEST_WAIT_MS, backoff * 2);
    } else {
      const problem = await problemOf(res);
      if (res.status === 401 || res.status === 403)
        throw new BulkExportError('unauthorized', `the export status was refused (${problem})`, res.status);
      throw new BulkExportError('failed', `the export failed (${problem})`, res.status);
    }
    if (policy.now() + wait > policy.deadline) {
      throw new BulkExportError('timeout', 'the export was not ready before the deadline (--deadline)');
    }
    await policy.sleep(wait);
  }
}
