import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { fetchJson, OidcError } from './oidc-error.js';

/** The identity provider as its discovery document describes it (OpenID Connect Discovery 1.0, section 3). */
export interface ProviderMetadata {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  /** How the client may authenticate at the token endpoint; absent means client_secret_basic (Discovery section 3). */
  readonly tokenAuthMethods?: readonly string[];
  /** The ID token algorithms it signs with; absent means RS256 (Discovery section 3). */
  readonly idTokenAlgs: readonly string[];
}

const HTTP_URL = z.url({ protocol: /^https?$/ });
const DISCOVERY = z.object({
  issuer: HTTP_URL,
  authorization_endpoint: HTTP_URL,
  token_endpoint: HTTP_URL,
  jwks_uri: HTTP_URL,
  token_endpoint_auth_methods_supported: z.array(z.string()).optional().catch(undefined),
  id_token_signing_alg_values_supported: z.array(z.string()).optional().catch(undefined),
  code_challenge_methods_supported: z.array(z.string()).optional().catch(undefined),
});

/** Signatures only: `none` and the HMAC algorithms (keyed with the client secret) are never accepted. */
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Reads `<issuer>/.well-known/openid-configuration` and checks it: its `issuer` is the configured
 * one (Discovery section 4.3, which stops a provider speaking for another), its endpoints are
 * https (http only when the issuer itself is, a developer's provider), and it offers PKCE with
 * S256 when it lists its methods (RFC 7636 section 4.2).
 */
export async function discoverProvider(issuer: string, timeoutMs: number): Promise<ProviderMetadata> {
  const url = `${trimSlash(issuer)}/.well-known/openid-configuration`;
  const { status, body } = await fetchJson(url, { headers: { accept: 'application/json' } }, timeoutMs, 'discovery');
  if (status !== 200) throw new OidcError('discovery', `${url} answered HTTP ${status}`);
  const parsed = DISCOVERY.safeParse(body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new OidcError('discovery', `${url} is not an OpenID Provider configuration (at ${field})`);
  }
  const d = parsed.data;
  if (trimSlash(d.issuer) !== trimSlash(issuer)) {
    throw new OidcError('discovery', `${url} names the issuer ${d.issuer}, not ${issuer}`);
  }
  const httpsOnly = new URL(issuer).protocol === 'https:';
  for (const endpoint of [d.authorization_endpoint, d.token_endpoint, d.jwks_uri]) {
    if (httpsOnly && new URL(endpoint).protocol !== 'https:') {
      throw new OidcError('discovery', `${url} names an endpoint that is not https: ${endpoint}`);
    }
  }
  if (d.code_challenge_methods_supported && !d.code_challenge_methods_supported.includes('S256')) {
    throw new OidcError('discovery', `${url} does not offer PKCE with S256`);
  }
  const algs = (d.id_token_signing_alg_values_supported ?? ['RS256']).filter((a) => ASYMMETRIC.test(a));
  if (algs.length === 0) throw new OidcError('discovery', `${url} signs ID tokens with no asymmetric algorithm`);
  return {
    issuer: d.issuer,
    authorizationEndpoint: d.authorization_endpoint,
    tokenEndpoint: d.token_endpoint,
    jwksUri: d.jwks_uri,
    ...(d.token_endpoint_auth_methods_supported ? { tokenAuthMethods: d.token_endpoint_auth_methods_supported } : {}),
    idTokenAlgs: algs,
  };
}

/** The provider's metadata and keys, read once and kept; a failed reading is tried again at the next sign-in. */
export class OidcProvider {
  private metadata: Promise<{ meta: ProviderMetadata; keys: JWTVerifyGetKey }> | undefined;

  constructor(
    private readonly issuer: string,
    private readonly timeoutMs: number,
  ) {}

  get(): Promise<{ meta: ProviderMetadata; keys: JWTVerifyGetKey }> {
    this.metadata ??= discoverProvider(this.issuer, this.timeoutMs).then(
      (meta) => ({
        meta,
        // jose caches the key set and fetches it again for a key id it does not know (key rotation).
        keys: createRemoteJWKSet(new URL(meta.jwksUri), { timeoutDuration: this.timeoutMs }),
      }),
      (err: unknown) => {
        this.metadata = undefined;
        throw err;
      },
    );
    return this.metadata;
  }
}
