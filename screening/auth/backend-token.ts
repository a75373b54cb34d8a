import type { CryptoKey, JSONWebKeySet } from 'jose';
import { baseUrlString, InvalidBaseUrlError, normaliseBaseUrl } from '../../fhir/fhir-client/base-url.js';
import { BackendAuthError } from './backend-auth-error.js';
import { signClientAssertion } from './client-assertion.js';
import type { FetchLike } from './http-call.js';
import { importSigningKey, selectSigningJwk, type AssertionAlg } from './jwks-key.js';
import { discoverTokenEndpoint, type TokenEndpoint } from './token-endpoint-discovery.js';
import { requestAccessToken } from './token-request.js';

/** The scope of the spec's backend services example: read and search everything the client may. */
export const DEFAULT_BACKEND_SCOPE = 'system/*.rs';
/** A token is renewed this long before it expires (at most half its lifetime), so it never dies in flight. */
export const REFRESH_MARGIN_SECONDS = 30;
const DEFAULT_TIMEOUT_MS = 10_000;

export interface BackendTokenOptions {
  readonly fhirBaseUrl: string;
  /** The client id the FHIR server registered the backend client under. */
  readonly clientId: string;
  /** The client's JWK Set with its private key(s): parsed, or read by readJwksFile. */
  readonly jwks: JSONWebKeySet;
  /** The key to sign with; else the first private RS384 / ES384 key. */
  readonly kid?: string;
  /** Else the key's own (RSA → RS384, EC P-384 → ES384). */
  readonly alg?: AssertionAlg;
  /** Space-separated SMART scopes; default `system/*.rs`. */
  readonly scope?: string;
  /** Else discovered from `<fhirBaseUrl>/.well-known/smart-configuration`. */
  readonly tokenUrl?: string;
  readonly fetch?: FetchLike;
  readonly now?: () => Date;
  /** Per HTTP call (discovery, token request); default 10 s. */
  readonly timeoutMs?: number;
}

export interface BackendTokenProvider {
  /** A live access token: the cached one, or a new one (concurrent callers share one request). */
  token(): Promise<string>;
  /**
   * Forgets the cached token, so the next `token()` asks for a new one: call it on a 401.
   * Given the token that was refused, it forgets only that one (another caller may have renewed it already).
   */
  invalidate(refused?: string): void;
}

function fhirBase(raw: string): string {
  try {
    return baseUrlString(normaliseBaseUrl(raw));
  } catch (err) {
    if (err instanceof InvalidBaseUrlError) throw new BackendAuthError('discovery', `fhirBaseUrl: ${err.message}`);
    throw err;
  }
}

/**
 * Access tokens for a SMART Backend Services client: finds the token endpoint, signs a client
 * assertion with the private key, asks for a `client_credentials` token, and caches it until
 * shortly before it expires. A bad key or base URL throws here, before any request.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html
 */
export function createBackendTokenProvider(options: BackendTokenOptions): BackendTokenProvider {
  const signing = selectSigningJwk(options.jwks, { kid: options.kid, alg: options.alg });
  const base = fhirBase(options.fhirBaseUrl);
  if (options.tokenUrl !== undefined && !/^https?:$/.test(URL.parse(options.tokenUrl)?.protocol ?? '')) {
    throw new BackendAuthError('discovery', `tokenUrl ${options.tokenUrl} is not an absolute http(s) URL`);
  }
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const scope = options.scope ?? DEFAULT_BACKEND_SCOPE;

  let endpoint: Promise<TokenEndpoint> | undefined;
  let key: Promise<CryptoKey> | undefined;
  let cached: { readonly token: string; readonly renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  /** Discovered once; a failed discovery is tried again on the next call. */
  function tokenEndpoint(): Promise<TokenEndpoint> {
    endpoint ??= (
      options.tokenUrl !== undefined
        ? Promise.resolve({ tokenUrl: options.tokenUrl })
        : discoverTokenEndpoint(base, fetchFn, timeoutMs)
    ).catch((err: unknown) => {
      endpoint = undefined;
      throw err;
    });
    return endpoint;
  }

  async function newToken(): Promise<string> {
    const { tokenUrl, signingAlgs } = await tokenEndpoint();
    if (signingAlgs && !signingAlgs.includes(signing.alg)) {
      throw new BackendAuthError(
        'invalid-key',
        `${base} accepts assertions signed ${signingAlgs.join(', ') || '(none listed)'}; key "${signing.kid}" is ${signing.alg}`,
      );
    }
    key ??= importSigningKey(signing);
    const sentAt = now();
    const assertion = await signClientAssertion({
      key: await key,
      kid: signing.kid,
      alg: signing.alg,
      clientId: options.clientId,
      tokenUrl,
      now: sentAt,
    });
    const granted = await requestAccessToken({ tokenUrl, scope, assertion, fetch: fetchFn, timeoutMs });
    const lifetimeMs = granted.expiresInSeconds * 1000;
    const marginMs = Math.min(REFRESH_MARGIN_SECONDS * 1000, lifetimeMs / 2);
    cached = { token: granted.accessToken, renewAt: sentAt.getTime() + lifetimeMs - marginMs };
    return granted.accessToken;
  }

  return {
    token() {
      if (cached && now().getTime() < cached.renewAt) return Promise.resolve(cached.token);
      pending ??= newToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(refused) {
      if (refused === undefined || refused === cached?.token) cached = undefined;
    },
  };
}
