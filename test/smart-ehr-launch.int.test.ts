import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import type { CapabilityStatement, OperationOutcome } from 'fhir/r4.js';
import { SANDBOX_SMART_CODE_SYSTEM } from '../sandbox/smart/fhir-outcome.js';
import { authorize, pkcePair, requestToken, startLaunch } from './support/smart-app.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

/*
 * The sandbox EHR's SMART App Launch side (docs/smart-app.md): discovery, the Launch
 * endpoint the CDS Hooks Sandbox calls, the authorization endpoint (EHR launch, PKCE S256)
 * and the authorization_code grant. https://hl7.org/fhir/smart-app-launch/app-launch.html
 */

const PATIENT = 'pump-positive-main';
const CLIENT_ID = 'eligibility-checklist';
const APP_CONTEXT = JSON.stringify({ trial: 'NCT04270656', card: 'c1' });

let now = TEST_NOW;
let server: TestServer;
let fhirBase: string;
let authorizeUrl: string;
let tokenUrl: string;
let redirectUri: string;

beforeAll(async () => {
  server = await startTestServer({ ownPublicUrl: true, clock: () => now });
  fhirBase = `${server.baseUrl}/fhir`;
  const config = (await (await fetch(`${fhirBase}/.well-known/smart-configuration`)).json()) as Record<string, string>;
  authorizeUrl = config.authorization_endpoint!;
  tokenUrl = config.token_endpoint!;
  redirectUri = `${server.baseUrl}/apps/eligibility/launch.html`;
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  now = TEST_NOW;
});

function later(seconds: number): void {
  now = new Date(now.getTime() + seconds * 1000);
}

async function newLaunch(parameters: Record<string, unknown> = { patient: PATIENT, appContext: APP_CONTEXT }) {
  const { status, body } = await startLaunch(fhirBase, parameters);
  expect(status).toBe(200);
  return String(body.launch_id);
}

/** A valid authorization request, with `changes` applied (undefined removes a parameter). */
function request(
  launch: string,
  challenge: string,
  changes: Record<string, string | undefined> = {},
): Record<string, string> {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    launch,
    scope: 'launch openid fhirUser patient/Patient.rs patient/Observation.rs patient/ServiceRequest.cu',
    state: 'state-3f9a',
    aud: fhirBase,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...changes,
  };
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Launch and authorize; returns the code and its verifier. */
async function authorizedCode(): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const answer = await authorize(authorizeUrl, request(await newLaunch(), challenge));
  expect(answer.params.code).toBeDefined();
  return { code: answer.params.code!, verifier };
}

function exchange(code: string, verifier: string, changes: Record<string, string> = {}) {
  return requestToken(tokenUrl, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    client_id: CLIENT_ID,
    ...changes,
  });
}

function outcomeCode(body: unknown): string | undefined {
  const issue = (body as OperationOutcome).issue?.[0];
  return issue?.details?.coding?.find((c) => c.system === SANDBOX_SMART_CODE_SYSTEM)?.code;
}

