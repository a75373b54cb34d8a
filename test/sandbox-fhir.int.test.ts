import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseSearchRequest } from '@medplum/core';
import type { Bundle as MedplumBundle, Resource as MedplumResource } from '@medplum/fhirtypes';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, CapabilityStatement, FhirResource, OperationOutcome } from 'fhir/r4.js';
import { CompartmentRepository } from '../sandbox/fhir/compartment-repository.js';
import { generatePatients } from '../sandbox/fhir/generated-patients.js';
import { loadResources } from '../sandbox/fhir/sandbox-fhir.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { startSandboxServer, type RunningSandbox } from './support/fhir-sandbox-server.js';

const TODAY = new Date(Date.UTC(2026, 4, 1));
const MAIN = ALL_FIXTURES[0]!;

interface Answer<T = FhirResource> {
  status: number;
  headers: Headers;
  body: T;
}

let sandbox: RunningSandbox;

async function call<T = FhirResource>(path: string, init: RequestInit = {}): Promise<Answer<T>> {
  const res = await fetch(`${sandbox.baseUrl}${path}`, {
    ...init,
    headers: { accept: 'application/fhir+json', ...(init.headers as Record<string, string> | undefined) },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

function ids(bundle: Bundle): string[] {
  return (bundle.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
}

function fixtureIds(type: string): string[] {
  return MAIN.resources(TODAY)
    .filter((r) => r.resourceType === type)
    .map((r) => `${type}/${r.id}`)
    .sort();
}

beforeAll(async () => {
  sandbox = await startSandboxServer({ today: TODAY, extraPatients: 3 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('sandbox FHIR server: capabilities and reads', () => {
  test('GET /metadata is a FHIR 4.0.1 JSON CapabilityStatement listing the searches it supports', async () => {
    const { status, headers, body } = await call<CapabilityStatement>('/metadata');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    expect(body.format).toContain('json');
    const rest = body.rest![0]!;
    expect(rest.interaction?.map((i) => i.code).sort()).toEqual(['batch', 'transaction']);
    const observation = rest.resource!.find((r) => r.type === 'Observation')!;
    expect(observation.interaction?.map((i) => i.code)).toEqual(
      expect.arrayContaining(['read', 'search-type', 'update']),
    );
    expect(observation.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['patient', 'code', 'date']));
    expect(observation.searchParam?.some((p) => p.name === 'value-quantity')).toBe(false);
  });

  test('reads a fixture patient with an ETag; the legacy application/json+fhir Accept works', async () => {
    const { status, headers, body } = await call(`/Patient/${MAIN.id}`, {
      headers: { accept: 'application/json+fhir' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: 'Patient', id: MAIN.id });
    expect(headers.get('etag')).toMatch(/^W\/"[^"]+"$/);
  });

  test.each([
    ['an unknown id', 404, '/Patient/nobody-here'],
    ['an unknown resource type', 404, '/Nonsense/1'],
    ['an unknown search parameter', 400, `/Observation?patient=${MAIN.id}&colour=blue`],
    ['a chained parameter', 400, '/Observation?subject.name=x'],
    ['_revinclude, which the sandbox does not resolve', 400, `/Patient?_id=${MAIN.id}&_revinclude=Condition:subject`],
    ['a quantity parameter it cannot evaluate', 400, `/Observation?patient=${MAIN.id}&value-quantity=gt8`],
    ['a GET on the base URL', 405, ''],
    ['a path with broken percent-encoding', 400, '/Patient/%E0%A4%A'],
  ])('answers %s with %d and an OperationOutcome', async (_name, status, path) => {
    const res = await call<OperationOutcome>(path);
    expect(res.status).toBe(status);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0]?.severity).toBe('error');
  });
});

describe('sandbox FHIR server: search', () => {
  test.each(['Condition', 'Observation', 'MedicationRequest'])(
    '%s: patient=<id> and patient=Patient/<id> both find exactly the fixture resources',
    async (type) => {
      const bare = await call<Bundle>(`/${type}?patient=${MAIN.id}`);
      const typed = await call<Bundle>(`/${type}?patient=Patient/${MAIN.id}`);
      expect(bare.status).toBe(200);
      expect(ids(bare.body).sort()).toEqual(fixtureIds(type));
      expect(ids(typed.body).sort()).toEqual(fixtureIds(type));
      expect(bare.body.total).toBe(fixtureIds(type).length);
    },
  );

  test('entries carry absolute fullUrls and search mode match', async () => {
    const { body } = await call<Bundle>(`/Condition?patient=${MAIN.id}`);
    expect(body.entry!.length).toBeGreaterThan(0);
    for (const e of body.entry!) {
      expect(e.fullUrl).toBe(`${sandbox.baseUrl}/Condition/${e.resource!.id}`);
      expect(e.search?.mode).toBe('match');
    }
  });

  test('POST {type}/_search with a form body gives the same answer as GET', async () => {
    const query = `patient=${MAIN.id}&code=http://loinc.org|4548-4&_sort=-date`;
    const get = await call<Bundle>(`/Observation?${query}`);
    const post = await call<Bundle>('/Observation/_search', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(query).toString(),
    });
    expect(post.status).toBe(200);
    expect(ids(post.body)).toEqual(ids(get.body));
    expect(ids(get.body).length).toBeGreaterThan(0);
  });

  test('paging: next links are absolute on the base URL the client used, and visit every match once', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${sandbox.baseUrl}/Observation?patient=${MAIN.id}&_sort=-date&_count=4`;
    let pages = 0;
    while (url) {
      expect(url.startsWith(`${sandbox.baseUrl}/Observation?`)).toBe(true);
      const res = await fetch(url);
      const bundle = (await res.json()) as Bundle;
      seen.push(...ids(bundle));
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
      pages++;
      expect(pages).toBeLessThan(50);
    }
    expect(seen.slice().sort()).toEqual(fixtureIds('Observation'));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(fixtureIds('Observation').length / 4));
  });

  test('_sort=-date returns the newest first', async () => {
    const { body } = await call<Bundle>(`/Observation?patient=${MAIN.id}&code=http://loinc.org|4548-4&_sort=-date`);
    const dates = (body.entry ?? []).map((e) => (e.resource as { effectiveDateTime?: string }).effectiveDateTime ?? '');
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

describe("patient-partitioned search equals medplum's full scan", () => {
  const plain = new MemoryRepository();
  const partitioned = new CompartmentRepository();
  // A third of the fixtures: the full scan is quadratic, and a long synchronous run lets the
  // server close the test's idle keep-alive socket under the next describe's requests.
  const patients = [
    ...ALL_FIXTURES.filter((_, i) => i % 3 === 0).map((f) => ({ id: f.id, resources: f.resources(TODAY) })),
    ...generatePatients(5, TODAY),
  ];

  beforeAll(async () => {
    for (const p of patients) {
      await loadResources(partitioned, p.resources);
      for (const r of p.resources) await plain.updateResource(r as unknown as MedplumResource);
    }
  });

  const QUERIES = [
    'Observation?patient=Patient/{id}',
    'Observation?patient=Patient/{id}&code=http://loinc.org|4548-4,http://loinc.org|59261-8&_sort=-date',
    'Observation?subject=Patient/{id}&_sort=date&_count=3',
    'Observation?patient=Patient/{id}&date=ge2025-01-01&_sort=-date&_count=2&_offset=1',
    'Condition?patient=Patient/{id}',
    'Condition?patient=Patient/{id}&clinical-status=active',
    'MedicationRequest?patient=Patient/{id}&status=active',
    'MedicationStatement?patient=Patient/{id}&status=active',
    'Device?patient=Patient/{id}',
    'Patient?_id={id}',
  ];

  test.each(QUERIES)('%s gives the same entries, order and total for every patient', async (template) => {
    let nonEmpty = 0;
    for (const p of patients) {
      const request = parseSearchRequest(template.replaceAll('{id}', p.id));
      const expected: MedplumBundle = await plain.search(request);
      const actual: MedplumBundle = await partitioned.search(parseSearchRequest(template.replaceAll('{id}', p.id)));
      expect(actual.entry?.map((e) => e.resource?.id)).toEqual(expected.entry?.map((e) => e.resource?.id));
      expect(actual.total).toBe(expected.total);
      if ((expected.total ?? 0) > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(0);
  });
});

describe('sandbox FHIR server: writes', () => {
  const patient = { resourceType: 'Patient', id: 'write-test-1', gender: 'female', birthDate: '1970-02-03' };

  // The synchronous full scan above can outlast the server's keep-alive timeout: the test's idle
  // socket is then closed under it. A read goes first, retried once, so no write meets that socket.
  beforeAll(async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await call('/metadata');
        return;
      } catch {
        // the stale socket: the next attempt opens a new one
      }
    }
  });

  async function put(resource: Record<string, unknown>, contentType = 'application/fhir+json'): Promise<Answer> {
    return call(`/${String(resource.resourceType)}/${String(resource.id)}`, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body: JSON.stringify(resource),
    });
  }

  test('PUT creates (201 + Location), an identical PUT changes nothing, a changed PUT makes a new version', async () => {
    const first = await put(patient);
    expect(first.status).toBe(201);
    const version = first.body.meta?.versionId;
    expect(first.headers.get('location')).toBe(`${sandbox.baseUrl}/Patient/write-test-1/_history/${version}`);

    const again = await put({ ...patient, meta: { versionId: 'ignored', lastUpdated: '2001-01-01T00:00:00Z' } });
    expect(again.status).toBe(200);
    expect(again.body.meta?.versionId).toBe(version);

    const changed = await put({ ...patient, birthDate: '1970-02-04' }, 'application/json');
    expect(changed.status).toBe(200);
    expect(changed.body.meta?.versionId).not.toBe(version);
  });

  test.each([
    ['a body that is not JSON', '{not json', 'application/fhir+json', 400],
    ['a body that is not JSON at all (text/plain)', 'hello', 'text/plain', 415],
    [
      'a resource type that does not match the URL',
      JSON.stringify({ resourceType: 'Condition', id: 'write-test-1' }),
      'application/fhir+json',
      400,
    ],
  ])('refuses %s with an OperationOutcome', async (_name, body, contentType, status) => {
    const res = await call<OperationOutcome>('/Patient/write-test-1', {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body,
    });
    expect(res.status).toBe(status);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });

  test('a transaction of PUTs creates, and the same transaction again leaves every version unchanged', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { resourceType: 'Patient', id: 'tx-1' }, request: { method: 'PUT', url: 'Patient/tx-1' } },
        {
          resource: {
            resourceType: 'Condition',
            id: 'tx-1-c',
            subject: { reference: 'Patient/tx-1' },
            code: { text: 'x' },
          },
          request: { method: 'PUT', url: 'Condition/tx-1-c' },
        },
      ],
    };
    const post = (): Promise<Answer<Bundle>> =>
      call<Bundle>('', {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify(bundle),
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.body.type).toBe('transaction-response');
    expect(first.body.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '201 Created']);
    const second = await post();
    expect(second.body.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '200 OK']);
    expect(second.body.entry?.map((e) => e.response?.etag)).toEqual(first.body.entry?.map((e) => e.response?.etag));
    const found = await call<Bundle>('/Condition?patient=tx-1');
    expect(ids(found.body)).toEqual(['Condition/tx-1-c']);
  });

  test('a conditional delete (DELETE /Patient) is refused and deletes nothing', async () => {
    const res = await call<OperationOutcome>('/Patient', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect((await call(`/Patient/${MAIN.id}`)).status).toBe(200);
  });

  test('a transaction with a bad entry is refused before anything is written', async () => {
    const res = await call<OperationOutcome>('', {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { resourceType: 'Patient', id: 'tx-bad-1' },
            request: { method: 'PUT', url: 'Patient/tx-bad-1' },
          },
          {
            resource: { resourceType: 'Condition', id: 'other' },
            request: { method: 'PUT', url: 'Condition/tx-bad-1-c' },
          },
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect((await call('/Patient/tx-bad-1')).status).toBe(404);
  });

  test('a batch of reads answers each entry on its own, 404 included', async () => {
    const res = await call<Bundle>('', {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: `Patient/${MAIN.id}` } },
          { request: { method: 'GET', url: 'Patient/nobody-here' } },
          { request: { method: 'GET', url: `Condition?patient=${MAIN.id}` } },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('batch-response');
    expect(res.body.entry?.map((e) => e.response?.status.slice(0, 3))).toEqual(['200', '404', '200']);
    expect(ids(res.body.entry![2]!.resource as Bundle).sort()).toEqual(fixtureIds('Condition'));
  });
});

describe('sandbox FHIR server: CORS and tokens', () => {
  test('a CORS preflight asking for Authorization is answered by the app-wide CORS middleware', async () => {
    const res = await fetch(`${sandbox.baseUrl}/Observation?patient=${MAIN.id}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://sandbox.cds-hooks.org',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  test('with requireToken, requests without the bearer token get 401 and /metadata stays open', async () => {
    const locked = await startSandboxServer({ today: TODAY, requireToken: 'tok-123' });
    try {
      const read = (headers: Record<string, string>) => fetch(`${locked.baseUrl}/Patient/${MAIN.id}`, { headers });
      const none = await read({});
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await none.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
      expect((await read({ authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await read({ authorization: 'Bearer tok-123' })).status).toBe(200);
      expect((await fetch(`${locked.baseUrl}/metadata`)).status).toBe(200);
    } finally {
      await locked.close();
    }
  });
});
