/*
 * The messages between the store (store/pglite-thread.ts) and the embedded database's thread
 * (store/pglite-worker.ts). Values cross by structured clone: text, numbers, bigint, Date and
 * bytes keep their types, as they do in-process.
 */

/** What the worker is started with. */
export interface PgliteWorkerData {
  /** Data directory; omitted means in memory. */
  readonly dataDir?: string;
}

/** One request; `id` pairs it with its reply (0 is the worker's "ready"). */
export type PgliteRequest =
  | {
      readonly id: number;
      readonly op: 'query';
      readonly text: string;
      readonly params?: unknown[];
      readonly tx?: number;
    }
  | { readonly id: number; readonly op: 'begin' }
  | { readonly id: number; readonly op: 'end'; readonly tx: number; readonly commit: boolean }
  | { readonly id: number; readonly op: 'close' };

/** An error as it crosses: its name, message and PostgreSQL fields (code, constraint…). */
export interface SerialisedError {
  readonly name: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** A request before `send` numbers it (Omit over each member of the union, not over the union). */
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;
export type UnsentRequest = Unsent<PgliteRequest>;

/** One reply: rows for a query, the transaction's number for a begin. */
export type PgliteReply =
  | { readonly id: number; readonly ok: true; readonly rows?: unknown[]; readonly tx?: number }
  | { readonly id: number; readonly ok: false; readonly error: SerialisedError };
