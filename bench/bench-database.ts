import pg from 'pg';

/** The PostgreSQL every project machine runs (trust auth), which the bench uses when told nothing else. */
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432';
const BENCH_DATABASE = 'cds_bench';

/**
 * The PostgreSQL database the production-profile rows use: `--database-url`, else
 * DATABASE_URL, else a `cds_bench` database on the local server (created if missing).
 * Undefined when no PostgreSQL answers; those rows are then left out and say so.
 */
export async function benchDatabaseUrl(explicit: string | undefined): Promise<string | undefined> {
  const given = explicit ?? process.env.DATABASE_URL;
  if (given) return given;
  const admin = new pg.Client({ connectionString: `${LOCAL_SERVER}/postgres`, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DATABASE]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
    return `${LOCAL_SERVER}/${BENCH_DATABASE}`;
  } catch {
    return undefined;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** A database made for one bench run, and how to drop it afterwards. */
export interface RunDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database beside the given one (same server, named `<db>_run_<pid>`), so that
 * the production-profile figures never depend on what earlier runs or soaks left there: the
 * service loads every suppression in force at start, and the 39,000 that soaks had left raised the
 * peak RSS from 230 to 298 MB. Falls back to the given database, with a warning, when the server refuses.
 */
export async function runDatabase(url: string, warn: (message: string) => void): Promise<RunDatabase> {
  const parsed = new URL(url);
  const name = `${parsed.pathname.replace(/^\//, '') || 'postgres'}_run_${process.pid}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    warn(`could not create a fresh database beside ${parsed.pathname} (${(err as Error).message}); using it as it is`);
    return { url, drop: () => Promise.resolve() };
  } finally {
    await admin.end().catch(() => undefined);
  }
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return {
    url: fresh.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
      } catch (err) {
        warn(`could not drop ${name}: ${(err as Error).message}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}
