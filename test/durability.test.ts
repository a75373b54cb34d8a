import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { SUPPRESSED_EXTENSION } from '../hooks/invoke.js';
import type { Card } from '../services/card-schema.js';
import { patientViewRequest } from './support/store-test-app.js';

const SERVICE = 'test-cards';
const BUILD_DIR = join(PROJECT_ROOT, 'test-output', `durability-${process.pid}`);
const ENTRY = join(BUILD_DIR, 'out', 'test', 'support', 'store-server.js');

interface RunningServer {
  readonly child: ChildProcess;
  readonly base: string;
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

/**
 * Compiles the server entry and what it imports to plain JS (transpile only: `tsc --noCheck`;
 * `npm test` type-checks separately), so the test runs a real `node` process without a
 * build step in CI.
 */
async function buildServer(): Promise<void> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const tsconfig = join(BUILD_DIR, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(PROJECT_ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: false, outDir: join(BUILD_DIR, 'out'), rootDir: PROJECT_ROOT, sourceMap: false },
      files: [join(PROJECT_ROOT, 'test', 'support', 'store-server.ts')],
      include: [],
    }),
  );
  const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig, '--noCheck']);
}

/** Starts the server on a data directory and waits for the port it prints. */
function startServer(dataDir: string): Promise<RunningServer> {
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = /\{"port":(\d+)\}/.exec(stdout);
      if (line) resolve({ child, base: `http://127.0.0.1:${line[1]}`, exited });
    });
    void exited.then((how) => reject(new Error(`server exited (${String(how)}) before listening: ${stderr}`)));
  });
}

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('durability of acknowledged feedback', () => {
  let dataDir: string;
  const running: RunningServer[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cds-durability-'));
    await buildServer();
  }, 120_000);

  afterAll(async () => {
    for (const s of running) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(BUILD_DIR, { recursive: true, force: true });
  });

  test('feedback answered 200 is there after SIGKILL and restart, and its suppression holds', async () => {
    const first = await startServer(dataDir);
    running.push(first);
    const call = await post(`${first.base}/cds-services/${SERVICE}`, patientViewRequest('durable-1'));
    expect(call.status).toBe(200);
    const pump = (call.body.cards as Card[]).find((c) => c.summary.includes('pump'))!;
    const feedback = {
      feedback: [
        {
          card: pump.uuid,
          outcome: 'overridden',
          overrideReason: { reason: pump.overrideReasons![0], userComment: 'prefers pens' },
          outcomeTimestamp: new Date().toISOString(),
        },
      ],
    };
    const ack = await post(`${first.base}/cds-services/${SERVICE}/feedback`, feedback);
    expect(ack).toEqual({ status: 200, body: { stored: 1, duplicates: 0 } });
    // No clean shutdown: the process dies the moment the 200 arrives.
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await startServer(dataDir);
    running.push(second);
    // The stored item is found: sending it again is a duplicate...
    expect(await post(`${second.base}/cds-services/${SERVICE}/feedback`, feedback)).toEqual({
      status: 200,
      body: { stored: 0, duplicates: 1 },
    });
    // ...and the card it overrode stays held back for this patient.
    const again = await post(`${second.base}/cds-services/${SERVICE}`, patientViewRequest('durable-1'));
    expect((again.body.cards as Card[]).map((c) => c.summary)).not.toContain(pump.summary);
    expect(again.body.extension).toEqual({
      [SUPPRESSED_EXTENSION]: [
        { key: 'pump-evaluation', reason: pump.overrideReasons![0]!.code, until: expect.any(String) },
      ],
    });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
