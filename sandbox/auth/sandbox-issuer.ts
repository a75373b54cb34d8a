import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { ConfigError } from '../../config/config.js';
import type { TrustedIssuer } from '../../hooks/auth/issuers-config.js';

/** Path, under the issuer URL, where its public JWKS is served. */
export const SANDBOX_ISSUER_PATH = '/sandbox-ehr';
/** Path of the sandbox issuer's public JWKS on our service. */
export const SANDBOX_JWKS_PATH = `${SANDBOX_ISSUER_PATH}/.well-known/jwks.json`;
/** File in DATA_DIR holding the sandbox issuer's private key, so tokens survive restarts. */
export const SANDBOX_KEY_FILE = 'sandbox-ehr-key.json';

const ALG = 'ES384';
/** Lifetime of a sandbox token, as the CDS Hooks Sandbox uses (5 minutes). */
const TOKEN_LIFETIME_SECONDS = 300;

/** The EHR simulator's token issuer, trusted in sandbox mode only. */
export interface SandboxIssuer {
  /** `<PUBLIC_BASE_URL>/sandbox-ehr` */
  readonly iss: string;
  /** The URL sent as `jku`: `<PUBLIC_BASE_URL>/sandbox-ehr/.well-known/jwks.json`. */
  readonly jwksUrl: string;
  /** The public key set served at SANDBOX_JWKS_PATH. */
  readonly publicJwks: JSONWebKeySet;
  /** The issuer as the authenticator trusts it: in-memory keys, fhirServer = our own /fhir. */
  readonly trustedIssuer: TrustedIssuer;
  /** A fresh ES384 JWT for `aud` (the exact service URL), with a new jti, valid 5 minutes. */
  signToken(aud: string): Promise<string>;
}

/** Options for createSandboxIssuer. */
export interface SandboxIssuerOptions {
  readonly publicBaseUrl: string;
  /** Where the key pair is kept; without it a new key is made at each start. */
  readonly dataDir?: string;
  readonly clock?: () => Date;
}

async function loadKey(file: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new ConfigError(`${file}: not JSON; delete it to make a new sandbox key`);
  }
  const k = jwk as JWK;
  if (k.kty !== 'EC' || k.crv !== 'P-384' || typeof k.d !== 'string' || typeof k.x !== 'string') {
    throw new ConfigError(`${file}: not a P-384 private JWK; delete it to make a new sandbox key`);
  }
  return k;
}

async function createKey(file: string | undefined): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  if (file) {
    try {
      await writeFile(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process made the key first: use theirs.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return (await loadKey(file))!;
      throw e;
    }
    await chmod(file, 0o600);
  }
  return jwk;
}

/**
 * Creates (or loads from DATA_DIR) the ES384 key pair of the sandbox EHR issuer. The EHR page
 * cannot keep a private key, so it asks the server for a token signed here, and the
 * authenticator verifies it like any other issuer's. Never trust it outside sandbox mode:
 * anyone who can reach the page can get a token.
 */
export async function createSandboxIssuer(options: SandboxIssuerOptions): Promise<SandboxIssuer> {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const clock = options.clock ?? (() => new Date());
  let file: string | undefined;
  let privateJwk: JWK | undefined;
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    file = join(options.dataDir, SANDBOX_KEY_FILE);
    privateJwk = await loadKey(file);
  }
  privateJwk ??= await createKey(file);
  const { kty, crv, x, y } = privateJwk;
  const publicJwk: JWK = { kty, crv, x, y };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK(privateJwk, ALG)) as CryptoKey;

  const iss = `${base}${SANDBOX_ISSUER_PATH}`;
  const jwksUrl = `${base}${SANDBOX_JWKS_PATH}`;
  const publicJwks: JSONWebKeySet = { keys: [{ ...publicJwk, kid, alg: ALG, use: 'sig' }] };
  return {
    iss,
    jwksUrl,
    publicJwks,
    trustedIssuer: {
      iss,
      jwks: publicJwks,
      jkuAllowlist: [jwksUrl],
      fhirServers: [`${base}/fhir`],
      algorithms: [ALG],
    },
    async signToken(aud) {
      const now = Math.floor(clock().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: ALG, typ: 'JWT', kid, jku: jwksUrl })
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt(now)
        .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}
