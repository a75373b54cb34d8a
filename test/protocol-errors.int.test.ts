import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import request, { type Response } from 'supertest';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { expectFixtureCards } from './support/card-expectations.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

const PATIENT = 'pump-positive-main';
const FIXTURE = ALL_FIXTURES.find((f) => f.id === PATIENT)!;

interface Outcome {
  resourceType: string;
  issue: { details: { coding: { code: string }[] }; expression?: string[] }[];
}

/** The default service: sandbox on, BODY_LIMIT 1mb, plain http allowed for its own /fhir only. */
let sandbox: TestServer;
/** Sandbox off, the sandbox's /fhir allowlisted but plain http not allowed (production rules). */
let strict: TestServer;
/** Sandbox off, the sandbox's /fhir allowlisted, plain http allowed (dev mode), and BODY_LIMIT 1kb. */
let dev: TestServer;
let prefetch: Record<string, unknown>;

beforeAll(async () => {
  sandbox = await startTestServer();
  const store = sandbox.composition.deps.store;
  const fhirBase = `${sandbox.baseUrl}/fhir`;
  [strict, dev] = await Promise.all([
    startTestServer({ store, env: { SANDBOX: 'off', FHIR_SERVER_ALLOWLIST: fhirBase, FHIR_ALLOW_HTTP: 'off' } }),
    startTestServer({
      store,
      env: { SANDBOX: 'off', BODY_LIMIT: '1kb', FHIR_SERVER_ALLOWLIST: fhirBase, FHIR_ALLOW_HTTP: 'on' },
    }),
  ]);
  const res = await request(sandbox.baseUrl).get('/cds-services').expect(200);
  const pump = (res.body as { services: { id: string; prefetch: Record<string, string> }[] }).services.find(
    (s) => s.id === 'pump-evaluation',
  )!;
  prefetch = await prefetchFromFhir(fhirBase, pump.prefetch, PATIENT);
});
afterAll(async () => {
  await Promise.all([strict?.close(), dev?.close()]);
  await sandbox?.close();
});
afterEach(async () => {
  // Whatever the previous request did, every service is still up.
  for (const s of [sandbox, strict, dev]) await request(s.baseUrl).get('/healthz').expect(200);
});

function hookRequest(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    context: { userId: 'Practitioner/example', patientId: PATIENT },
    ...extra,
  };
}

