import express from 'express';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../config/logger.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { createSandboxFhir } from '../sandbox/fhir/sandbox-fhir.js';

/** Latency percentiles of one measurement, in milliseconds. */
export interface SearchTimings {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
  /** Patients and resources in the store during the measurement. */
  readonly patients: number;
  readonly resources: number;
  /** Time to build the store (definitions and patient load). */
  readonly loadMs: number;
}

/** The middle value of the samples (the upper of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
}

/** The value below which `q` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Per-patient searches an EHR or this service sends: HbA1c newest first, problems, active orders. */
const QUERIES = [
  'Observation?patient={id}&code=http://loinc.org|4548-4,http://loinc.org|59261-8&_sort=-date&_count=10',
  'Condition?patient={id}',
  'MedicationRequest?patient={id}&status=active',
];

/**
 * Measures per-patient search latency of the embedded sandbox FHIR server over real HTTP
 * (loopback, keep-alive), with the fixtures plus `extraPatients` generated patients loaded.
 * Used by `npm run bench`; the target is p50 ≤ 20 ms with 100 patients.
 */
export async function measureSandboxSearch(
  options: { extraPatients?: number; iterations?: number } = {},
): Promise<SearchTimings> {
  const started = performance.now();
  const sandbox = await createSandboxFhir({
    fixtures: ALL_FIXTURES,
    today: new Date(),
    extraPatients: options.extraPatients ?? 100,
    logger: createLogger('silent'),
  });
  const loadMs = performance.now() - started;
  const app = express();
  app.use('/fhir', sandbox.router);
  const server = app.listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
    const ids = sandbox.patientIds;
    const search = async (i: number): Promise<number> => {
      const query = QUERIES[i % QUERIES.length]!.replace('{id}', ids[i % ids.length]!);
      const t = performance.now();
      const res = await fetch(`${base}/${query}`, { headers: { accept: 'application/fhir+json' } });
      if (!res.ok) throw new Error(`sandbox search failed: HTTP ${res.status} for ${query}`);
      await res.json();
      return performance.now() - t;
    };
    for (let i = 0; i < 50; i++) await search(i); // warm-up
    const samples: number[] = [];
    const iterations = options.iterations ?? 600;
    for (let i = 0; i < iterations; i++) samples.push(await search(i * 7));
    samples.sort((a, b) => a - b);
    return {
      p50: percentile(samples, 0.5),
      p99: percentile(samples, 0.99),
      samples: samples.length,
      patients: ids.length,
      resources: sandbox.store.size,
      loadMs,
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
