import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { BackendAuthError } from './backend-auth-error.js';
import { readJwksFile } from './jwks-file.js';
import { importSigningKey, selectSigningJwk } from './jwks-key.js';

/*
 * Choosing the private key that signs client assertions, and reading it from a JWKS file.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html
 */

async function privateJwk(alg: 'ES384' | 'RS384' | 'ES256' | 'RS256', kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid };
}

const dir = mkdtempSync(join(tmpdir(), 'jwks-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let es384: JWK;
let rs384: JWK;
let es256: JWK;
let rs256: JWK;
let publicEs384: JWK;
beforeAll(async () => {
  [es384, rs384, es256, rs256] = await Promise.all([
    privateJwk('ES384', 'ec'),
    privateJwk('RS384', 'rsa'),
    privateJwk('ES256', 'ec-p256'),
    privateJwk('RS256', 'rsa-256'),
  ]);
  rs256 = { ...rs256, alg: 'RS256' };
  publicEs384 = { ...es384, kid: 'ec-public', d: undefined };
});

function refusal(run: () => unknown): BackendAuthError {
  try {
    run();
  } catch (err) {
    if (err instanceof BackendAuthError) return err;
    throw err;
  }
  throw new Error('expected a BackendAuthError');
}

describe('selectSigningJwk', () => {
  test.each<[string, () => JWK[], { kid?: string; alg?: string }, string, string]>([
    ['the first usable private key', () => [publicEs384, es256, rs384, es384], {}, 'rsa', 'RS384'],
    ['the key with the kid', () => [rs384, es384], { kid: 'ec' }, 'ec', 'ES384'],
    ['the first key of the alg asked for', () => [rs384, es384], { alg: 'ES384' }, 'ec', 'ES384'],
    ['an RSA key with no alg, as RS384', () => [{ ...rs384, alg: undefined }], {}, 'rsa', 'RS384'],
  ])('picks %s', (_name, keys, options, kid, alg) => {
    expect(selectSigningJwk({ keys: keys() }, options)).toMatchObject({ kid, alg });
  });

  test.each<[string, () => JWK[], { kid?: string; alg?: string }, RegExp]>([
    ['a public JWK Set', () => [publicEs384], {}, /holds no private key .*public set/],
    ['an unknown kid', () => [es384, rs384], { kid: 'nope' }, /no key with kid "nope" in the JWKS \(kids: ec, rsa\)/],
    ['the kid of a public key', () => [publicEs384, es384], { kid: 'ec-public' }, /"ec-public" has no private part/],
    ['an RS256 key', () => [rs256], { kid: 'rsa-256' }, /"rsa-256" is for RS256; .*RS384 or ES384/],
    ['an EC P-256 key', () => [es256], {}, /"ec-p256" is EC P-256; ES384 needs P-384/],
    ['alg RS256', () => [rs384], { alg: 'RS256' }, /alg RS256 is not supported/],
    ['ES384 with only an RSA key', () => [rs384], { alg: 'ES384' }, /"rsa" is a RS384 key, not ES384/],
    ['a key for encryption', () => [{ ...es384, use: 'enc' }], {}, /is for use "enc"/],
    ['a key with no kid', () => [{ ...es384, kid: undefined }], {}, /key #0 has no "kid"/],
  ])('refuses %s with a clear invalid-key error', (_name, keys, options, message) => {
    const err = refusal(() => selectSigningJwk({ keys: keys() }, options));
    expect(err.kind).toBe('invalid-key');
    expect(err.message).toMatch(message);
    for (const key of keys()) if (key.d) expect(err.message).not.toContain(key.d);
  });
});

describe('importSigningKey', () => {
  test('a damaged key is invalid-key, named by its kid only', async () => {
    const damaged = { ...es384, d: 'AAAA' };
    const err = await importSigningKey({ jwk: damaged, kid: 'ec', alg: 'ES384' }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'invalid-key',
      message: expect.stringMatching(/^key "ec" cannot be used for ES384/),
    });
  });
});

describe('readJwksFile', () => {
  function file(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  test('returns the JWK Set when it holds a signing key (the kid given, when given)', async () => {
    const path = file('ok.json', JSON.stringify({ keys: [es384, rs384] }));
    const jwks = await readJwksFile(path, { kid: 'rsa' });
    expect(jwks.keys.map((k) => k.kid)).toEqual(['ec', 'rsa']);
    expect(selectSigningJwk(jwks, { kid: 'rsa' }).alg).toBe('RS384');
  });

  test.each<[string, () => string, RegExp]>([
    ['a missing file', () => join(dir, 'missing.json'), /missing\.json does not exist/],
    ['a file that is not JSON', () => file('text.json', 'not json'), /text\.json is not JSON/],
    ['JSON that is not a JWK Set', () => file('array.json', '[1]'), /array\.json is not a JWK Set/],
    ['a public JWK Set', () => file('public.json', JSON.stringify({ keys: [publicEs384] })), /holds no private key/],
    ['an unsupported algorithm', () => file('rs256.json', JSON.stringify({ keys: [rs256] })), /is for RS256/],
  ])('refuses %s with an invalid-key error naming the file', async (_name, path, message) => {
    const err = await readJwksFile(path()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendAuthError);
    expect(err).toMatchObject({ kind: 'invalid-key', message: expect.stringMatching(message) });
    expect(String(err)).not.toContain(rs256.d!);
  });
});
