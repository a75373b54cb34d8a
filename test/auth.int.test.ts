import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
import request from 'supertest';
import { ConfigError } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { AuthenticationError, type Authenticator } from '../hooks/auth/authenticator.js';
import type { TrustedIssuer } from '../hooks/auth/issuers-config.js';
import { createAuthenticator, type AuthenticatorOptions } from '../hooks/auth/jwt-authenticator.js';
import type { TokenRejectedError } from '../hooks/auth/token-rejected.js';
import type { AppConfig, AppDeps } from '../hooks/deps.js';
import { errorHandler } from '../hooks/error-handler.js';
import { authenticate } from '../hooks/invoke.js';

// CDS Hooks 2.0 "Trusting CDS Clients" example (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients):
// the JWT, its public JWKS (test/vectors) and the private JWK the spec publishes for it.
const VECTORS = join(PROJECT_ROOT, 'test', 'vectors');
const SPEC_JWT = readFileSync(join(VECTORS, 'spec-example-jwt.txt'), 'utf8').trim();
const SPEC_JWKS = JSON.parse(readFileSync(join(VECTORS, 'spec-example-jwks.json'), 'utf8')) as JSONWebKeySet;
const SPEC_PRIVATE_JWK: JWK = {
  kty: 'EC',
  d: 'SeFXUXda8UomZ8GFUl7HH_Oi15rIbfMcsWj9ecIsDR8kLbqsEz2CGNgwy_IcILxy',
  use: 'sig',
  crv: 'P-384',
  kid: 'example-kid',
  x: '46SDH7Znh821wblCBglA61sNE9ZrHYKKt3qRtRTmSXyOI_FIGBLWrWa0GPUkDCEk',
  y: 'XMcRuuoGW7CXjQdy-F5i3FeBE0x9hPLdeFdSoDd3ELmx404tLX0VRRcqzAsPhXcI',
  alg: 'ES384',
};
// Decoded values of the spec token (test/vectors/spec-example-jwt.md).
const SPEC_ISS = 'https://fhir-ehr.example.com/';
const SPEC_AUD = 'https://cds.example.org/cds-services/some-service';
const SPEC_JKU = 'https://fhir-ehr.example.com/jwk_uri';
const SPEC_IAT = 1311280970;
const SPEC_EXP = 1422568860;

/** A moment inside the spec token's validity; every minted token is relative to it. */
const NOW = SPEC_IAT + 3600;
const SKEW = 60;
const SPEC_FHIR = 'https://fhir-ehr.example.com/fhir';

const specIssuer: TrustedIssuer = {
  iss: SPEC_ISS,
  jwks: SPEC_JWKS,
  jkuAllowlist: [SPEC_JKU],
  fhirServers: [SPEC_FHIR],
};

