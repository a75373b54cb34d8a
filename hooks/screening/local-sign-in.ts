import express, { Router } from 'express';
import { z } from 'zod';
import { localSignInPage } from './html-pages.js';
import { pageLocale, say } from './page-words.js';
import { fromAnotherSite } from './request-guards.js';
import { wordsOf, type WorklistContext } from './worklist-context.js';

/** Letters, digits, spaces and common name punctuation: a name to show in the trail, not markup. */
const NAME = /^[\p{L}\p{M}\p{N} .'’-]+$/u;
const LocalSignInBody = z.object({
  name: z
    .string()
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1).max(64).regex(NAME)),
});

/** The `sub` a sandbox user gets: marked, so the trail never mistakes it for a hospital account. */
export const sandboxSub = (name: string): string => `sandbox:${name}`;

/**
 * The sandbox's local sign-in (SANDBOX on, no identity provider configured): a display name and
 * no password, so the worklist can be tried with the sandbox's synthetic patients. The page says
 * it is for the sandbox only; signInMode never offers it with SANDBOX off.
 */
export function localSignInRoutes(ctx: WorklistContext): Router {
  const router = Router();
  router.get('/screening/sign-in', (req, res) => {
    const locale = pageLocale(req, ctx.config.cardLocale);
    res.type('html').send(localSignInPage(locale, wordsOf(ctx, locale), { lang: req.query['lang'] !== undefined }));
  });
  router.post('/screening/sign-in', express.urlencoded({ extended: false, limit: 2048 }), (req, res) => {
    const locale = pageLocale(req, ctx.config.cardLocale);
    const words = wordsOf(ctx, locale);
    const lang = req.query['lang'] !== undefined;
    // Login CSRF: another site's form must not sign the browser in under a name of its choosing.
    if (fromAnotherSite(req, ctx.publicOrigin)) {
      res
        .status(403)
        .type('html')
        .send(localSignInPage(locale, words, { problem: say(words, 'signIn.crossSite'), lang }));
      return;
    }
    const parsed = LocalSignInBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      res
        .status(400)
        .type('html')
        .send(localSignInPage(locale, words, { problem: say(words, 'signIn.badName'), lang }));
      return;
    }
    const { cookie } = ctx.sessions.open(sandboxSub(parsed.data.name), parsed.data.name);
    res.set('Set-Cookie', cookie).redirect(303, lang ? `/screening?lang=${locale}` : '/screening');
  });
  return router;
}
