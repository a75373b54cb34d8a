import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Bundle, CapabilityStatement, Patient } from 'fhir/r4.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { cdsHooksSandboxToken } from './support/cds-hooks-sandbox-token.js';

/**
 * The community CDS Hooks Sandbox (github.com/cds-hooks/sandbox) against our service, as the
 * Sandbox's own code makes its calls (src/retrieve-data-helpers/jwt-generator.js and
 * service-exchange.js; notes in docs/ehr-page.md).
 */

const SANDBOX_ORIGIN = 'https://sandbox.cds-hooks.org';
const SANDBOX_USER = 'Practitioner/COREPRACTITIONER1';

let server: TestServer;
let discoveryUrl: string;
let fhirServer: string;

beforeAll(async () => {
  // Sandbox mode's default auth (optional: a token that is sent must verify), trusting the Sandbox.
  server = await startTestServer({
    ownPublicUrl: true,
    page: true,
    env: { CDS_AUTH: 'optional', JWT_ISSUERS_FILE: join(PROJECT_ROOT, 'config', 'issuers.sandbox.json') },
  });
  discoveryUrl = `${server.baseUrl}/cds-services`;
  fhirServer = `${server.baseUrl}/fhir`;
});
afterAll(async () => {
  await server?.close();
});

/** A JWT exactly as the Sandbox makes it, dated by the server's clock. */
function sandboxJwt(aud: string, changes: Record<string, unknown> = {}): Promise<string> {
  return cdsHooksSandboxToken(aud, { now: server.composition.deps.clock(), changes });
}

/**
 * Fills prefetch as the Sandbox does: reads with GET and its legacy Accept type; searches with
 * POST {type}/_search, the query (parsed, then each value encodeURIComponent-ed) as a form
 * body. A failed query leaves the key out; an empty search is an empty searchset Bundle.
 */
async function sandboxPrefetch(templates: Record<string, string>, patientId: string): Promise<Record<string, unknown>> {
  const prefetch: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(templates)) {
    const query = template
      .replaceAll('{{context.patientId}}', patientId)
      .replaceAll('{{context.userId}}', SANDBOX_USER);
    if (query.includes('{{')) continue;
    const [path = '', search] = query.split('?', 2);
    const res =
      search === undefined
        ? await fetch(`${fhirServer}/${path}`, { headers: { Accept: 'application/json+fhir', Origin: SANDBOX_ORIGIN } })
        : await fetch(`${fhirServer}/${path}/_search`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              Accept: 'application/json, text/plain, */*',
              Origin: SANDBOX_ORIGIN,
            },
            body: [...new URLSearchParams(search)].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'),
          });
    if (res.ok) prefetch[key] = await res.json();
  }
  return prefetch;
}

interface Discovery {
  services: { id: string; hook: string; prefetch?: Record<string, string> }[];
}

async function discover(): Promise<Discovery> {
  const res = await fetch(discoveryUrl, {
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${await sandboxJwt(discoveryUrl)}`,
      Origin: SANDBOX_ORIGIN,
    },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  return (await res.json()) as Discovery;
}

/** One service call as service-exchange.js sends it. */
async function sandboxCall(serviceId: string, patientId: string, jwt?: string): Promise<Response> {
  const { services } = await discover();
  const service = services.find((s) => s.id === serviceId)!;
  const url = `${discoveryUrl}/${service.id}`;
  const prefetch = service.prefetch ? await sandboxPrefetch(service.prefetch, patientId) : {};
  const body = {
    hookInstance: randomUUID(),
    hook: service.hook,
    fhirServer,
    context: { patientId, userId: SANDBOX_USER },
    ...(Object.keys(prefetch).length > 0 ? { prefetch } : {}),
  };
  return fetch(url, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: `Bearer ${jwt ?? (await sandboxJwt(url))}`,
      Origin: SANDBOX_ORIGIN,
    },
    body: JSON.stringify(body),
  });
}

describe('CORS for a browser client on another origin', () => {
  test.each([
    ['/cds-services', 'GET'],
    ['/cds-services/pump-evaluation', 'POST'],
    ['/cds-services/trial-referral/feedback', 'POST'],
    ['/fhir/metadata', 'GET'],
    ['/fhir/Patient/pump-positive-main', 'GET'],
    ['/fhir/Condition/_search', 'POST'],
  ])('preflight for %s (%s) allows Authorization and Content-Type from any origin', async (path, method) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method: 'OPTIONS',
      headers: {
        Origin: SANDBOX_ORIGIN,
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain(method);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type']));
  });
});

describe('the sandbox FHIR server, as the Sandbox reads it (no token)', () => {
  test('GET /metadata is a CapabilityStatement', async () => {
    const res = await fetch(`${fhirServer}/metadata`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as CapabilityStatement).resourceType).toBe('CapabilityStatement');
  });

  test('GET Patient/{id} with the legacy application/json+fhir Accept type', async () => {
    const res = await fetch(`${fhirServer}/Patient/pump-positive-main`, {
      headers: { Accept: 'application/json+fhir' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as Patient).toMatchObject({ resourceType: 'Patient', id: 'pump-positive-main' });
  });

  test('GET Condition?patient=<bare id> finds the patient conditions', async () => {
    const res = await fetch(`${fhirServer}/Condition?patient=pump-positive-main`);
    const bundle = (await res.json()) as Bundle;
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBeGreaterThan(3);
    expect(bundle.entry!.every((e) => e.resource?.resourceType === 'Condition')).toBe(true);
  });

  test('POST {type}/_search with a form body, and an empty search is an empty searchset Bundle', async () => {
    const post = (type: string, body: string) =>
      fetch(`${fhirServer}/${type}/_search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    const found = (await (await post('Condition', 'patient=pump-positive-main')).json()) as Bundle;
    expect(found.total).toBeGreaterThan(3);
    const empty = await post('Device', 'patient=pump-positive-main');
    expect(empty.status).toBe(200);
    expect((await empty.json()) as Bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
  });
});

