import { FhirFetchError } from '../data-source.js';

/** What was being read, for error messages (never the URL's query, never the token). */
export interface FailureContext {
  /** e.g. `the Condition search`, `the Patient read`. */
  readonly what: string;
  /** The resource type when the query reads one resource by id (`Patient/123`); absent for a search. */
  readonly readType?: string;
  readonly timeoutMs: number;
  /** The round's deadline; when it has fired, any error counts as a timeout. */
  readonly deadline: AbortSignal;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The HTTP status fhir-kit-client attaches to the errors it throws (`err.response.status`). */
function responseStatus(err: unknown): number | undefined {
  if (!isRecord(err) || !isRecord(err.response)) return undefined;
  const status = err.response.status;
  return typeof status === 'number' ? status : undefined;
}

/** The system error code under a `TypeError('fetch failed')` (ECONNREFUSED, ENOTFOUND…). */
function networkCode(err: unknown): string | undefined {
  // Checked by name: undici's TypeError may come from another realm (e.g. under Jest's VM).
  if (!isRecord(err) || err.name !== 'TypeError' || err.message !== 'fetch failed') return undefined;
  const cause: unknown = err.cause;
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code;
  if (isRecord(cause) && typeof cause.message === 'string') return cause.message.slice(0, 80);
  return 'network error';
}

/**
 * Failures to open a connection. The round's deadline aborts a request but never causes one of
 * these, so they name the cause even when the deadline has fired by the time the error is read (a
 * busy event loop can run the deadline's timer before the refused connection's callback).
 */
const CONNECT_FAILURES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

function isAbort(err: unknown): boolean {
  return isRecord(err) && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

function unreachable(ctx: FailureContext, code: string): FhirFetchError {
  return new FhirFetchError('unreachable', `the FHIR server could not be reached for ${ctx.what} (${code})`);
}

/**
 * Turns whatever a FHIR read threw into a FhirFetchError of the right kind. The original
 * error is not kept as `cause`: fhir-kit-client's errors carry the request configuration,
 * and nothing that might hold the bearer token may reach a log.
 */
export function toFhirFetchError(err: unknown, ctx: FailureContext): FhirFetchError {
  if (err instanceof FhirFetchError) return err;
  const code = networkCode(err);
  if (code !== undefined && CONNECT_FAILURES.has(code)) return unreachable(ctx, code);
  if (ctx.deadline.aborted || isAbort(err)) {
    return new FhirFetchError('timeout', `the FHIR server did not complete ${ctx.what} within ${ctx.timeoutMs} ms`);
  }
  const status = responseStatus(err);
  if (status === 401 || status === 403) {
    return new FhirFetchError('unauthorized', `the FHIR server refused ${ctx.what} with HTTP ${status}`, status);
  }
  // A read by id that finds nothing (404, or 410 for a deleted resource) names a record that is
  // not on this server: not a failure a retry would mend. A search never answers 404 for "no
  // match" (an empty Bundle), so a 404 there stays a server error.
  if ((status === 404 || status === 410) && ctx.readType !== undefined) {
    return new FhirFetchError(
      'not-found',
      `the FHIR server has no ${ctx.readType} of that id (${ctx.what} answered HTTP ${status})`,
      status,
      ctx.readType,
    );
  }
  if (status !== undefined && status >= 300) {
    return new FhirFetchError('server-error', `the FHIR server answered ${ctx.what} with HTTP ${status}`, status);
  }
  if (status !== undefined) {
    return new FhirFetchError(
      'invalid-response',
      `the FHIR server answered ${ctx.what} with a body that is not JSON`,
      status,
    );
  }
  if (code !== undefined) return unreachable(ctx, code);
  return new FhirFetchError('invalid-response', `the FHIR server's answer to ${ctx.what} could not be read`);
}
