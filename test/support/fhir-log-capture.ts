import { createLogger, type Logger } from '../../config/logger.js';

/** A real pino logger whose JSON lines are kept in memory, so tests can read what was logged. */
export function capturingLogger(level = 'debug'): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
} {
  const raw: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void raw.push(line) });
  return {
    logger,
    lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => raw.join(''),
  };
}
