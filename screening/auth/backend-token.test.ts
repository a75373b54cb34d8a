import { beforeAll, describe, expect, test } from '@jest/globals';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWK,
} from 'jose';
import { BackendAuthError } from './backend-auth-error.js';
import { createBackendTokenProvider, type BackendTokenOptions } from './backend-token.js';

/*
 * The backend services token client against a fake FHIR server (an injected fetch): discovery,
 * the client assertion and token request it sends, caching and renewal, and its errors.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html
 */

const FHIR = 'https://ehr.example/fhir';
const TOKEN_URL = 'https://ehr.example/auth/token';
const CLIENT = 'screening-tool';
const START = Date.parse('2026-11-22T10:00:00Z');

interface TestKey {
  readonly alg: 'ES384' | 'RS384';
  readonly publicKey: CryptoKey;
  readonly privateJwk: JWK;
}

async function testKey(alg: 'ES384' | 'RS384'): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, publicKey, privateJwk: { ...(await exportJWK(privateKey)), kid: `kid-${alg}`, alg } };
}

let es384: TestKey;
let rs384: TestKey;
beforeAll(async () => {
  [es384, rs384] = await Promise.all([testKey('ES384'), testKey('RS384')]);
});

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly form: URLSearchParams;
}

type Answer = Response | (() => Promise<Response>);
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const granted = (n: number, expiresIn = 300) =>
  json({ access_token: `token-${n}`, token_type: 'Bearer', expires_in: expiresIn, scope: 'system/*.rs' });

/** A FHIR server with a smart-configuration and a token endpoint that answers `tokenAnswers` in turn, then tokens. */
function fakeServer(options: { config?: Answer; metadata?: Answer; tokenAnswers?: Answer[]; expiresIn?: number } = {}) {
  const sent: Sent[] = [];
  const queue = [...(options.tokenAnswers ?? [])];
  let issued = 0;
  const answer = (a: Answer) => (typeof a === 'function' ? a() : Promise.resolve(a));
  const fetch = (url: string, init: RequestInit): Promise<Response> => {
    const form = new URLSearchParams(typeof init.body === 'string' ? init.body : '');
    sent.push({ url, method: init.method ?? 'GET', form });
    if (url === `${FHIR}/.well-known/smart-configuration`) {
      return answer(options.config ?? json({ token_endpoint: TOKEN_URL }));
    }
    if (url === `${FHIR}/metadata`) return answer(options.metadata ?? json({}, 404));
    if (url === TOKEN_URL) {
      const next = queue.shift();
      return next ? answer(next) : Promise.resolve(granted(++issued, options.expiresIn));
    }
    return Promise.resolve(json({}, 404));
  };
  const tokenRequests = () => sent.filter((s) => s.url === TOKEN_URL);
  return { fetch, sent, tokenRequests };
}

function clock() {
  let ms = START;
  return { now: () => new Date(ms), advance: (seconds: number) => (ms += seconds * 1000) };
}

function provider(server: ReturnType<typeof fakeServer>, options: Partial<BackendTokenOptions> = {}) {
  const time = clock();
  const tokens = createBackendTokenProvider({
    fhirBaseUrl: FHIR,
    clientId: CLIENT,
    jwks: { keys: [es384.privateJwk] },
    fetch: server.fetch,
    now: time.now,
    ...options,
  });
  return { tokens, time };
}

async function refusal(promise: Promise<unknown>): Promise<BackendAuthError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof BackendAuthError)) throw new Error(`expected a BackendAuthError, got ${String(err)}`);
  return err;
}

