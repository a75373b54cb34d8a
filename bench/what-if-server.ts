import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createApp } from '../hooks/app.js';
import { composeDeps } from '../hooks/compose.js';
import { factScope } from '../facts/fact-scope.js';
import { sandboxFactory } from '../sandbox/start-sandbox.js';
import type { CdsService } from '../services/service.js';
import type { CardStore } from '../store/card-store.js';

/*
 * A bench-only entry point for `npm run bench -- --what-if`: the service exactly as
 * bin/server.ts builds it, except that the feedback store's per-request suppression lookup is
 * answered from memory (WHAT_IF=no-suppression-query), or the store does no work on the hot
 * path at all (WHAT_IF=no-store-writes). The bench never posts feedback, so both answer what
 * the real store would; the difference in the figures is what that store work costs.
 * WHAT_IF=no-service-work keeps the store and takes the services' work away instead: each service
 * computes no fact but the patient's status and proposes no card, so a call is the HTTP path,
 * the validation and the record's reading alone (the floor under any evaluation).
 */
const config = loadConfig();
const logger = createLogger(config.logLevel);
const composition = await composeDeps(config, logger, config.sandbox ? { sandbox: sandboxFactory() } : {});
const real = composition.deps.store;
const mode = process.env.WHAT_IF;

const store: CardStore = {
  recordIssued: (cards) => (mode === 'no-store-writes' ? Promise.resolve() : real.recordIssued(cards)),
  recordFeedback: (serviceId, items, at) => real.recordFeedback(serviceId, items, at),
  activeSuppressions: (serviceId, patientRef, now) =>
    mode === 'no-suppression-query' || mode === 'no-store-writes'
      ? Promise.resolve([])
      : real.activeSuppressions(serviceId, patientRef, now),
  recordSuppressed: (serviceId, patientRef, keys, at) => real.recordSuppressed(serviceId, patientRef, keys, at),
  flush: () => real.flush(),
  ping: () => real.ping(),
  close: () => real.close(),
};

const idle = (s: CdsService): CdsService => ({
  ...s,
  factScope: factScope([], []),
  evaluate: () => Promise.resolve([]),
});
const services = mode === 'no-service-work' ? composition.deps.services.map(idle) : composition.deps.services;

const server = createApp(config, { ...composition.deps, store, services }).listen(config.port, config.host, () => {
  logger.info({ port: (server.address() as AddressInfo).port, whatIf: mode ?? 'none' }, 'ready');
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  composition.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
