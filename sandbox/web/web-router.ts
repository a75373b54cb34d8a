import { join } from 'node:path';
import express, { Router } from 'express';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import type { SandboxContext } from '../../hooks/sandbox-port.js';
import type { SandboxIssuer } from '../auth/sandbox-issuer.js';
import type { CompartmentRepository } from '../fhir/compartment-repository.js';
import { jsonBody } from '../../hooks/json-body.js';
import { loadPageMessages } from './page-messages.js';
import { pageSecurityHeaders } from './page-security.js';
import { listPatients } from './patient-list.js';
import { sandboxAudiences, sandboxTokenHandler } from './sandbox-token.js';

/** The page, its script modules and its stylesheet (served as they are: no build step). */
const STATIC_DIR = join(PROJECT_ROOT, 'sandbox', 'web', 'static');
/** Browser builds of the markdown renderer and the sanitiser, served from node_modules (no CDN). */
const MARKED_DIR = join(PROJECT_ROOT, 'node_modules', 'marked', 'lib');
const DOMPURIFY_DIR = join(PROJECT_ROOT, 'node_modules', 'dompurify', 'dist');
const VENDOR_FILES: Readonly<Record<string, string>> = {
  'marked.esm.js': join(MARKED_DIR, 'marked.esm.js'),
  'marked.esm.js.map': join(MARKED_DIR, 'marked.esm.js.map'),
  'purify.es.mjs': join(DOMPURIFY_DIR, 'purify.es.mjs'),
  'purify.es.mjs.map': join(DOMPURIFY_DIR, 'purify.es.mjs.map'),
};
/** The practitioner the simulated EHR is logged in as (context.userId). */
export const SANDBOX_USER_ID = 'Practitioner/sandbox-ehr-clinician';

/** What the EHR page is built from: the composed service, the sandbox's store and its issuer. */
export interface WebRouterContext extends SandboxContext {
  readonly store: CompartmentRepository;
  readonly issuer: SandboxIssuer;
}

/**
 * The EHR simulator (sandbox mode): GET / serves the page; /sandbox-ehr/setup and
 * /sandbox-ehr/patients give it the public URLs, its words in CARD_LOCALE (the `ehr.*` messages of
 * rules/messages/) and the patient list; POST /sandbox-ehr/token
 * signs its JWTs. The page itself does what an EHR does: discovery, prefetch, hook calls, feedback.
 */
export function createWebRouter(ctx: WebRouterContext): Router {
  const router = Router();
  const base = ctx.config.publicBaseUrl;
  const secure = pageSecurityHeaders();
  const locale = ctx.config.cardLocale;
  const messages = loadPageMessages(ctx.config.rulesDir, locale);
  // In the page's language, as the cards' own override reasons are.
  const reasonDisplays = Object.fromEntries(
    ctx.rules.feedbackPolicy.overrideReasons.map((r) => [r.code, r.translations?.[locale] ?? r.display]),
  );
  const audiences = sandboxAudiences(
    base,
    ctx.services.map((s) => s.definition.id),
  );

  router.get('/', secure, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(join(STATIC_DIR, 'index.html'));
  });
  router.use('/static', secure, express.static(STATIC_DIR, { index: false, redirect: false }));
  router.get('/vendor/:file', secure, (req, res, next) => {
    const file = VENDOR_FILES[String(req.params.file)];
    if (!file) return next();
    res.type(file.endsWith('.map') ? 'application/json' : 'text/javascript').sendFile(file);
  });

  router.get('/sandbox-ehr/setup', (_req, res) => {
    res.json({
      publicBaseUrl: base,
      fhirServer: `${base}/fhir`,
      userId: SANDBOX_USER_ID,
      reasonDisplays,
      // Every word the page shows, in CARD_LOCALE: ICU messages the page formats (static/i18n.js).
      locale,
      messages: messages.texts,
    });
  });
  router.get('/sandbox-ehr/patients', async (_req, res) => {
    const list = await listPatients(ctx.store, ctx.rules.valueSets, {
      now: ctx.clock(),
      alcoholGramsPerDrink: ctx.config.alcoholGramsPerDrink,
      messages,
    });
    res.set('Cache-Control', 'no-store').json(list);
  });
  router.post('/sandbox-ehr/token', jsonBody(4096), sandboxTokenHandler(ctx.issuer, audiences));
  return router;
}
