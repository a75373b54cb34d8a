import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Browser, Page, Request } from 'playwright-core';
import { DEFAULT_RULES_DIR, PROJECT_ROOT } from '../../config/project-paths.js';
import { loadFeedbackPolicy, overrideReasonsFor } from '../../rules/feedback-policy.js';
import { launchChromium } from '../../sandbox/chromium.js';
import { startAll } from '../support/start-all.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');
const POSITIVE = 'pump-positive-main';
const POLICY = loadFeedbackPolicy(DEFAULT_RULES_DIR);
const reasonDisplays = (kind: 'pump-evaluation' | 'trial-referral') =>
  overrideReasonsFor(POLICY, kind).map((r) => r.display);
/** The reason the test dismisses the trial card with (any of the trial card's reasons would do). */
const DISMISS_REASON = overrideReasonsFor(POLICY, 'trial-referral').at(-1)!;
const TRIAL = 'NCT04270656';

/** What the page POSTed: a hook request or a feedback request. */
interface SentBody {
  readonly prefetch?: Record<string, unknown>;
  readonly fhirAuthorization?: { readonly access_token: string };
  readonly [field: string]: unknown;
}

interface CapturedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: SentBody;
}

/** The part of a hook response the test reads. */
interface CardsAnswer {
  readonly cards: { readonly suggestions: { readonly actions: { readonly resource?: unknown }[] }[] }[];
}

let server: TestServer;
let browser: Browser;
let page: Page;
const calls: CapturedCall[] = [];
const responses = new Map<Request, CardsAnswer>();
const requestedUrls: string[] = [];
const consoleProblems: string[] = [];
const dialogs: string[] = [];

/** Saves a screenshot of the viewport; `height` crops it (the README's image leaves out the call timings). */
async function shot(name: string, height?: number): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, ...(height ? { clip: { x: 0, y: 0, width: 1280, height } } : {}) });
  return path;
}

function card(serviceId: string) {
  return page.locator(`article.card[data-service-id="${serviceId}"]`);
}

function cdsCalls(path: string): CapturedCall[] {
  return calls.filter((c) => c.method === 'POST' && new URL(c.url).pathname === path);
}

