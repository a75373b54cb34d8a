import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { BackendAuthError } from './backend-auth-error.js';
import { selectSigningJwk } from './jwks-key.js';

const text = z.string().optional();
/** The JWK members signing reads (RFC 7517 §4, RFC 7518 §6); other members are dropped. */
const JWK = z.object({
  kty: z.string(),
  kid: text,
  alg: text,
  use: text,
  key_ops: z.array(z.string()).optional(),
  crv: text,
  x: text,
  y: text,
  n: text,
  e: text,
  d: text,
  p: text,
  q: text,
  dp: text,
  dq: text,
  qi: text,
});
const JWKS = z.object({ keys: z.array(JWK) });

function readError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'read failed';
  return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
}

/**
 * Reads the backend client's private JWK Set from a file and checks, before any request, that
 * it holds a key that can sign an assertion (the one with `kid` when given). Errors name the
 * file and never print its content: it is the private key.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */
export async function readJwksFile(path: string, options: { kid?: string; alg?: string } = {}): Promise<JSONWebKeySet> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (err) {
    throw new BackendAuthError('invalid-key', `JWKS file ${path} ${readError(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new BackendAuthError('invalid-key', `JWKS file ${path} is not JSON`);
  }
  const parsed = JWKS.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || '(top level)';
    throw new BackendAuthError('invalid-key', `JWKS file ${path} is not a JWK Set {"keys": [...]} (at ${where})`);
  }
  try {
    selectSigningJwk(parsed.data, options);
  } catch (err) {
    if (err instanceof BackendAuthError) throw new BackendAuthError(err.kind, `JWKS file ${path}: ${err.message}`);
    throw err;
  }
  return parsed.data;
}
