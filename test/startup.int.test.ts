import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_RULES_DIR, PROJECT_ROOT } from '../config/project-paths.js';
import { compileEntries } from './support/compile-entries.js';

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

beforeAll(() => compileEntries(BUILD_DIR, ['bin/server.ts']), 120_000);
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
});

describe('a good start', () => {
  test('listens, prints its URLs and answers discovery (sandbox off)', async () => {
    const child = spawn(process.execPath, [SERVER], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: '',
        PORT: '0',
        SANDBOX: 'off',
        CDS_AUTH: 'off',
        LOG_LEVEL: 'warn',
        DATA_DIR: join(work, 'good'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/cds-services`);
      const body = (await res.json()) as { services: { id: string }[] };
      expect(body.services.map((s) => s.id)).toEqual(['pump-evaluation', 'trial-referral']);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
