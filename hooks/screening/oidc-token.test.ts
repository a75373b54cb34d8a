import { beforeAll, describe, expect, test } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey, type CryptoKey } from 'jose';
import { OidcError } from './oidc-error.js';
import { displayName, verifyIdToken } from './oidc-token.js';

const ISSUER = 'https://idp.example';
const CLIENT = 'screening-worklist';
const NONCE = 'n'.repeat(43);
const NOW = new Date('2026-11-22T10:00:00Z');
const nowS = NOW.getTime() / 1000;

let key: CryptoKey;
let otherKey: CryptoKey;
let keys: JWTVerifyGetKey;

beforeAll(async () => {
  ({ privateKey: key, publicKey: otherKey } = await generateKeyPair('RS256'));
  const jwk = { ...(await exportJWK(otherKey)), kid: 'k1', alg: 'RS256' };
  keys = createLocalJWKSet({ keys: [jwk] });
  otherKey = (await generateKeyPair('RS256')).privateKey;
});

async function token(claims: Record<string, unknown> = {}, options: { alg?: string; key?: CryptoKey } = {}) {
  return new SignJWT({
    nonce: NONCE,
    name: 'Ada',
    iss: ISSUER,
    aud: CLIENT,
    sub: 'sub-1',
    iat: nowS,
    exp: nowS + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: 'k1' })
    .sign(options.key ?? key);
}

const check = { issuer: ISSUER, clientId: CLIENT, nonce: NONCE, algorithms: ['RS256'], now: NOW };

describe('the ID token (OpenID Connect Core 1.0, 3.1.3.7)', () => {
  test('a token of the provider, for this client and this sign-in, is accepted', async () => {
    const claims = await verifyIdToken(await token(), keys, check);
    expect(claims).toMatchObject({ sub: 'sub-1', name: 'Ada' });
  });

  test('several audiences are accepted when azp is this client', async () => {
    await expect(verifyIdToken(await token({ aud: [CLIENT, 'api'], azp: CLIENT }), keys, check)).resolves.toBeDefined();
  });

  test.each([
    ['from another issuer', { iss: 'https://evil.example' }],
    ['for another client', { aud: 'another-client' }],
    ['for several audiences without azp', { aud: [CLIENT, 'api'] }],
    ['authorized for another party', { azp: 'another-client' }],
    ['expired', { exp: nowS - 61 }],
    ['issued in the future', { iat: nowS + 3600, exp: nowS + 7200 }],
    ['with another nonce', { nonce: 'x'.repeat(43) }],
    ['without a nonce', { nonce: undefined }],
    ['without a sub', { sub: undefined }],
    ['without an exp', { exp: undefined }],
  ])('a token %s is refused', async (_what, claims) => {
    await expect(verifyIdToken(await token(claims), keys, check)).rejects.toThrow(OidcError);
  });

  test('a token signed by a key not in the provider’s JWKS is refused', async () => {
    await expect(verifyIdToken(await token({}, { key: otherKey }), keys, check)).rejects.toThrow(OidcError);
  });

  test('a token signed with an algorithm the provider does not announce is refused', async () => {
    await expect(verifyIdToken(await token(), keys, { ...check, algorithms: ['ES256'] })).rejects.toThrow(OidcError);
  });

  test.each([
    [
      'an unsigned token (alg none)',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', iss: ISSUER, aud: CLIENT, nonce: NONCE, exp: nowS + 60, iat: nowS })).toString('base64url')}.`,
    ],
    ['garbage', 'not.a.jwt'],
  ])('%s is refused', async (_what, jwt) => {
    await expect(verifyIdToken(jwt, keys, check)).rejects.toThrow(OidcError);
  });

  test('the error never quotes the token', async () => {
    const jwt = await token({ nonce: 'x'.repeat(43) });
    const err = await verifyIdToken(jwt, keys, check).catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).not.toContain(jwt.split('.')[1]!);
  });
});

describe('the name shown', () => {
  test.each([
    [{ sub: 's', name: ' Ada Lovelace ' }, 'Ada Lovelace'],
    [{ sub: 's', preferred_username: 'ada' }, 'ada'],
    [{ sub: 's', email: 'ada@example.org' }, 'ada@example.org'],
    [{ sub: 's', name: '' }, 's'],
  ])('of %j is %p', (claims, name) => {
    expect(displayName(claims)).toBe(name);
  });
});