beforeAll(async () => {
  [server, browser] = await startAll<[TestServer, Browser]>([
    startTestServer({ ownPublicUrl: true, page: true, env: { CDS_AUTH: 'optional' } }),
    launchChromium(),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('request', (req) => {
    requestedUrls.push(req.url());
    if (req.method() === 'POST') {
      calls.push({
        url: req.url(),
        method: req.method(),
        headers: req.headers(),
        body: req.postDataJSON() as SentBody,
      });
    }
  });
  page.on('response', (res) => {
    if (res.request().method() === 'POST') {
      res.json().then(
        (body) => responses.set(res.request(), body as CardsAnswer),
        () => undefined,
      );
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') consoleProblems.push(msg.text());
  });
  page.on('pageerror', (err) => consoleProblems.push(err.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('EHR page in chromium', () => {
  test('lists the sandbox patients with name, age and key findings', async () => {
    const ids = server.composition.sandbox!.store.patientIds();
    await expect(page.locator('.patient-item').count()).resolves.toBe(ids.length);
    const item = page.locator(`.patient-item[data-patient-id="${POSITIVE}"]`);
    const text = (await item.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Gérard Essai-Pompe');
    expect(text).toContain('58 y');
    expect(text).toMatch(/T2D yes/);
    expect(text).toMatch(/Insulin MDI: basal \+ 3 prandial injections\/day/);
    expect(text).toMatch(/HbA1c 8\.9 % \(\d{4}-\d{2}-\d{2}\)/);
    expect(text).toMatch(/NAFLD yes/);
    await shot('01-patient-list.png');
  });

  test('opening a positive patient fires patient-view at every discovered service, as an EHR does', async () => {
    await page.click(`button.patient-open[data-patient-id="${POSITIVE}"]`);
    await card('pump-evaluation').waitFor();
    await card('trial-referral').waitFor();

    const all = (await (await fetch(`${server.baseUrl}/cds-services`)).json()) as {
      services: { id: string; hook: string; prefetch: Record<string, string> }[];
    };
    // Opening a chart fires patient-view; the order services wait for an order.
    const discovery = { services: all.services.filter((s) => s.hook === 'patient-view') };
    expect(discovery.services.map((s) => s.id)).toEqual(['pump-evaluation', 'trial-referral']);
    expect(calls.filter((c) => new URL(c.url).pathname.startsWith('/cds-services/diabetes-order-'))).toEqual([]);
    const jwks = (await (await fetch(`${server.baseUrl}/sandbox-ehr/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    for (const service of discovery.services) {
      const [call] = cdsCalls(`/cds-services/${service.id}`);
      expect(call).toBeDefined();
      const audience = `${server.baseUrl}/cds-services/${service.id}`;
      expect(call!.url).toBe(audience);
      // ES384 JWT from the sandbox issuer, for this exact service URL.
      const jwt = call!.headers.authorization!.replace(/^Bearer /, '');
      const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
        issuer: `${server.baseUrl}/sandbox-ehr`,
        audience,
        currentDate: new Date(decodeJwt(jwt).iat! * 1000),
      });
      expect(protectedHeader.alg).toBe('ES384');
      expect(payload.jti).toEqual(expect.any(String));
      const body = call!.body;
      expect(body).toMatchObject({
        hook: 'patient-view',
        hookInstance: expect.stringMatching(/^[0-9a-f-]{36}$/),
        fhirServer: `${server.baseUrl}/fhir`,
        context: { patientId: POSITIVE, userId: expect.stringMatching(/^Practitioner\//) },
        fhirAuthorization: {
          access_token: expect.any(String),
          token_type: 'Bearer',
          expires_in: expect.any(Number),
          scope: expect.any(String),
          subject: expect.any(String),
        },
      });
      // Prefetch filled from the service's own templates, by querying our FHIR server.
      const prefetch = body.prefetch ?? {};
      expect(Object.keys(prefetch).sort()).toEqual(Object.keys(service.prefetch).sort());
      expect(prefetch.patient).toMatchObject({ resourceType: 'Patient', id: POSITIVE });
      expect(prefetch.conditions).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    }
    // The README's screenshot: the chart with both cards, as a clinician first sees it.
    await page.evaluate(() => window.scrollTo(0, 0));
    const main = await shot('02-cards.png', 860);
    mkdirSync(join(PROJECT_ROOT, 'docs', 'images'), { recursive: true });
    copyFileSync(main, join(PROJECT_ROOT, 'docs', 'images', 'ehr-page.png'));
  });

  test('the pump card and the trial card render like an EHR: indicator, summary, source, links, suggestions, dismiss', async () => {
    const pump = card('pump-evaluation');
    await expect(pump.getAttribute('class')).resolves.toContain('card--info');
    await expect(pump.locator('.indicator').innerText()).resolves.toMatch(/info/i);
    await expect(pump.locator('.card-summary').innerText()).resolves.toMatch(
      /^Consider insulin pump evaluation: T2D on MDI, HbA1c 8\.9 ?%/,
    );
    await expect(pump.locator('.card-source a').getAttribute('href')).resolves.toBe(
      'https://pubmed.ncbi.nlm.nih.gov/24998009/',
    );
    await expect(pump.locator('button.suggestion').allInnerTexts()).resolves.toEqual([
      'Refer for insulin pump evaluation',
    ]);
    await expect(pump.locator('select.override-reason option').allInnerTexts()).resolves.toEqual([
      'Choose a reason…',
      ...reasonDisplays('pump-evaluation'),
    ]);

    // detail: markdown rendered to HTML (bold headings, bullet lists), behind a disclosure.
    await pump.locator('.card-detail summary').click();
    await expect(pump.locator('.card-detail-body strong').first().innerText()).resolves.toBe('Why this card');
    await expect(pump.locator('.card-detail-body li').count()).resolves.toBeGreaterThan(5);
    await expect(pump.locator('.card-detail-body').innerText()).resolves.toContain('OpT2mise');

    const trial = card('trial-referral');
    await expect(trial.locator('.card-summary').innerText()).resolves.toContain(TRIAL);
    const registry = trial.locator(`.card-links a[href="https://clinicaltrials.gov/study/${TRIAL}"]`);
    await expect(registry.count()).resolves.toBe(1);
    await expect(registry.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    // "Refer to…", or "Contact… to confirm recruitment" while the registry's end date has passed unconfirmed.
    await expect(trial.locator('button.suggestion').allInnerTexts()).resolves.toEqual([
      expect.stringContaining(`${TRIAL} study team`),
    ]);
    await expect(trial.locator('select.override-reason option').allInnerTexts()).resolves.toEqual([
      'Choose a reason…',
      ...reasonDisplays('trial-referral'),
    ]);
    await trial.locator('.card-detail summary').click();
    // The short card: why, the counts, what to confirm (the full checklist is in the SMART app).
    await expect(trial.locator('.card-detail-body').innerText()).resolves.toMatch(/\d+ met · \d+ exclusions ruled out/);
    await shot('03-card-details.png');
  });

  test('the developer panel shows each call with its request, response and time, tokens redacted', async () => {
    const entries = page.locator('#call-log > li');
    const urls = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-call-url')));
    expect(urls).toEqual(
      expect.arrayContaining(['/cds-services', '/cds-services/pump-evaluation', '/cds-services/trial-referral']),
    );
    const pumpEntry = page.locator('#call-log > li[data-call-url="/cds-services/pump-evaluation"]');
    await pumpEntry.locator('summary').click();
    const text = await pumpEntry.innerText();
    expect(text).toMatch(/POST \/cds-services\/pump-evaluation → 200 in \d+\.\d ms/);
    expect(text).toContain('"hook": "patient-view"');
    expect(text).toContain('"cards": [');
    expect(text).toContain('"Authorization": "Bearer ‹redacted›"');
    expect(text).toContain('"access_token": "‹redacted›"');
    expect(text).toContain(`"aud": "${server.baseUrl}/cds-services/pump-evaluation"`);
    // No token the page sent appears anywhere in the panel.
    const panel = await page.locator('#call-log').evaluate((e) => e.textContent ?? '');
    for (const c of calls.filter((x) => x.headers.authorization)) {
      const jwt = c.headers.authorization!.replace(/^Bearer /, '');
      expect(panel).not.toContain(jwt.split('.')[2]);
      if (c.body?.fhirAuthorization) expect(panel).not.toContain(c.body.fhirAuthorization.access_token);
    }
    await pumpEntry.locator('summary').click();
  });

  test('accepting a suggestion sends accepted feedback and shows the resource the action would create', async () => {
    const pump = card('pump-evaluation');
    const cardUuid = await pump.getAttribute('data-card-uuid');
    const suggestionUuid = await pump.locator('button.suggestion').getAttribute('data-suggestion-uuid');
    const feedback = page.waitForResponse((r) => r.url().endsWith('/cds-services/pump-evaluation/feedback'));
    await pump.locator('button.suggestion').click();
    expect((await feedback).status()).toBe(200);

    const [sent] = cdsCalls('/cds-services/pump-evaluation/feedback');
    expect(sent!.body).toEqual({
      feedback: [
        {
          card: cardUuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: suggestionUuid }],
          outcomeTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        },
      ],
    });
    const shown = JSON.parse(await pump.locator('.card-outcome pre.action-resource').innerText());
    const [call] = cdsCalls('/cds-services/pump-evaluation');
    const issued = [...responses.entries()].find(([req]) => req.url() === call!.url)![1];
    expect(shown).toEqual(issued.cards[0]!.suggestions[0]!.actions[0]!.resource);
    expect(shown).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      subject: { reference: `Patient/${POSITIVE}` },
    });
    await expect(pump.locator('button.suggestion').isDisabled()).resolves.toBe(true);
    await expect(pump.locator('.feedback-result').innerText()).resolves.toContain('HTTP 200');
  });

  test('dismissing a card with a reason sends overridden feedback carrying the reason Coding', async () => {
    const trial = card('trial-referral');
    const cardUuid = await trial.getAttribute('data-card-uuid');
    await trial.locator('select.override-reason').selectOption({ label: DISMISS_REASON.display });
    const feedback = page.waitForResponse((r) => r.url().endsWith('/cds-services/trial-referral/feedback'));
    await trial.locator('button.dismiss-card').click();
    expect((await feedback).status()).toBe(200);
    const [sent] = cdsCalls('/cds-services/trial-referral/feedback');
    expect(sent!.body).toEqual({
      feedback: [
        {
          card: cardUuid,
          outcome: 'overridden',
          overrideReason: {
            reason: { system: DISMISS_REASON.system, code: DISMISS_REASON.code, display: DISMISS_REASON.display },
          },
          outcomeTimestamp: expect.any(String),
        },
      ],
    });
    await expect(trial.locator('.feedback-result').innerText()).resolves.toContain(DISMISS_REASON.display);
    // Long JSON and long criteria wrap or scroll inside their box: the page never scrolls sideways.
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
    await shot('04-feedback-sent.png');
  });

  test('the feedback is in the store, and firing again shows both cards suppressed with date and reason', async () => {
    const store = server.composition.deps.store;
    const now = server.composition.deps.clock();
    const pumpHeld = await store.activeSuppressions('pump-evaluation', `Patient/${POSITIVE}`, now);
    const trialHeld = await store.activeSuppressions('trial-referral', `Patient/${POSITIVE}`, now);
    expect(pumpHeld).toEqual([
      expect.objectContaining({ cardKey: 'pump-evaluation', outcome: 'accepted', reason: 'accepted' }),
    ]);
    expect(trialHeld).toEqual([
      expect.objectContaining({
        cardKey: `trial:${TRIAL}`,
        outcome: 'overridden',
        reason: DISMISS_REASON.code,
      }),
    ]);

    await page.click('#fire-again');
    await page.waitForSelector('.suppressed-card[data-card-key="pump-evaluation"]');
    await expect(page.locator('article.card').count()).resolves.toBe(0);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    await expect(page.locator('.suppressed-card[data-card-key="pump-evaluation"]').innerText()).resolves.toBe(
      `Insulin pump (CSII) evaluation for type 2 diabetes: suppressed until ${day(pumpHeld[0]!.until)} because a suggestion was accepted`,
    );
    await expect(page.locator(`.suppressed-card[data-card-key="trial:${TRIAL}"]`).innerText()).resolves.toBe(
      `Referral to trial ${TRIAL}: suppressed until ${day(trialHeld[0]!.until)} because ${DISMISS_REASON.display}`,
    );
    await expect(page.locator('#chart-status').innerText()).resolves.toMatch(/0 cards from 2 services, 2 suppressed/);
    await shot('05-suppressed.png');
  });

  test('Reset demo asks first, then clears the feedback, and both cards come back', async () => {
    const store = server.composition.deps.store;
    const now = server.composition.deps.clock();
    // Asking is not resetting: Cancel leaves everything as it was.
    await page.click('#reset-demo');
    await expect(page.locator('#reset-demo').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(page.locator('#reset-demo-question').innerText()).resolves.toMatch(/^Reset the demo\? /);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('reset-demo-cancel');
    await page.click('#reset-demo-cancel');
    await expect(page.locator('#reset-demo-panel').isHidden()).resolves.toBe(true);
    expect(cdsCalls('/sandbox-ehr/reset')).toEqual([]);

    await page.click('#reset-demo');
    await shot('06-reset-confirm.png');
    const reset = page.waitForResponse((r) => r.url().endsWith('/sandbox-ehr/reset'));
    await page.click('#reset-demo-confirm');
    const answer = await reset;
    expect(answer.status()).toBe(200);
    const [sent] = cdsCalls('/sandbox-ehr/reset');
    expect(sent!.body).toEqual({ confirm: 'reset' });
    // A page of this service, so the endpoint's cross-site guard lets it through.
    await expect(answer.request().allHeaders()).resolves.toMatchObject({
      origin: server.baseUrl,
      'sec-fetch-site': 'same-origin',
    });

    // The open chart is fired again: both cards are back, nothing is held back.
    await card('pump-evaluation').waitFor();
    await card('trial-referral').waitFor();
    await expect(page.locator('.suppressed-card').count()).resolves.toBe(0);
    await expect(page.locator('#chart-status').innerText()).resolves.toBe('2 cards from 2 services.');
    await expect(page.locator('#reset-demo-status').innerText()).resolves.toBe(
      'Demo reset: 2 feedback cleared, 2 suppressions lifted, 0 FHIR resources restored.',
    );
    await expect(page.locator('#reset-demo-panel').isHidden()).resolves.toBe(true);
    expect(await store.activeSuppressions('pump-evaluation', `Patient/${POSITIVE}`, now)).toEqual([]);
    expect(await store.activeSuppressions('trial-referral', `Patient/${POSITIVE}`, now)).toEqual([]);
    // The developer panel shows the call like any other.
    await expect(
      page.locator('#call-log > li[data-call-url="/sandbox-ehr/reset"] summary').innerText(),
    ).resolves.toMatch(/POST \/sandbox-ehr\/reset → 200 in \d+\.\d ms \(Reset demo\)/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('07-after-reset.png');
  });

  test('works with the keyboard alone, with a visible focus indicator', async () => {
    const target = 'trial-nafld-full-match';
    await page.goto(server.baseUrl);
    await page.waitForSelector('body[data-ready="true"]');
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        const s = e ? getComputedStyle(e) : undefined;
        return {
          tag: e?.tagName,
          patient: e?.getAttribute('data-patient-id'),
          className: e?.className,
          outline: s ? `${s.outlineStyle} ${s.outlineWidth}` : '',
        };
      });
    // At most one pass over every control on the page: the patient list grows with the fixtures.
    const controls = () =>
      page.evaluate(() => document.querySelectorAll('a[href], button, select, input, textarea, [tabindex]').length);
    const tabUntil = async (want: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      const max = (await controls()) + 10;
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        if (want(f)) return f;
      }
      throw new Error('focus never reached the control');
    };
    const first = await tabUntil((f) => f.tag === 'A'); // the skip link comes first
    expect(first.outline).toMatch(/^solid [3-9]px/);
    const patient = await tabUntil((f) => f.patient === target);
    expect(patient.outline).toMatch(/^solid [3-9]px/);
    await page.keyboard.press('Enter');
    await card('pump-evaluation').waitFor();
    await card('trial-referral').waitFor();
    const suggestion = await tabUntil((f) => String(f.className).includes('suggestion'));
    expect(suggestion.outline).toMatch(/^solid [3-9]px/);
    const feedback = page.waitForResponse((r) => r.url().endsWith('/feedback'));
    await page.keyboard.press('Enter');
    expect((await feedback).status()).toBe(200);
    // Focus moves to the outcome, so a keyboard user lands on what happened.
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toContain('card-outcome');
    // The dismiss control of the other card is reachable and usable from the keyboard too.
    const select = await tabUntil((f) => f.tag === 'SELECT');
    expect(select.outline).toMatch(/^solid [3-9]px/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    const dismiss = await focused();
    expect(dismiss.className).toContain('dismiss-card');
    const dismissed = page.waitForResponse((r) => r.url().endsWith('/feedback'));
    await page.keyboard.press('Enter');
    expect((await dismissed).status()).toBe(200);
  });

  test('text colours meet WCAG AA contrast (4.5:1) wherever text is shown', async () => {
    await page.locator('#call-log > li summary').first().click();
    await page.locator('.card-detail summary').first().click();
    const failures = await page.evaluate(() => {
      const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) =>
        [r!, g!, b!]
          .map((v) => v / 255)
          .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
      const background = (e: Element | null): number[] => {
        for (let n = e; n; n = n.parentElement) {
          const c = parse(getComputedStyle(n).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3]! > 0.99)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const out: string[] = [];
      let checked = 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const e = t.parentElement;
        if (!e || !t.textContent?.trim()) continue;
        const rect = e.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0 || e.closest('[disabled], .skip-link')) continue;
        const fg = parse(getComputedStyle(e).color).slice(0, 3);
        const [a, b] = [lum(fg), lum(background(e))].sort((x, y) => y - x);
        const ratio = (a! + 0.05) / (b! + 0.05);
        checked++;
        if (ratio < 4.5)
          out.push(`${e.tagName}.${e.className} "${t.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
      }
      return { out, checked };
    });
    expect(failures.checked).toBeGreaterThan(100);
    expect(failures.out).toEqual([]);
  });

  test('?patient=<id> opens that chart straight away', async () => {
    await page.goto(`${server.baseUrl}/?patient=pump-positive-ifcc`);
    await card('pump-evaluation').waitFor();
    await expect(page.locator('#chart-title').innerText()).resolves.toMatch(/, \d+ y$/);
    await expect(
      page.locator('.patient-item[data-patient-id="pump-positive-ifcc"] .patient-open').getAttribute('aria-current'),
    ).resolves.toBe('true');
  });

  test('nothing came from another host, and nothing went wrong in the console', () => {
    const foreign = requestedUrls.filter((u) => !u.startsWith(`${server.baseUrl}/`));
    expect(foreign).toEqual([]);
    expect(requestedUrls).toEqual(expect.arrayContaining([`${server.baseUrl}/vendor/marked.esm.js`]));
    expect(consoleProblems).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

describe('EHR page in French (CARD_LOCALE=fr)', () => {
  let fr: TestServer;
  let frPage: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    fr = await startTestServer({ ownPublicUrl: true, page: true, env: { CDS_AUTH: 'optional', CARD_LOCALE: 'fr' } });
    frPage = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    frPage.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text());
    });
    frPage.on('pageerror', (err) => problems.push(err.message));
    await frPage.goto(`${fr.baseUrl}/?patient=${POSITIVE}`);
    await frPage.waitForSelector('body[data-ready="true"]');
    await frPage.locator('article.card[data-service-id="trial-referral"]').waitFor();
  });
  afterAll(async () => {
    await frPage?.close();
    await fr?.close();
  });

  test('every word of the page is French: headings, patient list, card controls, reset, developer panel', async () => {
    await expect(frPage.evaluate(() => document.documentElement.lang)).resolves.toBe('fr');
    await expect(frPage.title()).resolves.toBe('Simulateur de DPI · bac à sable diabetes-cds-hooks');
    await expect(frPage.locator('h1').innerText()).resolves.toBe('Simulateur de DPI');
    await expect(frPage.locator('#patients-title').innerText()).resolves.toBe('Patients');
    await expect(frPage.locator('#fire-again').innerText()).resolves.toBe('Relancer patient-view');
    await expect(frPage.locator('#dev-title').innerText()).resolves.toBe('Panneau développeur');
    await expect(frPage.locator('#reset-demo').innerText()).resolves.toBe('Réinitialiser la démo…');
    await expect(frPage.locator('#cards').getAttribute('aria-label')).resolves.toBe('Cartes CDS');
    const item = (await frPage.locator(`.patient-item[data-patient-id="${POSITIVE}"]`).innerText()).replace(
      /\s+/g,
      ' ',
    );
    expect(item).toContain('58 ans · homme');
    expect(item).toMatch(/DT2 oui/);
    expect(item).toMatch(/Insuline Multi-injections : basale \+ 3 injections prandiales\/jour/);
    expect(item).toMatch(/HbA1c 8,9 % \(\d\d\/\d\d\/\d{4}\)/);
    await expect(frPage.locator('#chart-title').innerText()).resolves.toBe('Gérard Essai-Pompe, 58 ans');
    await expect(frPage.locator('#chart-status').innerText()).resolves.toBe('2 cartes de 2 services.');
    const trial = frPage.locator('article.card[data-service-id="trial-referral"]');
    await expect(trial.locator('button.dismiss-card').innerText()).resolves.toBe('Écarter');
    await expect(trial.locator('.card-detail summary').innerText()).resolves.toBe('Détails');
    await expect(trial.locator('select.override-reason option').first().innerText()).resolves.toBe('Choisir un motif…');
    await expect(trial.locator('.card-source').innerText()).resolves.toMatch(/^Source : /);
    // The override reasons the cards carry are French too, and so is the list of held-back cards.
    const reasons = overrideReasonsFor(POLICY, 'trial-referral', 'fr');
    await trial.locator('select.override-reason').selectOption({ label: reasons.at(-1)!.display });
    const feedback = frPage.waitForResponse((r) => r.url().endsWith('/cds-services/trial-referral/feedback'));
    await trial.locator('button.dismiss-card').click();
    expect((await feedback).status()).toBe(200);
    await expect(trial.locator('.feedback-result').innerText()).resolves.toBe(
      `Carte écartée : ${reasons.at(-1)!.display}. Retour enregistré (HTTP 200).`,
    );
    await frPage.click('#fire-again');
    await frPage.waitForSelector(`.suppressed-card[data-card-key="trial:${TRIAL}"]`);
    await expect(frPage.locator(`.suppressed-card[data-card-key="trial:${TRIAL}"]`).innerText()).resolves.toMatch(
      new RegExp(`^Adressage à l'essai ${TRIAL} : masquée jusqu'au \\d\\d/\\d\\d/\\d{4}, motif : `),
    );
    await expect(frPage.locator('#chart-status').innerText()).resolves.toBe('1 carte de 2 services, 1 masquée.');

    // Reset, in French.
    await frPage.click('#reset-demo');
    await expect(frPage.locator('#reset-demo-confirm').innerText()).resolves.toBe('Réinitialiser');
    await expect(frPage.locator('#reset-demo-cancel').innerText()).resolves.toBe('Annuler');
    await frPage.click('#reset-demo-confirm');
    await frPage.waitForFunction(() => document.querySelector('#reset-demo-status')?.textContent?.startsWith('Démo'));
    await expect(frPage.locator('#reset-demo-status').innerText()).resolves.toBe(
      'Démo réinitialisée : 1 retour effacé, 1 suppression levée, 0 ressource FHIR restaurée.',
    );
    await frPage.locator('article.card[data-service-id="trial-referral"]').waitFor();
    const log = frPage.locator('#call-log > li').first();
    await expect(log.locator('summary').innerText()).resolves.toMatch(/→ 200 en \d+\.\d ms \(/);
    expect(problems).toEqual([]);
  });
});
