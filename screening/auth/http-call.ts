import { BackendAuthError } from './backend-auth-error.js';

/** The part of `fetch` the token client uses; tests inject their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** An HTTP answer read whole: small JSON documents only (configuration, token responses). */
export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** The system error code under undici's `TypeError('fetch failed')` (ECONNREFUSED, ENOTFOUND…). */
function networkReason(err: unknown): string {
  if (typeof err !== 'object' || err === null) return 'network error';
  const cause: unknown = 'cause' in err ? err.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  return err instanceof Error ? err.message.slice(0, 80) : 'network error';
}

/**
 * Sends one request and reads its body as text, both within `timeoutMs`. The deadline is raced
 * as well as passed as the signal, so that a fetch that ignores its signal still ends. Any
 * failure to get an answer is `unreachable`, naming `what` and the URL but not the request body
 * (it holds the client assertion).
 */
export async function httpCall(
  fetchFn: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  what: string,
): Promise<HttpAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const deadline = new Promise<never>((_, reject) => {
    signal.addEventListener(
      'abort',
      () => reject(new BackendAuthError('unreachable', `${what} ${url}: no answer within ${timeoutMs} ms`)),
      { once: true },
    );
  });
  const call = async (): Promise<HttpAnswer> => {
    const res = await fetchFn(url, { ...init, signal });
    return { status: res.status, body: await res.text() };
  };
  try {
    return await Promise.race([call(), deadline]);
  } catch (err) {
    if (err instanceof BackendAuthError) throw err;
    if (signal.aborted) throw new BackendAuthError('unreachable', `${what} ${url}: no answer within ${timeoutMs} ms`);
    throw new BackendAuthError('unreachable', `${what} ${url} cannot be reached (${networkReason(err)})`);
  }
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function jsonOf(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.body);
  } catch {
    return undefined;
  }
}
