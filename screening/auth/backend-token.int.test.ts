import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Bundle } from 'fhir/r4.js';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/test-server.js';
import { BackendAuthError } from './backend-auth-error.js';
import { createBackendTokenProvider, type BackendTokenOptions } from './backend-token.js';
import type { FetchLike } from './http-call.js';

/*
 * The token client against the real sandbox EHR (sandbox/smart/): a backend client registered
 * with the public halves of an ES384 and an RS384 key, discovery through
 * <fhir>/.well-known/smart-configuration, client_credentials with a signed assertion, and the
 * token used on the FHIR API.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html
 */

const CLIENT = 'population-screening';

interface KeyPair {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

async function keyPair(alg: 'ES384' | 'RS384', kid: string): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg },
  };
}

let server: TestServer;
let fhirBase: string;
let es384: KeyPair;
let rs384: KeyPair;

beforeAll(async () => {
  [es384, rs384] = await Promise.all([keyPair('ES384', 'screening-es384'), keyPair('RS384', 'screening-rs384')]);
  server = await startTestServer({
    // The token endpoint the sandbox advertises is the URL clients call: it is the assertion's `aud`.
    ownPublicUrl: true,
    smartClients: [
      {
        kind: 'backend',
        clientId: CLIENT,
        name: 'Population screening',
        jwks: { keys: [es384.publicJwk, rs384.publicJwk] },
        scopes: ['system/*.rs'],
      },
    ],
  });
  fhirBase = `${server.baseUrl}/fhir`;
});
afterAll(async () => {
  await server?.close();
});

/** A provider on the sandbox's clock (it checks the assertion's `exp` against TEST_NOW), counting token requests. */
function provider(options: Partial<BackendTokenOptions> = {}) {
  const tokenRequests: string[] = [];
  const counting: FetchLike = (url, init) => {
    if (init.method === 'POST') tokenRequests.push(url);
    return fetch(url, init);
  };
  const tokens = createBackendTokenProvider({
    fhirBaseUrl: fhirBase,
    clientId: CLIENT,
    jwks: { keys: [es384.privateJwk] },
    now: () => TEST_NOW,
    fetch: counting,
    ...options,
  });
  return { tokens, tokenRequests };
}

/** A FHIR read with the token; the body comes back whatever the status, so that a failure shows the OperationOutcome. */
async function readFhir(path: string, token: string): Promise<{ status: number; body: Bundle }> {
  const res = await fetch(`${fhirBase}/${path}`, {
    headers: { accept: 'application/fhir+json', authorization: `Bearer ${token}` },
  });
  const body: Bundle = await res.json();
  return { status: res.status, body };
}

describe('SMART Backend Services against the sandbox EHR', () => {
  test.each([
    ['ES384', () => es384],
    ['RS384', () => rs384],
  ])('an %s key gets a token that reads Patient?_count=1', async (_alg, key) => {
    const { tokens, tokenRequests } = provider({ jwks: { keys: [key().privateJwk] } });
    const token = await tokens.token();
    expect(tokenRequests).toEqual([`${server.baseUrl}/sandbox-ehr/smart/token`]);

    const { status, body } = await readFhir('Patient?_count=1', token);
    expect({ status, resourceType: body.resourceType }).toEqual({ status: 200, resourceType: 'Bundle' });
    expect(body.entry?.map((e) => e.resource?.resourceType)).toEqual(['Patient']);
  });

  test('the token is cached: a second call reuses it, invalidate() gets another', async () => {
    const { tokens, tokenRequests } = provider();
    const first = await tokens.token();
    await expect(tokens.token()).resolves.toBe(first);
    expect(tokenRequests).toHaveLength(1);

    tokens.invalidate(first);
    const second = await tokens.token();
    expect(second).not.toBe(first);
    expect(tokenRequests).toHaveLength(2);
    await expect(readFhir('Patient?_count=1', second)).resolves.toMatchObject({ status: 200 });
  });

  test('the token carries the scope asked for: system/Patient.rs reads patients, not observations', async () => {
    const { tokens } = provider({ scope: 'system/Patient.rs' });
    const token = await tokens.token();
    await expect(readFhir('Patient?_count=1', token)).resolves.toMatchObject({ status: 200 });
    await expect(readFhir('Observation?_count=1', token)).resolves.toMatchObject({ status: 403 });
  });

  test("a key the client did not register (under a registered kid) is refused: kind 'token-endpoint'", async () => {
    const impostor = await keyPair('ES384', es384.privateJwk.kid!);
    const { tokens } = provider({ jwks: { keys: [impostor.privateJwk] } });
    const err = await tokens.token().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendAuthError);
    expect(err).toMatchObject({ kind: 'token-endpoint', status: 401, oauthError: 'invalid_client' });
    expect(String(err)).toMatch(/refused the request: HTTP 401 invalid_client: client_assertion is not valid/);
    expect(String(err)).not.toContain(impostor.privateJwk.d!);
  });
});
