import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { PROJECT_ROOT } from '../config/project-paths.js';
import type { AppConfig, AppDeps } from './deps.js';
import { jsonBody } from './json-body.js';
import { evaluateHandler, questionnaireUrl, type EvaluateConfig } from './eligibility-evaluate.js';
import { CdsError } from './errors.js';

/** Where the app is served, under the service's public base URL. */
export const ELIGIBILITY_APP_PATH = '/apps/eligibility';
/** The SMART client id the app uses: the sandbox EHR registers it, a production EHR must too (docs/smart-app.md). */
export const ELIGIBILITY_APP_CLIENT_ID = 'eligibility-checklist';

/**
 * What the app asks the EHR for (docs/smart-app.md): the patient in context, read access to what
 * the trial criteria read, and the right to write its referral and the answers (search and read
 * too, to find the draft a second send updates). An EHR may grant less; the app then shows the
 * referral as a draft to copy. The app reads this list from `launch.json`, so it exists once.
 */
export const ELIGIBILITY_APP_SCOPES: readonly string[] = [
  'launch',
  'openid',
  'fhirUser',
  ...[
    'Patient',
    'Condition',
    'Observation',
    'MedicationRequest',
    'MedicationStatement',
    'Medication',
    'Procedure',
    'DiagnosticReport',
    'Device',
    'DeviceUseStatement',
    'DeviceRequest',
    'ResearchSubject',
    'ResearchStudy',
  ].map((type) => `patient/${type}.rs`),
  'patient/ServiceRequest.crus',
  'patient/QuestionnaireResponse.crus',
];

/** The app's pages, script and stylesheet, served as they are (no build step). */
const STATIC_DIR = join(PROJECT_ROOT, 'apps', 'eligibility');
/** fhirclient's browser build (the global `FHIR`), served from node_modules: no CDN. */
const FHIR_CLIENT_BUILD = join(PROJECT_ROOT, 'node_modules', 'fhirclient', 'build', 'fhir-client.pure.min.js');
/** The prefix of the app's words in rules/messages/<locale>.json. */
const APP_PREFIX = 'app.';

/**
 * The app's Content-Security-Policy: its own scripts and styles only, nothing inline; it may
 * call any FHIR server (the EHR's `iss`, checked by the EHR's own CORS) and this service.
 */
const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  'connect-src *',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const secure: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  next();
};

/** The app's words in the configured locale: the `app.` keys of the catalogue, checked at start-up. */
function appMessages(rulesDir: string, locale: string): Record<string, string> {
  const all = JSON.parse(readFileSync(join(rulesDir, 'messages', `${locale}.json`), 'utf8')) as Record<string, string>;
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(APP_PREFIX)));
}

/** What the router reads of the config. */
export type EligibilityAppConfig = EvaluateConfig & Pick<AppConfig, 'cardLocale' | 'rulesDir' | 'bodyLimitBytes'>;

/** GET the checklist of a trial as a FHIR Questionnaire, in CARD_LOCALE (services/eligibility-questionnaire.ts). */
function questionnaireHandler(config: EligibilityAppConfig, deps: AppDeps): RequestHandler {
  const service = deps.services.find((s) => s.questionnaire !== undefined);
  return (req, res) => {
    const trialId = String(req.params['trialId']);
    const url = questionnaireUrl(config.eligibilityAppUrl ?? '', trialId);
    const questionnaire = service?.questionnaire?.(trialId, url);
    if (!questionnaire) {
      throw new CdsError('not-found', { message: `no trial ${trialId} in the catalogue`, field: 'trialId' });
    }
    res.set('Cache-Control', 'no-cache').type('application/fhir+json').send(JSON.stringify(questionnaire));
  };
}

/**
 * The eligibility-checklist SMART app (docs/smart-app.md), served by the service:
 * - `GET /apps/eligibility/launch.html` and `index.html`: the EHR launch and the app, built on
 *   fhirclient (`/apps/eligibility/vendor/fhir-client.js`);
 * - `GET /apps/eligibility/messages.json`: its words in CARD_LOCALE;
 * - `GET /apps/eligibility/launch.json`: the client id and scopes it authorizes with;
 * - `GET /apps/eligibility/questionnaire/<trial id>`: the trial's checklist as a FHIR
 *   Questionnaire, which the app's QuestionnaireResponses name;
 * - `POST /apps/eligibility/evaluate`: the trial's whole checklist for the patient, read with the
 *   app's SMART token (hooks/eligibility-evaluate.ts).
 */
export function eligibilityAppRoutes(config: EligibilityAppConfig, deps: AppDeps): Router {
  const router = Router();
  const messages = JSON.stringify({
    locale: config.cardLocale,
    messages: appMessages(config.rulesDir, config.cardLocale),
  });

  router.get(`${ELIGIBILITY_APP_PATH}/vendor/fhir-client.js`, secure, (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').sendFile(FHIR_CLIENT_BUILD);
  });
  router.get(`${ELIGIBILITY_APP_PATH}/messages.json`, (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('application/json').send(messages);
  });
  const launch = JSON.stringify({ clientId: ELIGIBILITY_APP_CLIENT_ID, scope: ELIGIBILITY_APP_SCOPES.join(' ') });
  router.get(`${ELIGIBILITY_APP_PATH}/launch.json`, (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('application/json').send(launch);
  });
  router.get(ELIGIBILITY_APP_PATH, (_req, res) => res.redirect(301, `${ELIGIBILITY_APP_PATH}/index.html`));
  router.use(
    ELIGIBILITY_APP_PATH,
    secure,
    express.static(STATIC_DIR, {
      index: 'index.html',
      redirect: false,
      setHeaders: (res) => res.set('Cache-Control', 'no-cache'),
    }),
  );

  router.get(`${ELIGIBILITY_APP_PATH}/questionnaire/:trialId`, questionnaireHandler(config, deps));
  router.post(`${ELIGIBILITY_APP_PATH}/evaluate`, jsonBody(config.bodyLimitBytes), evaluateHandler(config, deps));
  return router;
}
