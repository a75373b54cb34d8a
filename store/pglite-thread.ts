import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PgliteReply, PgliteWorkerData, SerialisedError, UnsentRequest } from './pglite-protocol.js';
import type { SqlQueryable } from './sql-client.js';

/** The worker's script: beside this module once compiled (dist/store/pglite-worker.js). */
const WORKER_SCRIPT = fileURLToPath(new URL('./pglite-worker.js', import.meta.url));

/** The worker's script if it is built; under the test runner the sources are TypeScript. */
export function builtWorkerScript(): string | undefined {
  return existsSync(WORKER_SCRIPT) ? WORKER_SCRIPT : undefined;
}

/** An error from the worker, with the PostgreSQL fields callers read (`code` above all). */
function revive(e: SerialisedError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  Object.assign(err, e.fields);
  return err;
}

type Pending = { resolve: (reply: PgliteReply & { ok: true }) => void; reject: (err: Error) => void };

/**
 * PGlite on a thread of its own (store/pglite-worker.ts): the same SQL and the same answers as
 * in-process, but the WebAssembly PostgreSQL runs beside the event loop instead of on it, as a
 * PostgreSQL server would in its own process. The thread keeps the process alive only while a
 * request is pending, so a command that forgets to close the store still exits.
 */
export class PgliteThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (reply: PgliteReply) => this.settle(reply));
    worker.on('error', (err) => this.stop(err));
    worker.on('exit', (code) => this.stop(new Error(`the PGlite thread exited (code ${code})`)));
    worker.unref();
  }

  /** Starts the thread and waits until PGlite has opened its data directory (or memory). */
  static async start(script: string, data: PgliteWorkerData): Promise<PgliteThread> {
    const worker = new Worker(script, { workerData: data });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the PGlite thread exited while starting (code ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (reply: PgliteReply) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (reply.ok) resolve();
        else {
          reject(revive(reply.error));
          void worker.terminate();
        }
      });
    });
    return new PgliteThread(worker);
  }

  /** Runs one statement, in the transaction `tx` if given. */
  async query<R extends object>(text: string, params: readonly unknown[] | undefined, tx?: number): Promise<R[]> {
    const reply = await this.send({
      op: 'query',
      text,
      ...(params ? { params: [...params] } : {}),
      ...(tx !== undefined ? { tx } : {}),
    });
    return (reply.rows ?? []) as R[];
  }

  /** BEGIN … COMMIT around `fn`; ROLLBACK and rethrow when it fails. */
  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const { tx } = await this.send({ op: 'begin' });
    if (tx === undefined) throw new Error('the PGlite thread began no transaction');
    let result: T;
    try {
      result = await fn({ query: (text, params) => this.query(text, params, tx) });
    } catch (err) {
      // The caller's error is the one to see; a thread gone meanwhile fails the next call anyway.
      await this.send({ op: 'end', tx, commit: false }).catch(() => undefined);
      throw err;
    }
    await this.send({ op: 'end', tx, commit: true });
    return result;
  }

  /** Closes PGlite (its last checkpoint) and lets the thread end. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.closing = true;
    const closing = this.send({ op: 'close' });
    // Held until the thread has ended: the caller awaits it, so the process must not exit first.
    this.worker.ref();
    await closing;
    await this.exited;
  }

  private send(request: UnsentRequest): Promise<PgliteReply & { ok: true }> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // A value structured clone cannot copy (a function, say) fails here, before anything waits.
      this.worker.postMessage({ ...request, id });
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
    });
  }

  private settle(reply: PgliteReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    if (reply.ok) waiting.resolve(reply);
    else waiting.reject(revive(reply.error));
  }

  /** The thread is gone: every request waiting and every later one fails with `err`. */
  private stop(err: Error): void {
    this.stopped ??= err;
    for (const { reject } of this.pending.values()) reject(this.stopped);
    this.pending.clear();
  }
}
