import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createLogger } from '../../config/logger.js';
import type { Authenticator } from './authenticator.js';
import type { TrustedIssuer } from './issuers-config.js';
import { createAuthenticator } from './jwt-authenticator.js';
import type { TokenRejectedError } from './token-rejected.js';

const ISS = 'https://ehr.test';
const AUD = 'https://cds.test/cds-services/svc';
const T0 = Date.parse('2026-03-01T12:00:00Z');

interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function keyPair(kid: string): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' } };
}

// A real JWKS server on port 0; each path's hits are counted.
let server: Server;
let base: string;
const hits = new Map<string, number>();
let published: JWK[] = [];
const hanging: ServerResponse[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '';
  hits.set(path, (hits.get(path) ?? 0) + 1);
  if (path === '/jwks' || path === '/other-jwks') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: published }));
  } else if (path === '/hang') {
    hanging.push(res);
  } else if (path === '/redirect') {
    res.writeHead(302, { location: '/jwks' }).end();
  } else if (path === '/huge') {
    res.end(JSON.stringify({ keys: [], pad: 'x'.repeat(400 * 1024) }));
  } else if (path === '/html') {
    res.end('<html>not json</html>');
  } else {
    res.writeHead(500).end();
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let keyA: KeyPair;
let keyB: KeyPair;
beforeAll(async () => {
  keyA = await keyPair('key-a');
  keyB = await keyPair('key-b');
});

beforeEach(() => {
  hits.clear();
  published = [keyA.publicJwk];
});

let now = T0;

function authenticatorFor(issuer: Omit<TrustedIssuer, 'iss' | 'fhirServers'>, jwksTimeoutMs = 1000): Authenticator {
  now = T0;
  return createAuthenticator({
    mode: 'required',
    issuers: [{ iss: ISS, fhirServers: ['https://ehr.test/fhir'], ...issuer }],
    clock: () => new Date(now),
    logger: createLogger('silent'),
    jwksTimeoutMs,
  });
}

async function token(key: KeyPair, header: Record<string, unknown> = {}, kid = key.kid): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid, ...header })
    .setIssuer(ISS)
    .setAudience(AUD)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(key.privateKey);
}

async function reasonFor(authenticator: Authenticator, jwt: string): Promise<string> {
  try {
    await authenticator.authenticate(`Bearer ${jwt}`, AUD);
  } catch (e) {
    return (e as TokenRejectedError).reason;
  }
  return 'accepted';
}

