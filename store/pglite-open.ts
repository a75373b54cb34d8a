import type { PGlite } from '@electric-sql/pglite';

/**
 * PostgreSQL's default 128MB of shared buffers costs about 145 MB of resident memory in
 * PGlite; the store's working set (the suppression index, recent audit pages) fits in 16MB.
 */
const SHARED_BUFFERS = '16MB';

/**
 * Starts PGlite on the calling thread, the one way both the worker thread (store/pglite-worker.ts)
 * and the in-process client (store/pglite-client.ts) do it. `relaxedDurability` stays off, so each
 * query waits for PGlite's file-system sync before resolving; the store adds the fsync PGlite
 * itself skips (WalSync). The module is loaded here only: with the worker thread, it is the
 * worker's alone.
 */
export async function startPglite(dataDir: string | undefined): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    relaxedDurability: false,
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
  });
}