describe('the token request', () => {
  test.each(['ES384', 'RS384'] as const)(
    'with an %s key: discovers the token endpoint and posts a signed client_credentials request',
    async (alg) => {
      const key = alg === 'ES384' ? es384 : rs384;
      const server = fakeServer();
      const { tokens } = provider(server, { jwks: { keys: [key.privateJwk] } });

      await expect(tokens.token()).resolves.toBe('token-1');

      expect(server.sent.map((s) => `${s.method} ${s.url}`)).toEqual([
        `GET ${FHIR}/.well-known/smart-configuration`,
        `POST ${TOKEN_URL}`,
      ]);
      const form = server.tokenRequests()[0]!.form;
      expect(Object.fromEntries([...form].filter(([name]) => name !== 'client_assertion'))).toEqual({
        grant_type: 'client_credentials',
        scope: 'system/*.rs',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      });
      const assertion = form.get('client_assertion')!;
      expect(decodeProtectedHeader(assertion)).toEqual({ alg, kid: `kid-${alg}`, typ: 'JWT' });
      const { payload } = await jwtVerify(assertion, key.publicKey, {
        algorithms: [alg],
        issuer: CLIENT,
        subject: CLIENT,
        audience: TOKEN_URL,
        currentDate: new Date(START),
      });
      expect(payload.exp! - START / 1000).toBeLessThanOrEqual(300);
      expect(payload.jti).toEqual(expect.any(String));
    },
  );

  test('each assertion has its own jti', async () => {
    const server = fakeServer();
    const { tokens } = provider(server);
    await tokens.token();
    tokens.invalidate();
    await tokens.token();
    const jtis = server.tokenRequests().map((r) => decodeJwt(r.form.get('client_assertion')!).jti);
    expect(new Set(jtis).size).toBe(2);
  });

  test('a given scope and token URL are used as given, with no discovery', async () => {
    const server = fakeServer();
    const { tokens } = provider(server, { scope: 'system/Patient.rs system/Observation.rs', tokenUrl: TOKEN_URL });
    await tokens.token();
    expect(server.sent.map((s) => s.url)).toEqual([TOKEN_URL]);
    expect(server.tokenRequests()[0]!.form.get('scope')).toBe('system/Patient.rs system/Observation.rs');
  });

  test("without a smart-configuration, the CapabilityStatement's oauth-uris token URL is used", async () => {
    const oauthUris = {
      url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
      extension: [{ url: 'token', valueUri: TOKEN_URL }],
    };
    const server = fakeServer({
      config: json({}, 404),
      metadata: json({ resourceType: 'CapabilityStatement', rest: [{ security: { extension: [oauthUris] } }] }),
    });
    await expect(provider(server).tokens.token()).resolves.toBe('token-1');
  });
});

describe('caching', () => {
  test.each([
    ['a 300 s token is reused 269 s on, before the 30 s margin', 300, 269, 1],
    ['a 300 s token is renewed 270 s on, within the margin', 300, 270, 2],
    ['a 300 s token is renewed once it has expired', 300, 400, 2],
    ['a 40 s token is reused 19 s on', 40, 19, 1],
    ['a 40 s token is renewed at half its life (the margin is at most half)', 40, 20, 2],
  ])('%s', async (_name, expiresIn, elapsed, requests) => {
    const server = fakeServer({ expiresIn });
    const { tokens, time } = provider(server);
    await tokens.token();
    time.advance(elapsed);
    await tokens.token();
    expect(server.tokenRequests()).toHaveLength(requests);
  });

  test('concurrent calls share one request', async () => {
    const server = fakeServer();
    const { tokens } = provider(server);
    await expect(Promise.all([tokens.token(), tokens.token(), tokens.token()])).resolves.toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    expect(server.sent).toHaveLength(2); // one discovery, one token request
  });

  test('invalidate() makes the next call ask for a new token; discovery is not repeated', async () => {
    const server = fakeServer();
    const { tokens } = provider(server);
    await tokens.token();
    tokens.invalidate();
    await expect(tokens.token()).resolves.toBe('token-2');
    expect(server.sent.filter((s) => s.method === 'GET')).toHaveLength(1);
  });

  test('invalidate(refused) keeps a token another caller has already renewed', async () => {
    const server = fakeServer();
    const { tokens } = provider(server);
    const first = await tokens.token();
    tokens.invalidate(first);
    const second = await tokens.token();
    tokens.invalidate(first); // a late 401 for the old token
    await expect(tokens.token()).resolves.toBe(second);
  });

  test('a failure is not cached: the next call tries again', async () => {
    const server = fakeServer({ tokenAnswers: [json({ error: 'temporarily_unavailable' }, 503)] });
    const { tokens } = provider(server);
    await expect(tokens.token()).rejects.toMatchObject({ kind: 'token-endpoint', status: 503 });
    await expect(tokens.token()).resolves.toBe('token-1');
  });
});

