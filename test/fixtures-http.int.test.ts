import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import type { FixturePatient } from '../sandbox/patients/fixture.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { expectedCardCount, expectFixtureCards } from './support/card-expectations.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { oneInFour } from './support/fixture-sample.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

const SERVICE_IDS = ['pump-evaluation', 'trial-referral'] as const;

/**
 * A fixture whose medications point at stand-alone Medication resources. The medication
 * templates `_include` them, which the sandbox honours; an EHR that ignores `_include` sends the
 * orders alone, and the service must read the Medications from fhirServer, in a second round.
 */
function needsMedicationRead(fixture: FixturePatient): boolean {
  return fixture.resources(TEST_NOW).some((r) => {
    if (r.resourceType !== 'MedicationRequest' && r.resourceType !== 'MedicationStatement') return false;
    const ref = r.medicationReference?.reference;
    return ref !== undefined && !ref.startsWith('#');
  });
}

/** Every fixture through every service; the last column is the number of cards the fixture expects. */
const ROWS = ALL_FIXTURES.flatMap((f) =>
  SERVICE_IDS.map((serviceId) => [f.id, serviceId, expectedCardCount(serviceId, f), f] as const),
);

/*
 * Topping a partial prefetch up from fhirServer reads the missing keys as the no-prefetch rows read
 * them all (fhir/record-loader.ts): what depends on the fixture is the record, which those rows
 * check on every one. So one fixture in four, spread over the set, checks the top-up; those rows
 * were a fifth of this suite's time on a 2-core CI machine.
 */
const TOPPED_UP = new Set(ALL_FIXTURES.filter(oneInFour).map((f) => f.id));
const TOPPED_UP_ROWS = ROWS.filter(([id]) => TOPPED_UP.has(id));

let server: TestServer;
let templates: Record<string, Record<string, string>>;
const prefetchCache = new Map<string, Promise<Record<string, unknown>>>();
/** Bodies of the prefetch-and-fhirServer calls, the reference the other paths must match. */
const referenceBodies = new Map<string, unknown>();

beforeAll(async () => {
  server = await startTestServer();
  const res = await request(server.baseUrl).get('/cds-services').expect(200);
  const services = (res.body as { services: { id: string; prefetch: Record<string, string> }[] }).services;
  templates = Object.fromEntries(services.map((s) => [s.id, s.prefetch]));
});
afterAll(async () => {
  // Thousands of calls later, the server is still up (a call that crashed it would fail every later row).
  await request(server.baseUrl).get('/healthz').expect(200);
  await server.close();
});

const fhirBase = () => `${server.baseUrl}/fhir`;

