import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths censored wherever they appear in a log object. The service never passes request
 * bodies, prefetch, tokens or names to the logger; this is a second line of defence.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'access_token',
  'token',
  'jwt',
  'prefetch',
  'body',
  'fhirAuthorization',
  '*.authorization',
  '*.access_token',
  '*.prefetch',
  '*.body',
];

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
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