/** No stack frame and no exception name leaks into a response body. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\bat .*\.(ts|js|mjs|cjs):\d+/);
  expect(text).not.toMatch(/\bat (async )?[\w.<>]+ \(/);
  expect(text).not.toContain('Error:');
  expect(text).not.toContain('node_modules');
}

/** An error answer: the status, a JSON OperationOutcome with the code, and the field at fault. */
function expectOutcome(res: Response, status: number, code: string, field?: string): void {
  const body = res.body as Outcome;
  expect({ status: res.status, code: body.issue?.[0]?.details.coding[0]?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(body.resourceType).toBe('OperationOutcome');
  if (field !== undefined) expect(body.issue[0]!.expression).toEqual([field]);
  expectNoStackTrace(res.text);
}

function postRaw(server: TestServer, path: string, contentType: string | undefined, body: string | Buffer) {
  const req = request(server.baseUrl).post(path);
  if (contentType !== undefined) req.set('content-type', contentType);
  return req.send(body);
}

/** A syntactically valid hook request of about `bytes` bytes (a long userId pads it). */
function requestOfSize(bytes: number): string {
  const padded = hookRequest({ prefetch: {}, context: { userId: '', patientId: PATIENT } });
  const base = JSON.stringify(padded).length;
  (padded.context as Record<string, string>).userId = 'x'.repeat(Math.max(0, bytes - base));
  return JSON.stringify(padded);
}

describe('bodies the service cannot read', () => {
  test.each<[string, string]>([
    ['truncated JSON', '{"hook":"patient-view",'],
    ['single quotes', "{'hook':'patient-view'}"],
    ['a trailing comma', '{"hook":"patient-view",}'],
    ['a bare word', 'patient-view'],
  ])('malformed JSON (%s) → 400 malformed-json', async (_name, text) => {
    expectOutcome(
      await postRaw(sandbox, '/cds-services/pump-evaluation', 'application/json', text),
      400,
      'malformed-json',
    );
  });

  test.each<[string, string | undefined, string]>([
    ['text/plain', 'text/plain', JSON.stringify(hookRequest())],
    ['a form', 'application/x-www-form-urlencoded', 'hook=patient-view&hookInstance=x'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\n{}\r\n--x--'],
    ['XML', 'application/xml', '<hook>patient-view</hook>'],
    ['no content type', undefined, JSON.stringify(hookRequest())],
  ])('a body sent as %s → 415 unsupported-media-type', async (_name, type, body) => {
    const res = await postRaw(sandbox, '/cds-services/pump-evaluation', type, body);
    expectOutcome(res, 415, 'unsupported-media-type', 'Content-Type');
  });

  /** A POST with the bytes as given (supertest would serialise a Buffer sent as JSON). */
  async function postBytes(body: Buffer, headers: Record<string, string>) {
    const res = await fetch(`${sandbox.baseUrl}/cds-services/pump-evaluation`, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as Outcome };
  }

  test.each<[string, () => Buffer]>([
    ['a body that is not gzip at all', () => Buffer.from(JSON.stringify(hookRequest()))],
    ['a gzip stream cut short', () => gzipSync(JSON.stringify(hookRequest())).subarray(0, 40)],
  ])('Content-Encoding: gzip on %s → 400 malformed-json naming the header, never a 500', async (_name, body) => {
    const res = await postBytes(body(), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect({ status: res.status, code: res.body.issue[0]?.details.coding[0]?.code }).toEqual({
      status: 400,
      code: 'malformed-json',
    });
    expect(res.body.issue[0]!.expression).toEqual(['Content-Encoding']);
  });

  test('an unsupported Content-Encoding → 415 naming the header', async () => {
    const res = await postBytes(Buffer.from(JSON.stringify(hookRequest())), {
      'content-type': 'application/json',
      'content-encoding': 'compress',
    });
    expect({ status: res.status, code: res.body.issue[0]?.details.coding[0]?.code }).toEqual({
      status: 415,
      code: 'unsupported-media-type',
    });
    expect(res.body.issue[0]!.expression).toEqual(['Content-Encoding']);
  });

  test('a real gzip body is read: the request is answered for what it says', async () => {
    // No prefetch and no fhirServer: 412 data-unavailable, which only a decoded body can give.
    const res = await postBytes(gzipSync(JSON.stringify(hookRequest())), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect({ status: res.status, code: res.body.issue[0]?.details.coding[0]?.code }).toEqual({
      status: 412,
      code: 'data-unavailable',
    });
  });

  test('an empty JSON body carries no request → 400 invalid-request', async () => {
    expectOutcome(
      await postRaw(sandbox, '/cds-services/pump-evaluation', 'application/json', ''),
      400,
      'invalid-request',
    );
  });

  test('a 1.1 MB body against the default 1mb limit → 413 payload-too-large', async () => {
    const body = requestOfSize(1.1 * 1024 * 1024);
    expect(body.length).toBeGreaterThan(1024 * 1024);
    expectOutcome(
      await postRaw(sandbox, '/cds-services/pump-evaluation', 'application/json', body),
      413,
      'payload-too-large',
    );
  });

  test('a body just under the default limit is read (and refused for what it says, not its size)', async () => {
    const body = requestOfSize(1024 * 1024 - 2048);
    expectOutcome(
      await postRaw(sandbox, '/cds-services/pump-evaluation', 'application/json', body),
      400,
      'invalid-request',
      'context.userId',
    );
  });

  test.each<[string, number, number, string]>([
    ['2 KB', 2048, 413, 'payload-too-large'],
    ['1 KB + 1 byte', 1025, 413, 'payload-too-large'],
  ])('BODY_LIMIT=1kb: a body of %s (%i bytes) → %i %s', async (_name, bytes, status, code) => {
    const body = requestOfSize(bytes);
    expect(body.length).toBe(bytes);
    expectOutcome(await postRaw(dev, '/cds-services/pump-evaluation', 'application/json', body), status, code);
  });

  test('BODY_LIMIT=1kb: a small valid request is answered', async () => {
    const prefetchNulls = Object.fromEntries(Object.keys(prefetch).map((k) => [k, null]));
    const body = JSON.stringify(hookRequest({ prefetch: prefetchNulls }));
    expect(body.length).toBeLessThan(1024);
    const res = await postRaw(dev, '/cds-services/pump-evaluation', 'application/json', body);
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"cards":[]}');
  });

  test('BODY_LIMIT=1kb: a chunked body with no Content-Length is cut off at the limit → 413', async () => {
    const url = new URL('/cds-services/pump-evaluation', dev.baseUrl);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      const body = requestOfSize(8192);
      for (let i = 0; i < body.length; i += 512) req.write(body.slice(i, i + 512));
      req.end();
    });
    expect(status).toBe(413);
    const outcome = JSON.parse(text) as Outcome;
    expect(outcome.issue[0]!.details.coding[0]!.code).toBe('payload-too-large');
    expectNoStackTrace(text);
  });
});

describe('routes and services that do not exist', () => {
  test.each(['no-such-service', 'pump-evaluation2', 'PUMP-EVALUATION', '..%2Fcds-services'])(
    'POST /cds-services/%s → 404 unknown-service at id',
    async (id) => {
      const res = await request(sandbox.baseUrl).post(`/cds-services/${id}`).send(hookRequest({ prefetch }));
      expectOutcome(res, 404, 'unknown-service', 'id');
    },
  );

  test.each<[string, string]>([
    ['GET', '/'],
    ['GET', '/no-such-route'],
    ['GET', '/cds-services/pump-evaluation/explain'],
    ['POST', '/cds-services/pump-evaluation/feedback/extra'],
    ['DELETE', '/healthz/x'],
  ])('%s %s → 404 not-found OperationOutcome', async (method, path) => {
    const agent = request(sandbox.baseUrl);
    const res = await (method === 'GET' ? agent.get(path) : method === 'POST' ? agent.post(path) : agent.delete(path));
    expectOutcome(res, 404, 'not-found');
  });

  test.each<[string, string]>([
    ['GET', '/cds-services/pump-evaluation'],
    ['PUT', '/cds-services/pump-evaluation'],
    ['DELETE', '/cds-services/trial-referral'],
    ['GET', '/cds-services/pump-evaluation/feedback'],
  ])('%s %s → 405 method-not-allowed', async (method, path) => {
    const agent = request(sandbox.baseUrl);
    const res = await (method === 'GET' ? agent.get(path) : method === 'PUT' ? agent.put(path) : agent.delete(path));
    expectOutcome(res, 405, 'method-not-allowed');
  });
});

describe('fhirServer is checked against the allowlist when data must be fetched', () => {
  const ownFhir = () => `${sandbox.baseUrl}/fhir`;
  const port = () => new URL(sandbox.baseUrl).port;

  test.each<[string, () => string]>([
    ['the cloud metadata address', () => 'http://169.254.169.254/latest'],
    ['another port on loopback', () => 'http://127.0.0.1:1/fhir'],
    ['another path on the service itself', () => `${sandbox.baseUrl}/cds-services`],
    ['a path that climbs out of /fhir', () => `${sandbox.baseUrl}/fhir/../cds-services`],
    ['a prefix of /fhir that is not under it', () => `${sandbox.baseUrl}/fhirx`],
    ['credentials in the URL', () => `http://user:secret@127.0.0.1:${port()}/fhir`],
    ['a query string', () => `${sandbox.baseUrl}/fhir?x=1`],
  ])('sandbox mode, %s → 403 fhir-server-not-allowed at fhirServer', async (_name, fhirServer) => {
    const res = await request(sandbox.baseUrl)
      .post('/cds-services/pump-evaluation')
      .send(hookRequest({ fhirServer: fhirServer() }));
    expectOutcome(res, 403, 'fhir-server-not-allowed', 'fhirServer');
  });

  test('sandbox mode, its own /fhir over plain http is allowed', async () => {
    const res = await request(sandbox.baseUrl)
      .post('/cds-services/pump-evaluation')
      .send(hookRequest({ fhirServer: ownFhir() }));
    expect(res.status).toBe(200);
    expectFixtureCards('pump-evaluation', res.body, FIXTURE, TEST_NOW);
  });

  test('outside sandbox, an allowlisted http fhirServer is refused while FHIR_ALLOW_HTTP is off → 403', async () => {
    const res = await request(strict.baseUrl)
      .post('/cds-services/pump-evaluation')
      .send(hookRequest({ fhirServer: ownFhir() }));
    expectOutcome(res, 403, 'fhir-server-not-allowed', 'fhirServer');
  });

  test('outside sandbox, the same fhirServer is read once FHIR_ALLOW_HTTP is on', async () => {
    const res = await request(dev.baseUrl)
      .post('/cds-services/pump-evaluation')
      .send(hookRequest({ fhirServer: ownFhir() }));
    expect(res.status).toBe(200);
    expectFixtureCards('pump-evaluation', res.body, FIXTURE, TEST_NOW);
  });

  test.each<[string, string, () => TestServer]>([
    ['sandbox mode', 'http://169.254.169.254/latest', () => sandbox],
    ['outside sandbox, http refused', 'http://169.254.169.254/latest', () => strict],
    ['outside sandbox, https but not on the allowlist', 'https://ehr.example.org/fhir', () => strict],
  ])('%s: a complete prefetch never touches fhirServer %s, so the call works', async (_name, fhirServer, server) => {
    const res = await request(server().baseUrl)
      .post('/cds-services/pump-evaluation')
      .send(
        hookRequest({
          prefetch,
          fhirServer,
          fhirAuthorization: {
            access_token: 'unused-token',
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'patient/*.read',
            subject: 'cds-service',
          },
        }),
      );
    expect(res.status).toBe(200);
    expectFixtureCards('pump-evaluation', res.body, FIXTURE, TEST_NOW);
  });

  test.each<[string, string | undefined, number]>([
    ['the context patient', PATIENT, 200],
    ['no patient', undefined, 200],
    ['another patient', 'someone-else', 400],
  ])('a token bound to %s (fhirAuthorization.patient) → %s', async (_name, patient, status) => {
    const res = await request(sandbox.baseUrl)
      .post('/cds-services/pump-evaluation')
      .send(
        hookRequest({
          prefetch,
          fhirServer: ownFhir(),
          fhirAuthorization: {
            access_token: 'a-token',
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'patient/*.read',
            subject: 'cds-service',
            ...(patient ? { patient } : {}),
          },
        }),
      );
    if (status === 400) expectOutcome(res, 400, 'invalid-request', 'fhirAuthorization.patient');
    else expectFixtureCards('pump-evaluation', res.body, FIXTURE, TEST_NOW);
  });

  test('a partial prefetch with a refused fhirServer → 403, not a card from partial data', async () => {
    const partial = { patient: prefetch.patient, conditions: prefetch.conditions };
    const res = await request(sandbox.baseUrl)
      .post('/cds-services/pump-evaluation')
      .send(hookRequest({ prefetch: partial, fhirServer: 'http://169.254.169.254/latest' }));
    expectOutcome(res, 403, 'fhir-server-not-allowed', 'fhirServer');
  });
});
