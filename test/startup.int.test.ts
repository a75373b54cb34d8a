import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_RULES_DIR, PROJECT_ROOT } from '../config/project-paths.js';
import { LOCK_FILE } from '../store/data-dir-lock.js';
import { compileEntries } from './support/compile-entries.js';
import { spawnServiceProcess } from './support/service-process.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { createScratchDatabase, type ScratchDatabase } from './support/test-database.js';

const BUILD_DIR = join(PROJECT_ROOT, 'test-output', `startup-${process.pid}`);
const SERVER = join(BUILD_DIR, 'out', 'bin', 'server.js');
const work = mkdtempSync(join(tmpdir(), 'startup-'));

/** A copy of rules/ with one file changed by `edit`. */
function brokenRules(name: string, file: string, edit: (json: Record<string, unknown>) => void): string {
  const dir = join(work, name);
  cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
  return dir;
}

/**
 * A data directory for a test that is not about the first start: a copy of the one the good
 * start initialised (`good`; an initdb costs 4 s), without its lock, or a new one when it did
 * not run.
 */
function initialisedDataDir(name: string): string {
  const dir = join(work, name);
  const initialised = join(work, 'good');
  if (existsSync(join(initialised, 'PG_VERSION'))) {
    cpSync(initialised, dir, { recursive: true, filter: (from) => !from.endsWith(LOCK_FILE) });
  }
  return dir;
}

