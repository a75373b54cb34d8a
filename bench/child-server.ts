import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NODE_FLAGS } from '../bin/node-flags.js';
import { ENV_SCHEMA } from '../config/config.js';
import { freePort } from '../sandbox/free-port.js';

/** The compiled service entry point, beside this file's folder (dist/bin/server.js). */
export const SERVER_ENTRY = fileURLToPath(new URL('../bin/server.js', import.meta.url));
/** The bare Express echo used as the baseline (dist/bench/echo-server.js). */
export const ECHO_ENTRY = fileURLToPath(new URL('./echo-server.js', import.meta.url));

/** A server running in a child process, so load generation never shares its event loop. */
export interface ChildServer {
  readonly label: string;
  readonly pid: number;
  readonly baseUrl: string;
  readonly port: number;
  /** Milliseconds from spawn to the "ready" log line. */
  readonly readyMs: number;
  /** File receiving the child's stdout and stderr (its JSON log). */
  readonly logFile: string;
  /** True while the process runs. */
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | string | null>;
}

/** Options for startChild. */
export interface ChildOptions {
  readonly label: string;
  readonly entry?: string;
  /** Service settings; every other variable the service reads is removed from the inherited environment. */
  readonly env?: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  readonly port?: number;
  readonly readyTimeoutMs?: number;
  /** Folder for the log file (a new temporary folder by default). */
  readonly logDir?: string;
}

/** The node arguments for an entry point: the service runs with the flags `npm start` gives it. */
export function childServerArgs(entry: string, nodeArgs: readonly string[] = []): string[] {
  return [...(entry === SERVER_ENTRY ? SERVICE_NODE_FLAGS : []), ...nodeArgs, entry];
}

/** The inherited environment without any service setting, so only `env` configures the child. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(ENV_SCHEMA.shape)) delete out[key];
  delete out.NODE_OPTIONS;
  return { ...out, ...env };
}

/** The port from the "ready" log line, or from the banner (printed at any LOG_LEVEL). */
function readyPort(text: string): number | undefined {
  const banner = /is listening on http:\/\/[^\s:]+:(\d+)/.exec(text);
  if (banner?.[1]) return Number(banner[1]);
  for (const line of text.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"ready"')) continue;
    try {
      const parsed = JSON.parse(line) as { msg?: unknown; port?: unknown };
      if (parsed.msg === 'ready' && typeof parsed.port === 'number') return parsed.port;
    } catch {
      // a partial line: read it again on the next poll
    }
  }
  return undefined;
}

function waitExit(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/**
 * Spawns `node <entry>` with its output in a log file, and waits for the JSON log line
 * `{"msg":"ready","port":N}` that the service (and the echo server) write once listening, or
 * for the service's banner when the log level hides the line.
 */
export async function startChild(options: ChildOptions): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), 'cds-bench-log-'));
  const logFile = join(logDir, `${options.label.replace(/[^a-z0-9-]+/gi, '-')}-${port}.log`);
  const fd = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, childServerArgs(options.entry ?? SERVER_ENTRY, options.nodeArgs), {
    env: cleanEnv({ HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...options.env }),
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = waitExit(child);
  const deadline = started + (options.readyTimeoutMs ?? 60_000);
  let listening: number | undefined;
  while (listening === undefined) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.label} exited before ready:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.label} not ready after ${options.readyTimeoutMs ?? 60_000} ms`);
    }
    await sleep(5);
    listening = readyPort(readFileSync(logFile, 'utf8'));
  }
  const readyMs = performance.now() - started;
  return {
    label: options.label,
    pid: child.pid!,
    port: listening,
    baseUrl: `http://127.0.0.1:${listening}`,
    readyMs,
    logFile,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const how = await exited;
      clearTimeout(timer);
      return how;
    },
  };
}

/** Errors (pino level ≥ 50) a child wrote to its log: a 5xx or a crash is a finding, whatever the figures. */
export function logErrors(child: ChildServer): string[] {
  return readFileSync(child.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{') && /"level":(5|6)\d/.test(l))
    .map((l) => l.slice(0, 400));
}