describe('errors', () => {
  const never = () => new Promise<Response>(() => undefined);
  const refusedConnection = () =>
    Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));

  test.each<[string, string, Answer, RegExp, number | undefined]>([
    [
      'an OAuth error',
      'token-endpoint',
      json({ error: 'invalid_client', error_description: 'client_assertion is not valid' }, 401),
      /refused the request: HTTP 401 invalid_client: client_assertion is not valid/,
      401,
    ],
    [
      'an OAuth error with no description',
      'token-endpoint',
      json({ error: 'invalid_scope' }, 400),
      /HTTP 400 invalid_scope$/,
      400,
    ],
    ['an HTML error page', 'token-endpoint', new Response('<h1>Bad gateway</h1>', { status: 502 }), /HTTP 502$/, 502],
    ['a 200 that is not JSON', 'invalid-response', new Response('ok'), /HTTP 200 with a body that is not JSON/, 200],
    [
      'a token response without expires_in',
      'invalid-response',
      json({ access_token: 'secret-token', token_type: 'bearer' }),
      /without a valid expires_in/,
      200,
    ],
    [
      'a token that is not a bearer token',
      'invalid-response',
      json({ access_token: 'secret-token', token_type: 'mac', expires_in: 300 }),
      /without a valid token_type/,
      200,
    ],
    ['a refused connection', 'unreachable', refusedConnection, /cannot be reached \(ECONNREFUSED\)/, undefined],
    ['no answer in time', 'unreachable', never, /no answer within 50 ms/, undefined],
  ])('%s is a BackendAuthError of kind %s', async (_name, kind, answer, message, status) => {
    const server = fakeServer({ tokenAnswers: [answer] });
    const { tokens } = provider(server, { timeoutMs: 50 });
    const err = await refusal(tokens.token());
    expect(err).toMatchObject({ kind, status });
    expect(err.message).toMatch(message);
    expect(err.message).toContain(TOKEN_URL);
    expect(err.message).not.toContain('secret-token');
  });

  test('no message holds the assertion or the key, even when the server echoes the assertion', async () => {
    const echo = (assertion: string) =>
      json({ error: 'invalid_client', error_description: `bad assertion ${assertion}` }, 401);
    const server = fakeServer();
    const fetch = async (url: string, init: RequestInit) => {
      const assertion = new URLSearchParams(typeof init.body === 'string' ? init.body : '').get('client_assertion');
      return assertion ? echo(assertion) : server.fetch(url, init);
    };
    const err = await refusal(provider(server, { fetch }).tokens.token());
    expect(err.message).toContain('[assertion]');
    for (const secret of [es384.privateJwk.d!, 'eyJ']) expect(err.message).not.toContain(secret);
    expect(JSON.stringify(err)).not.toContain(es384.privateJwk.d!);
  });

  test.each<[string, Answer, Answer, RegExp]>([
    [
      'neither document exists',
      json({}, 404),
      json({}, 404),
      /smart-configuration answered HTTP 404; .*metadata answered HTTP 404/,
    ],
    [
      'the configuration has no token_endpoint and the CapabilityStatement no oauth-uris',
      json({ authorization_endpoint: 'https://ehr.example/auth' }),
      json({ resourceType: 'CapabilityStatement', rest: [{}] }),
      /has no token_endpoint URL; .*names no token URL/,
    ],
  ])('discovery fails when %s', async (_name, config, metadata, message) => {
    const err = await refusal(provider(fakeServer({ config, metadata })).tokens.token());
    expect(err.kind).toBe('discovery');
    expect(err.message).toMatch(message);
  });

  test('a key whose algorithm the server does not list is refused before it is sent', async () => {
    const server = fakeServer({
      config: json({ token_endpoint: TOKEN_URL, token_endpoint_auth_signing_alg_values_supported: ['RS384'] }),
    });
    const err = await refusal(provider(server).tokens.token());
    expect(err).toMatchObject({ kind: 'invalid-key' });
    expect(err.message).toMatch(/accepts assertions signed RS384; key "kid-ES384" is ES384/);
    expect(server.tokenRequests()).toHaveLength(0);
  });

  test.each<[string, Partial<BackendTokenOptions>, string]>([
    [
      'a public JWKS',
      { jwks: { keys: [{ kty: 'EC', crv: 'P-384', kid: 'public', x: 'AA', y: 'AA' }] } },
      'invalid-key',
    ],
    ['a base URL that is not a URL', { fhirBaseUrl: 'ehr.example/fhir' }, 'discovery'],
    ['a token URL that is not a URL', { tokenUrl: '/auth/token' }, 'discovery'],
  ])('%s is refused when the provider is made, before any request', (_name, options, kind) => {
    const server = fakeServer();
    expect(() => provider(server, options)).toThrow(expect.objectContaining({ kind }));
    expect(server.sent).toHaveLength(0);
  });
});
