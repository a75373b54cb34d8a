import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { CardsResponseSchema } from '../services/card-schema.js';
import { expectFixtureCards } from './support/card-expectations.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

/** The main positive patient: one pump card, one trial card. */
const PATIENT = 'pump-positive-main';
const FIXTURE = ALL_FIXTURES.find((f) => f.id === PATIENT)!;
const SERVICES = ['pump-evaluation', 'trial-referral'] as const;

type Body = Record<string, unknown>;
type Prefetch = Record<string, unknown>;

interface Outcome {
  resourceType: string;
  issue: { details: { coding: { code: string }[] }; expression?: string[] }[];
}

let server: TestServer;
let discovery: Record<string, Record<string, string>>;
/** Complete prefetch for PATIENT, by service, as an EHR fills it. */
const complete: Record<string, Prefetch> = {};

beforeAll(async () => {
  server = await startTestServer();
  const res = await request(server.baseUrl).get('/cds-services').expect(200);
  const services = (res.body as { services: { id: string; prefetch: Record<string, string> }[] }).services;
  discovery = Object.fromEntries(services.map((s) => [s.id, s.prefetch]));
  for (const id of SERVICES) complete[id] = await prefetchFromFhir(`${server.baseUrl}/fhir`, discovery[id]!, PATIENT);
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  // Whatever the previous request did, the service is still up.
  await request(server.baseUrl).get('/healthz').expect(200);
});

/** A valid patient-view request for PATIENT with `extra` merged in (undefined values dropped by JSON). */
function hookRequest(extra: Body = {}): Body {
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    context: { userId: 'Practitioner/example', patientId: PATIENT },
    ...extra,
  };
}

