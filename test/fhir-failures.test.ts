import { describe, expect, test } from '@jest/globals';
import { createLogger } from '../config/logger.js';
import { FhirFetchError, type FhirFailureKind } from '../fhir/data-source.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { toFhirFetchError } from '../fhir/fhir-client/fetch-failure.js';
import { capturingLogger } from './support/fhir-log-capture.js';
import { startMisbehavingFhirServer, type Misbehaviour } from './support/misbehaving-fhir-server.js';

const TOKEN = 'secret-access-token-4f9a';
const QUERIES = new Map([
  ['patient', 'Patient/p1'],
  ['conditions', 'Condition?patient=p1'],
]);

async function failureOf(promise: Promise<unknown>): Promise<FhirFetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FhirFetchError) return err;
    throw err;
  }
  throw new Error('expected the read to fail');
}

describe('FHIR failures become FhirFetchError kinds', () => {
  test.each<[string, FhirFailureKind, Misbehaviour, number | undefined]>([
    ['a refused connection', 'unreachable', { mode: 'refuse' }, undefined],
    ['a 401', 'unauthorized', { mode: 'unauthorized' }, 401],
    ['a 403', 'unauthorized', { mode: 'forbidden' }, 403],
    ['a 500', 'server-error', { mode: 'status500' }, 500],
    ['an HTML page with status 200', 'invalid-response', { mode: 'html' }, 200],
    ['a Bundle of the wrong resource type', 'invalid-response', { mode: 'wrongType' }, undefined],
  ])('%s → %s, and the token is neither in the message nor in the logs', async (_name, kind, m, status) => {
    const server = await startMisbehavingFhirServer(m);
    const log = capturingLogger('trace');
    try {
      const source = new FhirClientSource({ timeoutMs: 2000, maxPages: 5, logger: log.logger });
      const err = await failureOf(source.fetchQueries({ baseUrl: server.baseUrl, accessToken: TOKEN }, QUERIES));
      expect(err.kind).toBe(kind);
      expect(err.status).toBe(status);
      expect(err.message).not.toContain(TOKEN);
      expect(JSON.stringify(err)).not.toContain(TOKEN);
      expect(log.text()).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });

  test('a DNS failure → unreachable', async () => {
    const source = new FhirClientSource({ timeoutMs: 5000, maxPages: 5, logger: createLogger('silent') });
    const err = await failureOf(source.fetchQueries({ baseUrl: 'http://no-such-host.invalid/fhir' }, QUERIES));
    expect(err.kind).toBe('unreachable');
  });

  test('a redirect is not followed (it could lead anywhere with the token) → server-error', async () => {
    const elsewhere = await startMisbehavingFhirServer({ mode: 'status500' });
    const server = await startMisbehavingFhirServer({ mode: 'redirect', location: `${elsewhere.baseUrl}/Patient/p1` });
    try {
      const source = new FhirClientSource({ timeoutMs: 2000, maxPages: 5, logger: createLogger('silent') });
      const err = await failureOf(source.fetchQueries({ baseUrl: server.baseUrl, accessToken: TOKEN }, QUERIES));
      expect(err.kind).toBe('server-error');
      expect(err.status).toBe(302);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await server.close();
      await elsewhere.close();
    }
  });
});

describe('the deadline bounds the whole call', () => {
  const TIMEOUT = 300;

  test.each<[string, Misbehaviour]>([
    ['accepts the connection and never answers', { mode: 'hang' }],
    ['sends headers, then drips the body one byte at a time', { mode: 'drip', intervalMs: 20 }],
  ])('a server that %s → timeout within the deadline + 100 ms', async (_name, m) => {
    const server = await startMisbehavingFhirServer(m);
    try {
      const source = new FhirClientSource({ timeoutMs: TIMEOUT, maxPages: 5, logger: createLogger('silent') });
      const started = performance.now();
      const err = await failureOf(source.fetchQueries({ baseUrl: server.baseUrl }, QUERIES));
      const elapsed = performance.now() - started;
      expect(err.kind).toBe('timeout');
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT - 5);
      expect(elapsed).toBeLessThan(TIMEOUT + 100);
    } finally {
      await server.close();
    }
  });

  test('pages that each arrive in time still time out together once their sum passes the deadline', async () => {
    const server = await startMisbehavingFhirServer({ mode: 'endlessNext', delayMs: 120 });
    try {
      const source = new FhirClientSource({ timeoutMs: TIMEOUT, maxPages: 50, logger: createLogger('silent') });
      const started = performance.now();
      const err = await failureOf(
        source.fetchQueries({ baseUrl: server.baseUrl }, new Map([['observations', 'Observation?patient=p1']])),
      );
      expect(err.kind).toBe('timeout');
      expect(server.requests.length).toBeGreaterThanOrEqual(2);
      expect(performance.now() - started).toBeLessThan(TIMEOUT + 100);
    } finally {
      await server.close();
    }
  });
});

