import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { openPgliteClient } from '../store/pglite-client.js';
import type { SqlClient } from '../store/sql-client.js';
import { compileEntries } from './support/compile-entries.js';

/*
 * PGlite on its own thread (store/pglite-thread.ts) must answer exactly as PGlite in-process:
 * the service runs the first, the test runner's TypeScript sources the second. Each case runs
 * the same statements on both and compares what comes back, values and types alike.
 */

const BUILD = join(PROJECT_ROOT, 'test-output', `pglite-thread-${process.pid}`);
const WORKER = join(BUILD, 'out', 'store', 'pglite-worker.js');
const CLIENT = join(BUILD, 'out', 'store', 'pglite-client.js');

const SETUP = [
  `CREATE TABLE item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text UNIQUE NOT NULL,
     at timestamptz NOT NULL, tags jsonb NOT NULL DEFAULT '[]', blob bytea, n int)`,
];

/** What a run of statements gave: rows, or the error's name, code and message. */
async function outcome(sql: SqlClient, text: string, params?: unknown[]): Promise<unknown> {
  try {
    return { rows: await sql.query(text, params) };
  } catch (err) {
    const e = err as Error & { code?: string };
    return { error: { name: e.name, code: e.code, message: e.message } };
  }
}

const AT = new Date('2026-12-05T10:00:00.123Z');

/** Statements and what each case checks of them; both clients run them from the same state. */
const CASES: readonly { name: string; text: string; params?: unknown[] }[] = [
  {
    name: 'a multi-row insert returns ids (bigint), dates and JSON as in-process',
    text: `INSERT INTO item (name, at, tags, blob, n) SELECT name, at, tags, decode(blob, 'hex'), n
           FROM jsonb_to_recordset($1::jsonb) AS r(name text, at timestamptz, tags jsonb, blob text, n int)
           RETURNING id, name, at, tags, blob, n`,
    params: [
      JSON.stringify([
        { name: 'a', at: AT.toISOString(), tags: ['x', 'y'], blob: '00ff10', n: 1 },
        { name: 'b', at: AT.toISOString(), tags: [], blob: null, n: null },
      ]),
    ],
  },
  {
    name: 'array and date parameters',
    text: 'SELECT name FROM item WHERE name = ANY($1) AND at <= $2',
    params: [['a', 'c'], AT],
  },
  { name: 'aggregates', text: 'SELECT count(*)::int AS n, max(at) AS latest FROM item' },
  { name: 'a unique violation keeps its SQLSTATE', text: `INSERT INTO item (name, at) VALUES ('a', now())` },
  { name: 'a syntax error keeps its SQLSTATE', text: 'SELEC 1' },
  { name: 'no rows', text: 'SELECT * FROM item WHERE false' },
];

