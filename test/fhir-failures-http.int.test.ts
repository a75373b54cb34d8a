import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { expectFixtureCards, parseCardsResponse } from './support/card-expectations.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startSandboxServer, type RunningSandbox } from './support/fhir-sandbox-server.js';
import {
  startMisbehavingFhirServer,
  type Misbehaviour,
  type MisbehavingServer,
} from './support/misbehaving-fhir-server.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

const TOKEN = 'ehr-bearer-token-7c1e9f04';
const TIMEOUT_MS = 300;
const MAIN = 'pump-positive-main';
const fixture = (id: string) => ALL_FIXTURES.find((f) => f.id === id)!;

/** The misbehaving FHIR servers this file talks to, by name; `elsewhere` is where `redirect` points. */
const BEHAVIOURS = {
  unauthorized: { mode: 'unauthorized' },
  forbidden: { mode: 'forbidden' },
  refuse: { mode: 'refuse' },
  status500: { mode: 'status500' },
  html: { mode: 'html' },
  wrongType: { mode: 'wrongType' },
  hang: { mode: 'hang' },
  drip: { mode: 'drip', intervalMs: 20 },
  endlessNext: { mode: 'endlessNext' },
  elsewhere: { mode: 'status500' },
} as const satisfies Record<string, Misbehaviour>;
type Name = keyof typeof BEHAVIOURS | 'redirect';

const fhir = {} as Record<Name, MisbehavingServer>;
/** The sandbox FHIR store behind a bearer token: reads succeed only when the token is sent. */
let locked: RunningSandbox;
/** FHIR_TIMEOUT_MS=300, sandbox on (its /fhir is where the EHR's prefetch comes from). */
let fast: TestServer;
/** Default deadline (2000 ms), sandbox off, for everything that is not about the deadline. */
let normal: TestServer;
let templates: Record<string, Record<string, string>>;

beforeAll(async () => {
  const started = await Promise.all(
    Object.entries(BEHAVIOURS).map(async ([name, m]) => [name, await startMisbehavingFhirServer(m)] as const),
  );
  Object.assign(fhir, Object.fromEntries(started));
  fhir.redirect = await startMisbehavingFhirServer({
    mode: 'redirect',
    location: `${fhir.elsewhere.baseUrl}/Patient/x`,
  });
  locked = await startSandboxServer({ today: TEST_NOW, requireToken: TOKEN });
  const allowlist = [...Object.values(fhir).map((s) => s.baseUrl), locked.baseUrl].join(',');
  fast = await startTestServer({
    env: { FHIR_TIMEOUT_MS: String(TIMEOUT_MS), FHIR_SERVER_ALLOWLIST: allowlist, FHIR_ALLOW_HTTP: 'on' },
  });
  normal = await startTestServer({
    store: fast.composition.deps.store,
    env: { SANDBOX: 'off', FHIR_SERVER_ALLOWLIST: allowlist, FHIR_ALLOW_HTTP: 'on' },
  });
  const res = await request(fast.baseUrl).get('/cds-services').expect(200);
  const services = (res.body as { services: { id: string; prefetch: Record<string, string> }[] }).services;
  templates = Object.fromEntries(services.map((s) => [s.id, s.prefetch]));
});
afterAll(async () => {
  await Promise.all([normal?.close(), ...Object.values(fhir).map((s) => s.close()), locked?.close()]);
  await fast?.close();
});
afterEach(async () => {
  // The service is still up, and the bearer token is in none of its logs.
  for (const s of [fast, normal]) {
    await request(s.baseUrl).get('/healthz').expect(200);
    expect(s.logText()).not.toContain(TOKEN);
  }
});

const AUTH = {
  access_token: TOKEN,
  token_type: 'Bearer',
  expires_in: 300,
  scope: 'patient/*.read',
  subject: 'cds-service',
};

