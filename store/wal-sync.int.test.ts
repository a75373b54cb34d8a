import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalSync, type WalFs } from './wal-sync.js';

/** A data directory whose pg_wal holds the given files. */
function dataDirWith(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'wal-sync-'));
  mkdirSync(join(dir, 'pg_wal'));
  for (const f of files) writeFileSync(join(dir, 'pg_wal', f), 'wal');
  return dir;
}

/** The real file system, recording what was fsynced, with a hook run before each stat. */
function recordingFs(beforeStat: (path: string) => void): { fs: WalFs; synced: string[] } {
  const synced: string[] = [];
  const fs: WalFs = {
    readdir: (path) => nodeFs.readdir(path),
    stat: (path) => {
      beforeStat(path);
      return nodeFs.stat(path);
    },
    open: async (path, flags) => {
      const handle = await nodeFs.open(path, flags);
      synced.push(path);
      return handle;
    },
  };
  return { fs, synced };
}

describe('syncing the PGlite write-ahead log', () => {
  test('a segment renamed by PostgreSQL mid-sync is synced under its new name, not an error', async () => {
    const dir = dataDirWith(['000000010000000000000001', 'xlogtemp.42']);
    const wal = join(dir, 'pg_wal');
    let renamed = false;
    const { fs, synced } = recordingFs((path) => {
      if (!renamed && path.endsWith('xlogtemp.42')) {
        renameSync(path, join(wal, '000000010000000000000002'));
        renamed = true;
      }
    });
    await new WalSync(dir, fs).sync();
    expect(renamed).toBe(true);
    expect(synced).toContain(join(wal, '000000010000000000000002'));
    expect(synced).toContain(join(wal, '000000010000000000000001'));
    expect(synced).toContain(wal);
  });

  test('a directory that never settles fails the sync instead of looping', async () => {
    const dir = dataDirWith(['xlogtemp.1']);
    const wal = join(dir, 'pg_wal');
    let n = 1;
    // Every stat finds the temp file renamed away and a new one in its place.
    const { fs } = recordingFs((path) => {
      if (!path.includes('xlogtemp')) return;
      renameSync(path, join(wal, `segment.${n}`));
      n += 1;
      writeFileSync(join(wal, `xlogtemp.${n}`), 'wal');
    });
    await expect(new WalSync(dir, fs).sync()).rejects.toThrow('pg_wal kept changing');
  });

  test('errors other than a vanished file still fail the sync', async () => {
    const dir = dataDirWith(['000000010000000000000001']);
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const { fs } = recordingFs(() => {
      throw denied;
    });
    await expect(new WalSync(dir, fs).sync()).rejects.toBe(denied);
  });
});
