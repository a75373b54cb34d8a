import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { ConfigError, loadConfig, testConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { createApp, createHttpServer } from '../hooks/app.js';
import { metricsApp } from '../hooks/health.js';
import { createAuthFromConfig } from '../hooks/auth/authenticator-from-config.js';
import { cdsHooksSandboxToken } from './support/cds-hooks-sandbox-token.js';
import { startTestServer, TEST_KEEP_ALIVE, type TestServer } from './support/test-server.js';

/**
 * Security at the edges (issue 16, point 4): the JWT lifetime cap, no-store and nosniff on
 * responses that can carry patient data, the CORS policy, and the deadlines against slow clients.
 */

const SANDBOX_ISSUERS = join(PROJECT_ROOT, 'config', 'issuers.sandbox.json');
const PATIENT = 'pump-positive-main';

/** Starting a server copies a database and seeds the sandbox: slow when the 2 cores are busy. */
const START_TIMEOUT_MS = 120_000;

/**
 * The service in sandbox mode with its default auth (optional: no token is fine, a bad one is
 * refused) and CORS (any origin), shared by the header, CORS and slow-client tests.
 */
let sandbox: TestServer;
beforeAll(async () => {
  sandbox = await startTestServer({ ownPublicUrl: true, env: { CDS_AUTH: 'optional' } });
}, START_TIMEOUT_MS);
afterAll(async () => {
  await sandbox?.close();
});

/** A patient-view call for the sandbox's own FHIR server. */
function hookCall(server: TestServer): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    fhirServer: `${server.baseUrl}/fhir`,
    context: { patientId: PATIENT, userId: 'Practitioner/example' },
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Token lifetime, exp - iat (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients requires both
//    claims; the cap is five minutes, as in SMART Backend Services and CDS Hooks' early drafts).
// ---------------------------------------------------------------------------------------------

describe('JWT_MAX_LIFETIME_S', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      ownPublicUrl: true,
      env: { CDS_AUTH: 'required', JWT_ISSUERS_FILE: SANDBOX_ISSUERS },
    });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await server?.close();
  });

  /** Calls pump-evaluation with a CDS Hooks Sandbox token whose iat/exp are set relative to the server's clock. */
  async function callWith(claims: (now: number) => Record<string, unknown>, target: TestServer = server) {
    const url = `${target.baseUrl}/cds-services/pump-evaluation`;
    const nowDate = target.composition.deps.clock();
    const now = Math.round(nowDate.getTime() / 1000);
    const token = await cdsHooksSandboxToken(url, { now: nowDate, changes: claims(now) });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(hookCall(target)),
    });
    return { res, token };
  }

  /** The reason the authenticator logged for the last rejection on this server. */
  function lastRejection(target: TestServer): Record<string, unknown> | undefined {
    return target
      .logLines()
      .filter((l) => l.event === 'jwt-rejected')
      .at(-1);
  }

  test.each([
    ['a 5-minute token (exp - iat = 300 s) is accepted', (now: number) => ({ iat: now, exp: now + 300 }), 200],
    [
      'a token issued a minute ago, expiring in 4 minutes, is accepted',
      (n: number) => ({ iat: n - 60, exp: n + 240 }),
      200,
    ],
    ['a token living one second over the limit is refused', (now: number) => ({ iat: now, exp: now + 301 }), 401],
    ['a day-long token is refused', (now: number) => ({ iat: now, exp: now + 86_400 }), 401],
    ['a token issued long ago and still unexpired is refused', (n: number) => ({ iat: n - 3000, exp: n + 60 }), 401],
    ['a token without iat is refused', (now: number) => ({ iat: undefined, exp: now + 300 }), 401],
  ])('%s', async (_name, claims, status) => {
    const { res } = await callWith(claims);
    expect(res.status).toBe(status);
    if (status === 401) {
      // The service's one answer to a bad token: a bare 401 (CDS Hooks), never a hint why.
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="cds-services", error="invalid_token"');
      expect(await res.text()).toBe('');
    }
  });

  test.each([
    ['a too-long lifetime', (now: number) => ({ iat: now, exp: now + 301 }), 'lifetime-too-long'],
    ['a missing iat', (now: number) => ({ iat: undefined, exp: now + 300 }), 'missing-claim'],
  ])('the log names %s as the reason, records the unauthorized code, and never holds the token', async (_n, c, why) => {
    const { res, token } = await callWith(c);
    expect(res.status).toBe(401);
    expect(lastRejection(server)).toMatchObject({ reason: why, iss: 'https://sandbox.cds-hooks.org' });
    if (why === 'lifetime-too-long') expect(lastRejection(server)).toMatchObject({ lifetimeS: 301, maxLifetimeS: 300 });
    const requestLine = server
      .logLines()
      .filter((l) => l.msg === 'request')
      .at(-1);
    expect(requestLine).toMatchObject({ status: 401, error: 'unauthorized' });
    expect(server.logText()).not.toContain(token.split('.')[2]);
  });

  test.each([
    [3600, 'accepted', 'an hour-long token'],
    [3601, 'lifetime-too-long', 'a token one second longer'],
  ])('JWT_MAX_LIFETIME_S=3600 reaches the authenticator: a %i s token is %s', async (lifetime, verdict) => {
    const now = new Date('2026-11-22T10:00:00Z');
    const config = testConfig({
      CDS_AUTH: 'required',
      JWT_ISSUERS_FILE: SANDBOX_ISSUERS,
      JWT_MAX_LIFETIME_S: '3600',
      PUBLIC_BASE_URL: 'https://cds.example.org',
    });
    const { authenticator } = createAuthFromConfig(config, { logger: createLogger('silent'), clock: () => now });
    const aud = 'https://cds.example.org/cds-services/pump-evaluation';
    const iat = Math.round(now.getTime() / 1000);
    const token = await cdsHooksSandboxToken(aud, { now, changes: { exp: iat + lifetime } });
    const outcome = await authenticator.authenticate(`Bearer ${token}`, aud).then(
      () => 'accepted',
      (e: { reason?: string }) => e.reason,
    );
    expect(outcome).toBe(verdict);
  });
});

