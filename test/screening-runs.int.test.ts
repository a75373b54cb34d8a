import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { createLogger } from '../config/logger.js';
import { executeRun } from '../screening/run-job.js';
import { RunService } from '../screening/run-service.js';
import type { ScreeningRuns } from '../screening/screening-runs.js';
import type { ScreeningStore } from '../store/screening-store.js';
import { compileEntries } from './support/compile-entries.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

/*
 * Screening runs the service starts (screening/run-service.ts): one at a time, the list kept in
 * the service's database, a webhook told of new candidates with counts only, a schedule, and a
 * failed run that retires no one. The run executes in-process here (the same executeRun the
 * worker thread runs), on the test server's sandbox FHIR server.
 */

let server: TestServer;
let hook: Server;
const notices: Record<string, unknown>[] = [];

beforeAll(async () => {
  const receiver = express();
  receiver.post('/notice', express.json(), (req, res) => {
    notices.push(req.body as Record<string, unknown>);
    res.status(204).end();
  });
  hook = await new Promise((resolve) => {
    const s = receiver.listen(0, '127.0.0.1', () => resolve(s));
  });
  server = await startTestServer({
    ownPublicUrl: true,
    env: { SCREENING_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/notice` },
    screeningExecutor: (job, _signal, spill) => executeRun(job, spill),
  });
});
afterAll(async () => {
  await server?.close();
  await new Promise((r) => hook.close(r));
});

const screening = (): { store: ScreeningStore; runs: ScreeningRuns } => server.composition.deps.screening!;

describe('a run started by the service', () => {
  test('runs once at a time, lists the candidates, and tells the webhook counts only', async () => {
    const { runs, store } = screening();
    expect(runs.available).toBe(true);
    const first = await runs.start({ startedBy: 'coordinator-sub-1' });
    expect('started' in first).toBe(true);
    expect(await runs.start({ startedBy: 'coordinator-sub-2' })).toEqual({ busy: runs.current() });
    await runs.settled();
    const done = runs.current()!;
    expect(done).toMatchObject({
      state: 'complete',
      startedBy: 'coordinator-sub-1',
      startedAt: TEST_NOW.toISOString(),
    });
    expect(done.patientsScreened).toBeGreaterThan(100);
    const listed = await store.candidates({ trialId: 'NCT04270656', fit: 'candidate' });
    expect(listed.map((c) => c.patientRef)).toContain('Patient/trial-nafld-full-match');
    expect(done.candidates?.NCT04270656).toBe(listed.length);
    expect(done.newCandidates?.NCT04270656).toBe(listed.length);
    expect(notices).toEqual([
      {
        runId: done.runId,
        finishedAt: done.finishedAt,
        newCandidates: done.newCandidates,
        candidates: done.candidates,
        worklist: `${server.config.publicBaseUrl}/screening`,
      },
    ]);
    expect(JSON.stringify(notices)).not.toMatch(/Patient\//);
    const [run] = await store.runs(1);
    expect(run).toMatchObject({ run_id: done.runId, state: 'complete', scope: 'population' });
    // The logs name the run and counts, never a patient.
    expect(server.logText()).toContain(done.runId);
    expect(server.logText()).not.toMatch(/trial-nafld-full-match/);
  });

  test('a second run finding nothing new sends no notice, and keeps the statuses', async () => {
    const { runs, store } = screening();
    await store.setStatus('NCT04270656', 'Patient/trial-nafld-full-match', 'contacted', 'coordinator-sub-1', TEST_NOW);
    await runs.start({ startedBy: 'coordinator-sub-1' });
    await runs.settled();
    expect(runs.current()).toMatchObject({ state: 'complete', newCandidates: {} });
    expect(notices.length).toBe(1);
    const [kept] = (await store.candidates({ trialId: 'NCT04270656', status: 'contacted' })).filter(
      (c) => c.patientRef === 'Patient/trial-nafld-full-match',
    );
    expect(kept).toMatchObject({ fit: 'candidate', statusChangedBy: 'coordinator-sub-1' });
  });
});

describe('runs of the service that go wrong, or are scheduled', () => {
  const service = (over: Partial<ConstructorParameters<typeof RunService>[0]>) =>
    new RunService({
      config: server.config,
      store: screening().store,
      trialIds: ['NCT04270656', 'NCT05153070'],
      rulesVersion: 'sha256:test',
      logger: createLogger('silent'),
      clock: () => new Date(),
      ...over,
    });

  test('a run whose worker fails is marked failed, and the stored run partial', async () => {
    const failing = service({ executor: () => Promise.reject(new Error('worker out of memory')) });
    const started = await failing.start({ startedBy: 'coordinator-sub-1' });
    await failing.settled();
    expect(failing.current()).toMatchObject({ state: 'failed', problem: 'worker out of memory' });
    const [run] = await screening().store.runs(1);
    expect(run).toMatchObject({ run_id: 'started' in started ? started.started.runId : '', state: 'partial' });
    expect((await screening().store.candidates({ trialId: 'NCT04270656', fit: 'no-longer-fits' })).length).toBe(0);
    await failing.close();
  });

  test('SCREENING_CRON starts a run by itself, and a second tick soon after does not run again', async () => {
    let executed = 0;
    // A year on: the runs of the tests above are outside the quiet period of a scheduled run.
    const scheduled = service({
      clock: () => new Date(Date.now() + 365 * 86_400_000),
      config: { ...server.config, screening: { ...server.config.screening, cron: '* * * * * *' } },
      executor: (job) => {
        executed++;
        return executeRun(job);
      },
    });
    try {
      const deadline = Date.now() + 10_000;
      while (executed === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await scheduled.settled();
      expect(scheduled.current()).toMatchObject({ startedBy: 'schedule', state: 'complete' });
      await new Promise((r) => setTimeout(r, 2500));
      await scheduled.settled();
      expect(executed).toBe(1);
    } finally {
      await scheduled.close();
    }
  });

  test('in a real worker thread: the run completes with the in-process run’s candidates, the event loop free', async () => {
    // Inside the project, so that the compiled worker finds node_modules.
    const outDir = join(PROJECT_ROOT, 'test-output', `screening-worker-${process.pid}`);
    try {
      await compileEntries(outDir, ['screening/run-worker.ts']);
      // No record held in memory: every block crosses to this thread's database and back.
      const real = screening().store;
      const calls = { write: 0, read: 0, drop: 0 };
      const counting = Object.create(real) as ScreeningStore;
      counting.openSpill = async (id, now) => {
        const spill = await real.openSpill(id, now);
        return Object.assign(Object.create(spill) as typeof spill, {
          write: (b: Parameters<typeof spill.write>[0]) => (calls.write++, spill.write(b)),
          read: (b: readonly number[]) => (calls.read++, spill.read(b)),
          drop: () => (calls.drop++, spill.drop()),
        });
      };
      const threaded = service({
        workerScript: join(outDir, 'out', 'screening', 'run-worker.js'),
        clock: () => TEST_NOW,
        store: counting,
        config: { ...server.config, screening: { ...server.config.screening, memoryBudgetBytes: 0 } },
      });
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      await threaded.start({ startedBy: 'coordinator-sub-1' });
      await threaded.settled();
      clearInterval(timer);
      const run = threaded.current()!;
      expect(run).toMatchObject({ state: 'complete' });
      const listed = await screening().store.candidates({ trialId: 'NCT04270656', fit: 'candidate' });
      expect(run.candidates?.NCT04270656).toBe(listed.length);
      // The main thread kept turning while the worker evaluated (about one tick per 10 ms).
      expect(ticks).toBeGreaterThan(20);
      expect(calls.write).toBeGreaterThan(0);
      expect(calls.read).toBeGreaterThan(0);
      // The worker dropped its spill, and the service did again once the run was over.
      expect(calls.drop).toBe(2);
      await threaded.close();
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  test('without a FHIR server for runs, none can start', async () => {
    const none = service({
      config: { ...server.config, screening: { ...server.config.screening, fhirUrl: undefined } },
    });
    expect(none.available).toBe(false);
    await expect(none.start({ startedBy: 'x' })).rejects.toThrow(/no FHIR server/);
  });
});
