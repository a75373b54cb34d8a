import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../config/project-paths.js';

const INITDB = `
import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create({ dataDir: process.argv[1] });
await db.close();
`;

/**
 * Runs initdb for a new PGlite data directory in a short-lived child process. PGlite runs
 * initdb in a second WebAssembly instance whose memory the process keeps afterwards (about
 * 450 MB of RSS measured); in a child it is returned to the system when the child exits.
 */
export async function ensurePgliteDataDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', INITDB, dataDir], {
    cwd: PROJECT_ROOT,
    timeout: 120_000,
  });
}