function captureLogs() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function authenticatorAt(seconds: number, overrides: Partial<AuthenticatorOptions> = {}) {
  const logs = captureLogs();
  const authenticator = createAuthenticator({
    mode: 'required',
    issuers: [specIssuer],
    clockSkewSeconds: SKEW,
    clock: () => new Date(seconds * 1000),
    logger: logs.logger,
    ...overrides,
  });
  return { authenticator, logs };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let specKey: CryptoKey;
let otherEcKey: CryptoKey;

beforeAll(async () => {
  specKey = (await importJWK(SPEC_PRIVATE_JWK, 'ES384')) as CryptoKey;
  otherEcKey = (await generateKeyPair('ES384')).privateKey;
});

interface MintOptions {
  header?: Record<string, unknown>;
  claims?: JWTPayload;
  drop?: readonly string[];
  key?: CryptoKey | Uint8Array;
}

/** A token like the spec's but fresh: valid at NOW, new jti, signed with the spec key. */
async function mint({ header = {}, claims = {}, drop = [], key = specKey }: MintOptions = {}): Promise<string> {
  const payload: JWTPayload = {
    iss: SPEC_ISS,
    aud: SPEC_AUD,
    iat: NOW - 5,
    exp: NOW + 300,
    jti: randomUUID(),
    ...claims,
  };
  for (const claim of drop) delete payload[claim];
  const protectedHeader: Record<string, unknown> = {
    alg: 'ES384',
    typ: 'JWT',
    kid: 'example-kid',
    jku: SPEC_JKU,
    ...header,
  };
  for (const field of drop) delete protectedHeader[field];
  return new SignJWT(payload).setProtectedHeader(protectedHeader as { alg: string }).sign(key);
}

async function rejection(authenticator: Authenticator, authorization: string | undefined, aud = SPEC_AUD) {
  try {
    await authenticator.authenticate(authorization, aud);
  } catch (e) {
    expect(e).toBeInstanceOf(AuthenticationError);
    return (e as TokenRejectedError).reason;
  }
  throw new Error('expected the token to be rejected');
}

describe('the spec example JWT', () => {
  test('verifies with its JWKS at a time inside its validity and yields the issuer and its fhirServers', async () => {
    const { authenticator } = authenticatorAt(SPEC_IAT + 60);
    const caller = await authenticator.authenticate(`Bearer ${SPEC_JWT}`, SPEC_AUD);
    expect(caller).toEqual({ issuer: SPEC_ISS, allowedFhirServers: [SPEC_FHIR] });
  });

  test.each([
    ['accepted just before exp + skew', SPEC_EXP + SKEW - 1, 'accepted'],
    ['refused at exp + skew', SPEC_EXP + SKEW, 'expired'],
    ['accepted at iat - skew', SPEC_IAT - SKEW, 'accepted'],
    ['refused before iat - skew', SPEC_IAT - SKEW - 1, 'iat-in-future'],
  ])('is %s', async (_name, at, outcome) => {
    const { authenticator } = authenticatorAt(at);
    const result = await authenticator.authenticate(`Bearer ${SPEC_JWT}`, SPEC_AUD).then(
      () => 'accepted',
      (e: TokenRejectedError) => e.reason,
    );
    expect(result).toBe(outcome);
  });

  test('is refused with the real clock, because it expired in 2015', async () => {
    const { authenticator } = authenticatorAt(Date.now() / 1000);
    expect(await rejection(authenticator, `Bearer ${SPEC_JWT}`)).toBe('expired');
  });

  test('the spec private JWK signs tokens that verify (so minted test tokens are meaningful)', async () => {
    const { authenticator } = authenticatorAt(NOW);
    await expect(authenticator.authenticate(`Bearer ${await mint()}`, SPEC_AUD)).resolves.toMatchObject({
      issuer: SPEC_ISS,
    });
  });
});

async function keyConfusionSecret(format: 'pem' | 'jwk'): Promise<Uint8Array> {
  const publicJwk = SPEC_JWKS.keys[0]!;
  if (format === 'jwk') return new TextEncoder().encode(JSON.stringify(publicJwk));
  const publicKey = (await importJWK(publicJwk, 'ES384')) as CryptoKey;
  return new TextEncoder().encode(await exportSPKI(publicKey));
}

function tamperSignature(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(s, 'base64url');
  bytes[10] = bytes[10]! ^ 0xff;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}

describe('a token is refused (bare 401) when', () => {
  const cases: Array<[string, () => Promise<string>, string]> = [
    [
      'alg is none (unsigned)',
      () =>
        Promise.resolve(
          `${b64url({ alg: 'none', typ: 'JWT', kid: 'example-kid' })}.${b64url({ iss: SPEC_ISS, aud: SPEC_AUD, iat: NOW, exp: NOW + 60, jti: randomUUID() })}.`,
        ),
      'forbidden-algorithm',
    ],
    [
      'alg is "None" in another case',
      () =>
        Promise.resolve(
          `${b64url({ alg: 'None', typ: 'JWT', kid: 'example-kid' })}.${b64url({ iss: SPEC_ISS, aud: SPEC_AUD, iat: NOW, exp: NOW + 60, jti: randomUUID() })}.`,
        ),
      'forbidden-algorithm',
    ],
    [
      'it is HS256 signed with the public key PEM as HMAC secret (key confusion)',
      async () => mint({ header: { alg: 'HS256' }, key: await keyConfusionSecret('pem') }),
      'forbidden-algorithm',
    ],
    [
      'it is HS384 signed with the public JWK as HMAC secret (key confusion)',
      async () => mint({ header: { alg: 'HS384' }, key: await keyConfusionSecret('jwk') }),
      'forbidden-algorithm',
    ],
    ['it expired beyond the clock skew', () => mint({ claims: { iat: NOW - 600, exp: NOW - SKEW - 1 } }), 'expired'],
    ['iat is in the future beyond the clock skew', () => mint({ claims: { iat: NOW + SKEW + 5 } }), 'iat-in-future'],
    [
      'aud names another service',
      () => mint({ claims: { aud: 'https://cds.example.org/cds-services/other' } }),
      'wrong-audience',
    ],
    [
      'aud names another host',
      () => mint({ claims: { aud: 'https://evil.example/cds-services/some-service' } }),
      'wrong-audience',
    ],
    ['aud has a doubled slash', () => mint({ claims: { aud: `${SPEC_AUD}//` } }), 'wrong-audience'],
    ['aud is missing', () => mint({ drop: ['aud'] }), 'missing-claim'],
    ['iss is not a trusted issuer', () => mint({ claims: { iss: 'https://evil.example/' } }), 'unknown-issuer'],
    [
      'iss differs only by the trailing slash',
      () => mint({ claims: { iss: 'https://fhir-ehr.example.com' } }),
      'unknown-issuer',
    ],
    [
      'jku is not on the allowlist',
      () => mint({ header: { jku: 'https://evil.example/jwks.json' } }),
      'jku-not-allowed',
    ],
    ['kid is unknown', () => mint({ header: { kid: 'no-such-kid' } }), 'unknown-kid'],
    ['kid is missing', () => mint({ drop: ['kid'] }), 'missing-kid'],
    ['the signature was altered', () => Promise.resolve(tamperSignature(SPEC_JWT)), 'bad-signature'],
    ['another key signed it under the trusted kid', () => mint({ key: otherEcKey }), 'bad-signature'],
    [
      'the payload was altered after signing',
      async () => {
        const [h, , s] = (await mint()).split('.');
        return `${h}.${b64url({ iss: SPEC_ISS, aud: SPEC_AUD, iat: NOW, exp: NOW + 60, jti: 'x' })}.${s}`;
      },
      'bad-signature',
    ],
    ['jti is missing', () => mint({ drop: ['jti'] }), 'missing-claim'],
    ['jti is not a string', () => mint({ claims: { jti: 42 as unknown as string } }), 'invalid-claim'],
    ['exp is missing', () => mint({ drop: ['exp'] }), 'missing-claim'],
    ['iat is missing', () => mint({ drop: ['iat'] }), 'missing-claim'],
    ['nbf is in the future', () => mint({ claims: { nbf: NOW + SKEW + 10 } }), 'not-yet-valid'],
    ['typ says it is an access token', () => mint({ header: { typ: 'at+jwt' } }), 'wrong-typ'],
    [
      'alg RS384 is claimed for an EC key',
      async () => mint({ header: { alg: 'RS384' }, key: (await generateKeyPair('RS384')).privateKey }),
      'no-matching-key',
    ],
    [
      'alg ES256 is not configured',
      async () => mint({ header: { alg: 'ES256' }, key: (await generateKeyPair('ES256')).privateKey }),
      'algorithm-not-allowed',
    ],
    [
      'it is a JWE, not a JWS',
      () => Promise.resolve('eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d'),
      'malformed-authorization',
    ],
    [
      'the payload is not JSON',
      () => Promise.resolve(`${b64url({ alg: 'ES384', kid: 'example-kid' })}.bm90IGpzb24.AAAA`),
      'malformed-token',
    ],
  ];

  test.each(cases)('%s', async (_name, makeToken, reason) => {
    const { authenticator, logs } = authenticatorAt(NOW);
    const token = await makeToken();
    expect(await rejection(authenticator, `Bearer ${token}`)).toBe(reason);
    const logged = logs.lines.join('\n');
    expect(logged).toContain(reason);
    for (const segment of token.split('.').filter((s) => s.length >= 16)) expect(logged).not.toContain(segment);
  });

  test('its jti was already used (replay), until that token expires', async () => {
    const { authenticator } = authenticatorAt(NOW);
    const token = await mint();
    await expect(authenticator.authenticate(`Bearer ${token}`, SPEC_AUD)).resolves.toMatchObject({ issuer: SPEC_ISS });
    expect(await rejection(authenticator, `Bearer ${token}`)).toBe('replayed-jti');
    expect(await rejection(authenticator, `Bearer ${token}`)).toBe('replayed-jti');
  });

  test('the spec token itself is replayed', async () => {
    const { authenticator } = authenticatorAt(SPEC_IAT + 60);
    await authenticator.authenticate(`Bearer ${SPEC_JWT}`, SPEC_AUD);
    expect(await rejection(authenticator, `Bearer ${SPEC_JWT}`)).toBe('replayed-jti');
  });

  test.each([
    ['no Authorization header', undefined, 'missing-token'],
    ['an empty Authorization header', '', 'missing-token'],
    ['Basic credentials', 'Basic dXNlcjpwYXNz', 'malformed-authorization'],
    ['a bearer value that is not a JWT', 'Bearer abc', 'malformed-authorization'],
    ['the word Bearer alone', 'Bearer', 'malformed-authorization'],
  ])('auth is required and the request has %s', async (_name, header, reason) => {
    const { authenticator } = authenticatorAt(NOW);
    expect(await rejection(authenticator, header)).toBe(reason);
  });
});

describe('a token passes when', () => {
  const cases: Array<[string, MintOptions, string?]> = [
    ['it expired less than the clock skew ago', { claims: { iat: NOW - 600, exp: NOW - SKEW + 5 } }],
    ['iat is ahead of our clock by less than the skew', { claims: { iat: NOW + SKEW - 5 } }],
    ['aud has a trailing slash the service URL lacks', { claims: { aud: `${SPEC_AUD}/` } }],
    ['the service URL has a trailing slash the aud lacks', {}, `${SPEC_AUD}/`],
    ['aud is a one-element array', { claims: { aud: [SPEC_AUD] } }],
    ['there is no jku (keys exchanged out of band)', { drop: ['jku'] }],
    ['typ is absent', { drop: ['typ'] }],
    ['the scheme is written "bearer" in lower case', {}],
  ];
  test.each(cases)('%s', async (name, options, audience = SPEC_AUD) => {
    const { authenticator } = authenticatorAt(NOW);
    const token = await mint(options);
    const scheme = name.includes('lower case') ? 'bearer' : 'Bearer';
    await expect(authenticator.authenticate(`${scheme} ${token}`, audience)).resolves.toEqual({
      issuer: SPEC_ISS,
      allowedFhirServers: [SPEC_FHIR],
    });
  });

  test('it is RS384 from an issuer with an RSA key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS384');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'rsa-1' };
    const { authenticator } = authenticatorAt(NOW, {
      issuers: [{ iss: 'https://rsa.example', jwks: { keys: [jwk] }, jkuAllowlist: [], fhirServers: [] }],
    });
    const token = await mint({
      header: { alg: 'RS384', kid: 'rsa-1' },
      claims: { iss: 'https://rsa.example' },
      drop: ['jku'],
      key: privateKey,
    });
    await expect(authenticator.authenticate(`Bearer ${token}`, SPEC_AUD)).resolves.toEqual({
      issuer: 'https://rsa.example',
      allowedFhirServers: [],
    });
  });

  test('ES256 is accepted once configured in JWT_EXTRA_ALGORITHMS', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'p256' };
    const { authenticator } = authenticatorAt(NOW, {
      extraAlgorithms: ['ES256'],
      issuers: [{ ...specIssuer, jwks: { keys: [...SPEC_JWKS.keys, jwk] } }],
    });
    const token = await mint({ header: { alg: 'ES256', kid: 'p256' }, key: privateKey });
    await expect(authenticator.authenticate(`Bearer ${token}`, SPEC_AUD)).resolves.toMatchObject({ issuer: SPEC_ISS });
  });
});