/** The prefetch as an EHR that ignores `_include` sends it: search bundles without their included entries. */
function withoutIncluded(prefetch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(prefetch).map(([key, value]) => {
      const bundle = value as { resourceType?: string; entry?: { search?: { mode?: string } }[] } | null;
      if (bundle?.resourceType !== 'Bundle') return [key, value];
      return [key, { ...bundle, entry: (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include') }];
    }),
  );
}

/** The prefetch an EHR would send: the service's templates resolved for the patient against the sandbox FHIR store. */
function ehrPrefetch(serviceId: string, patientId: string): Promise<Record<string, unknown>> {
  const key = `${serviceId} ${patientId}`;
  let p = prefetchCache.get(key);
  if (!p) prefetchCache.set(key, (p = prefetchFromFhir(fhirBase(), templates[serviceId]!, patientId)));
  return p;
}

function call(serviceId: string, patientId: string, extra: Record<string, unknown>): Promise<Response> {
  return request(server.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .send({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { userId: 'Practitioner/example', patientId },
      ...extra,
    });
}

/** The answer with the EHR's prefetch and fhirServer, from the table that made that call, or a fresh call. */
async function referenceBody(serviceId: string, patientId: string): Promise<unknown> {
  const key = `${serviceId} ${patientId}`;
  if (!referenceBodies.has(key)) {
    const prefetch = await ehrPrefetch(serviceId, patientId);
    const res = await call(serviceId, patientId, { prefetch, fhirServer: fhirBase() });
    expect(res.status).toBe(200);
    referenceBodies.set(key, res.body);
  }
  return referenceBodies.get(key);
}

/** The service's own log line for the last CDS call: how many rounds of FHIR reads it took. */
function lastCallRounds(): unknown {
  // From the end: the log grows by every test, and only its last request line counts.
  return server.logLines().findLast((l) => l.msg === 'request' && l.route === '/cds-services/:id')?.fhirRounds;
}

/** A response with what differs on every call (uuids) blanked, to compare two calls. */
function comparable(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body), (key, value: unknown) => (key === 'uuid' ? '<uuid>' : value));
}

describe('every fixture patient over HTTP, as an EHR calls the service', () => {
  test.each(ROWS)('%s → %s, prefetch only (no fhirServer): %i card(s)', async (patientId, serviceId, _n, fixture) => {
    const res = await call(serviceId, patientId, { prefetch: await ehrPrefetch(serviceId, patientId) });
    expect(res.status).toBe(200);
    expectFixtureCards(serviceId, res.body, fixture, TEST_NOW);
    expect(lastCallRounds()).toBe(0);
  });

  test.each(ROWS)('%s → %s, prefetch and fhirServer: %i card(s)', async (patientId, serviceId, _n, fixture) => {
    const prefetch = await ehrPrefetch(serviceId, patientId);
    const res = await call(serviceId, patientId, { prefetch, fhirServer: fhirBase() });
    expect(res.status).toBe(200);
    expectFixtureCards(serviceId, res.body, fixture, TEST_NOW);
    expect(lastCallRounds()).toBe(0);
    referenceBodies.set(`${serviceId} ${patientId}`, res.body);
  });

  const needingMedications = ROWS.filter(([, , , f]) => needsMedicationRead(f));
  test.each(needingMedications)(
    '%s → %s, from an EHR that ignores _include, with no fhirServer: 412 data-unavailable, never a guess',
    async (patientId, serviceId) => {
      const res = await call(serviceId, patientId, {
        prefetch: withoutIncluded(await ehrPrefetch(serviceId, patientId)),
      });
      expect(res.status).toBe(412);
      expect(
        (res.body as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]!.details.coding[0]!.code,
      ).toBe('data-unavailable');
    },
  );

  test.each(needingMedications)(
    '%s → %s, from an EHR that ignores _include, with fhirServer: %i card(s), one round for the Medications',
    async (patientId, serviceId, _n, fixture) => {
      const prefetch = withoutIncluded(await ehrPrefetch(serviceId, patientId));
      const res = await call(serviceId, patientId, { prefetch, fhirServer: fhirBase() });
      expect(res.status).toBe(200);
      expectFixtureCards(serviceId, res.body, fixture, TEST_NOW);
      expect(lastCallRounds()).toBe(1);
      expect(comparable(res.body)).toEqual(comparable(await referenceBody(serviceId, patientId)));
    },
  );

  test.each(ROWS)(
    '%s → %s, no prefetch, only fhirServer: %i card(s), the same as with prefetch',
    async (patientId, serviceId, _n, fixture) => {
      const res = await call(serviceId, patientId, { fhirServer: fhirBase() });
      expect(res.status).toBe(200);
      expectFixtureCards(serviceId, res.body, fixture, TEST_NOW);
      expect(lastCallRounds()).toBe(1);
      expect(comparable(res.body)).toEqual(comparable(await referenceBody(serviceId, patientId)));
    },
  );

  test.each(TOPPED_UP_ROWS)(
    '%s → %s, partial prefetch (patient, conditions) topped up from fhirServer: %i card(s), the same',
    async (patientId, serviceId, _n, fixture) => {
      const { patient, conditions } = await ehrPrefetch(serviceId, patientId);
      const res = await call(serviceId, patientId, { prefetch: { patient, conditions }, fhirServer: fhirBase() });
      expect(res.status).toBe(200);
      expectFixtureCards(serviceId, res.body, fixture, TEST_NOW);
      expect(lastCallRounds()).toBe(1);
      expect(comparable(res.body)).toEqual(comparable(await referenceBody(serviceId, patientId)));
    },
  );
});

describe('the fixture set itself', () => {
  test('covers both services with positives and negatives, and one patient needing a Medication read', () => {
    const counts = (id: string) => ROWS.filter(([, s]) => s === id).map(([, , n]) => n);
    for (const id of SERVICE_IDS) {
      expect(counts(id).some((n) => n > 0)).toBe(true);
      expect(counts(id).some((n) => n === 0)).toBe(true);
    }
    expect(ALL_FIXTURES.filter(needsMedicationRead).length).toBeGreaterThanOrEqual(1);
  });

  test('the top-up rows cover both services, firing and silent, over a quarter of the fixtures', () => {
    for (const id of SERVICE_IDS) {
      const counts = TOPPED_UP_ROWS.filter(([, s]) => s === id).map(([, , n]) => n);
      expect(counts.some((n) => n > 0)).toBe(true);
      expect(counts.some((n) => n === 0)).toBe(true);
    }
    expect(TOPPED_UP.size).toBeGreaterThanOrEqual(Math.floor(ALL_FIXTURES.length / 4));
  });
});
