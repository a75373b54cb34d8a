import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadFeedbackPolicy } from '../rules/feedback-policy.js';
import { PAGE_CSP } from '../sandbox/web/page-security.js';
import type { PatientList } from '../sandbox/web/patient-list.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ ownPublicUrl: true, page: true, env: { CDS_AUTH: 'optional' } });
});
afterAll(async () => {
  await server?.close();
});

async function token(aud: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}/sandbox-ehr/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ aud }),
  });
}

async function patients(): Promise<PatientList> {
  const res = await fetch(`${server.baseUrl}/sandbox-ehr/patients`);
  expect(res.status).toBe(200);
  return (await res.json()) as PatientList;
}

describe('EHR page: assets and security headers', () => {
  test('GET / serves the page with a strict CSP and no inline script or style', async () => {
    const res = await fetch(`${server.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(PAGE_CSP);
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i); // every script has a src
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    // Nothing on the page comes from another host.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  test.each([
    ['/static/app.js', /javascript/],
    ['/static/card-view.js', /javascript/],
    ['/static/styles.css', /text\/css/],
    ['/vendor/marked.esm.js', /javascript/],
    ['/vendor/purify.es.mjs', /javascript/],
  ])('%s is served from our own origin as %s', async (path, type) => {
    const res = await fetch(`${server.baseUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
  });

  test('vendor files are only the two browser builds, not node_modules at large', async () => {
    for (const path of ['/vendor/package.json', '/vendor/..%2Fpackage.json', '/vendor/marked.umd.js']) {
      expect((await fetch(`${server.baseUrl}${path}`)).status).toBe(404);
    }
  });

  test('setup names the public URLs the page must use for JWT audiences and fhirServer', async () => {
    const res = await fetch(`${server.baseUrl}/sandbox-ehr/setup`);
    expect(await res.json()).toMatchObject({
      publicBaseUrl: server.baseUrl,
      fhirServer: `${server.baseUrl}/fhir`,
      userId: expect.stringMatching(/^Practitioner\//),
      reasonDisplays: Object.fromEntries(
        loadFeedbackPolicy(DEFAULT_RULES_DIR).overrideReasons.map((r) => [r.code, r.display]),
      ),
    });
  });
});

describe('EHR page: patient list', () => {
  test('lists every sandbox patient with findings from the facts engine', async () => {
    const list = await patients();
    expect(list.total).toBe(server.composition.sandbox!.store.patientIds().length);
    expect(list.patients.map((p) => p.id)).toEqual(server.composition.sandbox!.store.patientIds());
    const main = list.patients.find((p) => p.id === 'pump-positive-main');
    expect(main).toEqual({
      id: 'pump-positive-main',
      name: 'Gérard Essai-Pompe',
      gender: 'male',
      birthDate: expect.any(String),
      age: 58,
      t2d: true,
      insulin: 'MDI: basal + 3 prandial injections/day',
      hba1c: { percent: 8.9, date: expect.any(String) },
      nafld: true,
    });
    // The latest valid HbA1c is 21 days old (the 6.1% one is entered-in-error).
    const day = new Date(Date.parse(TEST_NOW.toISOString().slice(0, 10)) - 21 * 86_400_000).toISOString().slice(0, 10);
    expect(main!.hba1c!.date.slice(0, 10)).toBe(day);
  });

  test.each([
    ['trial-t1d-two-years', { t2d: false }],
    // No steatosis coded and no liver imaging: NAFLD cannot be ruled out, so it is unknown, not "no".
    ['pump-negative-t1d', { t2d: true, nafld: null }],
    ['trial-nafld-full-match', { t2d: true, nafld: true, hba1c: { percent: 8.4, date: expect.any(String) } }],
    ['pump-negative-basal-only', { insulin: 'Basal insulin only' }],
    ['pump-negative-on-pump', { insulin: 'Insulin pump' }],
  ])('%s shows %j', async (id, expected) => {
    const p = (await patients()).patients.find((x) => x.id === id);
    expect(p).toMatchObject(expected);
  });
});

describe('EHR page: sandbox tokens', () => {
  test('a token for a service URL is an ES384 JWT from the sandbox issuer that the service accepts', async () => {
    const aud = `${server.baseUrl}/cds-services/pump-evaluation`;
    const res = await token(aud);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token: jwt } = (await res.json()) as { token: string };
    expect(decodeProtectedHeader(jwt)).toMatchObject({
      alg: 'ES384',
      typ: 'JWT',
      jku: `${server.baseUrl}/sandbox-ehr/.well-known/jwks.json`,
    });
    expect(decodeJwt(jwt)).toMatchObject({ iss: `${server.baseUrl}/sandbox-ehr`, aud });

    const prefetch = await prefetchFromFhir(
      `${server.baseUrl}/fhir`,
      server.composition.deps.services[0]!.definition.prefetch,
      'pump-positive-main',
    );
    const call = (authorization: string) =>
      fetch(aud, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({
          hook: 'patient-view',
          hookInstance: crypto.randomUUID(),
          fhirServer: `${server.baseUrl}/fhir`,
          context: { patientId: 'pump-positive-main', userId: 'Practitioner/sandbox-ehr-clinician' },
          prefetch,
        }),
      });
    expect((await call(`Bearer ${jwt}`)).status).toBe(200);
    // CDS_AUTH=optional: a token that is sent must verify; the same jti again is a replay.
    expect((await call(`Bearer ${jwt}`)).status).toBe(401);
  });

  test.each([
    ['another host', 'https://evil.example/cds-services/pump-evaluation'],
    ['an unknown service', 'SELF/cds-services/no-such-service'],
    ['our discovery URL', 'SELF/cds-services'],
    ['a number', 42],
  ])('refuses to sign for %s', async (_what, aud) => {
    const res = await token(typeof aud === 'string' ? aud.replace('SELF', server.baseUrl) : aud);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issue: { code: string }[] }).issue[0]!.code).toBe('invalid');
  });

  test('feedback and /fhir audiences are signed too', async () => {
    for (const aud of [`${server.baseUrl}/cds-services/trial-referral/feedback`, `${server.baseUrl}/fhir`]) {
      expect((await token(aud)).status).toBe(200);
    }
  });
});

describe('EHR page outside sandbox mode', () => {
  test('GET / and the sandbox-ehr routes do not exist', async () => {
    const prod = await startTestServer({ page: true, env: { SANDBOX: 'off' } });
    try {
      for (const path of ['/', '/sandbox-ehr/patients', '/sandbox-ehr/setup', '/static/app.js']) {
        expect((await fetch(`${prod.baseUrl}${path}`)).status).toBe(404);
      }
      expect((await fetch(`${prod.baseUrl}/sandbox-ehr/token`, { method: 'POST' })).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
