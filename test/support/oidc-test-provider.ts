import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** Who signs in at the provider next: the claims of their ID token. */
export interface TestUser {
  readonly sub: string;
  readonly name: string;
  /** The role claim's value (`roles` unless the test says otherwise). */
  readonly roles?: unknown;
}

/** What the provider saw of one token request, for the test to check. */
export interface TokenExchange {
  readonly clientAuthenticated: boolean;
  readonly pkceVerified: boolean;
  readonly outcome: 'issued' | 'refused';
}

export interface OidcTestProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The user the next authorization signs in. */
  nextUser: TestUser;
  /** Claims merged into the next ID tokens (a test's tampering: another nonce, audience…). */
  idTokenOverrides: Record<string, unknown>;
  /** The last authorization request's query. */
  lastAuthorize?: URLSearchParams;
  readonly exchanges: TokenExchange[];
  /** Registers the client's redirect URI (known once the service listens). */
  registerRedirect(uri: string): void;
  close(): Promise<void>;
}

interface Grant {
  readonly user: TestUser;
  readonly challenge: string;
  readonly nonce: string;
  readonly redirectUri: string;
}

/**
 * A tiny, real OpenID Provider for the worklist's sign-in tests: discovery, a JWKS, an
 * authorization endpoint that signs `nextUser` in at once and redirects back with a code, and a
 * token endpoint that checks the client secret (HTTP Basic), the code (once), the redirect URI
 * and the PKCE verifier against the S256 challenge (RFC 7636 section 4.6), then answers an RS256
 * ID token carrying the nonce. Its clock is the service's.
 */
export async function startOidcTestProvider(options: {
  readonly now: () => Date;
  readonly clientId?: string;
  readonly clientSecret?: string;
}): Promise<OidcTestProvider> {
  const clientId = options.clientId ?? 'screening-worklist';
  const clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const redirects = new Set<string>();
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider: OidcTestProvider = {
    issuer,
    clientId,
    clientSecret,
    nextUser: { sub: 'user-1', name: 'Test User', roles: ['screening'] },
    idTokenOverrides: {},
    exchanges: [],
    registerRedirect: (uri) => redirects.add(uri),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
      code_challenge_methods_supported: ['S256'],
    });
  });
  app.get('/jwks', (_req, res) => res.json({ keys: [jwk] }));

  app.get('/authorize', (req, res) => {
    const q = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
    provider.lastAuthorize = q;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== clientId || !redirects.has(redirectUri)) {
      res.status(400).send('unknown client or redirect_uri');
      return;
    }
    const back = new URL(redirectUri);
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      back.searchParams.set('error', 'invalid_request');
    } else {
      const code = randomBytes(24).toString('base64url');
      grants.set(code, {
        user: provider.nextUser,
        challenge: q.get('code_challenge')!,
        nonce: q.get('nonce') ?? '',
        redirectUri,
      });
      back.searchParams.set('code', code);
    }
    back.searchParams.set('state', q.get('state') ?? '');
    res.redirect(302, back.href);
  });

  app.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    const body = req.body as Record<string, string>;
    const basic = /^Basic (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const [id, secret] = Buffer.from(basic ?? '', 'base64')
      .toString()
      .split(':')
      .map(decodeURIComponent);
    const clientAuthenticated = id === clientId && secret === clientSecret;
    const grant = grants.get(body['code'] ?? '');
    grants.delete(body['code'] ?? '');
    const verifier = body['code_verifier'] ?? '';
    const pkceVerified =
      grant !== undefined && createHash('sha256').update(verifier, 'ascii').digest('base64url') === grant.challenge;
    const ok =
      clientAuthenticated &&
      pkceVerified &&
      body['grant_type'] === 'authorization_code' &&
      grant?.redirectUri === body['redirect_uri'];
    provider.exchanges.push({ clientAuthenticated, pkceVerified, outcome: ok ? 'issued' : 'refused' });
    if (!ok || !grant) {
      res
        .status(clientAuthenticated ? 400 : 401)
        .json({ error: clientAuthenticated ? 'invalid_grant' : 'invalid_client' });
      return;
    }
    const now = Math.floor(options.now().getTime() / 1000);
    const idToken = await new SignJWT({
      name: grant.user.name,
      ...(grant.user.roles !== undefined ? { roles: grant.user.roles } : {}),
      nonce: grant.nonce,
      ...provider.idTokenOverrides,
    })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid! })
      .setIssuer(issuer)
      .setSubject(grant.user.sub)
      .setAudience(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    res.json({
      access_token: randomBytes(16).toString('hex'),
      token_type: 'Bearer',
      expires_in: 300,
      id_token: idToken,
    });
  });
  return provider;
}
