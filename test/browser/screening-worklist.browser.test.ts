import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Patient } from 'fhir/r4.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import { launchChromium } from '../../sandbox/chromium.js';
import { keyOf, type StoredCandidate } from '../../store/screening-store.js';
import { startAll } from '../support/start-all.js';
import { seedLongList, startWorklistServer, type WorklistServer } from '../support/worklist-server.js';

/** Candidates per page of the worklist (hooks/screening/worklist-api.ts). */
const PAGE_SIZE = 100;

/*
 * The coordinators' worklist in Chromium (docs/screening.md, "The worklist"): a coordinator signs
 * in locally (sandbox mode), starts a screening run from the page, sees the trial's candidates,
 * filters them by status and by a criterion to confirm, opens one (name and date of birth read
 * from the sandbox FHIR server; the view in the trail), changes its status, downloads the CSV and
 * sees the funnel move; with CARD_LOCALE=fr the same page speaks French. No page error and no
 * Content-Security-Policy or Trusted Types violation may occur.
 */

const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');
const TRIAL = 'NCT04270656';
const EN = JSON.parse(readFileSync(join(PROJECT_ROOT, 'apps/screening/words/en.json'), 'utf8')) as Record<
  string,
  string
>;
const FR = JSON.parse(readFileSync(join(PROJECT_ROOT, 'apps/screening/words/fr.json'), 'utf8')) as Record<
  string,
  string
>;