/** Runs the real server entry point; it must exit by itself. */
async function start(env: Record<string, string>): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SERVER], {
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', LOG_LEVEL: 'warn', DATA_DIR: join(work, 'data'), ...env },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The real server entry point on an ephemeral port, sandbox and authentication off, plus `env`. */
const spawnServer = (env: Record<string, string>) => spawnServiceProcess(SERVER, env);

beforeAll(() => compileEntries(BUILD_DIR, ['bin/server.ts']));
afterAll(() => {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('start-up refuses a bad configuration or bad rules with one clear line', () => {
  test.each<[string, Record<string, string> | (() => Record<string, string>), RegExp]>([
    ['a port that is not a number', { PORT: 'eighty' }, /Invalid configuration:[\s\S]*PORT/],
    ['an unknown auth mode', { CDS_AUTH: 'sometimes' }, /CDS_AUTH/],
    ['a FHIR allowlist entry that is not a URL', { FHIR_SERVER_ALLOWLIST: 'not a url' }, /FHIR_SERVER_ALLOWLIST/],
    ['HS256 among the accepted algorithms', { CDS_AUTH: 'optional', JWT_EXTRA_ALGORITHMS: 'HS256' }, /HS256/],
    [
      'a value set with a bad system',
      () => ({
        RULES_DIR: brokenRules('vs', 'valuesets/t2d.json', (j) => {
          (j.concepts as Record<string, unknown>[])[0]!.system = 'not-a-url';
        }),
      }),
      /valuesets\/t2d\.json: concepts\[0\]\.system: Invalid URL/,
    ],
    [
      'a pump rule reading a fact that does not exist',
      () => ({
        RULES_DIR: brokenRules('rule', 'pump-evaluation.rules.json', (j) => {
          const rule = (j.rules as { conditions: { all: { fact: string }[] } }[])[0]!;
          rule.conditions.all[0]!.fact = 'hba1c.percentt';
        }),
      }),
      /pump-evaluation\.rules\.json: rules\[0\]\.conditions\.all\[0\]\.fact: unknown fact "hba1c\.percentt"/,
    ],
    [
      'a trial without its id',
      () => ({
        RULES_DIR: brokenRules('trial', 'trials/NCT04270656-pump-vs-mdi-t2d-nafld.json', (j) => {
          delete j.id;
        }),
      }),
      /trials\/NCT04270656-pump-vs-mdi-t2d-nafld\.json: id/,
    ],
  ])('%s', async (_what, env, message) => {
    const { code, stderr } = await start({ SANDBOX: 'off', ...(typeof env === 'function' ? env() : env) });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^diabetes-cds-hooks cannot start: /);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at .+\.js:\d+/);
  });

  test('none of these refusals opened the data directory (no initdb for a mistyped setting)', () => {
    expect(existsSync(join(work, 'data'))).toBe(false);
  });
});

describe('a good start', () => {
  test('listens, prints its URLs and answers discovery (sandbox off)', async () => {
    const server = spawnServer({ LOG_LEVEL: 'warn', DATA_DIR: join(work, 'good') });
    try {
      const res = await fetch(`${await server.listening}/cds-services`);
      const body = (await res.json()) as { services: { id: string }[] };
      expect(body.services.map((s) => s.id)).toEqual([
        'pump-evaluation',
        'trial-referral',
        'diabetes-order-select',
        'diabetes-order-sign',
      ]);
    } finally {
      server.child.kill('SIGTERM');
    }
  });
});

describe('SIGTERM: unready first, then the calls in flight finish, then exit 0', () => {
  test('a call whose body is still arriving when SIGTERM comes gets its answer; /readyz turns 503 at once', async () => {
    const server = spawnServer({
      LOG_LEVEL: 'info',
      DATA_DIR: initialisedDataDir('drain'),
      SHUTDOWN_DELAY_S: '1',
      SHUTDOWN_GRACE_S: '10',
    });
    const { child, exited } = server;
    try {
      const port = new URL(await server.listening).port;
      const body = JSON.stringify({
        hook: 'patient-view',
        hookInstance: '6b5e8f2c-3f1d-4c55-9a0e-2f7d1c9b8a11',
        context: { userId: 'Practitioner/example', patientId: 'drain-1' },
        prefetch: { patient: { resourceType: 'Patient', id: 'drain-1', birthDate: '1970-01-01' } },
      });
      // Half the body now, the rest after SIGTERM and the drain delay.
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: Number(port),
            method: 'POST',
            path: '/cds-services/pump-evaluation',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 40));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(40)), 1500);
        }, 200);
      });
      // During the delay the service still answers, unready.
      await new Promise((r) => setTimeout(r, 600));
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: { lifecycle: string } }).checks.lifecycle).toBe('draining');
      const { status, text } = await answer;
      // A whole answer (this request lacks the prefetch the card needs, so 412 data-unavailable), not a reset.
      expect(status).toBe(412);
      expect(text).toContain('data-unavailable');
      expect(await exited).toBe(0);
      expect(server.output()).toMatch(/shutting down: unready, draining/);
      expect(server.output()).toMatch(/"msg":"stopped"/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('start-up waits for a database that is not there yet (STARTUP_TIMEOUT_S)', () => {
  let db: ScratchDatabase;
  let proxy: TcpProxy;
  beforeAll(async () => {
    db = await createScratchDatabase('startup');
    const target = new URL(db.url());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  });
  afterAll(async () => {
    await proxy.close();
    await db.drop();
  });

  /** The scratch database through the proxy, with a password that must never be printed. */
  const urlWithPassword = () => {
    const u = new URL(db.url(proxy.port));
    u.password = 'never-logged-s3cret';
    return u.href;
  };

  test('retries with growing waits, logging each try without the password, and starts once it answers', async () => {
    await proxy.cut();
    const server = spawnServer({ LOG_LEVEL: 'info', DATABASE_URL: urlWithPassword(), STARTUP_TIMEOUT_S: '30' });
    const out = server.output;
    try {
      const retries = () =>
        out()
          .split('\n')
          .filter((l) => l.includes('database not reachable yet, retrying'));
      while (retries().length < 3) await new Promise((r) => setTimeout(r, 100));
      await proxy.restore();
      const ready = await fetch(`${await server.listening}/readyz`);
      expect(ready.status).toBe(200);
      const tries = retries().map((l) => JSON.parse(l) as { try: number; retryInMs: number; database: string });
      expect(tries.slice(0, 3).map((t) => t.try)).toEqual([1, 2, 3]);
      expect(tries.slice(0, 3).map((t) => t.retryInMs)).toEqual([250, 500, 1000]);
      expect(tries[0]!.database).toBe(`127.0.0.1:${proxy.port}${new URL(db.url()).pathname}`);
      expect(out()).toMatch(/"msg":"database reachable"/);
      expect(out()).not.toContain('never-logged-s3cret');
    } finally {
      server.child.kill('SIGKILL');
      await proxy.restore().catch(() => undefined);
    }
  });

  test('gives up after STARTUP_TIMEOUT_S with one clear line, and exit 1', async () => {
    await proxy.cut();
    try {
      const started = Date.now();
      const { code, stderr } = await start({ SANDBOX: 'off', DATABASE_URL: urlWithPassword(), STARTUP_TIMEOUT_S: '2' });
      expect(code).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(stderr).toMatch(/^diabetes-cds-hooks cannot start: 127\.0\.0\.1:\d+\/startup_\w+ not reachable after 2 s/);
      expect(stderr).not.toContain('never-logged-s3cret');
    } finally {
      await proxy.restore();
    }
  });

  test('fails at once on a database that does not exist: waiting cannot fix it', async () => {
    const missing = new URL(db.url());
    missing.pathname = '/no_such_database_here';
    const { code, stdout, stderr } = await start({
      SANDBOX: 'off',
      LOG_LEVEL: 'info',
      DATABASE_URL: missing.href,
      STARTUP_TIMEOUT_S: '60',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^diabetes-cds-hooks cannot start: .*no_such_database_here refused the connection/);
    expect(stdout).not.toContain('retrying');
  });

  test('with the sandbox on, builds it first and then connects: start-up succeeds on PostgreSQL', async () => {
    const server = spawnServer({
      LOG_LEVEL: 'info',
      SANDBOX: 'on',
      CDS_AUTH: 'optional',
      DATABASE_URL: db.url(),
      DATA_DIR: join(work, 'sandbox-pg'),
    });
    try {
      const base = await server.listening;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const patients = await fetch(`${base}/fhir/Patient?_count=1`);
      expect(patients.status).toBe(200);
      expect(server.output()).not.toContain('retrying');
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
