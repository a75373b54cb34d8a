import { measureSandboxSearch, type SearchTimings } from '../search-benchmark.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';

/**
 * Sandbox search (issue 3): per-patient searches against the embedded FHIR store holding the
 * fixtures plus 100 generated patients, over loopback HTTP. The baseline is the bare echo's
 * sequential round trip, measured earlier in the run.
 */
export async function measureSearch(
  plan: BenchPlan,
  echoP50: number,
): Promise<{ rows: BenchRow[]; figures: SearchTimings }> {
  const f = await measureSandboxSearch({ extraPatients: 100, iterations: plan.searchIterations });
  const figure = `sandbox search, ${f.patients} patients / ${f.resources} resources`;
  return {
    rows: [
      {
        figure: `${figure}: p50`,
        value: f.p50,
        unit: 'ms',
        target: { op: '<=', value: 20 },
        baseline: { name: 'echo', value: echoP50 },
      },
      { figure: `${figure}: p99`, value: f.p99, unit: 'ms' },
    ],
    figures: f,
  };
}
