import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import { buildFeedbackReport, formatFeedbackReport } from '../store/feedback-report.js';
import { openMigrated } from '../store/open-card-store.js';
import { CONSOLE_IO, isEntryPoint, type CliIo } from './entry-point.js';

const USAGE = `usage: npm run feedback-report [-- --since YYYY-MM-DD] [--json]

Prints, per service and per trial: cards issued, acceptance rate, override rate by
reason, and cards held back by suppression. Reads the PostgreSQL database named by
DATABASE_URL, or else the PGlite database in DATA_DIR (PGlite allows one process at a
time: stop the service first, or run the service on PostgreSQL).`;

class UsageError extends Error {}

function parse(argv: readonly string[]): { since?: Date; json: boolean; help: boolean } {
  let values: { since?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { since: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  let since: Date | undefined;
  if (values.since !== undefined) {
    since = /^\d{4}-\d{2}-\d{2}$/.test(values.since) ? new Date(`${values.since}T00:00:00Z`) : new Date(values.since);
    if (Number.isNaN(since.getTime()))
      throw new UsageError(`--since: expected a date such as 2026-01-01, got "${values.since}"`);
  }
  return { ...(since ? { since } : {}), json: values.json ?? false, help: values.help ?? false };
}

/**
 * Prints the feedback report. Exit codes: 0 done, 1 the database failed or is in use,
 * 2 bad arguments or configuration.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const options = parse(argv);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    const config = loadConfig(io.env ?? process.env);
    // Logs go to stderr so that --json output stays parseable.
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
    const { sql, tables } = await openMigrated({
      ...(config.database.url ? { databaseUrl: config.database.url } : { dataDir: config.database.dataDir }),
      logger,
    });
    try {
      const report = await buildFeedbackReport(sql, tables, options.since);
      io.out(options.json ? JSON.stringify(report, null, 2) : formatFeedbackReport(report));
    } finally {
      await sql.close();
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`feedback-report: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(`feedback-report: ${err.message}`);
      return 2;
    }
    const reason = err instanceof DataDirLockedError ? err.message : `database error: ${(err as Error).message}`;
    io.err(`feedback-report: ${reason}`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  void main(process.argv.slice(2), CONSOLE_IO).then((code) => {
    process.exitCode = code;
  });
}
