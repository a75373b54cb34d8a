import { ConfigError } from '../../config/config.js';

/**
 * JWS algorithms a CDS client may sign with. CDS Hooks 2.0 recommends ES384 and RS384 and
 * forbids `none` and every symmetric algorithm (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients):
 * an HMAC "key" would be the issuer's public key, which anyone can download (key confusion).
 */
export const DEFAULT_ALGORITHMS: readonly string[] = ['ES384', 'RS384'];

/** Asymmetric algorithms jose 6 verifies on Node 20; the only ones configuration may add. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
];

/** True for `none` and the HMAC family, which are refused even when configured. */
export function isForbiddenAlgorithm(alg: string): boolean {
  return alg.toLowerCase() === 'none' || /^hs\d*$/i.test(alg);
}

/** Why an algorithm cannot be configured, or undefined when it can. */
export function algorithmProblem(alg: string): string | undefined {
  if (isForbiddenAlgorithm(alg)) return `"${alg}" is never accepted (CDS Hooks forbids none and symmetric algorithms)`;
  if (!ASYMMETRIC_ALGORITHMS.includes(alg)) {
    return `"${alg}" is not a supported asymmetric JWS algorithm (use one of ${ASYMMETRIC_ALGORITHMS.join(', ')})`;
  }
  return undefined;
}

/** ES384 and RS384 plus the configured extras; throws ConfigError for none, HS* and unknown names. */
export function resolveAlgorithms(extra: readonly string[], where = 'JWT_EXTRA_ALGORITHMS'): readonly string[] {
  for (const alg of extra) {
    const problem = algorithmProblem(alg);
    if (problem) throw new ConfigError(`${where}: ${problem}`);
  }
  return [...new Set([...DEFAULT_ALGORITHMS, ...extra])];
}
