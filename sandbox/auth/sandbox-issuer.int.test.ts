import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { ConfigError } from '../../config/config.js';
import { createLogger } from '../../config/logger.js';
import type { TokenRejectedError } from '../../hooks/auth/token-rejected.js';
import { createAuthenticator } from '../../hooks/auth/jwt-authenticator.js';
import { createSandboxIssuer, SANDBOX_JWKS_PATH, SANDBOX_KEY_FILE } from './sandbox-issuer.js';
import { sandboxIssuerRoutes } from './sandbox-issuer-routes.js';

const BASE = 'http://127.0.0.1:3000';
const AUD = `${BASE}/cds-services/pump-evaluation`;
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-issuer-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('createSandboxIssuer', () => {
  test('signs ES384 tokens, shaped like the spec asks, that the authenticator accepts once', async () => {
    const issuer = await createSandboxIssuer({ publicBaseUrl: `${BASE}/` });
    expect(issuer.iss).toBe(`${BASE}/sandbox-ehr`);
    const token = await issuer.signToken(AUD);
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    expect(header).toEqual({
      alg: 'ES384',
      typ: 'JWT',
      kid: issuer.publicJwks.keys[0]!.kid,
      jku: `${BASE}/sandbox-ehr/.well-known/jwks.json`,
    });
    expect(claims).toMatchObject({ iss: issuer.iss, aud: AUD, jti: expect.any(String) });
    expect(claims.exp! - claims.iat!).toBe(300);

    const authenticator = createAuthenticator({
      mode: 'required',
      issuers: [issuer.trustedIssuer],
      logger: createLogger('silent'),
    });
    await expect(authenticator.authenticate(`Bearer ${token}`, AUD)).resolves.toEqual({
      issuer: issuer.iss,
      allowedFhirServers: [`${BASE}/fhir`],
    });
    await expect(authenticator.authenticate(`Bearer ${token}`, AUD)).rejects.toMatchObject({ reason: 'replayed-jti' });
    await expect(authenticator.authenticate(`Bearer ${await issuer.signToken(AUD)}`, AUD)).resolves.toMatchObject({
      issuer: issuer.iss,
    });
  });

  test('its tokens are time-stamped with the injected clock', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const issuer = await createSandboxIssuer({ publicBaseUrl: BASE, clock: () => at });
    expect(decodeJwt(await issuer.signToken(AUD)).iat).toBe(at.getTime() / 1000);
    const authenticator = createAuthenticator({
      mode: 'required',
      issuers: [issuer.trustedIssuer],
      logger: createLogger('silent'),
    });
    const reason = await authenticator.authenticate(`Bearer ${await issuer.signToken(AUD)}`, AUD).then(
      () => 'accepted',
      (e: TokenRejectedError) => e.reason,
    );
    expect(reason).toBe('iat-in-future');
  });

  test('publishes only the public key', async () => {
    const issuer = await createSandboxIssuer({ publicBaseUrl: BASE });
    expect(issuer.publicJwks.keys).toHaveLength(1);
    expect(Object.keys(issuer.publicJwks.keys[0]!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });

  test('keeps its key in DATA_DIR (owner-only) so tokens and the kid survive a restart', async () => {
    const dataDir = join(tempDir(), 'nested');
    const first = await createSandboxIssuer({ publicBaseUrl: BASE, dataDir });
    const second = await createSandboxIssuer({ publicBaseUrl: BASE, dataDir });
    expect(second.publicJwks).toEqual(first.publicJwks);
    expect(statSync(join(dataDir, SANDBOX_KEY_FILE)).mode & 0o777).toBe(0o600);
    const authenticator = createAuthenticator({
      mode: 'required',
      issuers: [second.trustedIssuer],
      logger: createLogger('silent'),
    });
    await expect(authenticator.authenticate(`Bearer ${await first.signToken(AUD)}`, AUD)).resolves.toMatchObject({
      issuer: first.iss,
    });
  });

  test('without DATA_DIR each start makes a new key', async () => {
    const a = await createSandboxIssuer({ publicBaseUrl: BASE });
    const b = await createSandboxIssuer({ publicBaseUrl: BASE });
    expect(a.publicJwks.keys[0]!.kid).not.toBe(b.publicJwks.keys[0]!.kid);
  });

  test.each([
    ['not JSON', 'garbage'],
    ['not a P-384 private key', JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'c' })],
  ])('a key file that is %s stops start-up with a ConfigError', async (_name, content) => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, SANDBOX_KEY_FILE), content);
    await expect(createSandboxIssuer({ publicBaseUrl: BASE, dataDir })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('sandboxIssuerRoutes', () => {
  test('serves the public JWKS, which verifies the issuer tokens when fetched as a jwksUrl', async () => {
    const issuer = await createSandboxIssuer({ publicBaseUrl: BASE });
    const app = express().use(sandboxIssuerRoutes(issuer));
    const res = await request(app).get(SANDBOX_JWKS_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(issuer.publicJwks);

    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const authenticator = createAuthenticator({
        mode: 'required',
        issuers: [
          {
            iss: issuer.iss,
            jwksUrl: `http://127.0.0.1:${port}${SANDBOX_JWKS_PATH}`,
            jkuAllowlist: [issuer.jwksUrl],
            fhirServers: [],
          },
        ],
        logger: createLogger('silent'),
      });
      await expect(authenticator.authenticate(`Bearer ${await issuer.signToken(AUD)}`, AUD)).resolves.toMatchObject({
        issuer: issuer.iss,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