describe('configuration that would weaken the checks is refused at start-up', () => {
  test.each([['none'], ['HS256'], ['HS384'], ['hs512'], ['NONE'], ['XY999']])('JWT_EXTRA_ALGORITHMS=%s', (alg) => {
    expect(() => authenticatorAt(NOW, { extraAlgorithms: [alg] })).toThrow(ConfigError);
  });

  test.each([['none'], ['HS256']])('an issuer whose algorithms list %s', (alg) => {
    expect(() => authenticatorAt(NOW, { issuers: [{ ...specIssuer, algorithms: [alg] }] })).toThrow(ConfigError);
  });

  test.each([[61], [-1], [1.5]])('a clock skew of %s s', (skew) => {
    expect(() => authenticatorAt(NOW, { clockSkewSeconds: skew })).toThrow(ConfigError);
  });

  test('two issuers with the same iss', () => {
    expect(() => authenticatorAt(NOW, { issuers: [specIssuer, specIssuer] })).toThrow(ConfigError);
  });
});

describe('replay protection', () => {
  test('a jti is forgotten once its token has expired (plus skew), so the cache stays bounded', async () => {
    let now = NOW;
    const logs = captureLogs();
    const authenticator = createAuthenticator({
      mode: 'required',
      issuers: [specIssuer],
      clockSkewSeconds: SKEW,
      clock: () => new Date(now * 1000),
      logger: logs.logger,
      replayCacheSize: 2,
    });
    const first = await mint({ claims: { exp: NOW + 10 } });
    const second = await mint({ claims: { exp: NOW + 10 } });
    await authenticator.authenticate(`Bearer ${first}`, SPEC_AUD);
    await authenticator.authenticate(`Bearer ${second}`, SPEC_AUD);
    // Full of unexpired jtis: a new token is refused rather than an old jti forgotten.
    expect(await rejection(authenticator, `Bearer ${await mint()}`)).toBe('replay-cache-full');
    now = NOW + 10 + SKEW + 1;
    await expect(
      authenticator.authenticate(`Bearer ${await mint({ claims: { iat: now, exp: now + 60 } })}`, SPEC_AUD),
    ).resolves.toMatchObject({
      issuer: SPEC_ISS,
    });
    // The first token is now expired: refused as expired, not as a replay.
    expect(await rejection(authenticator, `Bearer ${first}`)).toBe('expired');
  });

  test('the same jti from two different issuers is not a replay', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES384');
    const other: TrustedIssuer = {
      iss: 'https://other.example',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'o' }] },
      jkuAllowlist: [],
      fhirServers: [],
    };
    const { authenticator } = authenticatorAt(NOW, { issuers: [specIssuer, other] });
    const jti = randomUUID();
    await authenticator.authenticate(`Bearer ${await mint({ claims: { jti } })}`, SPEC_AUD);
    const fromOther = await mint({
      claims: { jti, iss: other.iss },
      header: { kid: 'o' },
      drop: ['jku'],
      key: privateKey,
    });
    await expect(authenticator.authenticate(`Bearer ${fromOther}`, SPEC_AUD)).resolves.toMatchObject({
      issuer: other.iss,
    });
  });
});