describe('discovery', () => {
  test('GET /fhir/.well-known/smart-configuration: JSON with the endpoints, S256 only and the EHR-launch capabilities', async () => {
    const res = await fetch(`${fhirBase}/.well-known/smart-configuration`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      authorization_endpoint: `${server.baseUrl}/sandbox-ehr/smart/authorize`,
      token_endpoint: `${server.baseUrl}/sandbox-ehr/smart/token`,
      token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(body.capabilities).toEqual(
      expect.arrayContaining([
        'launch-ehr',
        'client-public',
        'client-confidential-asymmetric',
        'context-ehr-patient',
        'permission-patient',
        'permission-v2',
        'permission-v1',
        'authorize-post',
      ]),
    );
    expect(body.scopes_supported).toEqual(expect.arrayContaining(['launch', 'patient/*.rs', 'system/*.rs']));
    // No sso-openid-connect, so no issuer (conformance.html: "otherwise, omitted").
    expect(body).not.toHaveProperty('issuer');
  });

  test('the CapabilityStatement names both endpoints in rest.security (the oauth-uris extension)', async () => {
    const statement = (await (await fetch(`${fhirBase}/metadata`)).json()) as CapabilityStatement;
    const security = statement.rest?.[0]?.security;
    expect(security?.service?.[0]?.coding?.[0]?.code).toBe('SMART-on-FHIR');
    const uris = security?.extension?.find(
      (e) => e.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
    );
    expect(Object.fromEntries((uris?.extension ?? []).map((e) => [e.url, e.valueUri]))).toEqual({
      authorize: authorizeUrl,
      token: tokenUrl,
    });
  });
});

describe('an EHR launch from the Launch endpoint to FHIR reads', () => {
  test.each(['GET', 'POST'] as const)(
    'authorize by %s, exchange the code with its verifier, read the patient with the token',
    async (method) => {
      const { verifier, challenge } = pkcePair();
      const launch = await newLaunch();
      const answer = await authorize(authorizeUrl, request(launch, challenge), method);
      expect(answer.status).toBe(method === 'GET' ? 302 : 303);
      expect(answer.redirectedTo).toBe(redirectUri);
      expect(answer.params.state).toBe('state-3f9a');

      const { status, headers, body } = await exchange(answer.params.code!, verifier);
      expect(status).toBe(200);
      expect(headers.get('cache-control')).toBe('no-store');
      expect(headers.get('pragma')).toBe('no-cache');
      expect(body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 3600,
        // openid and fhirUser are not granted: the sandbox issues no id_token.
        scope: 'launch patient/Patient.rs patient/Observation.rs patient/ServiceRequest.cu',
        patient: PATIENT,
        appContext: APP_CONTEXT,
        need_patient_banner: true,
      });
      expect(body).not.toHaveProperty('id_token');

      const auth = { authorization: `Bearer ${String(body.access_token)}` };
      const patient = await fetch(`${fhirBase}/Patient/${PATIENT}`, { headers: auth });
      expect(patient.status).toBe(200);
      const observations = await fetch(`${fhirBase}/Observation?patient=${PATIENT}`, { headers: auth });
      expect(observations.status).toBe(200);
      expect(((await observations.json()) as { total?: number }).total).toBeGreaterThan(0);
    },
  );

  test('a launch without appContext gives a token response without it', async () => {
    const { verifier, challenge } = pkcePair();
    const launch = await newLaunch({ patient: PATIENT, smart_messaging_origin: 'https://sandbox.cds-hooks.org' });
    const { params } = await authorize(authorizeUrl, request(launch, challenge));
    const { body } = await exchange(params.code!, verifier);
    expect(body.patient).toBe(PATIENT);
    expect(body).not.toHaveProperty('appContext');
  });
});

