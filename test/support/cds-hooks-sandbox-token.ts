import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey } from 'jose';

/**
 * The community CDS Hooks Sandbox's signing key pair, published in its repository
 * (github.com/cds-hooks/sandbox keys/jwk-keypair.json, commit 33477b92); the public half is
 * config/cds-hooks-sandbox-jwks.json. Test data only: anyone can sign with it.
 */
const SANDBOX_PRIVATE_JWK = {
  kty: 'EC',
  crv: 'P-384',
  x: 'dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB',
  y: 'Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzy',
  d: 'yOcYl9QzMKnBFUiPZKBijDV_lsEtn6oWFVOqtFyXbY_-V63WCBYYdxsLo9Pclr84',
};

/**
 * A token built exactly as the Sandbox's src/retrieve-data-helpers/jwt-generator.js builds it
 * (jsrsasign there, jose here); `changes` alters the payload for negative tests.
 */
export async function cdsHooksSandboxToken(
  aud: string,
  options: { now?: Date; changes?: Record<string, unknown> } = {},
): Promise<string> {
  const key = (await importJWK(SANDBOX_PRIVATE_JWK, 'ES384')) as CryptoKey;
  const now = Math.round((options.now ?? new Date()).getTime() / 1000);
  const payload = { iss: 'https://sandbox.cds-hooks.org', aud, exp: now + 300, iat: now, jti: randomUUID() };
  return new SignJWT({ ...payload, ...options.changes })
    .setProtectedHeader({
      alg: 'ES384',
      typ: 'JWT',
      kid: '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f',
      jku: 'https://sandbox.cds-hooks.org/.well-known/jwks.json',
    })
    .sign(key);
}
