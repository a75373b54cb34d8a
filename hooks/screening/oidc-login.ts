import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { forbiddenPage, signInFailedPage } from './html-pages.js';
import { OidcError } from './oidc-error.js';
import { OidcProvider } from './oidc-provider.js';
import { displayName, exchangeCode, verifyIdToken } from './oidc-token.js';
import { pageLocale } from './page-words.js';
import { s256Challenge, sameValue } from './pkce.js';
import { holdsRole } from './role-claim.js';
import { wordsOf, type WorklistContext } from './worklist-context.js';

/** What the worklist asks of the provider: an ID token with the user's name (OpenID Connect Core section 5.4). */
export const OIDC_SCOPES = 'openid profile';

/** The deadline of each call to the provider (discovery, keys, token). */
const PROVIDER_TIMEOUT_MS = 10_000;

/** The callback's query: a code and the state, or the provider's error (RFC 6749 section 4.1.2.1). */
const CallbackQuery = z.union([
  z.object({ code: z.string().min(1).max(4096), state: z.string().min(1).max(512) }),
  z.object({ error: z.string().max(200), state: z.string().max(512).optional() }),
]);

type Oidc = NonNullable<Config['screening']['oidc']>;

/**
 * Sign-in with the hospital's identity provider: OpenID Connect's authorization code flow
 * (https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth) with PKCE S256
 * (https://datatracker.ietf.org/doc/html/rfc7636):
 * - `GET /screening/sign-in` keeps a new state, nonce and code verifier in a signed, short-lived
 *   cookie and redirects to the provider's authorization endpoint with the S256 challenge;
 * - `GET /screening/callback` checks the state against the cookie, exchanges the code with the
 *   verifier (and the client secret when one is configured), verifies the ID token (signature by
 *   the provider's JWKS, iss, aud, azp, exp, nonce), requires the role in the role claim, and opens
 *   the session: a 403 page for a user without the role.
 * Nothing of a token, a code or a claim is logged; a failure is logged by kind.
 */
export function oidcLoginRoutes(ctx: WorklistContext, oidc: Oidc): Router {
  const provider = new OidcProvider(oidc.issuer, PROVIDER_TIMEOUT_MS);
  const router = Router();
  const failed = (req: Request, res: Response, err: unknown) => {
    const locale = pageLocale(req, ctx.config.cardLocale);
    if (!(err instanceof OidcError)) throw err;
    ctx.deps.logger.warn({ step: err.kind, reason: err.message }, 'worklist sign-in failed');
    res
      .status(err.kind === 'discovery' || err.kind === 'token' ? 502 : 400)
      .set('Set-Cookie', ctx.logins.clear())
      .type('html')
      .send(signInFailedPage(locale, wordsOf(ctx, locale)));
  };

  router.get('/screening/sign-in', async (req, res) => {
    let meta;
    try {
      ({ meta } = await provider.get());
    } catch (err) {
      failed(req, res, err);
      return;
    }
    const { login, cookie } = ctx.logins.begin();
    const url = new URL(meta.authorizationEndpoint);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: oidc.clientId,
      redirect_uri: ctx.redirectUri,
      scope: OIDC_SCOPES,
      state: login.state,
      nonce: login.nonce,
      code_challenge: s256Challenge(login.verifier),
      code_challenge_method: 'S256',
    })) {
      url.searchParams.set(k, v);
    }
    res.set('Set-Cookie', cookie).redirect(302, url.href);
  });

  router.get('/screening/callback', async (req, res) => {
    const locale = pageLocale(req, ctx.config.cardLocale);
    try {
      const login = ctx.logins.of(req);
      if (!login)
        throw new OidcError('callback', 'no sign-in in progress in this browser (or it is over ten minutes old)');
      const query = CallbackQuery.safeParse(req.query);
      if (!query.success) throw new OidcError('callback', 'the callback has neither a code and a state nor an error');
      if (!sameValue(login.state, query.data.state)) throw new OidcError('callback', 'the state is not this sign-in’s');
      if ('error' in query.data) throw new OidcError('callback', `the provider answered ${query.data.error}`);
      const { meta, keys } = await provider.get();
      // RFC 9207: a provider that names itself in the response must be the one asked (mix-up attacks).
      const iss = req.query['iss'];
      if (iss !== undefined && iss !== meta.issuer)
        throw new OidcError('callback', 'the response names another issuer');
      const idToken = await exchangeCode(
        meta,
        { clientId: oidc.clientId, clientSecret: oidc.clientSecret, redirectUri: ctx.redirectUri },
        query.data.code,
        login.verifier,
        PROVIDER_TIMEOUT_MS,
      );
      const claims = await verifyIdToken(idToken, keys, {
        issuer: meta.issuer,
        clientId: oidc.clientId,
        nonce: login.nonce,
        algorithms: meta.idTokenAlgs,
        now: ctx.deps.clock(),
      });
      if (!holdsRole(claims, oidc.roleClaim, oidc.role)) {
        ctx.deps.logger.warn({ step: 'role' }, 'worklist sign-in refused: the user lacks the role');
        res
          .status(403)
          .set('Set-Cookie', ctx.logins.clear())
          .type('html')
          .send(forbiddenPage(locale, wordsOf(ctx, locale), oidc.role));
        return;
      }
      const { cookie } = ctx.sessions.open(String(claims.sub), displayName(claims));
      res.set('Set-Cookie', [ctx.logins.clear(), cookie]).redirect(303, '/screening');
    } catch (err) {
      failed(req, res, err);
    }
  });
  return router;
}
