import { describe, expect, test } from '@jest/globals';
import { BulkExportError } from './bulk-export-error.js';
import { send, type BulkHttp } from './bulk-http.js';
import { fixedToken } from './token-source.js';

/** A fetch that answers 200 and records the Authorization header of each request. */
function recording(): { fetch: typeof fetch; seen: { url: string; authorization: string | undefined }[] } {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const fetchFn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    seen.push({
      url: input instanceof Request ? input.url : String(input),
      authorization: headers.Authorization,
    });
    return Promise.resolve(new Response('', { status: 200 }));
  };
  return { fetch: fetchFn, seen };
}

describe('the bearer token goes to the FHIR server and nowhere else', () => {
  const http = (f: typeof fetch): BulkHttp => ({
    fetch: f,
    tokens: fixedToken('secret-bulk-token'),
    requestTimeoutMs: 1000,
    tokenOrigin: 'ehr.example',
  });

  test.each(['https://ehr.example/fhir/files/Patient.ndjson', 'http://ehr.example:8080/fhir/files/Patient.ndjson'])(
    'a file on the FHIR server gets the token, whatever scheme or port a proxy writes (%s)',
    async (url) => {
      const r = recording();
      await send(http(r.fetch), url);
      expect(r.seen).toEqual([{ url, authorization: 'Bearer secret-bulk-token' }]);
    },
  );

  test.each(['https://files.example/Patient.ndjson', 'https://ehr.example.attacker.net/x', 'http://127.0.0.1/fhir/x'])(
    'a file that needs the token on another origin (%s) is refused, and nothing is sent',
    async (url) => {
      const r = recording();
      await expect(send(http(r.fetch), url)).rejects.toMatchObject({ kind: 'unauthorized' });
      await expect(send(http(r.fetch), url)).rejects.toBeInstanceOf(BulkExportError);
      expect(r.seen).toEqual([]);
    },
  );

  test('a file that needs no token may be anywhere, and gets none', async () => {
    const r = recording();
    await send(http(r.fetch), 'https://files.example/Patient.ndjson', { withToken: false });
    expect(r.seen).toEqual([{ url: 'https://files.example/Patient.ndjson', authorization: undefined }]);
  });
});

describe('a connection closed under a request', () => {
  /** A fetch that fails like undici when the socket closes, `failures` times, then answers 200. */
  function closing(failures: number, code = 'UND_ERR_SOCKET'): { fetch: typeof fetch; calls: string[] } {
    const calls: string[] = [];
    const fetchFn = (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      calls.push(init?.method ?? 'GET');
      if (calls.length <= failures) {
        return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('closed'), { code }) }));
      }
      return Promise.resolve(new Response('{}', { status: 200 }));
    };
    return { fetch: fetchFn, calls };
  }
  const http = (f: typeof fetch): BulkHttp => ({ fetch: f, tokens: fixedToken('t'), requestTimeoutMs: 1000 });
  const url = 'http://ehr.example/fhir/$export-poll-status/1';

  test.each([
    ['GET', 'UND_ERR_SOCKET'],
    ['GET', 'ECONNRESET'],
    ['DELETE', 'UND_ERR_CLOSED'],
  ])('an idempotent %s whose socket closed (%s) is sent once more, and its answer read', async (method, code) => {
    const c = closing(1, code);
    const res = await send(http(c.fetch), url, { method });
    expect(res.status).toBe(200);
    expect(c.calls).toEqual([method, method]);
  });

  test('a socket that closes again is unreachable after the second try, not retried forever', async () => {
    const c = closing(5);
    await expect(send(http(c.fetch), url)).rejects.toMatchObject({ kind: 'unreachable' });
    expect(c.calls).toEqual(['GET', 'GET']);
  });

  test.each([
    ['POST', 'UND_ERR_SOCKET'],
    ['GET', 'ECONNREFUSED'],
    ['GET', 'ENOTFOUND'],
  ])('a %s that failed with %s is not sent again', async (method, code) => {
    const c = closing(1, code);
    await expect(send(http(c.fetch), url, { method })).rejects.toMatchObject({ kind: 'unreachable' });
    expect(c.calls).toEqual([method]);
  });
});
