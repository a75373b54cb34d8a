import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import type { CdsService } from '../../services/service.js';
import { PAGE_CSP } from '../../sandbox/web/page-security.js';
import { launchChromium } from '../../sandbox/chromium.js';
import { startAll } from '../support/start-all.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { factScope } from '../../facts/fact-scope.js';

const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');

/** Markdown a compromised or buggy CDS service might send: every classic way to run script from HTML. */
const HOSTILE_DETAIL = [
  '**Bold survives.** Then the attacks:',
  '<script>window.__pwned = "script"; alert("script")</script>',
  "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">",
  '<svg><script>window.__pwned = "svg"</script><animate onbegin="window.__pwned = \'svg-animate\'" /></svg>',
  '<iframe src="javascript:parent.__pwned = \'iframe\'"></iframe>',
  '<a href="javascript:window.__pwned = \'link\'" id="js-link">click me</a>',
  "[markdown link](javascript:window.__pwned='md-link')",
  '<details open ontoggle="window.__pwned = \'toggle\'"><summary>x</summary>y</details>',
  '<form action="javascript:window.__pwned = \'form\'"><button>go</button></form>',
  '<div style="background:url(javascript:alert(1))" onmouseover="window.__pwned = \'hover\'">hover me</div>',
].join('\n\n');

/** A service that answers every patient with a card carrying hostile markup in each text field. */
function hostileService(): CdsService {
  return {
    factScope: factScope([], []),
    definition: {
      id: 'hostile-cards',
      hook: 'patient-view',
      title: 'Hostile card <b onmouseover=alert(1)>service</b>',
      description: 'Test-only: returns cards with script in them',
      prefetch: { patient: 'Patient/{{context.patientId}}' },
    },
    evaluate: () =>
      Promise.resolve([
        {
          key: 'hostile',
          kind: 'pump-evaluation' as const,
          matchedRules: ['hostile-always'],
          card: {
            uuid: randomUUID(),
            summary: '<img src=x onerror="window.__pwned=\'summary\'"> Hostile summary',
            indicator: 'critical' as const,
            detail: HOSTILE_DETAIL,
            source: {
              label: '<script>window.__pwned="label"</script>source',
              url: 'javascript:window.__pwned="source"',
            },
            links: [{ label: 'javascript link', url: 'javascript:window.__pwned="links"', type: 'absolute' as const }],
            suggestions: [
              {
                label: '<b onclick="window.__pwned=1">Accept</b>',
                uuid: randomUUID(),
                actions: [{ type: 'create' as const, description: '<script>x</script>' }],
              },
            ],
            selectionBehavior: 'at-most-one' as const,
            overrideReasons: [{ system: 'urn:test', code: 'x', display: '<img src=x onerror=alert(1)>' }],
          },
        },
      ]),
    explain: () => Promise.resolve({ serviceId: 'hostile-cards', sections: [] }),
  };
}

let server: TestServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  [server, browser] = await startAll<[TestServer, Browser]>([
    startTestServer({ ownPublicUrl: true, page: true, extraServices: [hostileService()] }),
    launchChromium(),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __violations: string[] }).__violations.push(e.effectiveDirective),
    );
  });
  await page.click('button.patient-open[data-patient-id="pump-positive-main"]');
  await page.locator('article.card[data-service-id="hostile-cards"]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

describe('a card with script in it, in chromium', () => {
  test('renders, with its markdown, but none of its script runs, even when the user interacts with it', async () => {
    const card = page.locator('article.card[data-service-id="hostile-cards"]');
    await card.locator('.card-detail > summary').click();
    await card.locator('.card-detail-body').getByText('hover me').hover();
    await card.locator('.card-detail-body').getByText('click me').click();
    await card.locator('.card-detail-body').getByText('markdown link').click();
    await card.locator('.card-source').getByText('source').click();
    await card.locator('button.suggestion').click();
    await page.waitForTimeout(300);

    expect(await pwned()).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The markdown still renders; the dangerous parts are gone from the DOM.
    await expect(card.locator('.card-detail-body strong').first().innerText()).resolves.toBe('Bold survives.');
    const leftovers = await card.evaluate((root) => ({
      elements: [...root.querySelectorAll('script, iframe, img, svg, form, object, embed, style')].map(
        (e) => e.tagName,
      ),
      handlers: [...root.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`),
      ),
      jsUrls: [...root.querySelectorAll('[href], [src], [action]')]
        .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? '')
        .filter((u) => /^\s*javascript:/i.test(u)),
      styles: [...root.querySelectorAll('[style]')].length,
    }));
    expect(leftovers).toEqual({ elements: [], handlers: [], jsUrls: [], styles: 0 });
    // Text fields are shown as text: the markup is visible, not interpreted.
    await expect(card.locator('.card-summary').innerText()).resolves.toBe(
      '<img src=x onerror="window.__pwned=\'summary\'"> Hostile summary',
    );
    await expect(card.locator('button.suggestion').innerText()).resolves.toBe(
      '<b onclick="window.__pwned=1">Accept</b>',
    );
    await expect(card.locator('.card-links a').count()).resolves.toBe(0);
    await expect(card.getAttribute('class')).resolves.toContain('card--critical');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await card.screenshot({ path: join(SCREENSHOTS, '10-hostile-card.png') });
  });

  test('the page CSP blocks inline script even if some reached the DOM', async () => {
    const res = await page.request.get(server.baseUrl);
    expect(res.headers()['content-security-policy']).toBe(PAGE_CSP);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = "inline"';
      document.body.append(s);
      const b = document.createElement('button');
      b.setAttribute('onclick', 'window.__pwned = "attribute"');
      b.id = 'injected';
      b.textContent = 'injected';
      document.body.append(b);
    });
    await page.click('#injected');
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length >= 2);
    expect(await pwned()).toBeUndefined();
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(violations).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr']));
    expect(dialogs).toEqual([]);
  });
});
