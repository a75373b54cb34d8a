import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { ConfigError } from '../../config/config.js';
import { algorithmProblem } from './algorithms.js';

/** A CDS client we trust, as the authenticator uses it (files already read, paths resolved). */
export interface TrustedIssuer {
  /** The exact `iss` claim (compared byte for byte, so a trailing slash matters). */
  readonly iss: string;
  /** Keys known in advance: a jwksFile's content, or the sandbox issuer's in-memory set. */
  readonly jwks?: JSONWebKeySet;
  /** A JWKS URL to fetch (and refetch on an unknown kid). */
  readonly jwksUrl?: string;
  /** `jku` header values this issuer may send; a token with any other jku is refused. */
  readonly jkuAllowlist: readonly string[];
  /** FHIR base URLs (no trailing slash) this issuer may name as fhirServer. */
  readonly fhirServers: readonly string[];
  /** Algorithms for this issuer, replacing the global list (ES384, RS384 + JWT_EXTRA_ALGORITHMS). */
  readonly algorithms?: readonly string[];
}

/** Placeholder a fhirServers entry may start with; replaced by PUBLIC_BASE_URL when the file is loaded. */
export const PUBLIC_BASE_URL_PLACEHOLDER = '{PUBLIC_BASE_URL}';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
}

// Keys fetched over plain http could be swapped by anyone on the path, so JWKS URLs must be
// https; loopback is allowed for local development.
const jwksUrl = z
  .url({ protocol: /^https?$/ })
  .refine((u) => u.startsWith('https:') || isLoopback(new URL(u)), 'must be an https URL (http only for localhost)');

const fhirServerUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

const algorithm = z.string().superRefine((alg, ctx) => {
  const problem = algorithmProblem(alg);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const issuerEntry = z
  .strictObject({
    iss: z.string().min(1).describe('The exact iss claim of the client.'),
    description: z.string().optional(),
    jwksUrl: jwksUrl.optional().describe('JWKS to fetch for this issuer.'),
    jwksFile: z.string().min(1).optional().describe('Local JWKS file, relative to the issuers file.'),
    jkuAllowlist: z.array(jwksUrl).default([]).describe('jku header values the issuer may send.'),
    fhirServers: z.array(fhirServerUrl).describe('fhirServer base URLs this issuer may send.'),
    algorithms: z.array(algorithm).min(1).optional().describe('Accepted algorithms, replacing the default list.'),
  })
  .refine((e) => !(e.jwksUrl && e.jwksFile), { message: 'set jwksUrl or jwksFile, not both', path: ['jwksFile'] })
  .refine((e) => e.jwksUrl || e.jwksFile || e.jkuAllowlist.length > 0, {
    message: 'needs a key source: jwksUrl, jwksFile or a non-empty jkuAllowlist',
    path: ['jwksUrl'],
  });

const issuersFile = z
  .strictObject({ description: z.string().optional(), issuers: z.array(issuerEntry) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.issuers.forEach((issuer, i) => {
      if (seen.has(issuer.iss)) ctx.addIssue({ code: 'custom', message: 'duplicate iss', path: ['issuers', i, 'iss'] });
      seen.add(issuer.iss);
    });
  });

// A published JWKS holds public keys only; a private member ('d', RSA primes) or a symmetric
// key means the wrong file was named, so loading stops rather than trusting it.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function readJwksFile(path: string, field: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${field}: cannot read JWKS file ${path}: ${(e as Error).message}`);
  }
  try {
    createLocalJWKSet(parsed as JSONWebKeySet);
  } catch {
    throw new ConfigError(`${field}: ${path} is not a JWK Set ({"keys": [...]})`);
  }
  const keys = (parsed as JSONWebKeySet).keys;
  keys.forEach((key, i) => {
    const where = `${field}: ${path} keys[${i}]`;
    if (typeof key.kid !== 'string' || key.kid === '') throw new ConfigError(`${where}: every key needs a kid`);
    if (key.kty === 'oct') throw new ConfigError(`${where}: symmetric keys are never trusted`);
    const secret = PRIVATE_MEMBERS.find((m) => m in key);
    if (secret) throw new ConfigError(`${where}: holds private key member "${secret}"; publish only public keys`);
  });
  return parsed as JSONWebKeySet;
}

function substitutePublicBaseUrl(raw: unknown, publicBaseUrl: string | undefined): unknown {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { issuers?: unknown }).issuers)) return raw;
  const issuers = (raw as { issuers: unknown[] }).issuers.map((entry) => {
    if (typeof entry !== 'object' || entry === null) return entry;
    const servers = (entry as { fhirServers?: unknown }).fhirServers;
    if (!Array.isArray(servers) || publicBaseUrl === undefined) return entry;
    const base = publicBaseUrl.replace(/\/+$/, '');
    const fhirServers = (servers as unknown[]).map((s) =>
      typeof s === 'string' && s.startsWith(PUBLIC_BASE_URL_PLACEHOLDER)
        ? base + s.slice(PUBLIC_BASE_URL_PLACEHOLDER.length)
        : s,
    );
    return { ...entry, fhirServers };
  });
  return { ...raw, issuers };
}

/** Options for loadIssuersFile. */
export interface LoadIssuersOptions {
  /** Replaces a leading {PUBLIC_BASE_URL} in fhirServers entries. */
  readonly publicBaseUrl?: string;
}

/**
 * Reads and validates the JWT_ISSUERS_FILE at start-up, reading any jwksFile (relative to the
 * issuers file's folder). Throws ConfigError naming the file and the field.
 */
export function loadIssuersFile(path: string, options: LoadIssuersOptions = {}): TrustedIssuer[] {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`JWT_ISSUERS_FILE ${file}: ${(e as Error).message}`);
  }
  const parsed = issuersFile.safeParse(substitutePublicBaseUrl(raw, options.publicBaseUrl));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`JWT_ISSUERS_FILE ${file} is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data.issuers.map((entry, i) => ({
    iss: entry.iss,
    ...(entry.jwksFile
      ? {
          jwks: readJwksFile(resolve(dirname(file), entry.jwksFile), `JWT_ISSUERS_FILE ${file}: issuers.${i}.jwksFile`),
        }
      : {}),
    ...(entry.jwksUrl ? { jwksUrl: entry.jwksUrl } : {}),
    jkuAllowlist: entry.jkuAllowlist,
    fhirServers: entry.fhirServers,
    ...(entry.algorithms ? { algorithms: entry.algorithms } : {}),
  }));
}
