import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { migrate } from '../store/migrations.js';
import { keyOf, ScreeningStore, type Finding, type RunEnd, type RunScope } from '../store/screening-store.js';
import { tablesIn } from '../store/tables.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from './support/test-database.js';

/*
 * Screening runs and candidates kept in the database (store/screening-store.ts), on embedded
 * PGlite and on the machine's PostgreSQL: a later complete run marks new candidates and those who
 * no longer fit, with the reason, and never loses a coordinator's status; a partial run, a
 * `since` run or a Group run retires no one it did not see.
 */

const TRIAL = 'NCT04270656';
const DAY = 86_400_000;
const T0 = new Date('2026-11-01T02:00:00Z');

function finding(patient: string, over: Partial<Finding> = {}): Finding {
  return {
    patientRef: `Patient/${patient}`,
    met: ['t2d', 'hba1c'],
    toConfirm: ['contraception'],
    missing: [],
    evidence: [],
    ...over,
  };
}

function end(
  at: Date,
  candidates: string[],
  options: { possible?: string[]; complete?: boolean; seen?: string[]; reasons?: Record<string, string> } = {},
): RunEnd {
  const seen = options.seen ?? [...candidates, ...(options.possible ?? [])];
  return {
    finishedAt: at,
    complete: options.complete ?? true,
    patientsScreened: seen.length,
    patientsSkipped: {},
    summary: {},
    trials: {
      [TRIAL]: {
        candidates: candidates.map((p) => finding(p)),
        possible: (options.possible ?? []).map((p) => finding(p, { missing: ['steatosis'] })),
      },
    },
    seen: new Set(seen.map((p) => `Patient/${p}`)),
    reasons: new Map(Object.entries(options.reasons ?? {}).map(([p, r]) => [keyOf(TRIAL, `Patient/${p}`), r])),
  };
}

describe.each(DRIVERS)('screening store on %s', (driver) => {
  let db: TestDatabase;
  let store: ScreeningStore;
  let runs = 0;

  beforeAll(async () => {
    db = await openTestDatabase(driver);
    const tables = tablesIn(db.newSchema());
    await migrate(db.sql, tables);
    store = new ScreeningStore(db.sql, tables);
  });
  afterAll(async () => {
    await db?.close();
  });

  async function run(at: Date, runEnd: RunEnd, scope: RunScope = 'population') {
    const runId = `run-${driver}-${++runs}`;
    await store.beginRun({
      runId,
      startedAt: at,
      scope,
      source: { fhir: 'https://ehr.example/fhir' },
      rulesVersion: 'sha256:x',
    });
    return { runId, changes: await store.finishRun(runId, runEnd) };
  }

  const fits = async () =>
    Object.fromEntries(
      (await store.candidates({ trialId: TRIAL })).map((c) => [c.patientRef.slice(8), [c.fit, c.status]]),
    );

  test('a first run lists its candidates as new', async () => {
    const { changes } = await run(T0, end(T0, ['a', 'b', 'c'], { possible: ['d'] }));
    expect(changes.found).toEqual({ [TRIAL]: 3 });
    expect(changes.foundPossible).toEqual({ [TRIAL]: 1 });
    expect(await fits()).toEqual({
      a: ['candidate', 'new'],
      b: ['candidate', 'new'],
      c: ['candidate', 'new'],
      d: ['possible', 'new'],
    });
    expect(await store.listed([TRIAL])).toEqual(new Set(['a', 'b', 'c', 'd'].map((p) => keyOf(TRIAL, `Patient/${p}`))));
  });

  test('a coordinator’s status change is kept with who and when, in the trail', async () => {
    const at = new Date(T0.getTime() + 1000);
    expect(await store.setStatus(TRIAL, 'Patient/a', 'contacted', 'coordinator-sub-1', at)).toBe(true);
    expect(await store.setStatus(TRIAL, 'Patient/zz', 'contacted', 'coordinator-sub-1', at)).toBe(false);
    await store.recordView(TRIAL, 'Patient/a', 'coordinator-sub-2', at);
    const [a] = await store.candidates({ trialId: TRIAL, status: 'contacted' });
    expect(a).toMatchObject({ patientRef: 'Patient/a', statusChangedBy: 'coordinator-sub-1', statusChangedAt: at });
    const trail = await store.history(TRIAL, 'Patient/a');
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['found', 'screening-run'],
      ['status', 'coordinator-sub-1'],
      ['viewed', 'coordinator-sub-2'],
    ]);
    expect(trail[1]!.detail).toEqual({ from: 'new', to: 'contacted' });
  });

  test('a partial run and a since run add but retire no one', async () => {
    const t = new Date(T0.getTime() + DAY);
    const partial = await run(t, end(t, ['e'], { complete: false, seen: ['a', 'b', 'e'] }));
    expect(partial.changes).toEqual({ found: { [TRIAL]: 1 }, foundPossible: {}, fitsAgain: {}, noLongerFits: {} });
    const since = await run(t, end(t, [], { seen: ['b'] }), 'since');
    expect(since.changes.noLongerFits).toEqual({});
    expect(Object.values(await fits()).every(([fit]) => fit !== 'no-longer-fits')).toBe(true);
  });

  test('a Group run retires only the patients it saw', async () => {
    const t = new Date(T0.getTime() + 2 * DAY);
    const { changes } = await run(
      t,
      end(t, ['a'], { seen: ['a', 'b'], reasons: { b: 'exclusion other-antidiabetics is met' } }),
      'group',
    );
    expect(changes.noLongerFits).toEqual({ [TRIAL]: 1 });
    const listed = await fits();
    expect(listed.b).toEqual(['no-longer-fits', 'new']);
    expect(listed.c).toEqual(['candidate', 'new']);
  });

  test('a complete population run retires the others, with why, and keeps their status', async () => {
    await store.setStatus(TRIAL, 'Patient/c', 'reviewed', 'coordinator-sub-1', new Date(T0.getTime() + 3 * DAY));
    const t = new Date(T0.getTime() + 4 * DAY);
    const { changes } = await run(
      t,
      end(t, ['a', 'd'], { seen: ['a', 'd', 'c'], reasons: { c: 'skipped: opted-out' } }),
    );
    expect(changes).toEqual({ found: {}, foundPossible: {}, fitsAgain: {}, noLongerFits: { [TRIAL]: 2 } });
    const [c] = (await store.candidates({ trialId: TRIAL, fit: 'no-longer-fits' })).filter(
      (x) => x.patientRef === 'Patient/c',
    );
    expect(c).toMatchObject({ status: 'reviewed', retiredReason: 'skipped: opted-out', retiredAt: t });
    const [e] = (await store.candidates({ trialId: TRIAL })).filter((x) => x.patientRef === 'Patient/e');
    expect(e).toMatchObject({ fit: 'no-longer-fits', retiredReason: 'not in the population screened' });
    expect((await fits()).a).toEqual(['candidate', 'contacted']);
    expect((await fits()).d).toEqual(['candidate', 'new']);
  });

  test('a patient who fits again is listed again, status unchanged, and the trail says so', async () => {
    const t = new Date(T0.getTime() + 5 * DAY);
    const { changes } = await run(t, end(t, ['a', 'c', 'd']));
    expect(changes.fitsAgain).toEqual({ [TRIAL]: 1 });
    expect((await fits()).c).toEqual(['candidate', 'reviewed']);
    expect((await store.history(TRIAL, 'Patient/c')).map((e) => e.action)).toEqual([
      'found',
      'status',
      'no-longer-fits',
      'fits-again',
    ]);
  });

  test('filters: by status, and by a criterion left to confirm', async () => {
    expect((await store.candidates({ trialId: TRIAL, toConfirm: 'contraception' })).length).toBeGreaterThan(0);
    expect(await store.candidates({ trialId: TRIAL, toConfirm: 'no-such-criterion' })).toEqual([]);
    expect((await store.candidates({ trialId: TRIAL, status: 'reviewed' })).map((c) => c.patientRef)).toEqual([
      'Patient/c',
    ]);
  });

  test('retention drops runs, candidates not listed since, and trail lines older than the period', async () => {
    const before = new Date(T0.getTime() + 4.5 * DAY);
    const purged = await store.purge(before);
    expect(purged.runs).toBe(runs - 1);
    // b and e were last listed before the cut; a, c, d were listed by the last run.
    expect(purged.candidates).toBe(2);
    expect(purged.events).toBeGreaterThan(0);
    expect(Object.keys(await fits()).sort()).toEqual(['a', 'c', 'd']);
    expect((await store.history(TRIAL, 'Patient/c')).map((e) => e.action)).toEqual(['fits-again']);
    expect((await store.runs()).length).toBe(1);
  });
});

