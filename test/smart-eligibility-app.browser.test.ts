import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import type { Bundle, QuestionnaireResponse, ServiceRequest } from 'fhir/r4.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { launchChromium } from '../sandbox/chromium.js';
import { startAll } from './support/start-all.js';
import { startLaunch } from './support/smart-app.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/*
 * The eligibility-checklist SMART app in Chromium (docs/smart-app.md), launched as a clinician
 * launches it: from the trial card's SMART link on the project's EHR page, and from the community
 * CDS Hooks Sandbox pointed at the sandbox FHIR server. The clinician answers every item to
 * confirm and sends the referral; the test then reads what was written in the FHIR store.
 */

/**
 * The community Sandbox's build, kept beside the project as CI has it (the path below), or
 * wherever CDS_HOOKS_SANDBOX_DIR points. It is not part of the repository.
 */
const COMMUNITY_SANDBOX =
  process.env['CDS_HOOKS_SANDBOX_DIR'] ?? join(PROJECT_ROOT, '..', 'shared', 'tools', 'cds-hooks-sandbox');
const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');
const TRIAL = 'NCT04270656';
const ANSWER_SYSTEM = 'https://github.com/diabetes-cds-hooks/eligibility-answer';

let server: TestServer;
let browser: Browser;
let fhirBase: string;

