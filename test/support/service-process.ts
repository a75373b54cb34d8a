import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A real service process (the compiled bin/server.js) a test started. */
export interface ServiceProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Its address, once it printed it. */
  readonly baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code, or the signal that killed it. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

export interface ServiceProcessOptions {
  /** Modules node preloads with --import (e.g. test/support/skewed-clock.mjs). */
  readonly preload?: readonly string[];
  /** How long to wait for "listening on" (default 60 s). */
  readonly startTimeoutMs?: number;
}

/** A service process just spawned: its output so far, and a promise of its address. */
export interface SpawnedService extends Omit<ServiceProcess, 'baseUrl'> {
  /** Resolves with the base URL once the server prints it; rejects if it exits first or takes too long. */
  readonly listening: Promise<string>;
}

/**
 * Spawns `serverJs` on an ephemeral port (sandbox and authentication off unless `env` says). The
 * environment is only PATH plus `env`, as a container's would be.
 */
export function spawnServiceProcess(
  serverJs: string,
  env: Record<string, string>,
  options: ServiceProcessOptions = {},
): SpawnedService {
  const nodeOptions = (options.preload ?? []).map((p) => `--import=${p}`).join(' ');
  const child = spawn(process.execPath, [serverJs], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: nodeOptions,
      PORT: '0',
      SANDBOX: 'off',
      CDS_AUTH: 'off',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" within the deadline:\n${out}`)),
      options.startTimeoutMs ?? 60_000,
    );
    const onData = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${String(code)}) before listening:\n${out}`));
    });
  });
  // A caller that stops waiting (a failed test) must not leave an unhandled rejection behind.
  listening.catch(() => undefined);
  return {
    child,
    output: () => out,
    exited,
    listening,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

/** Spawns the service (spawnServiceProcess) and resolves once it listens; kills it if it never does. */
export async function startServiceProcess(
  serverJs: string,
  env: Record<string, string>,
  options: ServiceProcessOptions = {},
): Promise<ServiceProcess> {
  const spawned = spawnServiceProcess(serverJs, env, options);
  try {
    return { ...spawned, baseUrl: await spawned.listening };
  } catch (err) {
    spawned.child.kill('SIGKILL');
    throw err;
  }
}
