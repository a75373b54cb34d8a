import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * fsyncs the write-ahead log of a PGlite data directory. PGlite runs PostgreSQL with
 * fsync off (`-F`), and its Node file system writes with plain write(2) and no fsync:
 * a commit survives the process being killed, but not a power cut, until we do this.
 * Only segments written since the previous sync (with slack for coarse mtimes) are synced.
 */
export class WalSync {
  private lastSyncMs = 0;

  constructor(private readonly dataDir: string) {}

  /** Flushes recently written WAL segments and the pg_wal directory entry to disk. */
  async sync(): Promise<void> {
    const started = Date.now();
    const walDir = join(this.dataDir, 'pg_wal');
    const since = this.lastSyncMs - 2000;
    for (const name of await readdir(walDir)) {
      const path = join(walDir, name);
      const info = await stat(path);
      if (info.isFile() && info.mtimeMs >= since) await fsyncPath(path);
    }
    await fsyncPath(walDir);
    this.lastSyncMs = started;
  }
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
