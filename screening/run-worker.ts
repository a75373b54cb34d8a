import { parentPort, workerData } from 'node:worker_threads';
import { executeRun, type RunJob } from './run-job.js';

/*
 * The worker thread a screening run of the service runs in (screening/run-service.ts), so that
 * evaluating a population never holds the event loop that answers CDS Hooks calls.
 */
executeRun(workerData as RunJob).then(
  (outcome) => parentPort?.postMessage({ outcome }),
  (err: unknown) => parentPort?.postMessage({ failure: (err as Error).message }),
);
