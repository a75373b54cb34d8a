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