function call(
  server: TestServer,
  serviceId: string,
  patientId: string,
  extra: Record<string, unknown>,
): Promise<Response> {
  return request(server.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .send({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { userId: 'Practitioner/example', patientId },
      ...extra,
    });
}

/** A 412 OperationOutcome with the code, nothing of the token or a stack in it. */
function expect412(res: Response, code: string): void {
  const body = res.body as { resourceType: string; issue: { details: { coding: { code: string }[] } }[] };
  expect({ status: res.status, code: body.issue?.[0]?.details.coding[0]?.code }).toEqual({ status: 412, code });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(body.resourceType).toBe('OperationOutcome');
  expect(res.text).not.toContain(TOKEN);
  expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+|Error:/);
}

/** The requests a misbehaving server received during `fn`, each of which must carry the bearer token. */
async function seenDuring<T>(server: MisbehavingServer, fn: () => Promise<T>): Promise<{ result: T; seen: number }> {
  const before = server.requests.length;
  const result = await fn();
  const seen = server.requests.slice(before);
  for (const r of seen) expect(r.authorization).toBe(`Bearer ${TOKEN}`);
  return { result, seen: seen.length };
}

/** A prefetch with one key left out: the EHR did not fill it, so the service reads it. */
function withoutKey(prefetch: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(prefetch).filter(([k]) => k !== key));
}

/** The service's own log line for its last CDS call. */
function lastCallLog(server: TestServer): Record<string, unknown> | undefined {
  return server
    .logLines()
    .filter((l) => l.msg === 'request' && l.route === '/cds-services/:id')
    .at(-1);
}

describe('a FHIR server that fails → 412 with the cause, never a card, never a crash', () => {
  test.each<[string, string, Name]>([
    ['answers 401', 'fhir-unauthorized', 'unauthorized'],
    ['answers 403', 'fhir-unauthorized', 'forbidden'],
    ['refuses the connection', 'fhir-unreachable', 'refuse'],
    ['answers 500', 'fhir-server-error', 'status500'],
    ['answers an HTML page with status 200', 'fhir-invalid-response', 'html'],
    ['answers a Bundle of Patients to every query', 'fhir-invalid-response', 'wrongType'],
    ['redirects (not followed: it could lead anywhere with the token)', 'fhir-server-error', 'redirect'],
    ['answers every query with a paging Bundle, even the Patient read', 'fhir-invalid-response', 'endlessNext'],
  ])('a server that %s → 412 %s', async (_name, code, name) => {
    for (const serviceId of ['pump-evaluation', 'trial-referral']) {
      const server = fhir[name];
      const { result, seen } = await seenDuring(server, () =>
        call(normal, serviceId, MAIN, { fhirServer: server.baseUrl, fhirAuthorization: AUTH }),
      );
      expect412(result, code);
      // Every request that reached the server carried the token (seenDuring); a refused port saw none.
      if (name === 'refuse') expect(seen).toBe(0);
      else expect(seen).toBeGreaterThan(0);
      expect(lastCallLog(normal)).toMatchObject({ status: 412, error: code, serviceId });
    }
    expect(fhir.elsewhere.requests).toHaveLength(0);
  });

  test.each<[string, string, Name]>([
    ['answers 500', 'fhir-server-error', 'status500'],
    ['answers 401', 'fhir-unauthorized', 'unauthorized'],
  ])(
    'a partial prefetch topped up from a server that %s → 412 %s, not a card from the part',
    async (_n, code, name) => {
      const full = await prefetchFromFhir(`${fast.baseUrl}/fhir`, templates['pump-evaluation']!, MAIN);
      const partial = withoutKey(full, 'hba1c');
      const res = await call(normal, 'pump-evaluation', MAIN, {
        prefetch: partial,
        fhirServer: fhir[name].baseUrl,
        fhirAuthorization: AUTH,
      });
      expect412(res, code);
    },
  );
});

