import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type ScreenDeps } from '../bin/screen.js';
import type { CliIo } from '../bin/entry-point.js';
import { createLogger } from '../config/logger.js';
import { shardOf } from '../screening/shard/shard.js';
import { ScreeningReportSchema, type ScreeningReport } from '../screening/screening-report.js';
import { migrate } from '../store/migrations.js';
import { openMigrated } from '../store/open-card-store.js';
import {
  keyOf,
  ScreeningStore,
  ShardRefusedError,
  type Finding,
  type RunEnd,
  type RunStart,
} from '../store/screening-store.js';
import { SharedExportStore } from '../store/shared-export-store.js';
import type { SqlClient } from '../store/sql-client.js';
import { tablesIn, type Tables } from '../store/tables.js';
import {
  createScratchDatabase,
  DRIVERS,
  openTestDatabase,
  type ScratchDatabase,
  type TestDatabase,
} from './support/test-database.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

/*
 * Sharded screening runs (docs/screening.md, "Sharded runs"): first the store's side on PGlite
 * and PostgreSQL (a run completes, and retires, only when every shard has reported complete; a
 * failed shard leaves it partial until it is run again; one export claimed by one shard), then
 * three shards of `npm run screen` against the sandbox FHIR server, concurrently in this
 * process, on the machine's PostgreSQL: one export, and the same candidates as one run.
 */

const TRIAL = 'NCT04270656';
const T0 = new Date('2026-11-01T02:00:00Z');
const SOURCE = { fhir: 'https://ehr.example/fhir' };

function finding(patient: string): Finding {
  return { patientRef: `Patient/${patient}`, met: ['t2d'], toConfirm: [], missing: [], evidence: [] };
}

/** A run's (or a shard's) end: its candidates, whom it saw, and why the listed ones no longer fit. */
function end(
  candidates: string[],
  options: { seen?: string[]; complete?: boolean; reasons?: Record<string, string>; at?: Date } = {},
): RunEnd {
  const seen = options.seen ?? candidates;
  return {
    finishedAt: options.at ?? T0,
    complete: options.complete ?? true,
    patientsScreened: seen.length,
    patientsSkipped: { 'opted-out': 1 },
    summary: { trials: { [TRIAL]: { candidates: candidates.length, notMetCounts: { t2d: 2 } } }, problems: 0 },
    trials: { [TRIAL]: { candidates: candidates.map(finding), possible: [] } },
    seen: new Set(seen.map((p) => `Patient/${p}`)),
    reasons: new Map(Object.entries(options.reasons ?? {}).map(([p, r]) => [keyOf(TRIAL, `Patient/${p}`), r])),
  };
}

const start = (runId: string, over: Partial<RunStart> = {}): RunStart => ({
  runId,
  startedAt: T0,
  scope: 'population',
  source: SOURCE,
  rulesVersion: 'sha256:x',
  ...over,
});
const shard = (index: number, shards = 3) => ({ index, shards, trialIds: [TRIAL] });

