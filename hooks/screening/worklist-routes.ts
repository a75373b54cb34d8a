import { join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import type { AppDeps } from '../deps.js';
import { CdsError } from '../errors.js';
import { notConfiguredPage, signedOutPage } from './html-pages.js';
import { localSignInRoutes } from './local-sign-in.js';
import { oidcLoginRoutes } from './oidc-login.js';
import { pageLocale } from './page-words.js';
import { worklistHeaders } from './page-security.js';
import { forgeryGuard } from './request-guards.js';
import { worklistApiRoutes } from './worklist-api.js';
import { wordsOf, worklistContext, type WorklistConfig, type WorklistContext } from './worklist-context.js';

/** The page's HTML, scripts, stylesheet and words, served as they are (no build step). */
const STATIC_DIR = join(PROJECT_ROOT, 'apps', 'screening');

/** Neither an identity provider nor the sandbox (or no screening store): 404, and a page saying why. */
function closed(ctx: WorklistContext): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith('/api/')) {
      next(new CdsError('not-found', 'the screening worklist is not configured on this service'));
      return;
    }
    const locale = pageLocale(req, ctx.config.cardLocale);
    res
      .status(404)
      .type('html')
      .send(notConfiguredPage(locale, wordsOf(ctx, locale)));
  };
}

/**
 * The coordinators' worklist at /screening (docs/screening.md, "The worklist"): the page and its
 * assets, sign-in (OpenID Connect, or the sandbox's local sign-in), sign-out, and the JSON API.
 * Closed (404) when no sign-in is possible or the store keeps no screening data.
 */
export function screeningWorklistRoutes(config: WorklistConfig, deps: AppDeps): Router {
  const ctx = worklistContext(config, deps);
  const router = Router();
  router.use('/screening', worklistHeaders);
  const screening = deps.screening;
  if (ctx.mode.kind === 'closed' || !screening) {
    router.use('/screening', closed(ctx));
    return router;
  }

  router.use(
    '/screening/assets',
    express.static(STATIC_DIR, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders: (res) => res.set('Cache-Control', 'no-cache'),
    }),
  );
  router.get('/screening/words.json', (req, res) => {
    const locale = pageLocale(req, config.cardLocale);
    res.set('Cache-Control', 'no-cache').json({ locale, words: wordsOf(ctx, locale) });
  });

  router.use(ctx.mode.kind === 'oidc' ? oidcLoginRoutes(ctx, ctx.mode.oidc) : localSignInRoutes(ctx));

  router.get('/screening', (req, res) => {
    if (!ctx.sessions.of(req)) {
      const lang = typeof req.query['lang'] === 'string' ? `?lang=${encodeURIComponent(req.query['lang'])}` : '';
      res.redirect(303, `/screening/sign-in${lang}`);
      return;
    }
    res.type('html').sendFile(join(STATIC_DIR, 'index.html'), { headers: { 'Cache-Control': 'no-store' } });
  });
  // Signs out of the worklist (not of the identity provider, whose own session the hospital manages).
  router.post('/screening/sign-out', forgeryGuard(ctx.sessions, ctx.publicOrigin), (_req, res) => {
    res.set('Set-Cookie', ctx.sessions.close()).status(204).end();
  });
  router.get('/screening/signed-out', (req, res) => {
    const locale = pageLocale(req, config.cardLocale);
    res.type('html').send(signedOutPage(locale, wordsOf(ctx, locale)));
  });

  router.use(worklistApiRoutes(ctx, screening));
  return router;
}
