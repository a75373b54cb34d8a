import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../config/logger.js';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import { openPgClient } from '../../store/pg-client.js';
import { sharedPgliteClient } from '../../store/pglite-client.js';
import type { SqlClient } from '../../store/sql-client.js';

/** The real PostgreSQL every project machine runs (trust auth); TEST_DATABASE_URL overrides it. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The two drivers every storage test runs against. */
export const DRIVERS = ['pglite', 'pg'] as const;
export type DriverName = (typeof DRIVERS)[number];

/** A database for one test file: a shared client, and fresh schemas dropped at the end. */
export interface TestDatabase {
  readonly driver: DriverName;
  readonly sql: SqlClient;
  /** A schema name unique to this run (`t_<pid>_<random>`); dropped by close(). */
  newSchema(): string;
  /** Another client on the same database (pg: its own pool; PGlite: the one instance). */
  openClient(): Promise<SqlClient>;
  close(): Promise<void>;
}

/**
 * An initialised PGlite data directory as a tarball. initdb takes several seconds, so the
 * first run keeps it in the OS temp folder and later runs reuse it; the file name carries
 * the PGlite version so an upgrade starts afresh.
 */
async function templateTarball(): Promise<Blob> {
  const version = (
    JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const template = join(tmpdir(), `diabetes-cds-hooks-pglite-${version}.tar`);
  if (!existsSync(template)) await buildTemplateOnce(template);
  return new Blob([readFileSync(template)]);
}

/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = 60_000;

/**
 * Builds the template in one process only. On a fresh machine every Jest worker needs it at
 * once; parallel initdb runs on a small machine took long enough to time out a beforeAll.
 */
async function buildTemplateOnce(template: string): Promise<void> {
  const lock = `${template}.lock`;
  const deadline = Date.now() + 3 * STALE_LOCK_MS;
  while (!existsSync(template)) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Another worker holds the lock and is building the template.
    }
    if (fd !== undefined) {
      try {
        if (!existsSync(template)) await writeTemplate(template);
      } finally {
        closeSync(fd);
        rmSync(lock, { force: true });
      }
      return;
    }
    const lockAge = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (lockAge > STALE_LOCK_MS) rmSync(lock, { force: true });
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${template} (lock ${lock})`);
    await sleep(200);
  }
}

async function writeTemplate(template: string): Promise<void> {
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const partial = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, template);
}

/** A fresh in-memory PGlite, loaded from the template (about 1 s instead of initdb's 5 to 10). */
async function freshPglite(): Promise<PGlite> {
  return PGlite.create({ loadDataDir: await templateTarball() });
}

/** Makes `dir` an initialised PGlite data directory, as the service's first start would. */
export async function seedPgliteDataDir(dir: string): Promise<void> {
  const db = await PGlite.create({ dataDir: dir, loadDataDir: await templateTarball() });
  await db.close();
}

/** Opens the test database of one driver. */
export async function openTestDatabase(driver: DriverName): Promise<TestDatabase> {
  const logger = createLogger('silent');
  const schemas: string[] = [];
  const clients: SqlClient[] = [];
  let sql: SqlClient;
  let closeDb: () => Promise<void>;
  let openClient: () => Promise<SqlClient>;
  if (driver === 'pglite') {
    const db = await freshPglite();
    sql = sharedPgliteClient(db);
    openClient = () => Promise.resolve(sharedPgliteClient(db));
    closeDb = () => db.close();
  } else {
    sql = await openPgClient({ url: TEST_DATABASE_URL, logger, maxConnections: 4 });
    openClient = async () => {
      const client = await openPgClient({ url: TEST_DATABASE_URL, logger, maxConnections: 4 });
      clients.push(client);
      return client;
    };
    closeDb = () => sql.close();
  }
  return {
    driver,
    sql,
    newSchema: () => {
      const schema = `t_${process.pid}_${randomBytes(5).toString('hex')}`;
      schemas.push(schema);
      return schema;
    },
    openClient,
    close: async () => {
      for (const client of clients) await client.close().catch(() => undefined);
      for (const schema of schemas) await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await closeDb();
    },
  };
}

/** A database of its own on the test PostgreSQL, for server processes that use its public schema. */
export interface ScratchDatabase {
  /** Its URL on `host:port` (default: the test server; a TCP proxy's port to cut it off). */
  url(port?: number): string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test PostgreSQL; drop() removes it, closing its sessions. */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const admin = new URL(TEST_DATABASE_URL);
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  // Retried: a suite that builds the sandbox store in the same process may hold the event loop
  // past the connection timeout while this connects.
  const sql = await openPgClient({
    url: admin.href,
    logger: createLogger('silent'),
    maxConnections: 1,
    startupTimeoutMs: 30_000,
  });
  try {
    await sql.query(`CREATE DATABASE ${name}`);
  } finally {
    await sql.close();
  }
  return {
    url(port?: number) {
      const u = new URL(admin.href);
      if (port !== undefined) u.port = String(port);
      u.pathname = `/${name}`;
      return u.href;
    },
    async drop() {
      const dropper = await openPgClient({ url: admin.href, logger: createLogger('silent'), maxConnections: 1 });
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.close();
      }
    },
  };
}
