import { importJWK, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { BackendAuthError } from './backend-auth-error.js';

/**
 * The algorithms of SMART client assertions: clients SHALL support both, servers at least one.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
export type AssertionAlg = (typeof ASSERTION_ALGORITHMS)[number];

/** The private JWK an assertion is signed with, its `kid` (the header needs one) and its algorithm. */
export interface SigningJwk {
  readonly jwk: JWK;
  readonly kid: string;
  readonly alg: AssertionAlg;
}

const SPEC = 'SMART Backend Services assertions are signed RS384 or ES384';

export function isAssertionAlg(alg: string): alg is AssertionAlg {
  return ASSERTION_ALGORITHMS.some((a) => a === alg);
}

/** The algorithm and kid `key` signs with, or why it cannot sign an assertion (never its key material). */
function signingAlg(
  key: JWK,
  wanted: AssertionAlg | undefined,
): { alg: AssertionAlg; kid: string } | { refused: string } {
  let natural: AssertionAlg;
  if (key.kty === 'RSA') natural = 'RS384';
  else if (key.kty === 'EC' && key.crv === 'P-384') natural = 'ES384';
  else if (key.kty === 'EC') return { refused: `is EC ${key.crv ?? 'with no curve'}; ES384 needs P-384` };
  else return { refused: `has kty ${key.kty ?? '(none)'}; RS384 needs RSA, ES384 needs EC P-384` };
  if (key.alg !== undefined && key.alg !== natural) return { refused: `is for ${key.alg}; ${SPEC}` };
  if (wanted !== undefined && wanted !== natural) return { refused: `is a ${natural} key, not ${wanted}` };
  if (key.use !== undefined && key.use !== 'sig') return { refused: `is for use "${key.use}", not "sig"` };
  if (key.key_ops !== undefined && !key.key_ops.includes('sign')) return { refused: 'has key_ops without "sign"' };
  if (key.d === undefined) return { refused: 'has no private part ("d"): this is a public key' };
  if (key.kid === undefined || key.kid === '') return { refused: 'has no "kid" (the assertion header needs one)' };
  return { alg: natural, kid: key.kid };
}

function named(key: JWK, index: number): string {
  return key.kid ? `key "${key.kid}"` : `key #${index}`;
}

/**
 * Picks the private key to sign assertions with: the key with `kid` when given, else the first
 * private key that can sign RS384 or ES384 (`alg`, when given, narrows the choice). Throws an
 * `invalid-key` BackendAuthError saying why each key was passed over.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html#authenticating-to-the-token-endpoint
 */
export function selectSigningJwk(jwks: JSONWebKeySet, options: { kid?: string; alg?: string } = {}): SigningJwk {
  const { kid, alg } = options;
  if (alg !== undefined && !isAssertionAlg(alg)) {
    throw new BackendAuthError('invalid-key', `alg ${alg} is not supported: ${SPEC}`);
  }
  if (kid !== undefined) {
    const key = jwks.keys.find((k) => k.kid === kid);
    if (!key) {
      const kids = jwks.keys.map((k) => k.kid ?? '(no kid)').join(', ') || 'none';
      throw new BackendAuthError('invalid-key', `no key with kid "${kid}" in the JWKS (kids: ${kids})`);
    }
    const found = signingAlg(key, alg);
    if ('refused' in found) throw new BackendAuthError('invalid-key', `key "${kid}" ${found.refused}`);
    return { jwk: key, ...found };
  }
  if (!jwks.keys.some((k) => k.d !== undefined)) {
    throw new BackendAuthError('invalid-key', 'the JWKS holds no private key (no key has "d"): is it the public set?');
  }
  const reasons: string[] = [];
  for (const [i, key] of jwks.keys.entries()) {
    if (key.d === undefined) continue; // the public halves often sit in the same set
    const found = signingAlg(key, alg);
    if (!('refused' in found)) return { jwk: key, ...found };
    reasons.push(`${named(key, i)} ${found.refused}`);
  }
  throw new BackendAuthError('invalid-key', `no private key in the JWKS can sign an assertion: ${reasons.join('; ')}`);
}

/** Web Crypto keys, as opposed to the octets an `oct` JWK imports to (checked across realms). */
function isCryptoKey(key: CryptoKey | Uint8Array): key is CryptoKey {
  return !ArrayBuffer.isView(key);
}

/** Imports the chosen JWK for signing; a malformed key is `invalid-key`, named by kid only. */
export async function importSigningKey(signing: SigningJwk): Promise<CryptoKey> {
  let key: CryptoKey | Uint8Array;
  try {
    key = await importJWK(signing.jwk, signing.alg);
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'import failed';
    throw new BackendAuthError('invalid-key', `key "${signing.kid}" cannot be used for ${signing.alg} (${code})`);
  }
  if (!isCryptoKey(key)) throw new BackendAuthError('invalid-key', `key "${signing.kid}" is not an asymmetric key`);
  return key;
}