let server: WorklistServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await startAll<[WorklistServer, Browser]>([startWorklistServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new page whose errors (script errors, CSP and Trusted Types violations) the test collects. */
async function watchedPage(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return page;
}

/** Signs in on the local sign-in form and waits for the worklist. */
async function signIn(page: Page, base: string, name: string): Promise<void> {
  await page.goto(`${base}/screening`);
  await page.waitForURL(/\/screening\/sign-in/);
  await page.locator('#name').fill(name);
  await page.locator('#local-sign-in button[type="submit"]').click();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
}

/** Waits until the list shows the rows of these filters. */
async function listFor(page: Page, filters: { status?: string; fit?: string; toConfirm?: string }) {
  const loaded = new URLSearchParams({ status: '', fit: '', toConfirm: '', ...filters }).toString();
  await page.waitForSelector(`#candidates[data-loaded="${loaded}"]`, { timeout: 60_000 });
  return page.locator('#candidates tbody tr[data-patient]');
}

const stageCount = (page: Page, stage: string) =>
  page.locator(`#funnel-steps li[data-stage="${stage}"]`).getAttribute('data-count');

describe('in English', () => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let chosen: StoredCandidate;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page = await watchedPage(context, problems);
  });
  afterAll(async () => {
    await context?.close();
  });

  test('the local sign-in says it is for the sandbox only, and leads to the worklist', async () => {
    await page.goto(`${server.baseUrl}/screening`);
    await page.waitForURL(/\/screening\/sign-in/);
    await expect(page.locator('#sandbox-warning').textContent()).resolves.toBe(EN['signIn.sandboxOnly']);
    await signIn(page, server.baseUrl, 'Ada Lovelace');
    await expect(page.locator('#user').textContent()).resolves.toBe('Signed in as Ada Lovelace');
    await expect(page.locator('#sandbox-banner').isVisible()).resolves.toBe(true);
    await expect(stageCount(page, 'screened')).resolves.toBe('');
  });

  test('starting a run from the page lists the trial’s candidates', async () => {
    await page.locator('#start-run').click();
    await page.waitForSelector('#runs-table tbody tr[data-state="complete"]', { timeout: 90_000 });
    await page.waitForFunction(
      () => Number(document.getElementById('list-count')?.getAttribute('data-count')) > 0,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const listed = await server.store.candidates({ trialId: TRIAL });
    // The list shows a page of 100 at most; the count above it is the whole list's.
    const rows = await listFor(page, {});
    await expect(rows.count()).resolves.toBe(Math.min(listed.length, PAGE_SIZE));
    await expect(page.locator('#list-count').getAttribute('data-count')).resolves.toBe(String(listed.length));
    const shown = new Set(await rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-patient'))));
    chosen = listed.find((c) => c.fit === 'candidate' && c.toConfirm.length > 0 && shown.has(c.patientRef))!;
    const [run] = await server.store.runs(1);
    await expect(stageCount(page, 'screened')).resolves.toBe(String(run!['patients_screened']));
    await expect(stageCount(page, 'candidates')).resolves.toBe(String(listed.length));
    // The row shows the criteria by their labels, not their ids.
    const row = page.locator(`#candidates tr[data-patient="${chosen.patientRef}"]`);
    const label = await row.locator(`.to-confirm li[data-criterion-id="${chosen.toConfirm[0]}"]`).textContent();
    expect(label).not.toBe(chosen.toConfirm[0]);
    expect(label!.length).toBeGreaterThan(3);
  });

  test('filters by status and by a criterion to confirm', async () => {
    await page.selectOption('#filter-status', 'new');
    const news = await listFor(page, { status: 'new' });
    const statuses = await news.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['new']));

    const criterion = chosen.toConfirm[0]!;
    await page.selectOption('#filter-to-confirm', criterion);
    const rows = await listFor(page, { status: 'new', toConfirm: criterion });
    const expected = (await server.store.candidates({ trialId: TRIAL, toConfirm: criterion })).length;
    // A page of 100 at most (the fixture set gave 104 such candidates on 2026-12-06); the count
    // above the list is the whole filtered list's.
    await expect(rows.count()).resolves.toBe(Math.min(expected, PAGE_SIZE));
    await expect(page.locator('#list-count').getAttribute('data-count')).resolves.toBe(String(expected));
    const haveIt = await rows.evaluateAll(
      (trs, id) => trs.every((tr) => tr.querySelector(`.to-confirm li[data-criterion-id="${id}"]`) !== null),
      criterion,
    );
    expect(haveIt).toBe(true);

    await page.selectOption('#filter-status', '');
    await page.selectOption('#filter-to-confirm', '');
    await listFor(page, {});
  });

  test('opening a candidate shows the name and date of birth, and the view in the trail', async () => {
    const patient = (await (await fetch(`${server.baseUrl}/fhir/${chosen.patientRef}`)).json()) as Patient;
    await page.locator(`#candidates tr[data-patient="${chosen.patientRef}"] button.open`).click();
    await page.waitForSelector(`#detail[data-patient="${chosen.patientRef}"]:not([hidden])`);
    const facts = await page.locator('#demographics dd').allTextContents();
    const name = patient.name![0]!;
    expect(facts[0]).toBe([...(name.given ?? []), name.family].join(' '));
    expect(facts[1]).toBe(patient.birthDate);
    expect(facts[2]).toBe(patient.identifier![0]!.value);
    const last = page.locator('#trail li').last();
    await expect(last.getAttribute('data-action')).resolves.toBe('viewed');
    await expect(last.getAttribute('data-actor')).resolves.toBe('sandbox:Ada Lovelace');
    const trail = await server.store.history(TRIAL, chosen.patientRef);
    expect(trail.at(-1)).toMatchObject({ action: 'viewed', actor: 'sandbox:Ada Lovelace' });
  });

  test('changing its status is saved, traced and moves the funnel', async () => {
    await expect(stageCount(page, 'consented')).resolves.toBe('0');
    await page.selectOption('#status-select', 'consented');
    await page.locator('#status-form button[type="submit"]').click();
    await page.waitForSelector('#status-saved[data-saved="consented"]');
    const last = page.locator('#trail li').last();
    await expect(last.getAttribute('data-action')).resolves.toBe('status');
    await page.waitForSelector('#funnel-steps li[data-stage="consented"][data-count="1"]');
    await expect(stageCount(page, 'contacted')).resolves.toBe('1');
    await expect(stageCount(page, 'reviewed')).resolves.toBe('1');
    await expect(
      page.locator(`#candidates tr[data-patient="${chosen.patientRef}"]`).getAttribute('data-status'),
    ).resolves.toBe('consented');
    const [stored] = await server.store.candidates({ trialId: TRIAL, status: 'consented' });
    expect(stored).toMatchObject({ patientRef: chosen.patientRef, statusChangedBy: 'sandbox:Ada Lovelace' });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'screening-worklist-en-detail.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'screening-worklist-en.png') });
  });

  test('the CSV of the filtered list downloads', async () => {
    await page.selectOption('#filter-status', 'consented');
    await listFor(page, { status: 'consented' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv').click()]);
    expect(download.suggestedFilename()).toBe(`screening-${TRIAL}-2026-11-22.csv`);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^trial,patient,fit,status,/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${TRIAL},${chosen.patientRef},candidate,consented,`)),
    ]);
  });

  test('a long list pages by 100: next and previous, the range of the whole, back to the first on a filter', async () => {
    const OTHER = 'NCT05153070';
    await seedLongList(server.store, OTHER, 230);
    const total = await server.store.countCandidates({ trialId: OTHER });
    const range = (from: number, to: number) =>
      EN['list.range']!.replace('{from}', String(from)).replace('{to}', String(to)).replace('{total}', String(total));
    const onPage = async (n: number) => {
      await page.waitForSelector(`#pager:not([hidden])[data-page="${n}"]`, { timeout: 60_000 });
      return page.locator('#candidates tbody tr[data-patient]');
    };
    // The CSV test left the list filtered on one status.
    await page.selectOption('#filter-status', '');
    await page.selectOption('#trial', OTHER);
    await expect((await onPage(1)).count()).resolves.toBe(100);
    await expect(page.locator('#page-range').textContent()).resolves.toBe(range(1, 100));
    await expect(page.locator('#list-count').getAttribute('data-count')).resolves.toBe(String(total));
    await expect(page.locator('#page-previous').isDisabled()).resolves.toBe(true);
    await page.locator('#page-next').click();
    await expect((await onPage(2)).count()).resolves.toBe(100);
    await expect(page.locator('#page-range').textContent()).resolves.toBe(range(101, 200));
    await page.locator('#page-next').click();
    await expect((await onPage(3)).count()).resolves.toBe(total - 200);
    await expect(page.locator('#page-range').textContent()).resolves.toBe(range(201, total));
    await expect(page.locator('#page-next').isDisabled()).resolves.toBe(true);
    await page.locator('#page-previous').click();
    await onPage(2);
    await page.selectOption('#filter-fit', 'candidate');
    await expect((await onPage(1)).count()).resolves.toBe(100);
    await page.selectOption('#filter-fit', '');
    await page.selectOption('#trial', TRIAL);
    // Back on the first trial, on its first page (its list may itself be longer than a page).
    const first = await server.store.countCandidates({ trialId: TRIAL });
    await page.waitForSelector(first > PAGE_SIZE ? '#pager:not([hidden])[data-page="1"]' : '#pager[hidden]', {
      state: 'attached',
      timeout: 60_000,
    });
  });

  test('no script error and no CSP or Trusted Types violation occurred', () => {
    expect(problems).toEqual([]);
  });
});

