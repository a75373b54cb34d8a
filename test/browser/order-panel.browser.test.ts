import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import { launchChromium } from '../../sandbox/chromium.js';
import { startAll } from '../support/start-all.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');
/** A candidate for trial NCT04270656, whom a sulfonylurea would rule out. */
const TRIAL_CANDIDATE = 'trial-nafld-full-match';
/** Basal insulin only, HbA1c 8.9 %: three meal doses would start multiple daily injections. */
const BASAL_ONLY = 'pump-negative-basal-only';
const TRIAL = 'NCT04270656';
const SELECT_SERVICE = 'diabetes-order-select';
const SIGN_SERVICE = 'diabetes-order-sign';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** A draft MedicationRequest as the page sends it. */
interface Draft {
  readonly resourceType: string;
  readonly id: string;
  readonly [field: string]: unknown;
}

/** The part of an order hook request the test reads. */
interface OrderHookBody {
  readonly hook: string;
  readonly prefetch?: Record<string, unknown>;
  readonly fhirAuthorization?: unknown;
  readonly context: {
    readonly userId: string;
    readonly patientId: string;
    readonly selections?: string[];
    readonly draftOrders: { readonly resourceType: string; readonly entry: { readonly resource: Draft }[] };
  };
}

let server: TestServer;
let browser: Browser;
let page: Page;
const consoleProblems: string[] = [];

async function shot(name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

/** The cards of one order service, in the order panel. */
function orderCard(serviceId: string) {
  return page.locator(`#order-cards article.card[data-service-id="${serviceId}"]`);
}

/** The ids of the drafts listed in the panel. */
function draftIds(): Promise<string[]> {
  return page.locator('#draft-list .draft-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-draft-id')!));
}

