import express from 'express';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../config/logger.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { resolvePrefetchTemplate } from '../fhir/prefetch-template.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { startLatencyProxy } from './latency-proxy.js';
import { createSandboxFhir } from '../sandbox/fhir/sandbox-fhir.js';
import { percentile } from './search-benchmark.js';

/** Timings of the FHIR fallback's round of reads, in milliseconds. */
export interface FetchRoundTimings {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
  readonly queries: number;
  readonly latencyMs: number;
}

/**
 * Measures one round of the FHIR fallback (FhirClientSource.fetchQueries) for a patient,
 * with `latencyMs` added to every FHIR answer by a loopback proxy in front of the sandbox.
 * One parallel round should take about one latency; a waterfall would take one per query.
 */
export async function measureFetchRound(options: {
  /** The service's prefetch templates, e.g. `service.definition.prefetch`. */
  readonly templates: Readonly<Record<string, string>>;
  readonly latencyMs?: number;
  readonly iterations?: number;
}): Promise<FetchRoundTimings> {
  const latencyMs = options.latencyMs ?? 50;
  const sandbox = await createSandboxFhir({
    fixtures: ALL_FIXTURES,
    today: new Date(),
    logger: createLogger('silent'),
  });
  const app = express();
  app.use('/fhir', sandbox.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const proxy = await startLatencyProxy(`http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`, latencyMs);
  try {
    const patientId = ALL_FIXTURES[0]!.id;
    const queries = new Map<string, string>();
    for (const [key, template] of Object.entries(options.templates)) {
      const query = resolvePrefetchTemplate(template, { patientId, userId: 'Practitioner/bench' });
      if (query !== undefined) queries.set(key, query);
    }
    const source = new FhirClientSource({ timeoutMs: 2000, maxPages: 5, logger: createLogger('silent') });
    const round = async (): Promise<number> => {
      const t = performance.now();
      await source.fetchQueries({ baseUrl: proxy.url, accessToken: 'bench-token' }, queries);
      return performance.now() - t;
    };
    for (let i = 0; i < 5; i++) await round(); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < (options.iterations ?? 40); i++) samples.push(await round());
    samples.sort((a, b) => a - b);
    return {
      p50: percentile(samples, 0.5),
      p99: percentile(samples, 0.99),
      samples: samples.length,
      queries: queries.size,
      latencyMs,
    };
  } finally {
    await proxy.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
