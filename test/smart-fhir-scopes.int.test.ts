import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { OperationOutcome } from 'fhir/r4.js';
import { SANDBOX_SMART_CODE_SYSTEM } from '../sandbox/smart/fhir-outcome.js';
import {
  backendKey,
  clientAssertion,
  eligibilityAppToken,
  requestToken,
  type BackendKey,
} from './support/smart-app.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

/*
 * The sandbox EHR as a resource server (docs/smart-app.md, "The sandbox EHR"): reads without a
 * token stay open, a request with a token is held to its scopes, writes need one; and SMART
 * Backend Services (client_credentials with a signed assertion).
 * https://hl7.org/fhir/smart-app-launch/backend-services.html
 */

const PATIENT = 'trial-nafld-full-match';
const OTHER = 'trial-nafld-imaging-degludec';
const BACKEND = 'test-backend';

let server: TestServer;
let fhirBase: string;
let tokenUrl: string;
let key: BackendKey;
let appToken: string;

beforeAll(async () => {
  key = await backendKey('ES384');
  server = await startTestServer({
    ownPublicUrl: true,
    smartClients: [
      {
        kind: 'backend',
        clientId: BACKEND,
        name: 'A test backend',
        jwks: { keys: [key.publicJwk] },
        scopes: ['system/Observation.rs', 'system/ServiceRequest.c'],
      },
    ],
  });
  fhirBase = `${server.baseUrl}/fhir`;
  tokenUrl = `${server.baseUrl}/sandbox-ehr/smart/token`;
  appToken = String(
    (await eligibilityAppToken(server.baseUrl, PATIENT, JSON.stringify({ trialId: 'NCT04270656' }))).access_token,
  );
});
afterAll(async () => {
  await server?.close();
});

function fhir(path: string, token?: string, init: { method?: string; body?: unknown } = {}) {
  return fetch(`${fhirBase}/${path}`, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/fhir+json',
      ...(init.body ? { 'content-type': 'application/fhir+json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function refusal(res: Response): Promise<string | undefined> {
  const outcome = (await res.json()) as OperationOutcome;
  return outcome.issue[0]?.details?.coding?.find((c) => c.system === SANDBOX_SMART_CODE_SYSTEM)?.code;
}

const serviceRequest = (patient: string) => ({
  resourceType: 'ServiceRequest',
  status: 'draft',
  intent: 'proposal',
  subject: { reference: `Patient/${patient}` },
});

async function backendToken(scope: string, changes: { jti?: string; aud?: string } = {}) {
  const assertion = await clientAssertion(key, BACKEND, changes.aud ?? tokenUrl, TEST_NOW, {
    ...(changes.jti ? { jti: changes.jti } : {}),
  });
  return requestToken(tokenUrl, {
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  });
}

describe('without a token', () => {
  test('reads and searches are open', async () => {
    expect((await fhir(`Patient/${PATIENT}`)).status).toBe(200);
    expect((await fhir(`Observation?patient=${PATIENT}`)).status).toBe(200);
  });

  test('a write gets 401 token-required', async () => {
    const res = await fhir('ServiceRequest', undefined, { method: 'POST', body: serviceRequest(PATIENT) });
    expect(res.status).toBe(401);
    expect(await refusal(res)).toBe('token-required');
  });
});

describe("the eligibility app's patient token", () => {
  test('reads its patient, and writes a referral about its patient', async () => {
    expect((await fhir(`Patient/${PATIENT}`, appToken)).status).toBe(200);
    const res = await fhir('ServiceRequest', appToken, { method: 'POST', body: serviceRequest(PATIENT) });
    expect(res.status).toBe(201);
  });

  test.each<[string, string, { method?: string; body?: unknown }, number, string]>([
    ["reading another patient's record", `Patient/${OTHER}`, {}, 403, 'other-patient'],
    ['searching without naming the patient', 'Observation', {}, 403, 'other-patient'],
    ["searching another patient's data", `Observation?patient=${OTHER}`, {}, 403, 'other-patient'],
    [
      'writing a referral about another patient',
      'ServiceRequest',
      { method: 'POST', body: serviceRequest(OTHER) },
      403,
      'other-patient',
    ],
    ['a type it has no scope for', `Encounter?patient=${PATIENT}`, {}, 403, 'insufficient-scope'],
    [
      'a write its scopes do not allow',
      'Observation',
      {
        method: 'POST',
        body: {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'x' },
          subject: { reference: `Patient/${PATIENT}` },
        },
      },
      403,
      'insufficient-scope',
    ],
  ])('%s → refused', async (_name, path, init, status, code) => {
    const res = await fhir(path, appToken, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(await refusal(res)).toBe(code);
  });

  test('a token the EHR did not issue gets 401 invalid-token, even for a read', async () => {
    const res = await fhir(`Patient/${PATIENT}`, 'made-up-token');
    expect(res.status).toBe(401);
    expect(await refusal(res)).toBe('invalid-token');
  });
});

describe('SMART Backend Services (client_credentials)', () => {
  test('a signed assertion gets a five-minute token with the system scopes asked for and held', async () => {
    const { status, body } = await backendToken('system/Observation.rs system/Patient.rs');
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'system/Observation.rs' });
    const token = String(body.access_token);
    expect((await fhir(`Observation?patient=${OTHER}`, token)).status).toBe(200);
    const patient = await fhir(`Patient/${PATIENT}`, token);
    expect(patient.status).toBe(403);
    expect(await refusal(patient)).toBe('insufficient-scope');
  });

  test('an assertion used twice (same jti) is refused', async () => {
    const jti = 'replayed-jti-1';
    expect((await backendToken('system/Observation.rs', { jti })).status).toBe(200);
    const again = await backendToken('system/Observation.rs', { jti });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('invalid_client');
  });

  test('an assertion for another audience is refused', async () => {
    const { status, body } = await backendToken('system/Observation.rs', { aud: 'https://other.example/token' });
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  test('asking only for scopes the client may not hold → invalid_scope', async () => {
    const { status, body } = await backendToken('system/Patient.cruds');
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_scope');
  });

  test('a backend client cannot use the authorization endpoint', async () => {
    const res = await fetch(
      `${server.baseUrl}/sandbox-ehr/smart/authorize?${new URLSearchParams({ client_id: BACKEND, response_type: 'code' })}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('unauthorized_client');
  });
});