/** Waits for the next POST to a CDS service path, and resolves to its request body and answer status. */
async function nextHookCall(serviceId: string): Promise<{ body: OrderHookBody; status: number }> {
  const res = await page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/cds-services/${serviceId}`,
  );
  return { body: res.request().postDataJSON() as OrderHookBody, status: res.status() };
}

/** Waits until the order status line is no longer the "Calling…" one, and returns it. */
async function orderStatus(): Promise<string> {
  await page.waitForFunction(() => {
    const text = document.querySelector('#order-status')?.textContent ?? '';
    return text !== '' && !text.startsWith('Calling');
  });
  return page.locator('#order-status').innerText();
}

/** Opens a patient's chart and waits until patient-view has answered and the order panel shows. */
async function openChart(patientId: string): Promise<void> {
  await page.click(`button.patient-open[data-patient-id="${patientId}"]`);
  await page.waitForSelector('#orders:not([hidden])');
  await page.waitForSelector('#fire-again:not([disabled])');
  await expect(page.locator('#draft-list .draft-item').count()).resolves.toBe(0);
  await expect(page.locator('#order-cards article.card').count()).resolves.toBe(0);
}

/** Picks a drug of the built-in list and adds it; resolves to the order-select request. */
async function addOrder(drugValue: string, dose?: number, times?: number): Promise<OrderHookBody> {
  await page.selectOption('#order-drug', drugValue);
  if (dose !== undefined) await page.fill('#order-dose', String(dose));
  if (times !== undefined) await page.fill('#order-times', String(times));
  const call = nextHookCall(SELECT_SERVICE);
  await page.click('#order-add');
  const { body, status } = await call;
  expect(status).toBe(200);
  return body;
}

beforeAll(async () => {
  [server, browser] = await startAll<[TestServer, Browser]>([
    startTestServer({ ownPublicUrl: true, page: true, env: { CDS_AUTH: 'optional' } }),
    launchChromium(),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') consoleProblems.push(msg.text());
  });
  page.on('pageerror', (err) => consoleProblems.push(err.message));
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the order panel of the EHR page, in chromium', () => {
  test('is hidden until a chart is open, then offers the drug list, a typed name, a dose and times a day', async () => {
    await expect(page.locator('#orders').isHidden()).resolves.toBe(true);
    await openChart(TRIAL_CANDIDATE);
    await expect(page.locator('#orders-title').innerText()).resolves.toBe('Orders');
    const options = await page.locator('#order-drug option').allInnerTexts();
    expect(options[0]).toBe('Choose a drug…');
    expect(options).toEqual(
      expect.arrayContaining(['Humalog KwikPen 100 units/mL', 'glimepiride 2 mg tablet', 'amlodipine 10 mg tablet']),
    );
    // Every control has a label.
    for (const id of ['order-drug', 'order-text', 'order-dose', 'order-times']) {
      await expect(page.locator(`label[for="${id}"]`).innerText()).resolves.not.toBe('');
    }
    await expect(page.locator('#order-sign').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#drafts-empty').innerText()).resolves.toBe('No draft order yet.');
  });

  test('amlodipine for a trial candidate: order-select is fired and answers no card, as the status line says', async () => {
    const body = await addOrder('amlodipine');
    expect(body.hook).toBe('order-select');
    const [draft] = await draftIds();
    expect(draft).toMatch(/^draft-1-[0-9a-f]{8}$/);
    expect(body.context.selections).toEqual([`MedicationRequest/${draft}`]);
    expect(await orderStatus()).toBe('order-select: no card from 1 service.');
    await expect(page.locator('#order-cards article.card').count()).resolves.toBe(0);
  });

  test('glimepiride for the trial candidate: the order-select card names the trial and offers to remove the draft', async () => {
    const body = await addOrder('glimepiride');
    const ids = await draftIds();
    expect(ids).toHaveLength(2);
    const glimepiride = ids[1]!;
    expect(glimepiride).toMatch(/^draft-2-[0-9a-f]{8}$/);
    // The request an EHR sends: the new draft selected, every draft in draftOrders, prefetch and token as on patient-view.
    expect(body).toMatchObject({
      hook: 'order-select',
      fhirServer: `${server.baseUrl}/fhir`,
      fhirAuthorization: { token_type: 'Bearer', access_token: expect.any(String) },
      context: {
        userId: expect.stringMatching(/^Practitioner\//),
        patientId: TRIAL_CANDIDATE,
        selections: [`MedicationRequest/${glimepiride}`],
        draftOrders: { resourceType: 'Bundle', type: 'collection' },
      },
    });
    expect(body.prefetch?.patient).toMatchObject({ resourceType: 'Patient', id: TRIAL_CANDIDATE });
    expect(body.context.draftOrders.entry.map((e) => e.resource.id)).toEqual(ids);
    expect(body.context.draftOrders.entry[1]!.resource).toEqual({
      resourceType: 'MedicationRequest',
      id: glimepiride,
      status: 'draft',
      intent: 'order',
      subject: { reference: `Patient/${TRIAL_CANDIDATE}` },
      medicationCodeableConcept: {
        coding: [{ system: RXNORM, code: '199246', display: 'glimepiride 2 MG Oral Tablet' }],
        text: 'glimepiride 2 mg tablet',
      },
      dosageInstruction: [
        {
          text: '1 tablet, once a day',
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
          doseAndRate: [
            { doseQuantity: { value: 1, unit: 'tablet', system: 'http://unitsofmeasure.org', code: '{tbl}' } },
          ],
        },
      ],
    });

    const card = orderCard(SELECT_SERVICE);
    await card.waitFor();
    await expect(page.locator('#order-cards article.card').count()).resolves.toBe(1);
    await expect(card.locator('.card-summary').innerText()).resolves.toContain(TRIAL);
    const remove = card.locator('button.suggestion', { hasText: 'Remove the order for' });
    await expect(remove.count()).resolves.toBe(1);
    expect(await orderStatus()).toBe('order-select: 1 card from 1 service.');
    await shot('order-01-trial-card.png');

    // Accepting the removal deletes the draft it names, and sends accepted feedback as any card does.
    const feedback = page.waitForResponse((r) => r.url().endsWith(`/cds-services/${SELECT_SERVICE}/feedback`));
    await remove.click();
    expect((await feedback).status()).toBe(200);
    await page.waitForFunction(
      (id) => !document.querySelector(`#draft-list .draft-item[data-draft-id="${id}"]`),
      glimepiride,
    );
    expect(await draftIds()).toEqual([ids[0]]);
    await expect(card.locator('.card-outcome').innerText()).resolves.toContain(
      `Resource: MedicationRequest/${glimepiride}`,
    );
    await expect(page.locator('#order-status').innerText()).resolves.toBe(
      'Draft order for glimepiride 2 mg tablet removed.',
    );
  });

  test('a draft is removed from the list with its own button', async () => {
    const [amlodipine] = await draftIds();
    await expect(
      page.locator(`#draft-list .draft-remove[data-draft-id="${amlodipine}"]`).getAttribute('aria-label'),
    ).resolves.toBe('Remove the draft order for amlodipine 10 mg tablet');
    await page.click(`#draft-list .draft-remove[data-draft-id="${amlodipine}"]`);
    expect(await draftIds()).toEqual([]);
    await expect(page.locator('#drafts-empty').isVisible()).resolves.toBe(true);
    await expect(page.locator('#order-sign').isDisabled()).resolves.toBe(true);
  });

  test('Humalog 8 units 3 times a day for a patient on basal insulin alone: Sign brings the card before adding injections', async () => {
    await openChart(BASAL_ONLY);
    const selected = await addOrder('humalog-kwikpen', 8, 3);
    await orderStatus();
    const [draft] = await draftIds();
    expect(selected.context.patientId).toBe(BASAL_ONLY);
    await expect(page.locator('#draft-list .draft-item').innerText()).resolves.toContain(
      'Humalog KwikPen 100 units/mL · 8 units, 3 times a day',
    );

    const call = nextHookCall(SIGN_SERVICE);
    await page.click('#order-sign');
    const { body, status } = await call;
    expect(status).toBe(200);
    expect(body.hook).toBe('order-sign');
    expect(body.context).not.toHaveProperty('selections');
    expect(body.context.draftOrders.entry.map((e) => e.resource)).toEqual([
      expect.objectContaining({
        id: draft,
        medicationCodeableConcept: expect.objectContaining({
          coding: [
            { system: RXNORM, code: '1652640', display: '3 ML insulin lispro 100 UNT/ML Pen Injector [Humalog]' },
          ],
        }),
        dosageInstruction: [
          {
            text: '8 units, 3 times a day',
            timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd' } },
            doseAndRate: [{ doseQuantity: { value: 8, unit: 'U', system: 'http://unitsofmeasure.org', code: '[iU]' } }],
          },
        ],
      }),
    ]);

    const card = orderCard(SIGN_SERVICE);
    await card.waitFor();
    await expect(card.locator('.card-summary').innerText()).resolves.toContain('before adding injections');
    expect(await orderStatus()).toBe('order-sign: 1 card from 1 service.');

    // Accepting the referral shows the ServiceRequest the EHR would draft; the order stays.
    const feedback = page.waitForResponse((r) => r.url().endsWith(`/cds-services/${SIGN_SERVICE}/feedback`));
    await card.locator('button.suggestion').first().click();
    expect((await feedback).status()).toBe(200);
    const shown = JSON.parse(await card.locator('.card-outcome pre.action-resource').innerText()) as unknown;
    expect(shown).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      subject: { reference: `Patient/${BASAL_ONLY}` },
    });
    expect(await draftIds()).toEqual([draft]);
    await shot('order-02-escalation-card.png');
  });

  test('a drug typed by name is ordered as text alone', async () => {
    await page.fill('#order-text', 'gliclazide 30 mg modified-release tablet');
    await expect(page.locator('#order-drug').inputValue()).resolves.toBe('');
    await page.fill('#order-dose', '1');
    await page.fill('#order-times', '1');
    const call = nextHookCall(SELECT_SERVICE);
    await page.click('#order-add');
    const { body } = await call;
    const typed = body.context.draftOrders.entry.at(-1)!.resource;
    expect(typed.medicationCodeableConcept).toEqual({ text: 'gliclazide 30 mg modified-release tablet' });
    await orderStatus();
  });

  test('nothing went wrong in the console', () => {
    expect(consoleProblems).toEqual([]);
  });
});