describe.each(DRIVERS)('a screening run’s spill on %s', (driver) => {
  let db: TestDatabase;
  let store: ScreeningStore;
  let tables: ReturnType<typeof tablesIn>;
  beforeAll(async () => {
    db = await openTestDatabase(driver);
    tables = tablesIn(db.newSchema());
    await migrate(db.sql, tables);
    store = new ScreeningStore(db.sql, tables);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Bytes of every value, zeros and 0xff included, at the size of a real block. */
  const bytes = (seed: number, length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256);
  const rows = async () =>
    (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tables.screeningSpill}`))[0]!.n;

  test('gives back each block byte for byte, keeps runs apart, and is dropped whole', async () => {
    const a = await store.openSpill('run-a', T0);
    const b = await store.openSpill('run-b/2', T0);
    // More blocks than one INSERT carries.
    const written = Array.from({ length: 70 }, (_, i) => ({ block: i, bytes: bytes(i, 40_000 + i) }));
    await a.write(written);
    await b.write([{ block: 3, bytes: bytes(99, 10) }]);
    const back = await a.read([69, 3, 0]);
    expect([...back.keys()].sort((x, y) => x - y)).toEqual([0, 3, 69]);
    for (const block of [0, 3, 69]) expect(Buffer.from(back.get(block)!)).toEqual(Buffer.from(written[block]!.bytes));
    expect(Buffer.from((await b.read([3])).get(3)!)).toEqual(Buffer.from(bytes(99, 10)));
    expect((await a.read([70])).size).toBe(0);
    await a.drop();
    expect((await a.read([0])).size).toBe(0);
    expect(await rows()).toBe(1);
    await b.drop();
    expect(await rows()).toBe(0);
  });

  test('a spill left by a process that died is purged when a run opens one a day later', async () => {
    const dead = await store.openSpill('run-dead', T0);
    await dead.write([{ block: 0, bytes: bytes(1, 100) }]);
    await store.openSpill('run-soon', new Date());
    expect(await rows()).toBe(1);
    await store.openSpill('run-next-day', new Date(Date.now() + DAY + 60_000));
    expect(await rows()).toBe(0);
  });
});
