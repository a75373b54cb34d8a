import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { executeRun, type RunJob } from './run-job.js';
import { PortSpill } from './spill/port-spill.js';

/*
 * The worker thread a screening run of the service runs in (screening/run-service.ts), so that
 * evaluating a population never holds the event loop that answers CDS Hooks calls. Its spill
 * (records past the memory budget) is the main thread's database, reached through `spillPort`.
 */
const { job, spillPort } = workerData as { job: RunJob; spillPort?: MessagePort };
const spill = spillPort ? new PortSpill(spillPort) : undefined;
executeRun(job, spill)
  .then(
    (outcome) => parentPort?.postMessage({ outcome }),
    (err: unknown) => parentPort?.postMessage({ failure: (err as Error).message }),
  )
  .finally(() => spill?.close());