describe('paging never loops', () => {
  test('an endless chain of next links stops at the page cap, truncated, with a warning naming key and pages', async () => {
    const server = await startMisbehavingFhirServer({ mode: 'endlessNext' });
    const log = capturingLogger('info');
    try {
      const source = new FhirClientSource({ timeoutMs: 2000, maxPages: 4, logger: log.logger });
      const result = await source.fetchQueries(
        { baseUrl: server.baseUrl, accessToken: TOKEN },
        new Map([['observations', 'Observation?patient=p1']]),
      );
      const fetched = result.get('observations')!;
      expect(fetched.truncated).toBe(true);
      expect(fetched.pages).toBe(4);
      expect(server.requests).toHaveLength(4);
      expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
      const warning = log.lines().find((l) => l.level === 40);
      expect(warning).toMatchObject({ key: 'observations', pages: 4 });
      expect(log.text()).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });

  test('a next link to another server is not followed (SSRF) and the result is marked truncated', async () => {
    const elsewhere = await startMisbehavingFhirServer({ mode: 'endlessNext' });
    const server = await startMisbehavingFhirServer({
      mode: 'offServerNext',
      nextUrl: `${elsewhere.baseUrl}/Observation`,
    });
    try {
      const source = new FhirClientSource({ timeoutMs: 2000, maxPages: 5, logger: createLogger('silent') });
      const result = await source.fetchQueries(
        { baseUrl: server.baseUrl, accessToken: TOKEN },
        new Map([['observations', 'Observation?patient=p1']]),
      );
      expect(result.get('observations')).toMatchObject({ truncated: true, pages: 1 });
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await server.close();
      await elsewhere.close();
    }
  });
});

/** What undici's fetch throws for a network failure: TypeError('fetch failed') over a system error. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}
const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
const abortError = () => new DOMException('This operation was aborted', 'AbortError');

describe('toFhirFetchError: which failure an error was, before and after the deadline', () => {
  test.each<[string, FhirFailureKind, unknown, boolean]>([
    ['a refused connection', 'unreachable', fetchFailed(systemError('ECONNREFUSED')), false],
    // A busy event loop can run the deadline's timer before the refused connection's callback:
    // the refusal still names the cause (the fault matrix saw it as a timeout under load).
    [
      'a refused connection read after the deadline fired',
      'unreachable',
      fetchFailed(systemError('ECONNREFUSED')),
      true,
    ],
    ['an unknown host read after the deadline fired', 'unreachable', fetchFailed(systemError('ENOTFOUND')), true],
    ['a reset connection', 'unreachable', fetchFailed(systemError('ECONNRESET')), false],
    // A reset or a broken body after the deadline may be the abort's own doing.
    ['a reset connection after the deadline fired', 'timeout', fetchFailed(systemError('ECONNRESET')), true],
    ['the abort of the deadline', 'timeout', abortError(), true],
    ['a body cut by the abort', 'timeout', fetchFailed(abortError()), true],
    ['an abort before the deadline (the per-request timeout)', 'timeout', abortError(), false],
    ['an error with no known shape', 'invalid-response', new Error('odd'), false],
  ])('%s → %s', (_name, kind, err, deadlineFired) => {
    const deadline = new AbortController();
    if (deadlineFired) deadline.abort();
    const failure = toFhirFetchError(err, { what: 'the Condition search', timeoutMs: 500, deadline: deadline.signal });
    expect(failure.kind).toBe(kind);
  });
});

/** What fhir-kit-client throws for an HTTP error status. */
const httpError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { response: { status } });

describe('toFhirFetchError: a read by id that finds nothing is not-found, a search that answers 404 is a server error', () => {
  test.each<[string, string | undefined, number, FhirFailureKind]>([
    ['the Patient read answering 404', 'Patient', 404, 'not-found'],
    ['the Patient read answering 410 (deleted)', 'Patient', 410, 'not-found'],
    ['the Patient read answering 500', 'Patient', 500, 'server-error'],
    ['a search answering 404 (a type the server does not have)', undefined, 404, 'server-error'],
  ])('%s → %s', (_name, readType, status, kind) => {
    const failure = toFhirFetchError(httpError(status), {
      what: 'the query',
      timeoutMs: 500,
      deadline: new AbortController().signal,
      ...(readType ? { readType } : {}),
    });
    expect({ kind: failure.kind, status: failure.status, resourceType: failure.resourceType }).toEqual({
      kind,
      status,
      resourceType: kind === 'not-found' ? readType : undefined,
    });
  });
});
