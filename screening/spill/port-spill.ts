import type { MessagePort } from 'node:worker_threads';
import type { BlockSpill, SpilledBlock } from './block-spill.js';

/** A call from the worker, and its answer. */
type SpillCall =
  | { readonly id: number; readonly op: 'write'; readonly blocks: readonly SpilledBlock[] }
  | { readonly id: number; readonly op: 'read'; readonly blocks: readonly number[] }
  | { readonly id: number; readonly op: 'drop' };
/** A call before it is numbered (Omit distributed over the union). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;
type SpillAnswer = { readonly id: number; readonly value?: unknown; readonly error?: string };

/**
 * The spill of a run in the service's worker thread (screening/run-worker.ts): the database is
 * the main thread's (one PGlite per process), so each call crosses a MessagePort to `serveSpill`
 * there. Blocks are copied across (structured clone): a few MB per call.
 */
export class PortSpill implements BlockSpill {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly port: MessagePort) {
    port.on('message', (answer: SpillAnswer) => {
      const call = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (answer.error !== undefined) call?.reject(new Error(`the spill failed: ${answer.error}`));
      else call?.resolve(answer.value);
    });
  }

  private call<T>(call: Unnumbered<SpillCall>): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ ...call, id });
    });
  }

  write(blocks: readonly SpilledBlock[]): Promise<void> {
    return this.call({ op: 'write', blocks });
  }

  read(blocks: readonly number[]): Promise<Map<number, Uint8Array>> {
    return this.call({ op: 'read', blocks });
  }

  drop(): Promise<void> {
    return this.call({ op: 'drop' });
  }

  /** Lets the worker end: the port would keep its event loop alive. */
  close(): void {
    this.port.close();
  }
}

/** Answers a worker's PortSpill calls from `spill`, on the main thread, until the port closes. */
export function serveSpill(port: MessagePort, spill: BlockSpill): void {
  port.on('message', (call: SpillCall) => {
    const done =
      call.op === 'write' ? spill.write(call.blocks) : call.op === 'read' ? spill.read(call.blocks) : spill.drop();
    done.then(
      (value: unknown) => port.postMessage({ id: call.id, value } satisfies SpillAnswer),
      (err: unknown) => port.postMessage({ id: call.id, error: (err as Error).message } satisfies SpillAnswer),
    );
  });
}
