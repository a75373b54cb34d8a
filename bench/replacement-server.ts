import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createApp } from '../hooks/app.js';
import { composeDeps } from '../hooks/compose.js';
import { sandboxFactory } from '../sandbox/start-sandbox.js';
import { parseReplacementsOff, REPLACEMENTS_OFF_VAR } from './replacement-variants.js';

/*
 * A bench-only entry point for `npm run bench -- --replacements`: the service built as
 * bin/server.ts builds it, except that REPLACEMENTS_OFF (e.g. "logCensor") names hand-written
 * replacements to run without, so that the library feature they replace does the work instead.
 * With REPLACEMENTS_OFF empty it is the service as shipped; the bench starts every variant, the
 * baseline included, through this file.
 */
const off = parseReplacementsOff(process.env[REPLACEMENTS_OFF_VAR]);
const config = loadConfig();
const logger = createLogger(config.logLevel, undefined, off.has('logCensor') ? 'pino-redact' : 'by-key');
const composition = await composeDeps(config, logger, config.sandbox ? { sandbox: sandboxFactory() } : {});
const server = createApp(config, composition.deps).listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  composition.setListeningBases([`http://${config.host}:${port}`, `http://localhost:${port}`, config.publicBaseUrl]);
  logger.info({ port, replacementsOff: [...off] }, 'ready');
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  const exit = (code: number) => logger.flush(() => process.exit(code));
  composition.close().then(
    () => exit(0),
    () => exit(1),
  );
});
