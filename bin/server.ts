import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createApp, createHttpServer } from '../hooks/app.js';
import { describeAuthMode } from '../hooks/auth/auth-mode.js';
import { composeDeps } from '../hooks/compose.js';
import { metricsApp } from '../hooks/health.js';
import { RulesError } from '../rules/rules-error.js';
import { startupBanner } from './startup-banner.js';
import { sandboxFactory } from '../sandbox/start-sandbox.js';
import { DatabaseUnavailableError } from '../store/connect-retry.js';

/** Errors that mean "fix your configuration or rules": one clear line, no stack. */
function isSetupError(err: unknown): err is Error {
  return (
    err instanceof ConfigError ||
    err instanceof RulesError ||
    err instanceof DatabaseUnavailableError ||
    (err instanceof Error && err.name === 'DataDirLockedError')
  );
}

/** Listens, resolving once bound; a port in use rejects (and stops start-up). */
async function listen(server: Server, port: number, host: string): Promise<Server> {
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(port, host);
  });
  return server;
}

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const notice = describeAuthMode(config);
  logger[notice.level](notice.fields, notice.message);

  // The one place production code reaches the development sandbox (docs/architecture.md).
  const composition = await composeDeps(config, logger, config.sandbox ? { sandbox: sandboxFactory() } : {});
  const app = createApp(config, composition.deps);
  // Header, body and keep-alive deadlines against slow clients (HEADERS_TIMEOUT_S, REQUEST_TIMEOUT_S,
  // KEEP_ALIVE_TIMEOUT_S; docs/reliability.md).
  const server = await listen(createHttpServer(app, config), config.port, config.host);
  const { port } = server.address() as AddressInfo;
  // METRICS_PORT: /metrics on its own port, with the same deadlines, so it need not be public.
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : await listen(createHttpServer(metricsApp(composition.deps), config), config.metricsPort, config.host);
  if (metricsServer) {
    logger.info({ metricsPort: (metricsServer.address() as AddressInfo).port, host: config.host }, 'metrics listening');
  }
  composition.setListeningBases([`http://${config.host}:${port}`, `http://localhost:${port}`, config.publicBaseUrl]);
  logger.info(
    {
      port,
      host: config.host,
      rulesVersion: composition.rules.version,
      startupMs: Math.round(performance.now() - started),
    },
    'ready',
  );
  console.log(startupBanner(config, port, composition));

  let closing = false;
  /**
   * SIGTERM (a rolling update): /readyz turns 503 at once, the service keeps serving for
   * SHUTDOWN_DELAY_S while the load balancer takes it out, then stops accepting connections, lets
   * the calls in flight finish within SHUTDOWN_GRACE_S, flushes the audit queue, closes the
   * database and exits 0. SIGINT (Ctrl-C at a terminal) skips the delay.
   */
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    composition.deps.lifecycle!.draining = true;
    const delayMs = signal === 'SIGTERM' ? config.shutdown.delayMs : 0;
    logger.info({ signal, delayMs, graceMs: config.shutdown.graceMs }, 'shutting down: unready, draining');
    await sleep(delayMs);
    const servers = [server, metricsServer].filter((s): s is Server => s !== undefined);
    const closed = Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    // Keep-alive connections would hold close() open: each is closed as soon as it is idle, the
    // busy ones once their call is answered.
    const idle = setInterval(() => servers.forEach((s) => s.closeIdleConnections()), 50);
    servers.forEach((s) => s.closeIdleConnections());
    const inTime = await Promise.race([closed.then(() => true), sleep(config.shutdown.graceMs).then(() => false)]);
    clearInterval(idle);
    if (!inTime) {
      logger.warn(
        { graceMs: config.shutdown.graceMs },
        'shutdown: calls still in flight after the grace period, closed',
      );
      for (const s of servers) s.closeAllConnections();
    }
    const exit = (code: number) => logger.flush(() => process.exit(code));
    composition.close().then(
      () => {
        logger.info({ signal }, 'stopped');
        exit(0);
      },
      (err: unknown) => {
        logger.error({ err: String(err) }, 'error while closing the store');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A request handler never rejects unhandled (Express 5 routes async errors), but a stray
  // background promise must not take the service down: log it and carry on.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection');
  });
}

main().catch((err: unknown) => {
  if (isSetupError(err)) {
    console.error(`diabetes-cds-hooks cannot start: ${err.message}`);
  } else {
    console.error(`diabetes-cds-hooks failed to start: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
