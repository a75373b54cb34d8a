import { causeOf, closedUnder } from '../closed-socket.js';
import { BulkExportError } from './bulk-export-error.js';
import type { TokenSource } from './token-source.js';

/** How the bulk client talks HTTP; tests inject a clock and a sleep. */
export interface BulkHttp {
  readonly fetch: typeof fetch;
  readonly tokens: TokenSource;
  /**
   * Per request, until the headers arrive; while a file's body streams, the longest wait for its
   * next chunk (a stalled download fails instead of hanging).
   */
  readonly requestTimeoutMs: number;
  /** The run's deadline (ms on `now`'s clock): reading a file's body stops there too. */
  readonly deadline?: { readonly at: number; readonly now: () => number };
  /**
   * The FHIR server's host name: the bearer token goes there and nowhere else. A manifest may name
   * files on any host; one that needs the token elsewhere is refused rather than sent it.
   */
  readonly tokenOrigin?: string;
}

/**
 * One request with the bearer token; on a 401 the token is renewed once and the request sent
 * again (a backend token may expire during a long export). Network failures become
 * `unreachable`; the caller reads the status.
 */
export async function send(
  http: BulkHttp,
  url: string,
  init: { method?: string; headers?: Record<string, string>; withToken?: boolean } = {},
): Promise<Response> {
  if (init.withToken !== false && http.tokenOrigin !== undefined && originOnly(url) !== http.tokenOrigin) {
    throw new BulkExportError(
      'unauthorized',
      `${originOf(url)} is not on the FHIR server (${http.tokenOrigin}): the access token is not sent there`,
    );
  }
  const method = init.method ?? 'GET';
  let resentAfterClose = false;
  for (let attempt = 0; ; attempt++) {
    const token = init.withToken === false ? undefined : await http.tokens.token();
    const headers = { ...init.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    let res: Response;
    // The limit is on the headers: a large file's body then streams for as long as it takes.
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException('timeout', 'TimeoutError')),
      http.requestTimeoutMs,
    );
    try {
      res = await http.fetch(url, { method, headers, signal: controller.signal });
    } catch (err) {
      const timedOut = controller.signal.aborted;
      // A kept-alive socket the server closed as the request left (its idle timeout) fails with
      // no answer at all. An idempotent request may be sent again after that (RFC 9110 §9.2.2);
      // once, so a server that really drops every connection still ends the run as unreachable.
      if (!timedOut && !resentAfterClose && IDEMPOTENT.has(method) && closedUnder(err)) {
        resentAfterClose = true;
        attempt--;
        continue;
      }
      throw new BulkExportError(
        'unreachable',
        timedOut
          ? `${originOf(url)} did not answer within ${http.requestTimeoutMs} ms`
          : `${originOf(url)} could not be reached (${causeOf(err)})`,
      );
    } finally {
      clearTimeout(timer);
    }
    if (res.status !== 401 || !token || attempt > 0) return res;
    await res.body?.cancel();
    http.tokens.invalidate();
  }
}

/** Bulk Data's kick-off, polls and file downloads are GETs; the clean-up is a DELETE. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'DELETE']);

/**
 * A URL's host name, or the text itself when it is no URL. Scheme and port are left out: a server
 * behind a TLS proxy may write its file URLs with another scheme or port than the one called.
 */
export function originOnly(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The server part of a URL, for messages (never its query, which may name a patient). */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'the server';
  }
}

/** The diagnostics of an OperationOutcome body, or the status line: what to tell the user. */
export async function problemOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { issue?: { diagnostics?: string; details?: { text?: string } }[] };
    const said = (body.issue ?? []).map((i) => i.diagnostics ?? i.details?.text).filter(Boolean);
    if (said.length > 0) return `${res.status}: ${said.join('; ').slice(0, 500)}`;
  } catch {
    // Not JSON: the status says enough.
  }
  return `${res.status} ${res.statusText}`.trim();
}