function call(serviceId: string, body: unknown): Promise<Response> {
  return request(server.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .send(body as object);
}

/** No stack frame and no exception name leaks into a response body. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\bat .*\.(ts|js|mjs|cjs):\d+/);
  expect(text).not.toMatch(/\bat (async )?[\w.<>]+ \(/);
  expect(text).not.toContain('Error:');
  expect(text).not.toContain('node_modules');
}

/** An error answer: the status, a JSON OperationOutcome, the code, and the field at fault. */
function expectOutcome(res: Response, status: number, code: string, field?: string): void {
  expect({ status: res.status, code: (res.body as Outcome).issue?.[0]?.details.coding[0]?.code }).toEqual({
    status,
    code,
  });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.body as Outcome;
  expect(body.resourceType).toBe('OperationOutcome');
  if (field !== undefined) expect(body.issue[0]!.expression).toEqual([field]);
  expectNoStackTrace(res.text);
}

const without =
  (...path: string[]) =>
  (req: Body): Body => {
    const copy = structuredClone(req);
    let target: Body = copy;
    for (const key of path.slice(0, -1)) target = target[key] as Body;
    delete target[path.at(-1)!];
    return copy;
  };
const withValue =
  (patch: Body) =>
  (req: Body): Body => ({ ...req, ...patch });
const withContext =
  (patch: Body) =>
  (req: Body): Body => ({ ...req, context: { ...(req.context as Body), ...patch } });

const TOKEN_AUTH = {
  access_token: 'opaque-token-1',
  token_type: 'Bearer',
  expires_in: 300,
  scope: 'patient/*.read',
  subject: 'cds-service',
};

describe('a request that does not match the CDS Hooks schema → 400 naming the field', () => {
  test.each<[string, string, string, (req: Body) => Body]>([
    ['hook missing', 'invalid-request', 'hook', without('hook')],
    ['hook empty', 'invalid-request', 'hook', withValue({ hook: '' })],
    ['hook not a string', 'invalid-request', 'hook', withValue({ hook: 42 })],
    ['hookInstance missing', 'invalid-request', 'hookInstance', without('hookInstance')],
    ['hookInstance not a uuid', 'invalid-request', 'hookInstance', withValue({ hookInstance: 'd1577c69-dfbe' })],
    ['context missing', 'invalid-request', 'context', without('context')],
    ['context not an object', 'invalid-request', 'context', withValue({ context: 'Patient/1' })],
    ['context.patientId missing', 'invalid-request', 'context.patientId', without('context', 'patientId')],
    [
      'context.patientId not a FHIR id',
      'invalid-request',
      'context.patientId',
      withContext({ patientId: '../Patient/x' }),
    ],
    ['context.patientId a number', 'invalid-request', 'context.patientId', withContext({ patientId: 7 })],
    ['context.userId missing', 'invalid-request', 'context.userId', without('context', 'userId')],
    [
      'fhirAuthorization without fhirServer',
      'invalid-request',
      'fhirServer',
      withValue({ fhirAuthorization: TOKEN_AUTH }),
    ],
    ['fhirServer not a URL', 'invalid-request', 'fhirServer', withValue({ fhirServer: 'not a url' })],
    ['fhirServer not http(s)', 'invalid-request', 'fhirServer', withValue({ fhirServer: 'file:///etc/passwd' })],
    [
      'fhirAuthorization.token_type not Bearer',
      'invalid-request',
      'fhirAuthorization.token_type',
      withValue({ fhirServer: 'https://ehr.example/fhir', fhirAuthorization: { ...TOKEN_AUTH, token_type: 'MAC' } }),
    ],
    ['a hook the service does not answer', 'hook-mismatch', 'hook', withValue({ hook: 'order-select' })],
  ])('%s → %s at %s', async (_name, code, field, change) => {
    const res = await call('pump-evaluation', change(hookRequest({ prefetch: complete['pump-evaluation'] })));
    expectOutcome(res, 400, code, field);
  });

  test.each<[string, string]>([
    ['a JSON array', '[]'],
    ['a JSON string', '"patient-view"'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['an empty object', '{}'],
  ])('a body that is %s → 400 invalid-request', async (_name, text) => {
    const res = await request(server.baseUrl)
      .post('/cds-services/pump-evaluation')
      .set('content-type', 'application/json')
      .send(text);
    expectOutcome(res, 400, 'invalid-request');
  });
});

describe('prefetch values that are not usable FHIR data → 400 invalid-prefetch naming the value', () => {
  const condition = (patientId: string) => ({
    resourceType: 'Condition',
    id: 'c1',
    subject: { reference: `Patient/${patientId}` },
  });
  const bundle = (...resources: unknown[]) => ({
    resourceType: 'Bundle',
    type: 'searchset',
    entry: resources.map((resource) => ({ resource })),
  });

  test.each<[string, string, Prefetch]>([
    ['a string', 'prefetch.patient', { patient: 'Patient/pump-positive-main' }],
    ['an array', 'prefetch.conditions', { conditions: [condition(PATIENT)] }],
    ['a number', 'prefetch.hba1c', { hba1c: 8.9 }],
    ['an object without resourceType', 'prefetch.patient', { patient: { id: PATIENT } }],
    [
      'a resource of the wrong type',
      'prefetch.patient.resourceType',
      { patient: { resourceType: 'Observation', id: 'o1' } },
    ],
    [
      'a Bundle entry of the wrong resource type',
      'prefetch.conditions.entry[0].resource.resourceType',
      { conditions: bundle({ resourceType: 'Observation', id: 'o1' }) },
    ],
    [
      'a Bundle whose entry is not an array',
      'prefetch.conditions.entry',
      { conditions: { resourceType: 'Bundle', type: 'searchset', entry: { resource: condition(PATIENT) } } },
    ],
    [
      'the Patient of another patient',
      'prefetch.patient.id',
      { patient: { resourceType: 'Patient', id: 'someone-else' } },
    ],
    [
      'a Condition of another patient',
      'prefetch.conditions.entry[1].resource.subject.reference',
      { conditions: bundle(condition(PATIENT), condition('someone-else')) },
    ],
    [
      'a MedicationRequest of another patient',
      'prefetch.medicationRequests.entry[0].resource.subject.reference',
      {
        medicationRequests: bundle({
          resourceType: 'MedicationRequest',
          id: 'm1',
          status: 'active',
          intent: 'order',
          subject: { reference: 'http://ehr.example/fhir/Patient/someone-else' },
        }),
      },
    ],
    // Whatever its id looks like: FHIR ids stop at 64 characters, some EHRs' do not.
    [
      'a Condition of a patient whose id is longer than FHIR allows',
      'prefetch.conditions.entry[0].resource.subject.reference',
      { conditions: bundle(condition(`someone-else-${'x'.repeat(60)}`)) },
    ],
    // A result that does not name the patient by reference cannot be shown to be theirs, and
    // leaving it out would hide what it says (a review of prefetch shapes, 2026-12-07).
    [
      'a Condition whose subject is an identifier alone',
      'prefetch.conditions.entry[0].resource.subject',
      {
        conditions: bundle({
          resourceType: 'Condition',
          id: 'c-ins',
          subject: { identifier: { system: 'urn:oid:1.2.250.1.213.1.4.8', value: '1 84 12 75 123 456 78' } },
        }),
      },
    ],
    [
      'a Condition whose subject is a contained Patient',
      'prefetch.conditions.entry[0].resource.subject',
      { conditions: bundle({ resourceType: 'Condition', id: 'c-contained', subject: { reference: '#p1' } }) },
    ],
    [
      'a Condition whose subject is a urn:uuid',
      'prefetch.conditions.entry[0].resource.subject',
      {
        conditions: bundle({
          resourceType: 'Condition',
          id: 'c-uuid',
          subject: { reference: 'urn:uuid:7c1f2a9e-4b4e-4d2a-9a51-0b2f6f1f6a01' },
        }),
      },
    ],
    [
      'a Condition with no subject',
      'prefetch.conditions.entry[1].resource.subject',
      { conditions: bundle(condition(PATIENT), { resourceType: 'Condition', id: 'c-nobody' }) },
    ],
  ])('%s → 400 at %s', async (_name, field, patch) => {
    for (const serviceId of SERVICES) {
      const res = await call(serviceId, hookRequest({ prefetch: { ...complete[serviceId], ...patch } }));
      expectOutcome(res, 400, 'invalid-prefetch', field);
    }
  });

  test.each<[string, unknown]>([
    ['an array', [complete['pump-evaluation']]],
    ['a string', 'prefetch'],
  ])('prefetch itself %s → 400 invalid-prefetch at prefetch', async (_name, prefetch) => {
    const res = await call('pump-evaluation', hookRequest({ prefetch }));
    expectOutcome(res, 400, 'invalid-prefetch', 'prefetch');
  });
});

describe('data the service cannot get → 412 data-unavailable', () => {
  const OUTCOME = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] };

  test.each<[string, (serviceId: string) => Body]>([
    ['no prefetch and no fhirServer', () => hookRequest()],
    ['prefetch null and no fhirServer', () => hookRequest({ prefetch: null })],
    ['prefetch {} and no fhirServer', () => hookRequest({ prefetch: {} })],
    ['one key missing and no fhirServer', (id) => hookRequest({ prefetch: without('conditions')(complete[id]!) })],
    [
      'one key holding an OperationOutcome (the EHR query failed) and no fhirServer',
      (id) => hookRequest({ prefetch: { ...complete[id], conditions: OUTCOME } }),
    ],
    [
      'every key holding an OperationOutcome and no fhirServer',
      (id) => hookRequest({ prefetch: Object.fromEntries(Object.keys(discovery[id]!).map((k) => [k, OUTCOME])) }),
    ],
  ])('%s → 412', async (_name, body) => {
    for (const serviceId of SERVICES) expectOutcome(await call(serviceId, body(serviceId)), 412, 'data-unavailable');
  });
});