describe('auth modes', () => {
  test('optional: no token gives an anonymous caller with no fhirServer limit', async () => {
    const { authenticator } = authenticatorAt(NOW, { mode: 'optional' });
    await expect(authenticator.authenticate(undefined, SPEC_AUD)).resolves.toEqual({});
  });

  test('optional: a token that is present must still verify', async () => {
    const { authenticator } = authenticatorAt(NOW, { mode: 'optional' });
    expect(await rejection(authenticator, `Bearer ${await mint({ claims: { aud: 'https://x.example' } })}`)).toBe(
      'wrong-audience',
    );
    expect(await rejection(authenticator, 'Basic abc')).toBe('malformed-authorization');
  });

  test('optional: a valid token identifies its issuer', async () => {
    const { authenticator } = authenticatorAt(NOW, { mode: 'optional' });
    await expect(authenticator.authenticate(`Bearer ${await mint()}`, SPEC_AUD)).resolves.toMatchObject({
      issuer: SPEC_ISS,
    });
  });

  test('off: tokens are ignored, even invalid ones', async () => {
    const { authenticator, logs } = authenticatorAt(NOW, { mode: 'off' });
    await expect(authenticator.authenticate('Bearer not.a.jwt', SPEC_AUD)).resolves.toEqual({});
    await expect(authenticator.authenticate(undefined, SPEC_AUD)).resolves.toEqual({});
    expect(logs.lines).toHaveLength(0);
  });
});