describe('a patient-view call shaped exactly like the CDS Hooks Sandbox makes it', () => {
  test('discovery with a Sandbox JWT lists the services with their prefetch templates', async () => {
    const { services } = await discover();
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      ['pump-evaluation', 'patient-view'],
      ['trial-referral', 'patient-view'],
      ['diabetes-order-select', 'order-select'],
      ['diabetes-order-sign', 'order-sign'],
    ]);
    expect(services.every((s) => s.prefetch)).toBe(true);
  });

  test('the Sandbox prefetch holds empty Bundles for empty searches', async () => {
    const { services } = await discover();
    const prefetch = await sandboxPrefetch(services[0]!.prefetch!, 'pump-positive-main');
    expect(Object.keys(prefetch).sort()).toEqual(Object.keys(services[0]!.prefetch!).sort());
    expect(prefetch.devices).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
    expect(prefetch.devices).not.toHaveProperty('entry');
  });

  test.each([
    ['pump-evaluation', /^Consider insulin pump evaluation: T2D on MDI, HbA1c 8\.9 % \(\d{4}-\d{2}-\d{2}\)$/],
    ['trial-referral', /NCT04270656/],
  ])('%s answers the positive patient with its card', async (serviceId, summary) => {
    const res = await sandboxCall(serviceId, 'pump-positive-main');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const { cards } = (await res.json()) as { cards: { summary: string; uuid: string; suggestions: unknown[] }[] };
    expect(cards).toHaveLength(1);
    expect(cards[0]!.summary).toMatch(summary);
    expect(cards[0]!.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(cards[0]!.suggestions).toHaveLength(1);
  });

  test('a negative patient gets {"cards": []}', async () => {
    const res = await sandboxCall('pump-evaluation', 'pump-negative-hba1c-7-4');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cards: [] });
  });

  test('the Sandbox accept-feedback (sent without a JWT) is stored in sandbox mode', async () => {
    const res = await sandboxCall('trial-referral', 'trial-nafld-full-match');
    const { cards } = (await res.json()) as { cards: { uuid: string; suggestions: { uuid: string }[] }[] };
    const card = cards[0]!;
    const feedback = await fetch(`${discoveryUrl}/trial-referral/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SANDBOX_ORIGIN },
      body: JSON.stringify({
        feedback: [
          {
            card: card.uuid,
            outcome: 'accepted',
            acceptedSuggestions: [{ id: card.suggestions[0]!.uuid }],
            outcomeTimestamp: server.composition.deps.clock().toISOString(),
          },
        ],
      }),
    });
    expect(feedback.status).toBe(200);
    const held = await server.composition.deps.store.activeSuppressions(
      'trial-referral',
      'Patient/trial-nafld-full-match',
      server.composition.deps.clock(),
    );
    expect(held).toEqual([expect.objectContaining({ cardKey: 'trial:NCT04270656', outcome: 'accepted' })]);
  });

  test.each([
    [
      'a token for the discovery URL typed with a trailing slash',
      async () => sandboxJwt(`${discoveryUrl}//pump-evaluation`),
    ],
    [
      'a token whose payload was altered after signing',
      async () => {
        const [h, , s] = (await sandboxJwt(`${discoveryUrl}/pump-evaluation`)).split('.');
        const forged = Buffer.from(
          JSON.stringify({ iss: SANDBOX_ORIGIN, aud: `${discoveryUrl}/pump-evaluation` }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
    ],
    [
      'an expired token',
      async () => sandboxJwt(`${discoveryUrl}/pump-evaluation`, { exp: 1_000_000_000, iat: 999_999_700 }),
    ],
  ])('%s is refused with a bare 401', async (_what, makeJwt) => {
    const res = await sandboxCall('pump-evaluation', 'pump-positive-main', await makeJwt());
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
  });
});
