/** Fetches a JWK Set document; `signal` aborts it at the deadline. Injected in tests. */
export type JwksFetcher = (url: string, signal: AbortSignal) => Promise<unknown>;

/** Largest JWKS body read; real sets are a few kilobytes. */
const MAX_JWKS_BYTES = 256 * 1024;

/**
 * The default JwksFetcher: GET over HTTP with no redirects (a redirect could lead an
 * allowlisted URL to an arbitrary host) and a size cap.
 */
export const fetchJwksOverHttp: JwksFetcher = async (url, signal) => {
  const res = await fetch(url, { signal, redirect: 'error', headers: { accept: 'application/json' } });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_JWKS_BYTES) {
    await res.body?.cancel();
    throw new Error(`JWKS larger than ${MAX_JWKS_BYTES} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    for await (const chunk of res.body) {
      size += chunk.byteLength;
      if (size > MAX_JWKS_BYTES) throw new Error(`JWKS larger than ${MAX_JWKS_BYTES} bytes`);
      chunks.push(chunk);
    }
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
};
