/** What went wrong in a sign-in, by step; the message names the step, never a token or a code. */
export type OidcFailure = 'discovery' | 'callback' | 'token' | 'id-token';

/** A sign-in that cannot complete; the callback shows a page saying so and logs kind and message. */
export class OidcError extends Error {
  override readonly name = 'OidcError';
  constructor(
    readonly kind: OidcFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Fetches a small JSON document within `timeoutMs`; redirects are refused (a code or a secret must not follow one). */
export async function fetchJson(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  kind: OidcFailure,
): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'cannot be reached';
    throw new OidcError(kind, `${new URL(url).origin}${new URL(url).pathname} ${why}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}