describe('in French (CARD_LOCALE=fr)', () => {
  let fr: WorklistServer;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    fr = await startWorklistServer({ env: { CARD_LOCALE: 'fr' } });
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    page = await watchedPage(context, problems);
  });
  afterAll(async () => {
    await context?.close();
    await fr?.close();
  });

  test('the sign-in form and the page speak French, with no English word left', async () => {
    await page.goto(`${fr.baseUrl}/screening`);
    await page.waitForURL(/\/screening\/sign-in/);
    await expect(page.locator('label[for="name"]').textContent()).resolves.toBe('Votre nom');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await signIn(page, fr.baseUrl, 'Claire Martin');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.locator('h1').textContent()).resolves.toBe(FR['page.heading']);
    await expect(page.title()).resolves.toBe(FR['page.title']);
    const marked = await page
      .locator('[data-t]')
      .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-t'), n.textContent]));
    for (const [key, text] of marked as [string, string][]) {
      expect([key, text]).toEqual([key, FR[key]]);
    }
    const statusOptions = await page.locator('#filter-status option').allTextContents();
    expect(statusOptions).toEqual(['Tous', 'Nouveau', 'Examiné', 'Contacté', 'Consentant', 'Refus', 'Non éligible']);
    const english = new Set(Object.values(EN));
    const shown = [...statusOptions, ...(await page.locator('#funnel-steps .funnel-label').allTextContents())];
    expect(shown.filter((w) => english.has(w))).toEqual([]);
    await expect(page.locator('#run-current').textContent()).resolves.toBe(FR['runs.none']);
  });

  test('criteria are named as the French catalogue names them', async () => {
    const criteria = await page
      .locator('#filter-to-confirm option')
      .evaluateAll((o) => o.map((x) => [(x as HTMLOptionElement).value, x.textContent]));
    const english = await (
      await fetch(`${server.baseUrl}/screening/api/trials`, { headers: { cookie: await sessionCookie() } })
    ).json();
    const enLabels = english.trials.find((t: { id: string }) => t.id === TRIAL).criteria;
    const translated = (criteria as [string, string][]).filter(
      ([id, text]) => id && enLabels[id] && text !== enLabels[id].label,
    );
    expect(translated.length).toBeGreaterThan(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'screening-worklist-fr.png') });
    expect(problems).toEqual([]);
  });

  test('why a patient no longer fits is said in French, the reason a run skipped them too', async () => {
    // A patient listed by one run, then skipped by the next as opted out of research.
    const patientRef = 'Patient/opted-out-later';
    const end = (at: string, listed: boolean) => ({
      finishedAt: new Date(at),
      complete: true,
      patientsScreened: 1,
      patientsSkipped: {},
      summary: {},
      trials: {
        [TRIAL]: {
          candidates: listed ? [{ patientRef, met: [], toConfirm: [], missing: [], evidence: [] }] : [],
          possible: [],
        },
      },
      seen: new Set([patientRef]),
      reasons: new Map(listed ? [] : [[keyOf(TRIAL, patientRef), 'not screened: opted-out']]),
    });
    for (const [runId, at, listed] of [
      ['fr-first', '2026-11-20T02:00:00Z', true],
      ['fr-second', '2026-11-21T02:00:00Z', false],
    ] as const) {
      await fr.store.beginRun({ runId, startedAt: new Date(at), scope: 'population', source: {}, rulesVersion: 'x' });
      await fr.store.finishRun(runId, end(at, listed));
    }
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.selectOption('#filter-fit', 'no-longer-fits');
    const rows = await listFor(page, { fit: 'no-longer-fits' });
    await expect(rows.count()).resolves.toBe(1);
    const reason = await rows.locator('.reason').textContent();
    expect(reason).toContain(FR['skip.opted-out']);
    expect(reason).not.toContain('opted-out');
    expect(problems).toEqual([]);
  });
});

/** A session on the English server, for reading its API beside the French page. */
async function sessionCookie(): Promise<string> {
  const res = await fetch(`${server.baseUrl}/screening/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'name=Reader',
    redirect: 'manual',
  });
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}