describe('the Launch endpoint refuses bad input with an OperationOutcome naming the field', () => {
  test.each<[string, Record<string, unknown>, string, string, string]>([
    ['no launchUrl', { parameters: { patient: PATIENT } }, 'launchUrl', 'invalid', 'invalid-launch'],
    [
      'a launchUrl that is not http(s)',
      { launchUrl: 'javascript:alert(1)', parameters: { patient: PATIENT } },
      'launchUrl',
      'invalid',
      'invalid-launch',
    ],
    ['no parameters', { launchUrl: 'https://app.example/launch' }, 'parameters', 'invalid', 'invalid-launch'],
    [
      'a patient that is not a FHIR id',
      { launchUrl: 'https://app.example/launch', parameters: { patient: 'a/b' } },
      'parameters.patient',
      'invalid',
      'invalid-launch',
    ],
    [
      'an appContext that is not a string',
      { launchUrl: 'https://app.example/launch', parameters: { patient: PATIENT, appContext: { a: 1 } } },
      'parameters.appContext',
      'invalid',
      'invalid-launch',
    ],
    [
      'a patient the sandbox does not hold',
      { launchUrl: 'https://app.example/launch', parameters: { patient: 'nobody-here' } },
      'parameters.patient',
      'not-found',
      'unknown-patient',
    ],
  ])('%s', async (_name, body, field, issueCode, code) => {
    const res = await fetch(`${fhirBase}/_services/smart/Launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.issue[0]).toMatchObject({ code: issueCode, expression: [field] });
    expect(outcomeCode(outcome)).toBe(code);
  });
});

describe('refused authorization requests', () => {
  test.each<[string, Record<string, string | undefined>, string]>([
    ['an unknown client_id', { client_id: 'nobody' }, 'invalid_client'],
    ['no client_id', { client_id: undefined }, 'invalid_request'],
    ['a redirect_uri the client did not register', { redirect_uri: 'https://evil.example/cb' }, 'invalid_request'],
    ['no redirect_uri', { redirect_uri: undefined }, 'invalid_request'],
  ])('%s: 400 JSON error, no redirect', async (_name, changes, error) => {
    const { challenge } = pkcePair();
    const answer = await authorize(authorizeUrl, request(await newLaunch(), challenge, changes));
    expect(answer.status).toBe(400);
    expect(answer.redirectedTo).toBeUndefined();
    expect(answer.json?.error).toBe(error);
  });

  test.each<[string, Record<string, string | undefined>, string]>([
    ['a wrong aud', { aud: 'https://other-ehr.example/fhir' }, 'invalid_target'],
    ['no code_challenge (PKCE missing)', { code_challenge: undefined }, 'invalid_request'],
    ['no code_challenge_method', { code_challenge_method: undefined }, 'invalid_request'],
    ['code_challenge_method plain', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['a code_challenge that is not an S256 hash', { code_challenge: 'short' }, 'invalid_request'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
    ['no launch parameter', { launch: undefined }, 'invalid_request'],
    ['an unknown launch', { launch: 'not-a-launch' }, 'invalid_request'],
    ['no launch scope', { scope: 'patient/Patient.rs' }, 'invalid_scope'],
    ['only scopes the client may not hold', { scope: 'launch patient/Encounter.rs system/*.rs' }, 'invalid_scope'],
    ['no scope', { scope: undefined }, 'invalid_request'],
  ])('%s: redirected with error and state', async (_name, changes, error) => {
    const { challenge } = pkcePair();
    const answer = await authorize(authorizeUrl, request(await newLaunch(), challenge, changes));
    expect(answer.status).toBe(302);
    expect(answer.redirectedTo).toBe(redirectUri);
    expect(answer.params).toMatchObject({ error, state: 'state-3f9a' });
    expect(answer.params.code).toBeUndefined();
  });

  test('no state: redirected with error invalid_request and no state', async () => {
    const { challenge } = pkcePair();
    const answer = await authorize(authorizeUrl, request(await newLaunch(), challenge, { state: undefined }));
    expect(answer.params.error).toBe('invalid_request');
    expect(answer.params.state).toBeUndefined();
  });

  test('an expired launch (over ten minutes old) is refused', async () => {
    const { challenge } = pkcePair();
    const launch = await newLaunch();
    later(601);
    const answer = await authorize(authorizeUrl, request(launch, challenge));
    expect(answer.params.error).toBe('invalid_request');
  });

  test('a launch serves one authorization only', async () => {
    const { challenge } = pkcePair();
    const launch = await newLaunch();
    expect((await authorize(authorizeUrl, request(launch, challenge))).params.code).toBeDefined();
    expect((await authorize(authorizeUrl, request(launch, challenge))).params.error).toBe('invalid_request');
  });

  test('a refused request does not spend the launch', async () => {
    const { challenge } = pkcePair();
    const launch = await newLaunch();
    expect((await authorize(authorizeUrl, request(launch, challenge, { aud: 'https://x.example' }))).params.error).toBe(
      'invalid_target',
    );
    expect((await authorize(authorizeUrl, request(launch, challenge))).params.code).toBeDefined();
  });
});

describe('the authorization_code grant', () => {
  test.each<[string, string, (verifier: string) => Record<string, string>]>([
    ['a wrong code_verifier', 'invalid_grant', () => ({ code_verifier: pkcePair().verifier })],
    ['a code_verifier that is not a verifier', 'invalid_grant', () => ({ code_verifier: 'x' })],
    ['another redirect_uri', 'invalid_grant', () => ({ redirect_uri: 'https://evil.example/cb' })],
    ['another client_id', 'invalid_grant', () => ({ client_id: 'someone-else' })],
    ['an unknown code', 'invalid_grant', () => ({ code: 'not-a-code' })],
  ])('%s → 400 %s', async (_name, error, changes) => {
    const { code, verifier } = await authorizedCode();
    const { status, body } = await exchange(code, verifier, changes(verifier));
    expect(status).toBe(400);
    expect(body.error).toBe(error);
  });

  test('a code is burnt by a failed exchange: the right verifier afterwards gets invalid_grant', async () => {
    const { code, verifier } = await authorizedCode();
    expect((await exchange(code, verifier, { code_verifier: pkcePair().verifier })).body.error).toBe('invalid_grant');
    expect((await exchange(code, verifier)).body.error).toBe('invalid_grant');
  });

  test('a reused code gets invalid_grant, and the token it gave is revoked', async () => {
    const { code, verifier } = await authorizedCode();
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const auth = { authorization: `Bearer ${String(first.body.access_token)}` };
    expect((await fetch(`${fhirBase}/Patient/${PATIENT}`, { headers: auth })).status).toBe(200);
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect((await fetch(`${fhirBase}/Patient/${PATIENT}`, { headers: auth })).status).toBe(401);
  });

  test('a code expires after 60 seconds', async () => {
    const { code, verifier } = await authorizedCode();
    later(61);
    expect((await exchange(code, verifier)).body.error).toBe('invalid_grant');
  });

  test('an access token expires after an hour', async () => {
    const { code, verifier } = await authorizedCode();
    const { body } = await exchange(code, verifier);
    const auth = { authorization: `Bearer ${String(body.access_token)}` };
    later(3599);
    expect((await fetch(`${fhirBase}/Patient/${PATIENT}`, { headers: auth })).status).toBe(200);
    later(2);
    const res = await fetch(`${fhirBase}/Patient/${PATIENT}`, { headers: auth });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(outcomeCode(await res.json())).toBe('invalid-token');
  });

  test.each<[string, number, string, () => Promise<{ status: number; body: Record<string, unknown> }>]>([
    ['no grant_type', 400, 'invalid_request', () => requestToken(tokenUrl, { code: 'x' })],
    ['grant_type password', 400, 'unsupported_grant_type', () => requestToken(tokenUrl, { grant_type: 'password' })],
    [
      'a JSON body',
      400,
      'invalid_request',
      async () => {
        const res = await fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'authorization_code' }),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      },
    ],
    [
      'a client secret (Basic authentication)',
      401,
      'invalid_client',
      () => requestToken(tokenUrl, { grant_type: 'authorization_code', code: 'x' }, { authorization: 'Basic YTpi' }),
    ],
    [
      'grant_type given twice',
      400,
      'invalid_request',
      async () => {
        const res = await fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=authorization_code&grant_type=client_credentials',
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      },
    ],
  ])('%s → %i %s', async (_name, status, error, send) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe(error);
  });
});

test('no code, token or verifier reaches the log', async () => {
  const { code, verifier } = await authorizedCode();
  const { body } = await exchange(code, verifier);
  const log = server.logText();
  for (const secret of [code, verifier, String(body.access_token)]) expect(log).not.toContain(secret);
});
