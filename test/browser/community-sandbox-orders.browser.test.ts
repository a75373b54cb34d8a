import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import { launchChromium } from '../../sandbox/chromium.js';
import { startAll } from '../support/start-all.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/*
 * The order hooks (docs/order-hooks.md) called by the community CDS Hooks Sandbox in Chromium,
 * as a clinician trying the service there would: its Rx View page fires order-select when a drug
 * is picked, its Rx Sign page fires order-sign when "Sign Order" is clicked. The Sandbox reads
 * the patient from the embedded sandbox FHIR store, fills the prefetch and signs each call itself.
 */

/**
 * The community Sandbox's build, kept beside the project as CI has it (the path below), or
 * wherever CDS_HOOKS_SANDBOX_DIR points. It is not part of the repository.
 */
const COMMUNITY_SANDBOX =
  process.env['CDS_HOOKS_SANDBOX_DIR'] ?? join(PROJECT_ROOT, '..', 'shared', 'tools', 'cds-hooks-sandbox');
/** A candidate for trial NCT04270656, whom a sulfonylurea or a glitazone would rule out. */
const PATIENT = 'trial-nafld-full-match';
const TRIAL = 'NCT04270656';
const SELECT_SERVICE = 'diabetes-order-select';
const SIGN_SERVICE = 'diabetes-order-sign';
const NO_CARD = 'No recommendations to display';
/** A card, as the Sandbox renders it (a MUI Card whose class names say decision-card). */
const CARD = '[class*="decision-card"]';

/** The part of an order hook request the test reads. */
interface OrderHookBody {
  readonly hook: string;
  readonly context: {
    readonly patientId: string;
    readonly selections?: string[];
    readonly draftOrders: {
      readonly resourceType: string;
      readonly entry?: { readonly resource: { readonly resourceType: string; readonly id?: string } }[];
    };
  };
}

/** The part of a CDS Hooks response the test reads. */
interface CardsBody {
  readonly cards: {
    readonly summary: string;
    readonly suggestions?: {
      readonly label: string;
      readonly actions: { readonly type: string; readonly resourceId?: string }[];
    }[];
  }[];
}