// ---------------------------------------------------------------------------------------------
// Configuration: every new key has a default, and a bad value stops start-up naming the key.
// ---------------------------------------------------------------------------------------------

describe('edge configuration', () => {
  test('the defaults: 5-minute tokens, any origin, 10 s for headers, 30 s for a request, 5 s idle', () => {
    const c = loadConfig({});
    expect(c.auth.maxLifetimeSeconds).toBe(300);
    expect(c.cors.origins).toBe('*');
    expect(c.http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
    expect(c.metricsPort).toBeUndefined();
  });

  test.each([
    ['https://ehr.example.org', ['https://ehr.example.org']],
    ['https://ehr.example.org/, http://localhost:8080', ['https://ehr.example.org', 'http://localhost:8080']],
    [' * ', '*'],
  ])('CORS_ORIGINS=%j is read as %j', (value, origins) => {
    expect(loadConfig({ CORS_ORIGINS: value }).cors.origins).toEqual(origins);
  });

  test.each([
    ['JWT_MAX_LIFETIME_S', { JWT_MAX_LIFETIME_S: '0' }],
    ['JWT_MAX_LIFETIME_S', { JWT_MAX_LIFETIME_S: '3601' }],
    ['JWT_MAX_LIFETIME_S', { JWT_MAX_LIFETIME_S: '5min' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'ehr.example.org' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'https://ehr.example.org/cds' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: '*,https://ehr.example.org' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'ftp://ehr.example.org' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: ',' }],
    ['REQUEST_TIMEOUT_S', { REQUEST_TIMEOUT_S: '0' }],
    ['HEADERS_TIMEOUT_S', { HEADERS_TIMEOUT_S: '1.5' }],
    ['KEEP_ALIVE_TIMEOUT_S', { KEEP_ALIVE_TIMEOUT_S: '601' }],
    ['HEADERS_TIMEOUT_S', { HEADERS_TIMEOUT_S: '40', REQUEST_TIMEOUT_S: '30' }],
    ['METRICS_PORT', { METRICS_PORT: '3000' }],
    ['METRICS_PORT', { METRICS_PORT: '70000' }],
  ])('a bad %s stops start-up with a ConfigError naming it (%j)', (key, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(key);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Cache-Control: no-store and X-Content-Type-Options: nosniff.
// ---------------------------------------------------------------------------------------------

describe('responses that can carry patient data are never cached nor sniffed', () => {
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  const cases: [string, () => Promise<Response>, number][] = [
    [
      'a hook call (cards)',
      () => fetch(`${sandbox.baseUrl}/cds-services/pump-evaluation`, json(hookCall(sandbox))),
      200,
    ],
    [
      'feedback',
      async () => {
        const called = await fetch(`${sandbox.baseUrl}/cds-services/pump-evaluation`, json(hookCall(sandbox)));
        const { cards } = (await called.json()) as { cards: { uuid: string }[] };
        const item = { card: cards[0]!.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() };
        return fetch(`${sandbox.baseUrl}/cds-services/pump-evaluation/feedback`, json({ feedback: [item] }));
      },
      200,
    ],
    [
      'the eligibility evaluate endpoint (refusing a call without its SMART token)',
      () => fetch(`${sandbox.baseUrl}/apps/eligibility/evaluate`, json({})),
      -1,
    ],
    ['a sandbox FHIR read', () => fetch(`${sandbox.baseUrl}/fhir/Patient/${PATIENT}`), 200],
    ['a sandbox FHIR search', () => fetch(`${sandbox.baseUrl}/fhir/Observation?patient=${PATIENT}`), 200],
    [
      'an OperationOutcome for an invalid hook call',
      () => fetch(`${sandbox.baseUrl}/cds-services/pump-evaluation`, json({ hook: 'patient-view' })),
      400,
    ],
    [
      'an OperationOutcome for malformed JSON',
      () =>
        fetch(`${sandbox.baseUrl}/cds-services/pump-evaluation`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"hook":',
        }),
      400,
    ],
    ['an OperationOutcome for an unknown route', () => fetch(`${sandbox.baseUrl}/no-such-route`), 404],
    [
      'a bare 401 for a bad token',
      () =>
        fetch(`${sandbox.baseUrl}/cds-services/pump-evaluation`, {
          ...json(hookCall(sandbox)),
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not.a.jwt' },
        }),
      401,
    ],
    ['discovery', () => fetch(`${sandbox.baseUrl}/cds-services`), 200],
  ];

  test.each(cases)('%s: Cache-Control no-store and nosniff', async (_name, send, status) => {
    const res = await send();
    if (status > 0) expect(res.status).toBe(status);
    else expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    await res.arrayBuffer();
  });

  test.each(['/healthz', '/metrics', '/sandbox-ehr/.well-known/jwks.json'])(
    '%s, which carries no patient data, is still nosniff',
    async (path) => {
      const res = await fetch(`${sandbox.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      await res.arrayBuffer();
    },
  );
});

// ---------------------------------------------------------------------------------------------
// 3. CORS_ORIGINS, /metrics without CORS, Private Network Access only in sandbox mode.
// ---------------------------------------------------------------------------------------------

const ORIGIN = 'https://sandbox.cds-hooks.org';
const OTHER = 'https://attacker.example';

function preflight(url: string, origin: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,content-type',
      ...extra,
    },
  });
}

describe('CORS', () => {
  let allowlist: TestServer;
  let production: TestServer;
  const anyOrigin = (): TestServer => sandbox;

  beforeAll(async () => {
    allowlist = await startTestServer({ env: { CORS_ORIGINS: `${ORIGIN},http://localhost:8080` } });
    production = await startTestServer({ env: { SANDBOX: 'off' } });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await allowlist?.close();
    await production?.close();
  });

  test.each([
    ['discovery', 'GET', '/cds-services'],
    ['a hook call preflight', 'OPTIONS', '/cds-services/pump-evaluation'],
    ['a feedback preflight', 'OPTIONS', '/cds-services/pump-evaluation/feedback'],
    ['a sandbox FHIR read', 'GET', `/fhir/Patient/${PATIENT}`],
  ])('by default any origin may read %s (Access-Control-Allow-Origin: *)', async (_name, method, path) => {
    const url = `${anyOrigin().baseUrl}${path}`;
    const res = method === 'OPTIONS' ? await preflight(url, OTHER) : await fetch(url, { headers: { Origin: OTHER } });
    expect(res.status).toBe(method === 'OPTIONS' ? 204 : 200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    await res.arrayBuffer();
  });

  test.each([
    ['an allowed origin is echoed back', ORIGIN, ORIGIN],
    ['a second allowed origin is echoed back', 'http://localhost:8080', 'http://localhost:8080'],
    ['another origin gets no CORS headers', OTHER, null],
    ['an origin differing only by its port gets no CORS headers', 'http://localhost:8081', null],
  ])('with CORS_ORIGINS, %s, with Vary: Origin', async (_name, origin, allowed) => {
    const get = await fetch(`${allowlist.baseUrl}/cds-services`, { headers: { Origin: origin } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(get.headers.get('vary')).toMatch(/\bOrigin\b/);
    await get.arrayBuffer();

    const pre = await preflight(`${allowlist.baseUrl}/cds-services/pump-evaluation`, origin);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(pre.headers.get('access-control-allow-methods')).toBe(allowed ? 'GET, POST, PUT, OPTIONS' : null);
    expect(pre.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  test('with CORS_ORIGINS, a call without Origin (not a browser) is answered, with no CORS headers', async () => {
    const res = await fetch(`${allowlist.baseUrl}/cds-services`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await res.arrayBuffer();
  });

  test.each([
    ['GET /metrics', 'GET', '/metrics'],
    ['GET /METRICS/ (as Express routes it)', 'GET', '/METRICS/'],
    ['a /metrics preflight', 'OPTIONS', '/metrics'],
    ['GET /readyz', 'GET', '/readyz'],
    ['GET /healthz', 'GET', '/healthz'],
  ])('%s carries no CORS header at all, whatever the origin', async (_name, method, path) => {
    for (const server of [anyOrigin(), allowlist]) {
      const url = `${server.baseUrl}${path}`;
      const res =
        method === 'OPTIONS' ? await preflight(url, ORIGIN) : await fetch(url, { headers: { Origin: ORIGIN } });
      const cors = [...res.headers.keys()].filter((h) => h.startsWith('access-control-'));
      expect(cors).toEqual([]);
      await res.arrayBuffer();
    }
  });

  test('with METRICS_PORT, the main port no longer serves /metrics', async () => {
    const app = createApp({ ...sandbox.config, metricsPort: 9464 }, sandbox.composition.deps);
    expect((await request(app).get('/metrics')).status).toBe(404);
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  test('the METRICS_PORT app serves /metrics without any CORS header, and nothing else', async () => {
    const app = metricsApp(sandbox.composition.deps);
    const res = await request(app).get('/metrics').set('Origin', ORIGIN);
    expect(res.status).toBe(200);
    expect(res.text).toContain('cds_request_duration_seconds');
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await request(app).options('/metrics').set('Origin', ORIGIN)).status).toBe(404);
    expect((await request(app).get('/cds-services')).status).toBe(404);
  });

  test.each([
    ['in sandbox mode, a Private Network Access preflight is allowed', anyOrigin, 'true'],
    ['outside sandbox mode, it is not', () => production, null],
  ])('%s', async (_name, server, expected) => {
    const res = await preflight(`${server().baseUrl}/cds-services/pump-evaluation`, ORIGIN, {
      'Access-Control-Request-Private-Network': 'true',
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-private-network')).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Header, body and idle deadlines, over a raw socket (small deadlines: 1 s, 2 s, 1 s).
// ---------------------------------------------------------------------------------------------

describe('test servers', () => {
  // A test server is served by createHttpServer, as bin/server.ts serves the app, so the config's
  // keep-alive holds: the test suites rely on 30 s idle sockets (test/support/test-server.ts).
  test('advertise the keep-alive their config sets, as the production server does', async () => {
    const res = await fetch(`${sandbox.baseUrl}/healthz`);
    await res.arrayBuffer();
    expect(sandbox.config.http.keepAliveTimeoutMs).toBe(Number(TEST_KEEP_ALIVE.KEEP_ALIVE_TIMEOUT_S) * 1000);
    expect(res.headers.get('keep-alive')).toBe(`timeout=${TEST_KEEP_ALIVE.KEEP_ALIVE_TIMEOUT_S}`);
  });
});

describe('slow clients are answered 408 or disconnected', () => {
  let http: Server;
  let port: number;

  beforeAll(async () => {
    // The server as bin/server.ts builds it, around the sandbox's app, with small deadlines.
    const config = testConfig({ HEADERS_TIMEOUT_S: '1', REQUEST_TIMEOUT_S: '2', KEEP_ALIVE_TIMEOUT_S: '1' });
    http = createHttpServer(sandbox.app, config);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  });
  afterAll(async () => {
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
  });

  /** Opens a socket, writes each chunk 100 ms apart, and reports what came back and when the server hung up. */
  function trickle(chunks: readonly string[]): Promise<{ reply: string; closedAfterMs: number }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = connect(port, '127.0.0.1');
      let reply = '';
      let timer: NodeJS.Timeout | undefined;
      let i = 0;
      const next = () => {
        if (i < chunks.length && !socket.destroyed) {
          socket.write(chunks[i++]!);
          timer = setTimeout(next, 100);
        }
      };
      const guard = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the server kept the connection open for 8 s; got ${JSON.stringify(reply)}`));
      }, 8000);
      socket.on('connect', next);
      socket.on('data', (d: Buffer) => (reply += d.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        clearTimeout(guard);
        resolve({ reply, closedAfterMs: performance.now() - started });
      });
    });
  }

  const slowHeaders = [...('POST /cds-services/pump-evaluation HTTP/1.1\r\nHost: x\r\nX-Padding: ' + 'a'.repeat(60))];
  const slowBody = [
    'POST /cds-services/pump-evaluation HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
    ...'{"hook":"patient-view","hookInstance":"x","context":{}',
  ];

  test.each([
    ['headers sent a byte at a time get 408 once HEADERS_TIMEOUT_S passes', slowHeaders, 900, 2600, true],
    ['a connection that sends nothing gets 408 once HEADERS_TIMEOUT_S passes', [], 900, 2600, true],
    ['a body sent a byte at a time gets 408 once REQUEST_TIMEOUT_S passes', slowBody, 1900, 3600, true],
    [
      'an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT_S',
      ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'],
      900,
      3600,
      false,
    ],
  ])(
    '%s',
    async (_name, chunks, atLeastMs, atMostMs, timedOut) => {
      const { reply, closedAfterMs } = await trickle(chunks);
      if (timedOut) expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      else expect(reply).toMatch(/^HTTP\/1\.1 200 /);
      expect(closedAfterMs).toBeGreaterThanOrEqual(atLeastMs);
      expect(closedAfterMs).toBeLessThan(atMostMs);
    },
    15_000,
  );
});
