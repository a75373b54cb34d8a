import type { ChildServer } from '../child-server.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';
import type { LatencyFigures } from '../sequential.js';
import { sequentialCalls } from './prefetch-path.js';

/**
 * Scale: the trial-referral prefetch path against a service whose catalogue holds 200 generated
 * trials besides the real ones (bench/synthetic-trials.ts). The baseline is the same call on the
 * standard catalogue, measured earlier in the run.
 */
export async function measureScale(
  service: ChildServer,
  trialBody: string,
  trials: number,
  standard: LatencyFigures,
  plan: BenchPlan,
): Promise<{ rows: BenchRow[]; figures: LatencyFigures }> {
  const f = await sequentialCalls(`${service.baseUrl}/cds-services/trial-referral`, trialBody, plan, {
    expectCards: true,
  });
  const baseline = (value: number) => ({ name: 'standard catalogue', value });
  return {
    rows: [
      {
        figure: `scale, trial-referral with ${trials} extra trials: p50`,
        value: f.p50,
        unit: 'ms',
        target: { op: '<=', value: 10 },
        baseline: baseline(standard.p50),
      },
      {
        figure: `scale, trial-referral with ${trials} extra trials: p99`,
        value: f.p99,
        unit: 'ms',
        baseline: baseline(standard.p99),
      },
    ],
    figures: f,
  };
}