describe('failure logs', () => {
  test('name the reason, iss and kid, never the token', async () => {
    const { authenticator, logs } = authenticatorAt(NOW);
    const token = await mint({ claims: { aud: 'https://x.example' } });
    await rejection(authenticator, `Bearer ${token}`);
    const [record] = logs.records();
    expect(record).toMatchObject({
      reason: 'wrong-audience',
      iss: SPEC_ISS,
      kid: 'example-kid',
      alg: 'ES384',
      level: 40,
    });
    for (const part of token.split('.')) expect(logs.lines.join('')).not.toContain(part);
  });

  test('a missing token is logged at info, not warn', async () => {
    const { authenticator, logs } = authenticatorAt(NOW);
    await rejection(authenticator, undefined);
    expect(logs.records()[0]).toMatchObject({ reason: 'missing-token', level: 30 });
  });
});

describe('over HTTP, with the service middleware and error handler', () => {
  const config = { publicBaseUrl: 'https://cds.example.org' } as AppConfig;
  let app: express.Express;

  beforeAll(() => {
    const logs = captureLogs();
    const { authenticator } = authenticatorAt(SPEC_IAT + 60);
    const deps = { authenticator, logger: logs.logger } as Partial<AppDeps> as AppDeps;
    app = express();
    app.post('/cds-services/:id', authenticate(config, deps), (_req, res) => {
      res.json({ cards: [], caller: res.locals.caller as unknown });
    });
    app.use(errorHandler(logs.logger));
  });

  test('the spec example JWT is accepted at the URL it names', async () => {
    const res = await request(app).post('/cds-services/some-service').set('Authorization', `Bearer ${SPEC_JWT}`);
    expect(res.status).toBe(200);
    expect(res.body.caller).toEqual({ issuer: SPEC_ISS, allowedFhirServers: [SPEC_FHIR] });
  });

  test.each([
    ['no token', undefined],
    ['a junk token', 'Bearer junk'],
    ['the spec token at another service URL', `Bearer ${SPEC_JWT}`],
  ])('%s gets a bare 401 with WWW-Authenticate and an empty body', async (_name, authorization) => {
    const req = request(app).post('/cds-services/other-service');
    const res = await (authorization ? req.set('Authorization', authorization) : req);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(res.text).toBe('');
    expect(res.headers['content-length'] ?? '0').toBe('0');
  });
});