beforeAll(async () => {
  [server, browser] = await startAll<[TestServer, Browser]>([
    startTestServer({ ownPublicUrl: true, page: true, env: { CDS_AUTH: 'off' } }),
    launchChromium(),
  ]);
  fhirBase = `${server.baseUrl}/fhir`;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function fhirGet<T>(path: string): Promise<T> {
  const res = await fetch(`${fhirBase}/${path}`, { headers: { accept: 'application/fhir+json' } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** The referrals to the trial's study team on file for the patient. */
async function referrals(patient: string): Promise<ServiceRequest[]> {
  const bundle = await fhirGet<Bundle>(`ServiceRequest?patient=${patient}`);
  return (bundle.entry ?? [])
    .map((e) => e.resource as ServiceRequest)
    .filter((r) => r.identifier?.some((i) => i.system === 'https://clinicaltrials.gov' && i.value === TRIAL));
}

/** Waits for the app in `app` to show its checklist; returns the ids of the items to confirm. */
async function checklistShown(app: Page): Promise<string[]> {
  await app.waitForURL(/\/apps\/eligibility\/index\.html/, { timeout: 60_000 });
  await app.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  const items = await app
    .locator('fieldset.answer')
    .evaluateAll((sets) => sets.map((s) => s.getAttribute('data-criterion-id') ?? ''));
  expect(items.length).toBeGreaterThan(0);
  // Every criterion of the trial is listed with its status.
  const statuses = await app.locator('li.criterion').evaluateAll((li) => li.map((l) => l.getAttribute('data-status')));
  expect(statuses.length).toBeGreaterThan(items.length);
  expect(new Set(statuses)).toContain('met');
  expect(new Set(statuses)).toContain('unknown');
  return items;
}

/**
 * What a clinician who checked with the patient would answer: each inclusion item holds ("met")
 * and each exclusion does not ("not-met"), the answers of a patient who can be referred.
 */
async function plausibleAnswers(app: Page): Promise<string[]> {
  const types = await app
    .locator('fieldset.answer')
    .evaluateAll((sets) => sets.map((s) => s.getAttribute('data-type')));
  expect(new Set(types)).toEqual(new Set(['inclusion', 'exclusion']));
  return types.map((type) => (type === 'exclusion' ? 'not-met' : 'met'));
}

/** Answers each item with the answer `answerOf` gives it. */
async function answer(app: Page, items: readonly string[], answerOf: (i: number) => string): Promise<void> {
  for (const [i, id] of items.entries()) await app.locator(`#answer-${id}-${answerOf(i)}`).check();
}

/** Sends, and waits for the app to say so; returns the ids it wrote. */
async function send(app: Page, expected: 'saved' | 'updated'): Promise<{ sr: string; qr: string }> {
  await app.locator('#send-button').click();
  const status = app.locator(`#send-status[data-state="${expected}"]`);
  await status.waitFor({ timeout: 60_000 });
  return {
    sr: (await status.getAttribute('data-service-request'))!,
    qr: (await status.getAttribute('data-questionnaire-response'))!,
  };
}

/** Checks the referral and the answers in the store. */
async function expectWritten(patient: string, items: readonly string[], answers: readonly string[]) {
  const [sr, ...others] = await referrals(patient);
  expect(others).toHaveLength(0);
  expect(sr).toMatchObject({ status: 'draft', intent: 'proposal', subject: { reference: `Patient/${patient}` } });
  const qrRef = sr!.supportingInfo?.[0]?.reference ?? '';
  expect(qrRef).toMatch(/^QuestionnaireResponse\//);
  const qr = await fhirGet<QuestionnaireResponse>(qrRef);
  expect(qr.subject?.reference).toBe(`Patient/${patient}`);
  // The answers name the trial's published Questionnaire, at the version they answered.
  expect(qr.questionnaire).toMatch(new RegExp(`/apps/eligibility/questionnaire/${TRIAL}\\|[0-9a-f]{12}$`));
  expect(qr.item?.map((i) => i.linkId)).toEqual(items);
  expect(qr.item?.map((i) => i.answer?.[0]?.valueCoding)).toEqual(
    answers.map((code) => expect.objectContaining({ system: ANSWER_SYSTEM, code })),
  );
  return { sr: sr!, qr };
}

/** Saves a screenshot of the top of the app, and copies it to docs/images/ for docs/smart-app.md. */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, clip: { x: 0, y: 0, width: 1100, height: 1400 }, fullPage: true });
  copyFileSync(path, join(PROJECT_ROOT, 'docs', 'images', name));
}

describe('launched from the EHR page', () => {
  const PATIENT = 'trial-nafld-full-match';
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  test('the card link launches the app; answers are written; a second send updates the same referral', async () => {
    expect(await referrals(PATIENT)).toHaveLength(0);
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/?patient=${PATIENT}`);
    const link = page.locator('article.card[data-service-id="trial-referral"] a[data-smart-launch]');
    await link.waitFor({ timeout: 60_000 });
    const [app] = await Promise.all([context.waitForEvent('page'), link.click()]);

    const items = await checklistShown(app);
    await expect(app.locator('#send-button').isDisabled()).resolves.toBe(true);
    const first = await plausibleAnswers(app);
    await answer(app, items, (i) => first[i]!);
    await shot(app, 'eligibility-app-en.png');
    const written = await send(app, 'saved');
    const stored = await expectWritten(PATIENT, items, first);
    expect(stored.sr.id).toBe(written.sr);
    expect(stored.qr.id).toBe(written.qr);

    // The clinician corrects an answer and sends again: the same referral and answers, updated.
    const second = first.map((a, i) => (i === items.length - 1 ? 'not-applicable' : a));
    await answer(app, items, (i) => second[i]!);
    const again = await send(app, 'updated');
    expect(again).toEqual(written);
    const updated = await expectWritten(PATIENT, items, second);
    expect(updated.sr.meta?.versionId).not.toBe(stored.sr.meta?.versionId);

    // Opened again (a reload keeps the session): the answers on file are shown, and a send updates them.
    await app.reload();
    await app.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await app.locator('#send-status[data-state="resumed"]').waitFor();
    for (const [i, id] of items.entries()) {
      await expect(app.locator(`#answer-${id}-${second[i]!}`).isChecked()).resolves.toBe(true);
    }
    await expect(send(app, 'updated')).resolves.toEqual(written);
    await expectWritten(PATIENT, items, second);
  });
});

describe('launched from the community CDS Hooks Sandbox', () => {
  const PATIENT = 'trial-nafld-imaging-degludec';
  let community: Server;
  let context: BrowserContext;

  beforeAll(async () => {
    // Missing, the page would load nothing and the test would only time out: say what is missing.
    if (!existsSync(join(COMMUNITY_SANDBOX, 'index.html'))) {
      throw new Error(
        `the community CDS Hooks Sandbox build is not at ${COMMUNITY_SANDBOX} (set CDS_HOOKS_SANDBOX_DIR)`,
      );
    }
    const app = express();
    app.use(express.static(COMMUNITY_SANDBOX, { index: 'index.html' }));
    app.use((_req, res) => res.sendFile(join(COMMUNITY_SANDBOX, 'index.html')));
    community = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
  });
  afterAll(async () => {
    await context?.close();
    community?.closeAllConnections();
    await new Promise<void>((resolve) => (community ? community.close(() => resolve()) : resolve()));
  });

  test('its Launch call opens the app for the patient and the trial; answers are written', async () => {
    const port = (community.address() as AddressInfo).port;
    const launches: unknown[] = [];
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('request', (req) => {
      if (req.url() === `${fhirBase}/_services/smart/Launch`) launches.push(req.postDataJSON());
    });
    const query = new URLSearchParams({
      fhirServiceUrl: fhirBase,
      serviceDiscoveryURL: `${server.baseUrl}/cds-services`,
      patientId: PATIENT,
      hook: 'patient-view',
    });
    await page.goto(`http://127.0.0.1:${port}/?${query}`);
    // The card's SMART link, as the Sandbox renders it (trial.linkApp of rules/messages/en.json).
    const smart = page.getByText(`Eligibility checklist for ${TRIAL}`).first();
    await smart.waitFor({ timeout: 60_000 });
    const [app] = await Promise.all([context.waitForEvent('page', { timeout: 60_000 }), smart.click()]);

    expect(launches).toEqual([
      expect.objectContaining({
        launchUrl: `${server.baseUrl}/apps/eligibility/launch.html`,
        parameters: expect.objectContaining({ patient: PATIENT, appContext: JSON.stringify({ trialId: TRIAL }) }),
      }),
    ]);
    const items = await checklistShown(app);
    const answers = items.map((_, i) => (i % 2 === 0 ? 'met' : 'not-met'));
    await answer(app, items, (i) => answers[i]!);
    await send(app, 'saved');
    await expectWritten(PATIENT, items, answers);
  });
});

describe('in French, with an EHR that grants no write scope', () => {
  const PATIENT = 'trial-nafld-full-match';
  let fr: TestServer;
  let context: BrowserContext;

  beforeAll(async () => {
    fr = await startTestServer({ ownPublicUrl: true, env: { CDS_AUTH: 'off', CARD_LOCALE: 'fr' } });
  });
  afterAll(async () => {
    await context?.close();
    await fr?.close();
  });

  test('the app speaks French, and shows the referral as a draft to copy instead of writing it', async () => {
    const frFhir = `${fr.baseUrl}/fhir`;
    context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'fr-FR' });
    // The EHR grants read scopes only: the token response's scope loses the write scopes.
    await context.route('**/sandbox-ehr/smart/token', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { scope: string };
      body.scope = body.scope
        .split(' ')
        .filter((s) => !/^patient\/(ServiceRequest|QuestionnaireResponse)\./.test(s))
        .join(' ');
      await route.fulfill({ response, json: body });
    });
    const launchUrl = `${fr.baseUrl}/apps/eligibility/launch.html`;
    const { body } = await startLaunch(
      frFhir,
      { patient: PATIENT, appContext: JSON.stringify({ trialId: TRIAL }) },
      launchUrl,
    );
    const app = await context.newPage();
    await app.goto(`${launchUrl}?${new URLSearchParams({ launch: String(body.launch_id), iss: frFhir })}`);

    const items = await checklistShown(app);
    await expect(app.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(app.locator('#send-button').textContent()).resolves.toBe('Envoyer la demande à l’équipe de l’étude');
    await expect(app.locator('li.criterion[data-status="met"] .badge').first().textContent()).resolves.toBe('Rempli');
    const answers = await plausibleAnswers(app);
    await answer(app, items, (i) => answers[i]!);
    await shot(app, 'eligibility-app-fr.png');
    await app.locator('#send-button').click();
    await app.locator('#send-status[data-state="draft"]').waitFor({ timeout: 60_000 });
    const draft = JSON.parse(await app.locator('#draft-json').inputValue()) as Bundle;
    const [qrEntry, srEntry] = draft.entry ?? [];
    expect(srEntry?.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      supportingInfo: [{ reference: qrEntry?.fullUrl }],
    });
    expect((qrEntry?.resource as QuestionnaireResponse).item?.map((i) => i.linkId)).toEqual(items);
    // Nothing was written.
    const res = await fetch(`${frFhir}/ServiceRequest?patient=${PATIENT}`);
    expect(((await res.json()) as Bundle).entry ?? []).toHaveLength(0);
  });
});
