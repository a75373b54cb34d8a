import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { main } from '../bin/screen.js';
import { HANDOFF_FILE, readHandoff } from '../screening/handoff-file.js';
import { executeRun } from '../screening/run-job.js';
import { ScreeningReportSchema } from '../screening/screening-report.js';
import { LOCK_FILE } from '../store/data-dir-lock.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

/*
 * `npm run screen` beside a running service that holds the embedded store: the command hands
 * the run over through the token in the data directory (screening/handoff-file.ts), the service
 * runs and stores it, and the command writes the report.
 */

let server: TestServer;
let dataDir: string;
const quiet = { progress: { write: () => undefined, isTTY: false, now: () => Date.now() } };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'screening-handoff-'));
  server = await startTestServer({
    ownPublicUrl: true,
    handoffDir: dataDir,
    screeningExecutor: (job, _signal, spill) => executeRun(job, spill),
  });
  // The service's lock on its data directory, held by a live process as `npm start` would hold it.
  writeFileSync(join(dataDir, LOCK_FILE), String(process.ppid));
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function screen(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { LOG_LEVEL: 'silent', DATA_DIR: dataDir },
      now: () => TEST_NOW,
    },
    quiet,
  );
  return { code, out, err };
}

describe('handing a run to the running service', () => {
  test('the handover file is the owner’s alone and names the service and its FHIR server', () => {
    const file = join(dataDir, HANDOFF_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readHandoff(dataDir)).toMatchObject({ url: server.baseUrl, fhir: `${server.baseUrl}/fhir` });
  });

  test('the command hands its run over, and writes the report the service produced', async () => {
    const out = join(dataDir, 'run.json');
    const result = await screen(['--fhir', `${server.baseUrl}/fhir`, '--out', out]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^handed to the running service at http:\/\/127\.0\.0\.1:\d+: run [0-9a-f-]{36}$/);
    expect(result.out.at(-1)).toBe('stored by the running service');
    const report = ScreeningReportSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const listed = await server.composition.deps.screening!.store.candidates({
      trialId: 'NCT04270656',
      fit: 'candidate',
    });
    expect(report.trials.NCT04270656!.candidates.map((c) => c.patient).sort()).toEqual(
      listed.map((c) => c.patientRef).sort(),
    );
    expect(listed.length).toBeGreaterThan(0);
  });

  test('another FHIR server than the service’s is not handed over, and says why', async () => {
    const result = await screen(['--fhir', 'http://127.0.0.1:9/fhir', '--deadline', '1']);
    expect(result.out).toContain(
      `not handed to the running service: the running service screens ${server.baseUrl}/fhir, not http://127.0.0.1:9/fhir`,
    );
    expect(result.code).toBe(1);
  });

  test.each([
    ['no token', 401, undefined, { trialIds: ['NCT04270656'] }],
    ['a wrong token', 401, 'x'.repeat(64), {}],
    ['a bad trial id', 400, 'good', { trialIds: ['nope'] }],
    ['an unknown field', 400, 'good', { fhir: 'http://elsewhere/fhir' }],
  ] as [string, number, string | undefined, object][])(
    'the handover endpoint refuses %s with %i',
    async (_name, status, token, body) => {
      const bearer = token === 'good' ? readHandoff(dataDir)!.token : token;
      const res = await request(server.baseUrl)
        .post('/screening/handoff/runs')
        .set(bearer ? { Authorization: `Bearer ${bearer}` } : {})
        .send(body);
      expect(res.status).toBe(status);
      expect(res.body.resourceType).toBe('OperationOutcome');
    },
  );
});
