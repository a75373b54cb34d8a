import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { startPglite } from './pglite-open.js';
import type { PgliteRequest, PgliteReply, PgliteWorkerData, SerialisedError } from './pglite-protocol.js';

/*
 * The embedded database's own thread (store/pglite-thread.ts starts it). PGlite runs PostgreSQL
 * compiled to WebAssembly synchronously on whatever thread calls it: on the service's event loop
 * every audit flush stalled the hook calls behind it. Here it runs beside the event loop, as a
 * PostgreSQL server runs in a process of its own. One PGlite instance; its own mutex orders the
 * queries and transactions exactly as it does in-process.
 */

const port = parentPort;
if (!port) throw new Error('store/pglite-worker.js runs as a worker thread');
const { dataDir } = workerData as PgliteWorkerData;

/** The error's name, message and PostgreSQL fields (code, detail, constraint…): what callers test. */
function serialise(err: unknown): SerialisedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields: Record<string, string> = {};
  for (const key of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity'] as const) {
    const v = (e as unknown as Record<string, unknown>)[key];
    if (typeof v === 'string') fields[key] = v;
  }
  return { name: e.name, message: e.message, fields };
}

/** Open transactions: PGlite's callback for each holds until the main thread ends it. */
const open = new Map<number, { tx: Transaction; end: (commit: boolean) => void; settled: Promise<void> }>();
let nextTx = 1;
/** Rejected from a transaction's callback to make PGlite roll it back. */
const ROLLBACK = new Error('rolled back by the caller');

function reply(message: PgliteReply): void {
  port!.postMessage(message);
}

/** Starts a transaction; the reply goes out once BEGIN has run, from inside PGlite's callback. */
function begin(db: PGlite, requestId: number): void {
  const id = nextTx++;
  let began = false;
  const done = db.transaction(
    (tx) =>
      new Promise<void>((resolve, reject) => {
        began = true;
        open.set(id, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)), settled });
        reply({ id: requestId, ok: true, tx: id });
      }),
  );
  // Settles after COMMIT or ROLLBACK; rejects only when the database failed.
  const settled = done.then(
    () => undefined,
    (err: unknown) => {
      if (err !== ROLLBACK) throw err;
    },
  );
  settled.catch((err: unknown) => {
    // A failed BEGIN never reached the callback: its caller still waits for a reply.
    if (!began) reply({ id: requestId, ok: false, error: serialise(err) });
  });
}

async function handle(db: PGlite, m: PgliteRequest): Promise<void> {
  switch (m.op) {
    case 'query': {
      const target = m.tx === undefined ? db : open.get(m.tx)?.tx;
      if (!target) throw new Error(`transaction ${m.tx} is not open`);
      const result = await target.query(m.text, m.params);
      reply({ id: m.id, ok: true, rows: result.rows });
      return;
    }
    case 'begin':
      begin(db, m.id);
      return;
    case 'end': {
      const entry = open.get(m.tx);
      if (!entry) throw new Error(`transaction ${m.tx} is not open`);
      open.delete(m.tx);
      entry.end(m.commit);
      await entry.settled;
      reply({ id: m.id, ok: true });
      return;
    }
    case 'close':
      await db.close();
      reply({ id: m.id, ok: true });
      port!.close();
      return;
  }
}

async function main(): Promise<void> {
  let db: PGlite;
  try {
    db = await startPglite(dataDir);
  } catch (err) {
    reply({ id: 0, ok: false, error: serialise(err) });
    return;
  }
  port!.on('message', (m: PgliteRequest) => {
    handle(db, m).catch((err: unknown) => reply({ id: m.id, ok: false, error: serialise(err) }));
  });
  reply({ id: 0, ok: true });
}

void main();
