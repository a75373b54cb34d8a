import { pino, type Logger, type DestinationStream } from 'pino';
import { CENSORED, censorSecrets, SECRET_KEYS } from './log-censor.js';

export type { Logger } from 'pino';

/**
 * Creates the service logger: one JSON line per event, secrets censored. By default it
 * writes to stdout asynchronously, so lines written while a write is in flight go out
 * together instead of one system call per request; call `logger.flush()` before exiting.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  censor: 'by-key' | 'pino-redact' = 'by-key',
): Logger {
  return pino(
    {
      level,
      base: { service: 'diabetes-cds-hooks' },
      // Secrets are censored by key (log-censor.ts); `pino-redact` is pino's own `redact`, with the
      // same keys at the same depths, for the replacement benchmark (docs/performance.md).
      ...(censor === 'by-key'
        ? { formatters: { log: censorSecrets } }
        : { redact: { paths: REDACT_PATHS, censor: CENSORED } }),
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** The secret keys of log-censor.ts at the first three levels, as pino `redact` paths. */
const REDACT_PATHS = [...SECRET_KEYS].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
