/** Runs SQL statements; rows come back as plain objects keyed by column name. */
export interface SqlQueryable {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/**
 * The one interface both drivers implement, so the store runs the same SQL on embedded
 * PGlite and on a PostgreSQL server. Values crossing it: text, numbers, Date (timestamptz),
 * and JSON passed as a string with an explicit `::jsonb` cast (the drivers serialise JS
 * arrays differently). Aggregates are cast to int in SQL (pg returns bigint as a string).
 */
export interface SqlClient extends SqlQueryable {
  readonly driver: 'pglite' | 'pg';
  /** PGlite only: whether it runs on a worker thread of its own or on the caller's event loop. */
  readonly runsOn?: 'worker-thread' | 'event-loop';
  /** Runs `fn` inside BEGIN … COMMIT on one connection; rolls back and rethrows on error. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** Makes writes committed so far durable on disk (see docs/feedback-and-audit.md). */
  syncDurable(): Promise<void>;
  close(): Promise<void>;
  /**
   * Listens on a channel from a connection of its own, reconnecting with backoff when it
   * drops; `onListening` runs after each (re)connection, once LISTEN is in force, so the caller
   * can catch up on what was sent while it was not listening. Only a PostgreSQL server has it:
   * PGlite is one process's alone, with nobody else to hear from.
   */
  listen?(channel: string, handlers: ListenHandlers): Listener;
}

/** What a listener calls back. */
export interface ListenHandlers {
  onNotify(payload: string): void;
  onListening(): void;
  /** A connection or LISTEN failure; the listener retries by itself. */
  onError(err: Error): void;
}

/** A running listener. */
export interface Listener {
  close(): Promise<void>;
}

/** A schema name safe to splice into SQL (tests use one per run to stay isolated). */
export function checkSchemaName(schema: string): string {
  return checkIdentifier(schema, 'schema');
}

/** A lower-case SQL identifier (schema, LISTEN channel) within PostgreSQL's 63 bytes, safe to splice. */
export function checkIdentifier(name: string, what: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid ${what} name "${name}"`);
  return name;
}