describe('a patient the FHIR server does not have → 412 fhir-not-found naming context.patientId', () => {
  test.each(['pump-evaluation', 'trial-referral'])('%s: no card, not a transient error', async (serviceId) => {
    const res = await call(normal, serviceId, 'no-such-patient-8d2f', {
      fhirServer: locked.baseUrl,
      fhirAuthorization: AUTH,
    });
    expect412(res, 'fhir-not-found');
    const body = res.body as { issue: { code: string; expression?: string[] }[] };
    expect(body.issue[0]).toMatchObject({ code: 'not-found', expression: ['context.patientId'] });
    expect(lastCallLog(normal)).toMatchObject({ status: 412, error: 'fhir-not-found', serviceId });
  });
});

describe(`the deadline (FHIR_TIMEOUT_MS=${TIMEOUT_MS}) bounds the call`, () => {
  beforeAll(async () => {
    // One failing call through the same path first, so compiling cold code is not timed.
    await call(fast, 'pump-evaluation', MAIN, { fhirServer: fhir.status500.baseUrl, fhirAuthorization: AUTH });
  });

  test.each<[string, Name]>([
    ['accepts the connection and never answers', 'hang'],
    ['sends headers, then one byte every 20 ms, never ending', 'drip'],
  ])('a server that %s → 412 fhir-timeout soon after the deadline', async (_name, name) => {
    const server = fhir[name];
    // seenDuring still checks the token on every request the server saw. Whether it saw one is a
    // race here: the server shares the event loop, and after a stall of more than the deadline
    // Node runs the deadline's timer before it reads the waiting request (CI saw this once).
    const { result } = await seenDuring(server, async () => {
      const started = performance.now();
      const res = await call(fast, 'pump-evaluation', MAIN, { fhirServer: server.baseUrl, fhirAuthorization: AUTH });
      return { res, elapsed: performance.now() - started };
    });
    expect412(result.res, 'fhir-timeout');
    expect(result.elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    // The bound proves this deadline ends the call (the server never does, and the 2 s default
    // is not the one that did); its slack absorbs a loaded 2-core CI machine.
    expect(result.elapsed).toBeLessThan(TIMEOUT_MS + 1000);
  });
});

describe('the bearer token from fhirAuthorization', () => {
  test.each([
    ['pump-evaluation', MAIN],
    ['trial-referral', MAIN],
    ['pump-evaluation', 'pump-positive-medication-ref'],
  ])(
    'is sent with every read: %s for %s with no prefetch gets its cards from a store that demands it',
    async (serviceId, id) => {
      const res = await call(normal, serviceId, id, { fhirServer: locked.baseUrl, fhirAuthorization: AUTH });
      expect(res.status).toBe(200);
      expectFixtureCards(serviceId, res.body, fixture(id), TEST_NOW);
      // The store honours `_include`: the referenced Medication comes in the same round.
      expect(lastCallLog(normal)).toMatchObject({ status: 200, fhirRounds: 1 });
    },
  );

  test('is sent for the top-up of a partial prefetch and for the Medication round', async () => {
    const id = 'pump-positive-medication-ref';
    const { patient, conditions, medicationRequests } = await prefetchFromFhir(
      `${fast.baseUrl}/fhir`,
      templates['pump-evaluation']!,
      id,
    );
    // An EHR that ignores `_include` sends the orders without their Medication.
    const orders = medicationRequests as { entry?: { search?: { mode?: string } }[] };
    const withoutIncluded = { ...orders, entry: (orders.entry ?? []).filter((e) => e.search?.mode !== 'include') };
    const res = await call(normal, 'pump-evaluation', id, {
      prefetch: { patient, conditions, medicationRequests: withoutIncluded },
      fhirServer: locked.baseUrl,
      fhirAuthorization: AUTH,
    });
    expect(res.status).toBe(200);
    expectFixtureCards('pump-evaluation', res.body, fixture(id), TEST_NOW);
    expect(lastCallLog(normal)).toMatchObject({ status: 200, fhirRounds: 2 });
  });

  test.each<[string, Record<string, unknown>]>([
    ['a wrong token', { fhirAuthorization: { ...AUTH, access_token: 'not-the-token' } }],
    ['no fhirAuthorization', {}],
  ])('%s → 412 fhir-unauthorized', async (_name, extra) => {
    const res = await call(normal, 'pump-evaluation', MAIN, { fhirServer: locked.baseUrl, ...extra });
    expect412(res, 'fhir-unauthorized');
  });

  test('never appears in the logs, which do record the calls and their outcomes', () => {
    const lines = normal.logLines().filter((l) => l.msg === 'request');
    expect(lines.some((l) => l.error === 'fhir-unauthorized')).toBe(true);
    expect(lines.some((l) => l.status === 200)).toBe(true);
    expect(normal.logText()).not.toContain(TOKEN);
    expect(fast.logText()).not.toContain(TOKEN);
  });
});

describe('an endless chain of next links stops at the page cap (FHIR_MAX_PAGES=5), and no card comes from the part read', () => {
  const prefetchFor = (serviceId: string, id: string) =>
    prefetchFromFhir(`${fast.baseUrl}/fhir`, templates[serviceId]!, id);

  test('devices read from it are truncated: a pump cannot be ruled out → 200, no pump card', async () => {
    const prefetch = withoutKey(await prefetchFor('pump-evaluation', MAIN), 'devices');
    const server = fhir.endlessNext;
    const { result, seen } = await seenDuring(server, () =>
      call(normal, 'pump-evaluation', MAIN, { prefetch, fhirServer: server.baseUrl, fhirAuthorization: AUTH }),
    );
    expect(result.status).toBe(200);
    expect(parseCardsResponse(result.body).cards).toEqual([]);
    expect(seen).toBe(5);
    expect(normal.logLines()).toContainEqual(
      expect.objectContaining({ msg: 'FHIR paging stopped at the page cap', key: 'devices', pages: 5 }),
    );
  });

  test('control: the same prefetch with devices null ("none") gets the pump card', async () => {
    const prefetch = { ...(await prefetchFor('pump-evaluation', MAIN)), devices: null };
    const res = await call(normal, 'pump-evaluation', MAIN, {
      prefetch,
      fhirServer: fhir.endlessNext.baseUrl,
      fhirAuthorization: AUTH,
    });
    expect(res.status).toBe(200);
    expectFixtureCards('pump-evaluation', res.body, fixture(MAIN), TEST_NOW);
  });

  // The HbA1c also comes in the newest laboratory results: both keys are read from the server.
  test.each<[string, string, boolean]>([
    ['conditions', 'no card', false],
    ['medicationRequests', 'no card', false],
    ['medicationStatements', 'no card', false],
    ['hba1c+laboratory', 'no card', false],
    ['procedures', 'the card, with bariatric surgery left to confirm (never ruled out)', true],
  ])('trial-referral, %s read from it (truncated) → 200, %s', async (keys, _what, fires) => {
    const id = 'trial-nafld-full-match';
    let prefetch = await prefetchFor('trial-referral', id);
    for (const key of keys.split('+')) prefetch = withoutKey(prefetch, key);
    const server = fhir.endlessNext;
    const { result, seen } = await seenDuring(server, () =>
      call(normal, 'trial-referral', id, { prefetch, fhirServer: server.baseUrl, fhirAuthorization: AUTH }),
    );
    expect(result.status).toBe(200);
    // Searches with an explicit _count read one page (it is partial by request); others follow next to the cap.
    const pages = keys.split('+').map((key) => (templates['trial-referral']![key]!.includes('_count=') ? 1 : 5));
    expect(seen).toBe(pages.reduce((a, b) => a + b, 0));
    const { cards } = parseCardsResponse(result.body);
    if (!fires) {
      expect(cards).toEqual([]);
      return;
    }
    expectFixtureCards('trial-referral', result.body, fixture(id), TEST_NOW);
    // The card lists three items to confirm; the referral's note carries all of them.
    const referral = cards[0]!.suggestions![0]!.actions[0]!.resource as unknown as { note: { text: string }[] };
    const note = referral.note[0]!.text;
    expect(note).toMatch(/^To confirm: [^\n]*Bariatric surgery, past or planned/m);
    expect(note).not.toMatch(/^Exclusions ruled out by the record: [^\n]*Bariatric surgery/m);
  });
});
