import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { clearAllFeedback } from '../store/clear-feedback.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import { openMigrated } from '../store/open-card-store.js';
import { CONSOLE_IO, isEntryPoint, type CliIo } from './entry-point.js';

const USAGE = `usage: npm run reset-demo [-- --url <base-url>]

Resets the sandbox demo: clears the feedback and suppressions of the sandbox patients and
puts the sandbox FHIR store back as it was loaded. It asks the running service
(POST <base-url>/sandbox-ehr/reset), because with the embedded PGlite database only the
service's own process can open it. The base URL is --url, else PUBLIC_BASE_URL, else
http://HOST:PORT (http://127.0.0.1:3000 by default).

When nothing listens at that address on this machine and the feedback lives in PGlite (no
DATABASE_URL), it clears the feedback in DATA_DIR itself; the sandbox FHIR store needs nothing then, since every
start loads it afresh. With DATABASE_URL it says to start the service first.

Exit codes: 0 reset, 1 no service answers (and nothing could be reset directly) or the
reset failed, 2 bad arguments or configuration, 3 the service is not in sandbox mode.`;

/** The path of the sandbox-only endpoint (sandbox/demo-reset.ts; bin/ does not import sandbox/). */
const RESET_PATH = '/sandbox-ehr/reset';
/** Long enough for a store loaded with many generated patients (SANDBOX_EXTRA_PATIENTS). */
const TIMEOUT_MS = 60_000;

const RESULT = z.object({
  patients: z.number().int().nonnegative(),
  feedbackCleared: z.number().int().nonnegative(),
  suppressionsCleared: z.number().int().nonnegative(),
  resourcesRestored: z.number().int().nonnegative(),
});

/** What the CLI talks through; tests inject their own. */
export interface ResetDemoDeps {
  readonly fetch?: typeof fetch;
}

class UsageError extends Error {}

function parse(argv: readonly string[]): { url?: string; help: boolean } {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    return { ...(values.url !== undefined ? { url: values.url } : {}), help: values.help ?? false };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function baseUrlOf(url: string | undefined, config: Config): string {
  const base = url ?? config.publicBaseUrl;
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new UsageError(`--url: expected a URL such as http://127.0.0.1:3000, got "${base}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--url: expected an http(s) URL, got "${base}"`);
  }
  return base.replace(/\/+$/, '');
}

/** Whether a URL names this machine, where DATA_DIR is. */
function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The problem an error answer names (an OperationOutcome's diagnostics), if any. */
function diagnostics(body: unknown): string {
  const issue = (body as { issue?: { diagnostics?: unknown }[] } | null)?.issue?.[0];
  return typeof issue?.diagnostics === 'string' ? `: ${issue.diagnostics}` : '';
}

/**
 * Resets the demo of the service at --url. Exit codes: 0 reset, 1 no service answers or the
 * reset failed, 2 bad arguments or configuration, 3 the service is not in sandbox mode.
 */
export async function main(argv: readonly string[], io: CliIo, deps: ResetDemoDeps = {}): Promise<number> {
  let base: string;
  let config: Config;
  try {
    const options = parse(argv);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    config = loadConfig(io.env ?? process.env);
    base = baseUrlOf(options.url, config);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`reset-demo: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(`reset-demo: ${err.message}`);
      return 2;
    }
    throw err;
  }

  const doFetch = deps.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(`${base}${RESET_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ confirm: 'reset' }),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    if ((err as Error).name === 'TimeoutError') {
      io.err(`reset-demo: the service at ${base} gave no answer within ${TIMEOUT_MS / 1000} s; try again`);
      return 1;
    }
    const why = typeof cause?.code === 'string' ? cause.code : (err as Error).message;
    const noService = `no service answers at ${base} (${why})`;
    // Only "nothing listens" on this machine means the local DATA_DIR is nobody's: reset it here.
    if (why === 'ECONNREFUSED' && isLoopback(base)) return resetDataDir(config, noService, io);
    io.err(`reset-demo: ${noService}. Is it running? Start it with: npm start (or pass --url <its address>)`);
    return 1;
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  if (res.status === 404) {
    io.err(
      `reset-demo: the service at ${base} has no ${RESET_PATH}: it is not in sandbox mode (SANDBOX=off), ` +
        'so there is no demo to reset',
    );
    return 3;
  }
  if (!res.ok) {
    io.err(`reset-demo: the service at ${base} refused the reset: HTTP ${res.status}${diagnostics(body)}`);
    return 1;
  }
  const result = RESULT.safeParse(body);
  if (!result.success) {
    io.err(`reset-demo: the service at ${base} answered HTTP ${res.status} with something that is not a reset result`);
    return 1;
  }
  const r = result.data;
  io.out(`Demo reset at ${base}: ${plural(r.patients, 'sandbox patient', 'sandbox patients')}.`);
  io.out(`  feedback cleared:     ${r.feedbackCleared}`);
  io.out(`  suppressions lifted:  ${r.suppressionsCleared}`);
  io.out(`  resources restored:   ${r.resourcesRestored} (written through /fhir since start-up)`);
  return 0;
}

/**
 * No service answers: reset what persists without it. The sandbox FHIR store lives in the
 * service's memory and is loaded afresh at every start; the feedback lives in the database.
 * PGlite in DATA_DIR belongs to one process, so it is cleared here when no process holds it
 * (the data directory lock says so). A sandbox's data directory holds only the demo's
 * synthetic patients, so all its feedback is cleared. A PostgreSQL server may be shared:
 * only a running sandbox service, which knows its patients, clears feedback there.
 */
async function resetDataDir(config: Config, noService: string, io: CliIo): Promise<number> {
  if (!config.sandbox) {
    io.err(`reset-demo: ${noService}, and SANDBOX is off in this environment: there is no demo to reset`);
    return 3;
  }
  if (config.database.url) {
    io.err(
      `reset-demo: ${noService}. The feedback is in the PostgreSQL server of DATABASE_URL, which ` +
        'other instances may share, so only the running sandbox service clears it. Start the service ' +
        '(npm start), then run npm run reset-demo again (with --url if it listens elsewhere).',
    );
    return 1;
  }
  const dataDir = config.database.dataDir;
  const fhirNote = 'The sandbox FHIR store needs no reset: every start loads it afresh.';
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    io.out(`Nothing to reset: ${noService}, and ${dataDir} holds no feedback yet. ${fhirNote}`);
    return 0;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  let cleared;
  try {
    const { sql, tables } = await openMigrated({ dataDir, logger });
    try {
      cleared = await clearAllFeedback(sql, tables, (io.now ?? (() => new Date()))());
    } finally {
      await sql.close();
    }
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      io.err(
        `reset-demo: ${noService}, but ${err.message.split(';')[0]}. If that is the service, ` +
          'run npm run reset-demo -- --url <its address> (PUBLIC_BASE_URL or http://HOST:PORT of its environment).',
      );
      return 1;
    }
    io.err(`reset-demo: ${noService}, and ${dataDir} could not be reset: ${(err as Error).message}`);
    return 1;
  }
  io.out(`Demo reset in ${dataDir} (${noService}; the data directory was reset directly).`);
  io.out(`  feedback cleared:     ${cleared.feedbackCleared}`);
  io.out(`  suppressions lifted:  ${cleared.suppressionsCleared}`);
  io.out(`  ${fhirNote}`);
  return 0;
}

if (isEntryPoint(import.meta.url)) {
  void main(process.argv.slice(2), CONSOLE_IO).then((code) => {
    process.exitCode = code;
  });
}
