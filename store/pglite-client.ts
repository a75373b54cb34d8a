import type { PGlite, Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { ensurePgliteDataDir } from './pglite-initdb.js';
import { startPglite } from './pglite-open.js';
import { builtWorkerScript, PgliteThread } from './pglite-thread.js';
import { type SqlClient, type SqlQueryable } from './sql-client.js';
import { WalSync } from './wal-sync.js';

/** Where the embedded database lives: a data directory, or memory (tests). */
export interface PgliteOptions {
  /** Data directory; omitted means in memory. */
  readonly dataDir?: string;
  /**
   * The compiled store/pglite-worker.js to run PGlite on (default: beside this module, when
   * built); `false` runs it on the caller's thread, as the test runner's TypeScript sources must.
   */
  readonly workerScript?: string | false;
}

/** A running PGlite, on this thread or its own: what a client needs besides the lock and the fsync. */
type Engine = Pick<SqlClient, 'runsOn' | 'query' | 'transaction' | 'close'>;

function queryable(db: PGlite | Transaction): SqlQueryable {
  return {
    query: async <R extends object>(text: string, params?: readonly unknown[]): Promise<R[]> =>
      (await db.query<R>(text, params ? [...params] : undefined)).rows,
  };
}

/** PGlite on the caller's thread; `close` closes the instance. */
function inProcess(db: PGlite): Engine {
  return {
    runsOn: 'event-loop',
    ...queryable(db),
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    close: () => db.close(),
  };
}

/** PGlite on its own thread (store/pglite-thread.ts). */
function onThread(thread: PgliteThread): Engine {
  return {
    runsOn: 'worker-thread',
    query: (text, params) => thread.query(text, params),
    transaction: (fn) => thread.transaction(fn),
    close: () => thread.close(),
  };
}

/** A client on an engine; closing it closes the engine, then releases the data directory. */
function clientOf(engine: Engine, wal: WalSync | undefined, release: () => void): SqlClient {
  return {
    driver: 'pglite',
    ...engine,
    syncDurable: async () => {
      await wal?.sync();
    },
    close: async () => {
      try {
        await engine.close();
      } finally {
        release();
      }
    },
  };
}

/** A client on a PGlite instance someone else owns and closes (tests share one per file). */
export function sharedPgliteClient(db: PGlite): SqlClient {
  return clientOf({ ...inProcess(db), close: () => Promise.resolve() }, undefined, () => undefined);
}

/**
 * Opens embedded PostgreSQL (PGlite), locking the data directory: on a worker thread of its own
 * when the worker is built (dist/), else on the caller's thread. Each query waits for PGlite's
 * file-system sync; `syncDurable` adds the fsync that PGlite itself skips (see WalSync).
 */
export async function openPgliteClient(options: PgliteOptions = {}): Promise<SqlClient> {
  const { dataDir } = options;
  const script = options.workerScript === undefined ? builtWorkerScript() : options.workerScript || undefined;
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let engine: Engine;
  try {
    if (dataDir) await ensurePgliteDataDir(dataDir);
    engine = script
      ? onThread(await PgliteThread.start(script, dataDir ? { dataDir } : {}))
      : inProcess(await startPglite(dataDir));
  } catch (err) {
    release();
    throw err;
  }
  return clientOf(engine, dataDir ? new WalSync(dataDir) : undefined, release);
}