describe('PGlite on its own thread answers as PGlite in-process', () => {
  let dir: string;
  let inProcess: SqlClient;
  let onThread: SqlClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cds-pglite-thread-'));
    await compileEntries(BUILD, ['store/pglite-worker.ts', 'bin/server.ts']);
    inProcess = await openPgliteClient({ workerScript: false });
    onThread = await openPgliteClient({ workerScript: WORKER, dataDir: join(dir, 'data') });
    expect([inProcess.runsOn, onThread.runsOn]).toEqual(['event-loop', 'worker-thread']);
    for (const s of SETUP) {
      await inProcess.query(s);
      await onThread.query(s);
    }
  });

  afterAll(async () => {
    await inProcess?.close();
    await onThread?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    rmSync(BUILD, { recursive: true, force: true });
  });

  test.each(CASES)('$name', async ({ text, params }) => {
    const expected = await outcome(inProcess, text, params);
    const got = await outcome(onThread, text, params);
    expect(got).toEqual(expected);
    // Not vacuous: each case returns rows or an error with a SQLSTATE.
    const e = expected as { rows?: unknown[]; error?: { code?: string } };
    expect(e.rows !== undefined || typeof e.error?.code === 'string').toBe(true);
  });

  test('the insert case gave the types the store relies on', async () => {
    const [row] = await onThread.query<{ at: unknown; blob: unknown; tags: unknown }>(
      `SELECT at, blob, tags FROM item WHERE name = 'a'`,
    );
    // By tag: structured clone makes them in the test runner's outer realm, not its sandbox.
    expect(Object.prototype.toString.call(row?.at)).toBe('[object Date]');
    expect((row?.at as Date).toISOString()).toBe(AT.toISOString());
    expect(Object.prototype.toString.call(row?.blob)).toBe('[object Uint8Array]');
    expect([...(row?.blob as Uint8Array)]).toEqual([0, 255, 16]);
    expect(row?.tags).toEqual(['x', 'y']);
  });

  test('a transaction commits what its function wrote and returns its value', async () => {
    const value = await onThread.transaction(async (tx) => {
      await tx.query(`INSERT INTO item (name, at) VALUES ('committed', $1)`, [AT]);
      const [r] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM item WHERE name = 'committed'`);
      return r?.n;
    });
    expect(value).toBe(1);
    const rows = await onThread.query(`SELECT name FROM item WHERE name = 'committed'`);
    expect(rows).toEqual([{ name: 'committed' }]);
  });

  test('a transaction whose function throws is rolled back and the same error rethrown', async () => {
    const thrown = new Error('the caller changed its mind');
    await expect(
      onThread.transaction(async (tx) => {
        await tx.query(`INSERT INTO item (name, at) VALUES ('rolled-back', $1)`, [AT]);
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(await onThread.query(`SELECT name FROM item WHERE name = 'rolled-back'`)).toEqual([]);
  });

  test('a failing statement inside a transaction rolls it back with its SQLSTATE', async () => {
    const err = await onThread
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO item (name, at) VALUES ('half', $1)`, [AT]);
        await tx.query(`INSERT INTO item (name, at) VALUES ('a', $1)`, [AT]);
      })
      .catch((e: unknown) => e as Error & { code?: string });
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('23505');
    expect(await onThread.query(`SELECT name FROM item WHERE name = 'half'`)).toEqual([]);
  });

  test('queries outside a transaction wait for it, as in-process', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const tx = onThread.transaction(async (t) => {
      await t.query(`INSERT INTO item (name, at) VALUES ('ordered', $1)`, [AT]);
      await held;
    });
    // Sent while the transaction is open: it runs after COMMIT and sees the row.
    const after = onThread.query<{ name: string }>(`SELECT name FROM item WHERE name = 'ordered'`);
    await new Promise((r) => setTimeout(r, 50));
    release();
    await tx;
    expect(await after).toEqual([{ name: 'ordered' }]);
  });

  test('a parameter structured clone cannot copy is refused, and the client goes on', async () => {
    const err = await onThread.query('SELECT $1::text AS v', [() => 1]).catch((e: unknown) => e as Error);
    expect((err as Error).name).toBe('DataCloneError');
    expect(await onThread.query<{ n: number }>('SELECT 1 AS n')).toEqual([{ n: 1 }]);
  });

  test('what was committed is there after closing and opening the data directory again', async () => {
    await onThread.close();
    onThread = await openPgliteClient({ workerScript: WORKER, dataDir: join(dir, 'data') });
    const rows = await onThread.query<{ name: string }>('SELECT name FROM item ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(['a', 'b', 'committed', 'ordered']);
  });

  test('closing resolves in a process with nothing else to do, and a client never closed does not keep it alive', async () => {
    // The compiled client finds the compiled worker beside it, as the service's dist/ does.
    const script = `
      const { openPgliteClient } = await import(${JSON.stringify(CLIENT)});
      const first = await openPgliteClient();
      const [a] = await first.query('SELECT 41 + 1 AS n');
      await first.close();
      const second = await openPgliteClient();
      const [b] = await second.query('SELECT 6 * 7 AS n');
      console.log(JSON.stringify({ closed: a.n, open: b.n, runsOn: second.runsOn }));
    `;
    const file = join(BUILD, 'close-and-leave-open.mjs');
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: PROJECT_ROOT, timeout: 60_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ closed: 42, open: 42, runsOn: 'worker-thread' });
  });
});
