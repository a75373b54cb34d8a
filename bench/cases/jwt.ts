import { createSandboxIssuer } from '../../sandbox/auth/sandbox-issuer.js';
import type { ChildServer } from '../child-server.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';
import type { LatencyFigures } from '../sequential.js';
import { sequentialCalls } from './prefetch-path.js';

/**
 * The prefetch path with a JWT on every call: the sandbox issuer's ES384 tokens (a new jti
 * each, signed before the clock starts), against a sandbox-mode service with CDS_AUTH=optional.
 * The baseline is the same service without a token, so the difference is the verification.
 */
export async function measureJwt(
  sandboxService: ChildServer,
  dataDir: string,
  pumpBody: string,
  plan: BenchPlan,
): Promise<{ rows: BenchRow[]; withToken: LatencyFigures; withoutToken: LatencyFigures }> {
  const url = `${sandboxService.baseUrl}/cds-services/pump-evaluation`;
  const issuer = await createSandboxIssuer({ publicBaseUrl: sandboxService.baseUrl, dataDir });
  const tokens: string[] = [];
  for (let i = 0; i < plan.warmup + plan.iterations + 1; i++) tokens.push(await issuer.signToken(url));
  const withoutToken = await sequentialCalls(url, pumpBody, plan, { expectCards: true });
  const withToken = await sequentialCalls(url, pumpBody, plan, {
    expectCards: true,
    headers: (i) => ({ authorization: `Bearer ${tokens[i + 1]!}` }),
  });
  return {
    rows: [
      {
        figure: 'prefetch path with sandbox JWT (ES384): p50',
        value: withToken.p50,
        unit: 'ms',
        baseline: { name: 'same service, no token', value: withoutToken.p50 },
      },
      {
        figure: 'prefetch path with sandbox JWT (ES384): p99',
        value: withToken.p99,
        unit: 'ms',
        baseline: { name: 'same service, no token', value: withoutToken.p99 },
      },
    ],
    withToken,
    withoutToken,
  };
}
