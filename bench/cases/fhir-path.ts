import type { ChildServer } from '../child-server.js';
import { BENCH_PATIENT, cardCount, patientViewRequest } from '../hook-requests.js';
import { KeepAliveClient } from '../http-client.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';
import { measureSequential, type LatencyFigures } from '../sequential.js';

/** Target (docs/performance.md): with L ms injected into every FHIR answer, a call takes at most 1.5 × L + 10 ms. */
export const fhirPathTarget = (latencyMs: number) => 1.5 * latencyMs + 10;

/**
 * FHIR path: no prefetch, so the service reads the benchmark patient from `fhirServer` (a
 * latency proxy in front of the sandbox store, adding `latencyMs` to every answer). One
 * parallel round costs about one latency; a waterfall would cost one per query.
 */
export async function measureFhirPath(
  service: ChildServer,
  fhirServer: string,
  latencyMs: number,
  plan: BenchPlan,
): Promise<{ rows: BenchRow[]; figures: Record<string, LatencyFigures> }> {
  const rows: BenchRow[] = [];
  const figures: Record<string, LatencyFigures> = {};
  const client = new KeepAliveClient(1);
  try {
    for (const id of ['pump-evaluation', 'trial-referral']) {
      const url = `${service.baseUrl}/cds-services/${id}`;
      const body = JSON.stringify(patientViewRequest({ patientId: BENCH_PATIENT, fhirServer }));
      const first = await client.postJson(url, body);
      if (cardCount(first.status, first.body) === 0) throw new Error(`${id}: no card on the FHIR path`);
      const f = await measureSequential(
        async () => {
          const res = await client.postJson(url, body);
          if (res.status !== 200) throw new Error(`${id}: HTTP ${res.status} ${res.body.toString().slice(0, 200)}`);
        },
        { warmup: Math.min(plan.warmup, 10), iterations: plan.fhirIterations },
      );
      figures[id] = f;
      const target = { op: '<=' as const, value: fhirPathTarget(latencyMs) };
      const baseline = { name: 'injected latency', value: latencyMs };
      rows.push(
        { figure: `FHIR path (${latencyMs} ms injected), ${id}: p50`, value: f.p50, unit: 'ms', target, baseline },
        { figure: `FHIR path (${latencyMs} ms injected), ${id}: p99`, value: f.p99, unit: 'ms', target, baseline },
      );
    }
  } finally {
    client.close();
  }
  return { rows, figures };
}
