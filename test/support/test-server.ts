import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import { testConfig, type Config } from '../../config/config.js';
import { createLogger, type Logger } from '../../config/logger.js';
import { createApp, createHttpServer } from '../../hooks/app.js';
import { composeDeps, type ComposeOverrides, type Composition } from '../../hooks/compose.js';
import { loadFeedbackPolicy } from '../../rules/feedback-policy.js';
import type { SmartClient } from '../../sandbox/smart/smart-clients.js';
import { freePort } from '../../sandbox/free-port.js';
import { sandboxFactory, type StartedSandbox } from '../../sandbox/start-sandbox.js';
import { openCardStore } from '../../store/open-card-store.js';
import { CapturedLog, type LogLine } from './captured-log.js';
import { openTestDatabase } from './test-database.js';

/** The clock every black-box test runs at, unless it says otherwise. */
export const TEST_NOW = new Date('2026-11-22T10:00:00Z');

/** A running service on 127.0.0.1:<port 0>, built with createApp exactly as bin/server.ts builds it. */
export interface TestServer {
  readonly baseUrl: string;
  readonly app: Express;
  readonly config: Config;
  readonly composition: Composition<StartedSandbox>;
  /** Every log line the service wrote, parsed (shared between reads: do not change them). */
  readonly logLines: () => readonly LogLine[];
  /** The raw log output, for searching it for things that must never be logged. */
  readonly logText: () => string;
  close(): Promise<void>;
}

/** Options for startTestServer. */
export interface TestServerOptions extends Omit<ComposeOverrides, 'clock' | 'sandbox'> {
  /** Serve the EHR page (sandbox mode); off by default. */
  readonly page?: boolean;
  /** Environment settings (see config/config.ts); the sandbox is on unless SANDBOX is given. */
  readonly env?: Record<string, string>;
  readonly clock?: () => Date;
  /**
   * Listen on a port picked before start-up and set PUBLIC_BASE_URL to that address, so that
   * JWT audiences and the sandbox's fhirServer are the URL clients really call.
   */
  readonly ownPublicUrl?: boolean;
  /** SMART clients the sandbox registers besides its default ones (a test's backend client). */
  readonly smartClients?: readonly SmartClient[];
}

/** A logger whose output the test can read back, as text or as parsed lines. */
export function capturingLogger(level = 'info'): {
  logger: Logger;
  text: () => string;
  lines: () => readonly LogLine[];
} {
  const log = new CapturedLog();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      log.write(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger(level, sink), text: () => log.text(), lines: () => log.lines() };
}

/**
 * Serves `app` on 127.0.0.1 (`port` 0: one the system picks) through the server bin/server.ts
 * uses, so the config's deadlines and keep-alive hold in tests too (Express's own `listen` would
 * keep Node's 5 s keep-alive whatever the config says); `stop` drops its connections and closes it.
 */
export async function listenLocally(
  app: Express,
  config: Pick<Config, 'http'>,
  port: number,
): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const server: Server = createHttpServer(app, config);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Keep-alive for test servers. A test idles for seconds between calls (a screening run settling)
 * on a loaded machine, and at the default 5 s the server closed a socket the client was about to
 * reuse (ECONNRESET in CI, 2026-12-07; the setting only holds since listenLocally serves through
 * createHttpServer): 30 s leaves idle gaps far from the edge. The keep-alive setting itself is tested in test/edge-security.int.test.ts.
 */
export const TEST_KEEP_ALIVE = { KEEP_ALIVE_TIMEOUT_S: '30' } as const;

/**
 * Starts the whole service (sandbox FHIR store, in-memory PGlite feedback store, the real
 * FHIR client) on an ephemeral port, with a fixed clock.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const port = options.ownPublicUrl ? await freePort() : 0;
  const own = options.ownPublicUrl ? { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } : {};
  const config = testConfig({ ...TEST_KEEP_ALIVE, SANDBOX: 'on', CDS_AUTH: 'off', PORT: '0', ...own, ...options.env });
  const { logger, text, lines } = capturingLogger('info');
  // A fresh in-memory PGlite from a cached template: about 1 s instead of initdb's 5 to 10.
  const database = options.store ? undefined : await openTestDatabase('pglite');
  const store =
    options.store ?? (await openCardStore({ sql: database!.sql, policy: loadFeedbackPolicy(config.rulesDir), logger }));
  const { page, smartClients, ...overrides } = options;
  const composition = await composeDeps(config, logger, {
    ...overrides,
    ...(config.sandbox
      ? { sandbox: sandboxFactory({ page: page ?? false, ...(smartClients ? { smartClients } : {}) }) }
      : {}),
    store,
    clock: options.clock ?? (() => TEST_NOW),
  });
  const app = createApp(config, composition.deps);
  const { baseUrl, stop } = await listenLocally(app, config, port);
  composition.setListeningBases([baseUrl]);
  return {
    baseUrl,
    app,
    config,
    composition,
    logText: text,
    logLines: lines,
    async close() {
      await stop();
      await composition.close();
      if (database) {
        await store.close();
        await database.close();
      }
    },
  };
}
