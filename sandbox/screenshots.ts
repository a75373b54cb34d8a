import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../config/config.js';
import { LOCALES, type Locale } from '../config/locale.js';
import { createLogger } from '../config/logger.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { createApp } from '../hooks/app.js';
import { composeDeps } from '../hooks/compose.js';
import { launchChromium } from './chromium.js';
import { freePort } from './free-port.js';
import { sandboxFactory } from './start-sandbox.js';

/*
 * `npm run screenshots`: the EHR page showing both cards of the README's patient, in each
 * locale, saved as docs/screenshots/ehr-cards-<locale>.png. It starts the service in sandbox
 * mode in this process for each CARD_LOCALE (an in-memory feedback store, so no feedback from a
 * running demo holds a card back, and a data directory of its own), opens the page in Debian's
 * Chromium and photographs the header and the chart with each card's detail open. Run it again
 * whenever the cards' text changes.
 */

const USAGE = `usage: npm run screenshots [-- --out <dir>] [-- --patient <id>]

Screenshots of the EHR page with the cards of one sandbox patient (default pump-positive-main),
in every locale (${LOCALES.join(', ')}), as <dir>/ehr-cards-<locale>.png (default docs/screenshots).
Needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium).`;

const VIEWPORT = { width: 1280, height: 900 };
/** The services whose cards the picture must show. */
const SERVICES = ['pump-evaluation', 'trial-referral'];

/** The service in sandbox mode speaking `locale`, on a port of its own; resolves to its URL and its closer. */
async function startService(locale: Locale, dataDir: string): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    SANDBOX: 'on',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    CARD_LOCALE: locale,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const logger = createLogger(config.logLevel, process.stderr);
  const composition = await composeDeps(config, logger, { sandbox: sandboxFactory(), inMemoryStore: true });
  const app = createApp(config, composition.deps);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  composition.setListeningBases([baseUrl]);
  return {
    baseUrl,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await composition.close();
    },
  };
}

async function shoot(browser: Browser, baseUrl: string, patient: string, file: string): Promise<void> {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await page.goto(`${baseUrl}/?patient=${encodeURIComponent(patient)}`);
    await page.waitForSelector('body[data-ready="true"]');
    for (const id of SERVICES) {
      await page.locator(`article.card[data-service-id="${id}"]`).waitFor({ timeout: 15_000 });
    }
    // Each card's detail open, as a clinician reading it would have it.
    for (const summary of await page.locator('article.card .card-detail summary').all()) await summary.click();
    await page.evaluate(() => window.scrollTo(0, 0));
    const chart = await page.locator('#chart').boundingBox();
    if (!chart) throw new Error('the chart is not on the page');
    await page.screenshot({
      path: file,
      fullPage: true,
      clip: { x: 0, y: 0, width: VIEWPORT.width, height: Math.ceil(chart.y + chart.height + 16) },
    });
  } finally {
    await page.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, patient: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`screenshots: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const outDir = values.out ?? join(PROJECT_ROOT, 'docs', 'screenshots');
  const patient = values.patient ?? 'pump-positive-main';
  mkdirSync(outDir, { recursive: true });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    console.error(`screenshots: ${(err as Error).message}`);
    return 1;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'diabetes-cds-hooks-screenshots-'));
  try {
    for (const locale of LOCALES) {
      const service = await startService(locale, dataDir);
      try {
        const file = join(outDir, `ehr-cards-${locale}.png`);
        await shoot(browser, service.baseUrl, patient, file);
        console.log(`${relative(process.cwd(), file) || file}: ${patient}, CARD_LOCALE=${locale}`);
      } finally {
        await service.close();
      }
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`screenshots: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