describe('a JWKS set by URL', () => {
  test('is fetched once and cached across calls', async () => {
    const auth = authenticatorFor({ jwksUrl: `${base}/jwks`, jkuAllowlist: [] });
    for (let i = 0; i < 5; i++) expect(await reasonFor(auth, await token(keyA))).toBe('accepted');
    expect(hits.get('/jwks')).toBe(1);
  });

  test('concurrent first calls share one fetch', async () => {
    const auth = authenticatorFor({ jwksUrl: `${base}/jwks`, jkuAllowlist: [] });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => token(keyA)));
    const reasons = await Promise.all(tokens.map((t) => reasonFor(auth, t)));
    expect(new Set(reasons)).toEqual(new Set(['accepted']));
    expect(hits.get('/jwks')).toBe(1);
  });

  test('is refetched when a new kid appears (key rotation)', async () => {
    const auth = authenticatorFor({ jwksUrl: `${base}/jwks`, jkuAllowlist: [] });
    expect(await reasonFor(auth, await token(keyA))).toBe('accepted');
    published = [keyA.publicJwk, keyB.publicJwk];
    now += 31_000;
    expect(await reasonFor(auth, await token(keyB))).toBe('accepted');
    expect(hits.get('/jwks')).toBe(2);
  });

  test('a flood of unknown kids triggers at most one refetch per 30 s', async () => {
    const auth = authenticatorFor({ jwksUrl: `${base}/jwks`, jkuAllowlist: [] });
    expect(await reasonFor(auth, await token(keyA))).toBe('accepted');
    now += 31_000;
    const flood = await Promise.all(Array.from({ length: 50 }, () => token(keyA, {}, randomUUID())));
    const reasons = await Promise.all(flood.map((t) => reasonFor(auth, t)));
    expect(new Set(reasons)).toEqual(new Set(['unknown-kid']));
    for (let i = 0; i < 10; i++) expect(await reasonFor(auth, await token(keyA, {}, randomUUID()))).toBe('unknown-kid');
    expect(hits.get('/jwks')).toBe(2);
    // Once the interval has passed, a new kid may cause one more fetch.
    published = [keyA.publicJwk, keyB.publicJwk];
    now += 30_000;
    expect(await reasonFor(auth, await token(keyB))).toBe('accepted');
    expect(hits.get('/jwks')).toBe(3);
  });

  test('a key removed from the set stops working after the cache max age', async () => {
    now = T0;
    const auth = createAuthenticator({
      mode: 'required',
      issuers: [{ iss: ISS, fhirServers: [], jwksUrl: `${base}/jwks`, jkuAllowlist: [] }],
      clock: () => new Date(now),
      logger: createLogger('silent'),
      jwksMaxAgeMs: 60_000,
    });
    expect(await reasonFor(auth, await token(keyA))).toBe('accepted');
    published = [keyB.publicJwk];
    now += 61_000;
    expect(await reasonFor(auth, await token(keyA))).toBe('unknown-kid');
    expect(hits.get('/jwks')).toBe(2);
  });

  test.each([
    ['never answers (timeout)', '/hang'],
    ['redirects (redirects are not followed)', '/redirect'],
    ['is larger than 256 kB', '/huge'],
    ['is not JSON', '/html'],
    ['answers 500', '/error'],
  ])('that %s leaves the kid unknown, and the call is refused promptly', async (_name, path) => {
    const auth = authenticatorFor({ jwksUrl: `${base}${path}`, jkuAllowlist: [] }, 300);
    const started = Date.now();
    expect(await reasonFor(auth, await token(keyA))).toBe('unknown-kid');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hits.get(path)).toBe(1);
  });

  test('the jwksUrl itself is accepted as jku', async () => {
    const auth = authenticatorFor({ jwksUrl: `${base}/jwks`, jkuAllowlist: [] });
    expect(await reasonFor(auth, await token(keyA, { jku: `${base}/jwks` }))).toBe('accepted');
  });
});

describe('a JWKS named by jku', () => {
  test('is fetched from the jku when it is on the issuer allowlist', async () => {
    const auth = authenticatorFor({ jkuAllowlist: [`${base}/jwks`] });
    expect(await reasonFor(auth, await token(keyA, { jku: `${base}/jwks` }))).toBe('accepted');
    expect(hits.get('/jwks')).toBe(1);
  });

  test('is never fetched when not allowlisted (no SSRF)', async () => {
    const auth = authenticatorFor({ jkuAllowlist: [`${base}/jwks`] });
    expect(await reasonFor(auth, await token(keyA, { jku: `${base}/other-jwks` }))).toBe('jku-not-allowed');
    expect(hits.get('/other-jwks')).toBeUndefined();
  });

  test('a token without jku from a jku-only issuer has no key source', async () => {
    const auth = authenticatorFor({ jkuAllowlist: [`${base}/jwks`] });
    expect(await reasonFor(auth, await token(keyA))).toBe('no-key-source');
    expect(hits.size).toBe(0);
  });

  test('a local JWKS file takes precedence: an allowlisted jku is not fetched', async () => {
    const auth = authenticatorFor({ jwks: { keys: [keyA.publicJwk] }, jkuAllowlist: [`${base}/jwks`] });
    expect(await reasonFor(auth, await token(keyA, { jku: `${base}/jwks` }))).toBe('accepted');
    expect(await reasonFor(auth, await token(keyB, { jku: `${base}/jwks` }))).toBe('unknown-kid');
    expect(hits.size).toBe(0);
  });
});
