import { pino, type Logger, type DestinationStream } from 'pino';
import { censorSecrets } from './log-censor.js';

export type { Logger } from 'pino';

/**
 * Creates the service logger: one JSON line per event, secrets censored. By default it
 * writes to stdout asynchronously, so lines written while a write is in flight go out
 * together instead of one system call per request; call `logger.flush()` before exiting.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'diabetes-cds-hooks' },
      // Secrets are censored by key (log-censor.ts) rather than with pino's `redact` paths, which
      // are parsed again on every call and cost more than the rest of a request line.
      formatters: { log: censorSecrets },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
