import type { AddressInfo } from 'node:net';
import { createLogger } from '../../config/logger.js';
import { DEFAULT_RULES_DIR } from '../../config/project-paths.js';
import { loadFeedbackPolicy } from '../../rules/feedback-policy.js';
import { openCardStore } from '../../store/open-card-store.js';
import { buildStoreTestApp } from './store-test-app.js';

/**
 * A server process for the durability test: the real app and the real store on the PGlite
 * data directory DATA_DIR, listening on a free loopback port, which it prints on stdout as
 * `{"port":N}`. SIGTERM closes it cleanly; the test kills it with SIGKILL instead.
 */
async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR is required');
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr);
  const store = await openCardStore({ dataDir, policy: loadFeedbackPolicy(DEFAULT_RULES_DIR), logger });
  const { app } = await buildStoreTestApp({ store, logger });
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    void store.close().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`store-server: ${(err as Error).message}\n`);
  process.exit(1);
});