let server: TestServer;
let browser: Browser;
let community: Server;
let communityBase: string;
/** The service the order-sign test calls (see there). */
let signServer: TestServer | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // Missing, the page would load nothing and the test would only time out: say what is missing.
  if (!existsSync(join(COMMUNITY_SANDBOX, 'index.html'))) {
    throw new Error(`the community CDS Hooks Sandbox build is not at ${COMMUNITY_SANDBOX} (set CDS_HOOKS_SANDBOX_DIR)`);
  }
  [server, browser] = await startAll<[TestServer, Browser]>([
    startTestServer({ ownPublicUrl: true, env: { CDS_AUTH: 'off' } }),
    launchChromium(),
  ]);
  const app = express();
  app.use(express.static(COMMUNITY_SANDBOX, { index: 'index.html' }));
  app.use((_req, res) => res.sendFile(join(COMMUNITY_SANDBOX, 'index.html')));
  community = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  communityBase = `http://127.0.0.1:${(community.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  community?.closeAllConnections();
  await new Promise<void>((resolve) => (community ? community.close(() => resolve()) : resolve()));
  await signServer?.close();
  await server?.close();
});

/** A POST to one of our CDS services (not its feedback), optionally only one whose body contains `text`. */
function isHookCall(r: Response, serviceId: string, text?: string): boolean {
  const req = r.request();
  return (
    req.method() === 'POST' &&
    new URL(r.url()).pathname === `/cds-services/${serviceId}` &&
    (text === undefined || (req.postData() ?? '').includes(text))
  );
}

/** Waits for an answered call of `serviceId` (whose body contains `text`, if given); returns what went and came. */
async function hookCall(
  page: Page,
  serviceId: string,
  text?: string,
): Promise<{ body: OrderHookBody; status: number; answer: CardsBody }> {
  const res = await page.waitForResponse((r) => isHookCall(r, serviceId, text), { timeout: 60_000 });
  return {
    body: res.request().postDataJSON() as OrderHookBody,
    status: res.status(),
    answer: (await res.json()) as CardsBody,
  };
}

/** The draft MedicationRequests of a call that name a medication. */
function medicationDrafts(body: OrderHookBody) {
  return (body.context.draftOrders.entry ?? [])
    .map((e) => e.resource)
    .filter((r) => r.resourceType === 'MedicationRequest');
}

/**
 * Opens the Sandbox in a fresh context (it keeps settings in localStorage) on one order page,
 * pointed at `target`'s FHIR store and services.
 */
async function openSandbox(
  hook: 'order-select' | 'order-sign',
  target: TestServer,
  beforeLoad?: (page: Page) => void,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  // Its default services are on the internet, which this machine does not reach: fail them at once.
  await context.route('https://sandbox-services.cds-hooks.org/**', (route) => route.abort());
  const page = await context.newPage();
  const query = new URLSearchParams({
    fhirServiceUrl: `${target.baseUrl}/fhir`,
    serviceDiscoveryURL: `${target.baseUrl}/cds-services`,
    patientId: PATIENT,
    hook,
    screen: hook === 'order-select' ? 'rx-view' : 'rx-sign',
  });
  beforeLoad?.(page);
  await page.goto(`${communityBase}/?${query}`);
  return page;
}

/** Types `typed` in the medication search and picks the first result named `name`. */
async function pickDrug(page: Page, typed: string, name: string): Promise<void> {
  const input = page.locator('input[name="medication-input"]');
  await input.waitFor({ timeout: 60_000 });
  await input.fill(typed);
  const item = page.locator('.MuiListItemButton-root', { hasText: name }).first();
  await item.waitFor({ timeout: 60_000 });
  await item.click();
}

describe('the community CDS Hooks Sandbox calls the order hooks', () => {
  let rxView: Page;

  test('Rx View, glimepiride for the trial candidate: an order-select card names the trial; removing the order clears it', async () => {
    // Waited for from before the page loads: the Sandbox fires order-select as soon as Rx View opens.
    let firstCall: ReturnType<typeof hookCall> | undefined;
    rxView = await openSandbox('order-select', server, (page) => {
      firstCall = hookCall(page, SELECT_SERVICE);
    });
    // On load, a draft with no medication chosen yet: no card.
    const first = await firstCall!;
    expect(first.status).toBe(200);
    expect(first.body.hook).toBe('order-select');
    expect(first.answer.cards).toEqual([]);

    const call = hookCall(rxView, SELECT_SERVICE, '199246');
    await pickDrug(rxView, 'glimepiride 2', 'glimepiride 2 MG Oral Tablet');
    const { body, status, answer } = await call;
    expect(status).toBe(200);
    const [draft, ...others] = medicationDrafts(body);
    expect(others).toHaveLength(0);
    expect(draft?.id).toEqual(expect.any(String));
    expect(body).toMatchObject({
      hook: 'order-select',
      context: {
        patientId: PATIENT,
        selections: [`MedicationRequest/${draft!.id}`],
        draftOrders: { resourceType: 'Bundle' },
      },
    });
    expect(JSON.stringify(body.context.draftOrders)).toContain('glimepiride 2 MG Oral Tablet');
    // Our answer: one card, referral first or removal of this very draft.
    expect(answer.cards).toHaveLength(1);
    const removal = answer.cards[0]!.suggestions?.find((s) => s.label.startsWith('Remove the order'));
    expect(removal?.actions).toEqual([
      expect.objectContaining({ type: 'delete', resourceId: `MedicationRequest/${draft!.id}` }),
    ]);

    // What the Sandbox shows.
    const card = rxView.locator(CARD);
    await card.first().waitFor({ timeout: 60_000 });
    await expect(card.count()).resolves.toBe(1);
    const text = await card.innerText();
    expect(text).toContain(TRIAL);
    expect(text).toContain('glimepiride');
    expect(text).toMatch(/would rule the patient out of trial NCT04270656/);
    const refer = card.getByRole('button', { name: /^Refer to trial NCT04270656 before ordering/ });
    await expect(refer.count()).resolves.toBe(1);
    const remove = card.getByRole('button', { name: /^Remove the order for/ });
    await expect(remove.count()).resolves.toBe(1);

    // Taking the removal: feedback to our service, the drug cleared, order-select again with no drug: no card.
    const feedback = rxView.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url() === `${server.baseUrl}/cds-services/${SELECT_SERVICE}/feedback`,
      { timeout: 60_000 },
    );
    const again = hookCall(rxView, SELECT_SERVICE);
    await remove.click();
    expect((await feedback).status()).toBe(200);
    const cleared = await again;
    expect(cleared.status).toBe(200);
    expect(JSON.stringify(cleared.body.context.draftOrders)).not.toContain('199246');
    expect(cleared.answer.cards).toEqual([]);
    await rxView.getByText(NO_CARD).waitFor({ timeout: 60_000 });
    await expect(rxView.locator(CARD).count()).resolves.toBe(0);
  });

  test('Rx View, then metformin 500 mg, which changes nothing: no card', async () => {
    expect(rxView).toBeDefined();
    const call = hookCall(rxView, SELECT_SERVICE, '861007');
    await pickDrug(rxView, 'metformin 500', 'metformin hydrochloride 500 MG Oral Tablet');
    const { body, status, answer } = await call;
    expect(status).toBe(200);
    const [draft] = medicationDrafts(body);
    expect(body.context.selections).toEqual([`MedicationRequest/${draft!.id}`]);
    expect(answer.cards).toEqual([]);
    await rxView.getByText(NO_CARD).waitFor({ timeout: 60_000 });
    await expect(rxView.locator(CARD).count()).resolves.toBe(0);
  });

  test('Rx Sign, pioglitazone 30 mg: Sign Order calls order-sign, whose card names the trial', async () => {
    // A service of its own: taking "Remove the order" above was accepted feedback on the trial
    // card, which holds the trial's card back for this patient across hooks (docs/order-hooks.md).
    signServer = await startTestServer({ ownPublicUrl: true, env: { CDS_AUTH: 'off' } });
    const page = await openSandbox('order-sign', signServer);
    const sent: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().startsWith(`${signServer!.baseUrl}/cds-services/`)) {
        sent.push(req.url());
      }
    });
    await pickDrug(page, 'pioglitazone 30', 'pioglitazone 30 MG Oral Tablet');
    // Picking a drug on Rx Sign calls nothing: order-sign waits for the button.
    const call = hookCall(page, SIGN_SERVICE, '312440');
    await page.getByRole('button', { name: 'Sign Order' }).click();
    const { body, status, answer } = await call;
    expect(status).toBe(200);
    expect(sent).toEqual([`${signServer.baseUrl}/cds-services/${SIGN_SERVICE}`]);
    expect(body.hook).toBe('order-sign');
    expect(body.context.patientId).toBe(PATIENT);
    expect(body.context.selections).toBeUndefined();
    expect(body.context.draftOrders.resourceType).toBe('Bundle');
    expect(medicationDrafts(body)).toHaveLength(1);
    expect(answer.cards).toHaveLength(1);

    const card = page.locator(CARD);
    await card.first().waitFor({ timeout: 60_000 });
    await expect(card.count()).resolves.toBe(1);
    const text = await card.innerText();
    expect(text).toContain(TRIAL);
    expect(text.toLowerCase()).toContain('pioglitazone');
  });
});
