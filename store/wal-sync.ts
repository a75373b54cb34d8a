import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';

/** The file operations WalSync uses; tests pass a directory whose files vanish mid-sync. */
export interface WalFs {
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ isFile(): boolean; mtimeMs: number }>;
  open(path: string, flags: 'r'): Promise<{ sync(): Promise<void>; close(): Promise<void> }>;
}

/** Passes over pg_wal before giving up on a directory that keeps changing under us. */
const MAX_PASSES = 5;

/**
 * fsyncs the write-ahead log of a PGlite data directory. PGlite runs PostgreSQL with
 * fsync off (`-F`), and its Node file system writes with plain write(2) and no fsync:
 * a commit survives the process being killed, but not a power cut, until we do this.
 * Only segments written since the previous sync (with slack for coarse mtimes) are synced.
 */
export class WalSync {
  private lastSyncMs = 0;

  constructor(
    private readonly dataDir: string,
    private readonly fs: WalFs = nodeFs,
  ) {}

  /** Flushes recently written WAL segments and the pg_wal directory entry to disk. */
  async sync(): Promise<void> {
    const started = Date.now();
    const walDir = join(this.dataDir, 'pg_wal');
    const since = this.lastSyncMs - 2000;
    // PostgreSQL creates a segment as xlogtemp.N and renames it, so a listed file can vanish
    // before we open it. The renamed segment may hold this commit: list again until a pass
    // sees nothing vanish.
    for (let pass = 1; ; pass++) {
      let vanished = false;
      for (const name of await this.fs.readdir(walDir)) {
        if ((await this.syncIfRecent(join(walDir, name), since)) === 'vanished') vanished = true;
      }
      if (!vanished) break;
      if (pass === MAX_PASSES) throw new Error(`pg_wal kept changing during ${MAX_PASSES} sync passes`);
    }
    await this.fsyncPath(walDir);
    this.lastSyncMs = started;
  }

  private async syncIfRecent(path: string, since: number): Promise<'synced' | 'skipped' | 'vanished'> {
    try {
      const info = await this.fs.stat(path);
      if (!info.isFile() || info.mtimeMs < since) return 'skipped';
      await this.fsyncPath(path);
      return 'synced';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'vanished';
      throw err;
    }
  }

  private async fsyncPath(path: string): Promise<void> {
    const handle = await this.fs.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
