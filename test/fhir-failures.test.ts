import { describe, expect, test } from '@jest/globals';
import { createLogger } from '../config/logger.js';
import { FhirFetchError, type FhirFailureKind } from '../fhir/data-source.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
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