describe('prefetch as the spec defines it, answered 200', () => {
  const fhirServer = () => `${server.baseUrl}/fhir`;

  test.each(SERVICES)('%s: every key null ("no such data") → exactly {"cards":[]}', async (serviceId) => {
    const prefetch = Object.fromEntries(Object.keys(discovery[serviceId]!).map((k) => [k, null]));
    const res = await call(serviceId, hookRequest({ prefetch }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.text).toBe('{"cards":[]}');
  });

  test.each<[string, string, (serviceId: string) => Body]>(
    SERVICES.flatMap((id) => [
      [id, 'complete prefetch, no fhirServer', (s: string) => hookRequest({ prefetch: complete[s] })],
      [id, 'prefetch null, the sandbox fhirServer', () => hookRequest({ prefetch: null, fhirServer: fhirServer() })],
      [id, 'no prefetch at all, the sandbox fhirServer', () => hookRequest({ fhirServer: fhirServer() })],
      [
        id,
        'a key holding an OperationOutcome, refetched from the sandbox fhirServer',
        (s: string) =>
          hookRequest({
            prefetch: { ...complete[s], hba1c: { resourceType: 'OperationOutcome', issue: [] } },
            fhirServer: fhirServer(),
          }),
      ],
      [
        id,
        'extra prefetch keys the service did not ask for are ignored',
        (s: string) => hookRequest({ prefetch: { ...complete[s], somethingElse: { resourceType: 'Basic' } } }),
      ],
    ]),
  )('%s: %s → the fixture cards', async (serviceId, _name, body) => {
    const res = await call(serviceId, body(serviceId));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(CardsResponseSchema.safeParse(res.body).success).toBe(true);
    expectFixtureCards(serviceId, res.body, FIXTURE, TEST_NOW);
  });

  test('application/fhir+json and a charset are accepted as JSON', async () => {
    for (const type of ['application/fhir+json', 'application/json; charset=utf-8']) {
      const res = await request(server.baseUrl)
        .post('/cds-services/pump-evaluation')
        .set('content-type', type)
        .send(JSON.stringify(hookRequest({ prefetch: complete['pump-evaluation'] })));
      expect(res.status).toBe(200);
      expectFixtureCards('pump-evaluation', res.body, FIXTURE, TEST_NOW);
    }
  });
});
