import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { ensurePgliteDataDir } from './pglite-initdb.js';
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

/**
 * Opens embedded PostgreSQL (PGlite), locking the data directory. `relaxedDurability`
 * stays off so each query waits for PGlite's file-system sync before resolving;
 * `syncDurable` adds the fsync that PGlite itself skips (see WalSync).
 */
export async function openPgliteClient(options: PgliteOptions = {}): Promise<SqlClient> {
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let db: PGlite;
  try {
    if (options.dataDir) await ensurePgliteDataDir(options.dataDir);
    db = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      relaxedDurability: false,
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
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
