import type { PGlite, Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { ensurePgliteDataDir } from './pglite-initdb.js';
import { builtWorkerScript, PgliteThread } from './pglite-thread.js';
import { type SqlClient, type SqlQueryable } from './sql-client.js';
import { WalSync } from './wal-sync.js';

/**
 * PostgreSQL's default 128MB of shared buffers costs about 145 MB of resident memory in
 * PGlite; the store's working set (the suppression index, recent audit pages) fits in 16MB.
 */
const SHARED_BUFFERS = '16MB';

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

function queryable(db: PGlite | Transaction): SqlQueryable {
  return {
    query: async <R extends object>(text: string, params?: readonly unknown[]): Promise<R[]> =>
      (await db.query<R>(text, params ? [...params] : undefined)).rows,
  };
}

/** Adapts a PGlite instance; `onClose` decides whether closing the client closes the instance. */
function clientOf(db: PGlite, wal: WalSync | undefined, onClose: () => Promise<void>): SqlClient {
  return {
    driver: 'pglite',
    runsOn: 'event-loop',
    ...queryable(db),
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    syncDurable: async () => {
      await wal?.sync();
    },
    close: onClose,
  };
}

/** A client on a PGlite instance someone else owns and closes (tests share one per file). */
export function sharedPgliteClient(db: PGlite): SqlClient {
  return clientOf(db, undefined, () => Promise.resolve());
}

/** Added to PGlite's own start parameters. */
const EXTRA_START_PARAMS = ['-c', `shared_buffers=${SHARED_BUFFERS}`];

/** PGlite on its own thread (store/pglite-thread.ts), with the same lock and WAL sync as in-process. */
async function openOnThread(script: string, dataDir: string | undefined): Promise<SqlClient> {
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let thread: PgliteThread;
  try {
    if (dataDir) await ensurePgliteDataDir(dataDir);
    thread = await PgliteThread.start(script, {
      ...(dataDir ? { dataDir } : {}),
      extraStartParams: EXTRA_START_PARAMS,
    });
  } catch (err) {
    release();
    throw err;
  }
  const wal = dataDir ? new WalSync(dataDir) : undefined;
  return {
    driver: 'pglite',
    runsOn: 'worker-thread',
    query: (text, params) => thread.query(text, params),
    transaction: (fn) => thread.transaction(fn),
    syncDurable: async () => {
      await wal?.sync();
    },
    close: async () => {
      try {
        await thread.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * Opens embedded PostgreSQL (PGlite), locking the data directory. `relaxedDurability`
 * stays off so each query waits for PGlite's file-system sync before resolving;
 * `syncDurable` adds the fsync that PGlite itself skips (see WalSync).
 */
export async function openPgliteClient(options: PgliteOptions = {}): Promise<SqlClient> {
  const script = options.workerScript === undefined ? builtWorkerScript() : options.workerScript || undefined;
  if (script) return openOnThread(script, options.dataDir);
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let db: PGlite;
  try {
    if (options.dataDir) await ensurePgliteDataDir(options.dataDir);
    // Loaded here only: with the worker thread, PGlite's module is the worker's alone.
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      relaxedDurability: false,
      startParams: [...PGlite.defaultStartParams, ...EXTRA_START_PARAMS],
    });
  } catch (err) {
    release();
    throw err;
  }
  return clientOf(db, options.dataDir ? new WalSync(options.dataDir) : undefined, async () => {
    try {
      await db.close();
    } finally {
      release();
    }
  });
}