describe.each(DRIVERS)('sharded runs in the store on %s', (driver) => {
  let db: TestDatabase;
  let tables: Tables;
  let store: ScreeningStore;
  let exports: SharedExportStore;

  beforeAll(async () => {
    db = await openTestDatabase(driver);
    tables = tablesIn(db.newSchema());
    await migrate(db.sql, tables);
    store = new ScreeningStore(db.sql, tables);
    exports = new SharedExportStore(db.sql, tables);
  });
  afterAll(async () => {
    await db?.close();
  });

  const fits = async () =>
    Object.fromEntries(
      (await store.candidates({ trialId: TRIAL })).map((c) => [c.patientRef.slice(8), [c.fit, c.retiredReason]]),
    );
  const runState = async (runId: string) =>
    (await db.sql.query<{ state: string }>(`SELECT state FROM ${tables.screeningRun} WHERE run_id = $1`, [runId]))[0]
      ?.state;

  test('the first shard begins the run, the others join it; other settings and unsharded runs are refused', async () => {
    // Concurrently, as the pods of an Indexed Job start.
    const attempts = await Promise.all([0, 1, 2].map((i) => store.beginShard(start('join'), shard(i))));
    expect(attempts).toEqual([{ attempt: 1 }, { attempt: 1 }, { attempt: 1 }]);
    await expect(store.beginShard(start('join'), shard(0, 4))).rejects.toThrow(/other settings \(3 shards\)/);
    await expect(store.beginShard(start('join', { rulesVersion: 'sha256:y' }), shard(0))).rejects.toThrow(
      /other settings \(rules sha256:x\)/,
    );
    await expect(
      store.beginShard(start('join'), { index: 0, shards: 3, trialIds: [TRIAL, 'NCT00000001'] }),
    ).rejects.toThrow(/other trials/);
    await store.beginRun(start('unsharded'));
    await expect(store.beginShard(start('unsharded'), shard(0))).rejects.toThrow(ShardRefusedError);
    expect(await runState('join')).toBe('running');
  });

  test('a run completes, and retires (once, for the whole population), only when every shard has reported', async () => {
    await store.beginRun(start('before'));
    await store.finishRun('before', end(['a', 'b', 'c', 'd']));
    for (const i of [0, 1, 2]) await store.beginShard(start('whole'), shard(i));
    const first = await store.finishShard('whole', { index: 0, attempt: 1 }, end(['a', 'e'], { seen: ['a', 'e'] }));
    expect(first).toMatchObject({ runState: 'running', reported: 1, shards: 3, found: { [TRIAL]: 1 } });
    const second = await store.finishShard(
      'whole',
      { index: 1, attempt: 1 },
      end([], { seen: ['b', 'x'], reasons: { b: 'inclusion hba1c not met' } }),
    );
    expect(second).toMatchObject({ runState: 'running', reported: 2, noLongerFits: {} });
    // Nothing retired before the last shard: b, c, d are still listed.
    expect(await fits()).toMatchObject({ b: ['candidate', undefined], c: ['candidate', undefined] });
    expect(await runState('whole')).toBe('running');
    const last = await store.finishShard('whole', { index: 2, attempt: 1 }, end(['d'], { seen: ['d'] }));
    expect(last).toMatchObject({ runState: 'complete', reported: 3, failedShards: [], noLongerFits: { [TRIAL]: 2 } });
    expect(await fits()).toEqual({
      a: ['candidate', undefined],
      b: ['no-longer-fits', 'inclusion hba1c not met'],
      c: ['no-longer-fits', 'not in the population screened'],
      d: ['candidate', undefined],
      e: ['candidate', undefined],
    });
    const [run] = await db.sql.query<{ state: string; patients_screened: number; patients_skipped: unknown }>(
      `SELECT state, patients_screened, patients_skipped, summary FROM ${tables.screeningRun} WHERE run_id = 'whole'`,
    );
    // The run's counts are the sums of its shards'.
    expect(run).toMatchObject({ state: 'complete', patients_screened: 5, patients_skipped: { 'opted-out': 3 } });
    await expect(store.beginShard(start('whole'), shard(1))).rejects.toThrow(/already complete/);
  });

  test('a failed shard leaves the run partial, retiring no one, until it is run again and completes', async () => {
    for (const i of [0, 1, 2]) await store.beginShard(start('retried'), shard(i));
    await store.finishShard('retried', { index: 0, attempt: 1 }, end(['a', 'd', 'e'], { seen: ['a', 'd', 'e'] }));
    await store.finishShard('retried', { index: 1, attempt: 1 }, end([], { complete: false, seen: [] }));
    const last = await store.finishShard('retried', { index: 2, attempt: 1 }, end([], { seen: [] }));
    expect(last).toMatchObject({ runState: 'partial', failedShards: [1], noLongerFits: {} });
    expect(await runState('retried')).toBe('partial');
    // A complete shard is not run twice; the failed one is (a Job's retry), as attempt 2.
    await expect(store.beginShard(start('retried'), shard(0))).rejects.toThrow(/has already completed/);
    expect(await store.beginShard(start('retried'), shard(1))).toEqual({ attempt: 2 });
    expect(await runState('retried')).toBe('running');
    // The first attempt, were it still alive, is superseded: its part is not kept.
    await expect(store.finishShard('retried', { index: 1, attempt: 1 }, end([]))).rejects.toThrow(/started again/);
    await store.beginRun(start('newcomer'));
    await store.finishRun('newcomer', { ...end(['a', 'd', 'e', 'f']), complete: false });
    const retry = await store.finishShard('retried', { index: 1, attempt: 2 }, end([], { seen: ['f'] }));
    expect(retry).toMatchObject({ runState: 'complete', noLongerFits: { [TRIAL]: 1 } });
    expect((await fits()).f).toEqual(['no-longer-fits', 'no longer fits']);
  });

  test('one shard owns the export; the others read its manifest, or its failure', async () => {
    for (const i of [0, 1, 2]) await store.beginShard(start('export'), shard(i));
    const owner = { runId: 'export', shard: 2, attempt: 1 };
    const other = { runId: 'export', shard: 0, attempt: 1 };
    const claims = await Promise.all([exports.claim(owner, 60_000), exports.claim(other, 60_000)]);
    expect(claims.filter((c) => c.state === 'owned')).toHaveLength(1);
    const [mine, theirs] = claims[0].state === 'owned' ? [owner, other] : [other, owner];
    expect(await exports.claim(theirs, 60_000)).toEqual({ state: 'kicking-off', owner: mine.shard });
    expect(await exports.started(theirs, 'https://ehr.example/status/1', true)).toBe(false);
    expect(await exports.started(mine, 'https://ehr.example/status/1', true)).toBe(true);
    expect(await exports.heartbeat(mine)).toBe(true);
    const manifest = { transactionTime: T0.toISOString(), request: 'x', requiresAccessToken: false, output: [] };
    expect(await exports.ready(mine, manifest)).toBe(true);
    expect(await exports.claim(theirs, 60_000)).toEqual({ state: 'ready', manifest, typeFilter: true });
    // The last shard to report deletes it on the server.
    for (const i of [0, 1]) await store.finishShard('export', { index: i, attempt: 1 }, end([]));
    const last = await store.finishShard('export', { index: 2, attempt: 1 }, end([]));
    expect(last.exportToDelete).toBe('https://ehr.example/status/1');
    expect(await exports.claim({ runId: 'export', shard: 1, attempt: 1 }, 60_000)).toEqual({ state: 'deleted' });
  });

  test('a dead owner is taken over, polling the same status URL; a failed export is kicked off again only by a retry', async () => {
    for (const i of [0, 1]) await store.beginShard(start('takeover'), shard(i, 2));
    const first = { runId: 'takeover', shard: 0, attempt: 1 };
    expect(await exports.claim(first, 60_000)).toEqual({ state: 'owned' });
    await exports.started(first, 'https://ehr.example/status/2', false);
    await new Promise((r) => setTimeout(r, 20));
    const second = { runId: 'takeover', shard: 1, attempt: 1 };
    expect(await exports.claim(second, 10)).toEqual({
      state: 'owned',
      statusUrl: 'https://ehr.example/status/2',
      typeFilter: false,
    });
    // The old owner, back to life, changes nothing.
    expect(await exports.heartbeat(first)).toBe(false);
    expect(await exports.failed(second, 'refused', 'the export kick-off failed (400 Bad Request)')).toBe(true);
    expect(await exports.claim(first, 60_000)).toEqual({
      state: 'failed',
      kind: 'refused',
      message: 'the export kick-off failed (400 Bad Request)',
    });
    expect(await exports.claim({ ...first, attempt: 2 }, 60_000)).toEqual({ state: 'owned' });
    // A server without $export is not asked again: every shard reads patient by patient.
    await exports.failed({ ...first, attempt: 2 }, 'unsupported', 'no export here');
    expect(await exports.claim({ ...second, attempt: 2 }, 60_000)).toMatchObject({
      state: 'failed',
      kind: 'unsupported',
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('three shards of npm run screen against the sandbox, on PostgreSQL', () => {
  let server: TestServer;
  let scratch: ScratchDatabase;
  let dir: string;
  let fhir: string;
  let single: ScreeningReport;
  let sql: SqlClient;
  let tables: Tables;
  const quiet = { write: () => undefined, isTTY: false, now: () => Date.now() };

  /** What the FHIR server was asked, across every shard of a run. */
  interface Calls {
    kickOffs: number;
    deletes: number;
  }

  /** The real fetch, counting kick-offs and deletions; `failFile` answers 500 for that output file. */
  function watched(calls: Calls, failFile?: number, fileGets?: string[]): typeof fetch {
    let files = 0;
    return (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (/\/\$export\?/.test(url)) calls.kickOffs++;
      if (init?.method === 'DELETE') calls.deletes++;
      if (url.includes('/$export-file/')) fileGets?.push(url);
      if (url.includes('/$export-file/') && ++files === failFile) {
        return Promise.resolve(new Response('{"resourceType":"OperationOutcome","issue":[]}', { status: 500 }));
      }
      return fetch(input, init);
    };
  }

  async function screen(args: string[], env: Record<string, string>, deps: ScreenDeps = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { LOG_LEVEL: 'silent', ...env },
      now: () => TEST_NOW,
    };
    const code = await main(['--fhir', fhir, ...args], io, { progress: quiet, ...deps });
    return { code, out, err };
  }

  /** Runs the three shards of a run at once, as an Indexed Job's pods. */
  async function shards(runId: string, calls: Calls, options: { failShard?: number; fileGets?: string[] } = {}) {
    return Promise.all(
      [0, 1, 2].map((i) =>
        screen(
          ['--run', runId, '--shard', `${i}/3`, '--out', join(dir, `${runId}-${i}.json`)],
          { DATABASE_URL: scratch.url() },
          { fetch: watched(calls, i === options.failShard ? 2 : undefined, options.fileGets) },
        ),
      ),
    );
  }

  const reportOf = (runId: string, i: number) =>
    ScreeningReportSchema.parse(JSON.parse(readFileSync(join(dir, `${runId}-${i}.json`), 'utf8')));
  const runRow = async (runId: string) =>
    (
      await sql.query<{ state: string; patients_screened: number | null; patients_skipped: Record<string, number> }>(
        `SELECT state, patients_screened, patients_skipped FROM ${tables.screeningRun} WHERE run_id = $1`,
        [runId],
      )
    )[0];
  const listedFit = async (patientRef: string) =>
    (await new ScreeningStore(sql, tables).candidates({ trialId: TRIAL })).find((c) => c.patientRef === patientRef);

  beforeAll(async () => {
    server = await startTestServer({ env: { ELIGIBILITY_APP: 'off' } });
    fhir = `${server.baseUrl}/fhir`;
    dir = mkdtempSync(join(tmpdir(), 'screening-shards-'));
    scratch = await createScratchDatabase('screen_shards');
    ({ sql, tables } = await openMigrated({ databaseUrl: scratch.url(), logger: createLogger('silent') }));
    const calls = { kickOffs: 0, deletes: 0 };
    const one = await screen(['--no-store', '--out', join(dir, 'single.json')], {}, { fetch: watched(calls) });
    expect([one.code, one.err, calls.kickOffs]).toEqual([0, [], 1]);
    single = ScreeningReportSchema.parse(JSON.parse(readFileSync(join(dir, 'single.json'), 'utf8')));
    // A candidate some earlier complete run listed, whom the EHR no longer holds: a complete
    // run retires them, a partial one must not.
    const store = new ScreeningStore(sql, tables);
    await store.beginRun(start('earlier'));
    await store.finishRun('earlier', {
      ...end(['gone-from-the-ehr']),
      trials: { [TRIAL]: { candidates: [finding('gone-from-the-ehr')], possible: [] } },
    });
  });
  afterAll(async () => {
    await sql?.close();
    await scratch?.drop();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a sharded run needs PostgreSQL, a run id with its shard, and a shard within its count', async () => {
    const noDatabase = await screen(['--run', 'r1', '--shard', '0/3'], {});
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.err.join('\n')).toMatch(/needs PostgreSQL: set DATABASE_URL/);
    for (const args of [
      ['--shard', '0/3'],
      ['--run', 'r1'],
      ['--run', 'r1', '--shard', '3/3'],
      ['--run', 'r1', '--shard', '0/65'],
      ['--run', 'a b', '--shard', '0/2'],
      ['--run', 'r1', '--shard', '0/2', '--no-store'],
    ]) {
      const r = await screen(args, { DATABASE_URL: scratch.url() });
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.err.join('\n')).toMatch(/^screen: --/);
    }
  });

  test('a failed shard leaves the run partial and retires no one', async () => {
    const calls = { kickOffs: 0, deletes: 0 };
    const results = await shards('nightly-failed', calls, { failShard: 1 });
    expect(results.map((r) => r.code)).toEqual([0, 1, 0]);
    expect(results[1]!.err.join('\n')).toMatch(/^screen: failed: an export file could not be read \(500/);
    // The two others read the failed shard's files themselves, once it had reported.
    for (const i of [0, 2]) {
      expect(reportOf('nightly-failed', i).problems).toEqual([
        'shards 1 had not sent their files: this shard read them itself',
      ]);
    }
    expect(reportOf('nightly-failed', 1)).toMatchObject({ complete: false, source: { shard: '1/3' } });
    expect(calls).toEqual({ kickOffs: 1, deletes: 1 });
    expect((await runRow('nightly-failed'))?.state).toBe('partial');
    expect(
      results.map((r) => r.out.at(-1)).filter((l) => /the run is partial \(shard 1 did not complete\)/.test(l!)),
    ).toHaveLength(1);
    expect(await listedFit('Patient/gone-from-the-ehr')).toMatchObject({ fit: 'candidate' });
  });

  test('three shards at once: one export, the same candidates as one run, each patient once, complete after the third', async () => {
    const calls = { kickOffs: 0, deletes: 0 };
    const fileGets: string[] = [];
    const results = await shards('nightly', calls, { fileGets });
    expect(results.map((r) => [r.code, r.err])).toEqual([
      [0, []],
      [0, []],
      [0, []],
    ]);
    // One kick-off for the three; the last shard to report deleted it.
    expect(calls).toEqual({ kickOffs: 1, deletes: 1 });
    // The files were split among the shards: each downloaded once, by one shard.
    expect(fileGets.length).toBeGreaterThan(3);
    expect(new Set(fileGets).size).toBe(fileGets.length);
    const reportsProblems = [0, 1, 2].map((i) => reportOf('nightly', i).problems);
    expect(reportsProblems).toEqual([[], [], []]);
    // What the shards passed each other went when the last one reported.
    expect(await sql.query(`SELECT 1 FROM ${tables.screeningExchange}`)).toEqual([]);
    const reports = [0, 1, 2].map((i) => reportOf('nightly', i));
    for (const [i, r] of reports.entries()) {
      expect(r).toMatchObject({ runId: 'nightly', complete: true, source: { method: 'bulk-export', shard: `${i}/3` } });
    }
    // Each patient in exactly one shard: its own by the hash, and the counts add up to one run's.
    const total = (r: ScreeningReport) =>
      r.patientsScreened + Object.values(r.patientsSkipped).reduce((a, b) => a + b, 0);
    expect(reports.map(total).reduce((a, b) => a + b, 0)).toBe(total(single));
    expect(reports.reduce((n, r) => n + r.patientsScreened, 0)).toBe(single.patientsScreened);
    for (const [trial, whole] of Object.entries(single.trials)) {
      const parts = reports.map((r) => r.trials[trial]!);
      for (const [i, part] of parts.entries()) {
        for (const c of [...part.candidates, ...part.possibleCandidates])
          expect(shardOf(c.patient.slice(8), 3)).toBe(i);
      }
      const byPatient = <T extends { patient: string }>(list: T[]) =>
        [...list].sort((a, b) => a.patient.localeCompare(b.patient));
      expect(byPatient(parts.flatMap((p) => p.candidates))).toEqual(byPatient(whole.candidates));
      expect(byPatient(parts.flatMap((p) => p.possibleCandidates))).toEqual(byPatient(whole.possibleCandidates));
      expect(parts.reduce((n, p) => n + p.alreadyReferred, 0)).toBe(whole.alreadyReferred);
      const notMet: Record<string, number> = {};
      for (const p of parts) for (const [c, n] of Object.entries(p.notMetCounts)) notMet[c] = (notMet[c] ?? 0) + n;
      expect(notMet).toEqual(whole.notMetCounts);
    }
    expect(reports.flatMap((r) => r.trials[TRIAL]!.candidates).length).toBeGreaterThan(0);
    // Complete only with the third report: the first two saw the run still running.
    const lines = results.map((r) => r.out.at(-1)!);
    expect(
      lines
        .map((l) => /the run: (\d) of 3 shards reported/.exec(l)?.[1])
        .filter(Boolean)
        .sort(),
    ).toEqual(['1', '2']);
    const last = lines.filter((l) => l.includes('the run is complete (all 3 shards reported)'));
    expect(last).toHaveLength(1);
    // Retired once, by the last shard, for the whole population.
    expect(last[0]).toMatch(/, 1 no longer fit;/);
    expect(await listedFit('Patient/gone-from-the-ehr')).toMatchObject({
      fit: 'no-longer-fits',
      retiredReason: 'not in the population screened',
    });
    const run = await runRow('nightly');
    expect(run).toMatchObject({ state: 'complete', patients_screened: single.patientsScreened });
    // Every candidate of the run is listed, with the run as the last to list it.
    const listed = await new ScreeningStore(sql, tables).candidates({ trialId: TRIAL, fit: 'candidate' });
    expect(listed.map((c) => c.patientRef).sort()).toEqual(
      single.trials[TRIAL]!.candidates.map((c) => c.patient).sort(),
    );
    expect(new Set(listed.map((c) => c.lastRunId))).toEqual(new Set(['nightly']));
    // A shard that has completed is not run again.
    const again = await screen(['--run', 'nightly', '--shard', '0/3'], { DATABASE_URL: scratch.url() });
    expect(again.code).toBe(2);
    expect(again.err.join('\n')).toMatch(/run nightly is already complete/);
  });

  test('a shard that does not start in time has its files read by the others; started later, it takes what they sent', async () => {
    const calls = { kickOffs: 0, deletes: 0 };
    const run = (i: number) =>
      screen(
        ['--run', 'late', '--shard', `${i}/3`, '--out', join(dir, `late-${i}.json`)],
        { DATABASE_URL: scratch.url() },
        { fetch: watched(calls), shardWaitMs: 300 },
      );
    // One after the other, so that what each finds does not hang on timing: shard 2 alone reads
    // the files of 0 and 1 itself; shard 0 then takes what 2 sent, and reads only 1's files.
    const early = [await run(2), await run(0)];
    expect(early.map((r) => [r.code, r.err])).toEqual([
      [0, []],
      [0, []],
    ]);
    expect(reportOf('late', 2)).toMatchObject({
      complete: true,
      problems: ['shards 0, 1 had not sent their files: this shard read them itself'],
    });
    expect(reportOf('late', 0)).toMatchObject({
      complete: true,
      problems: ['shards 1 had not sent their files: this shard read them itself'],
    });
    expect((await runRow('late'))?.state).toBe('running');
    // Shard 1, later: the export is still there (not every shard has reported), and the two
    // others sent their parts of it.
    const late = await run(1);
    expect([late.code, late.err]).toEqual([0, []]);
    expect(reportOf('late', 1)).toMatchObject({ complete: true, problems: [] });
    expect(calls).toEqual({ kickOffs: 1, deletes: 1 });
    expect(late.out.at(-1)).toMatch(/the run is complete \(all 3 shards reported\)/);
    const reports = [0, 1, 2].map((i) => reportOf('late', i));
    expect(reports.reduce((n, r) => n + r.patientsScreened, 0)).toBe(single.patientsScreened);
    for (const trial of Object.keys(single.trials)) {
      const found = reports.flatMap((r) => r.trials[trial]!.candidates.map((c) => c.patient)).sort();
      expect(found).toEqual(single.trials[trial]!.candidates.map((c) => c.patient).sort());
    }
  });

  test('the failed shard, run again (a Job retry), takes a new export and completes its run', async () => {
    const calls = { kickOffs: 0, deletes: 0 };
    const retry = await screen(
      ['--run', 'nightly-failed', '--shard', '1/3', '--out', join(dir, 'nightly-failed-1.json')],
      { DATABASE_URL: scratch.url() },
      { fetch: watched(calls) },
    );
    expect([retry.code, retry.err]).toEqual([0, []]);
    expect(calls).toEqual({ kickOffs: 1, deletes: 1 });
    expect(retry.out.at(-1)).toMatch(/the run is complete \(all 3 shards reported\)/);
    expect(await runRow('nightly-failed')).toMatchObject({
      state: 'complete',
      patients_screened: single.patientsScreened,
    });
  });
});
