import type { ChildServer } from '../child-server.js';
import { cardCount, ORDER_SIGN_SERVICE } from '../hook-requests.js';
import { KeepAliveClient } from '../http-client.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';
import { measureSequential, type LatencyFigures } from '../sequential.js';

/** The standard request of each service, serialised once (full prefetch of the benchmark patient). */
export interface StandardBodies {
  readonly pump: string;
  readonly trial: string;
  /** The pump-evaluation request for SMALL_BODY_PATIENT, full prefetch: about 8 KB. */
  readonly small: string;
  /** An order-sign request for the benchmark patient: both services' prefetch and one draft order. */
  readonly orderSign: string;
}

/** Figures of the prefetch-path case, kept for the scale case's baseline and the JSON file. */
export interface PrefetchPathResult {
  readonly rows: BenchRow[];
  readonly echo: {
    readonly pump: LatencyFigures;
    readonly trial: LatencyFigures;
    readonly both: LatencyFigures;
    readonly small: LatencyFigures;
    readonly orderSign: LatencyFigures;
  };
  readonly pump: LatencyFigures;
  readonly orderSign: LatencyFigures;
  readonly small: LatencyFigures;
  readonly trial: LatencyFigures;
  readonly both: LatencyFigures;
}

/** Sequential keep-alive calls of one body to one URL; every answer must be a 200. */
export async function sequentialCalls(
  url: string,
  body: string,
  plan: Pick<BenchPlan, 'warmup' | 'iterations'>,
  options: { readonly headers?: (i: number) => Record<string, string>; readonly expectCards?: boolean } = {},
): Promise<LatencyFigures> {
  const client = new KeepAliveClient(1);
  try {
    const first = await client.postJson(url, body, options.headers?.(-1) ?? {});
    if (options.expectCards && cardCount(first.status, first.body) === 0)
      throw new Error(`${url}: no card for the benchmark patient`);
    return await measureSequential(
      async (i) => {
        const res = await client.postJson(url, body, options.headers?.(i) ?? {});
        if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${res.body.toString().slice(0, 200)}`);
      },
      { warmup: plan.warmup, iterations: plan.iterations },
    );
  } finally {
    client.close();
  }
}

/** Both services called at once, as an EHR fires every service of a hook; timed until both answered. */
async function bothAtOnce(calls: readonly { url: string; body: string }[], plan: BenchPlan): Promise<LatencyFigures> {
  const client = new KeepAliveClient(calls.length);
  try {
    return await measureSequential(
      async () => {
        const answers = await Promise.all(calls.map((c) => client.postJson(c.url, c.body)));
        const failed = answers.find((a) => a.status !== 200);
        if (failed) throw new Error(`HTTP ${failed.status}`);
      },
      { warmup: plan.warmup, iterations: plan.iterations },
    );
  } finally {
    client.close();
  }
}

const latencyRows = (
  name: string,
  service: LatencyFigures,
  echo: LatencyFigures,
  targets: { p50?: number; p99?: number } = {},
): BenchRow[] => [
  {
    figure: `${name}: p50`,
    value: service.p50,
    unit: 'ms',
    ...(targets.p50 !== undefined ? { target: { op: '<=' as const, value: targets.p50 } } : {}),
    baseline: { name: 'echo', value: echo.p50 },
  },
  {
    figure: `${name}: p99`,
    value: service.p99,
    unit: 'ms',
    ...(targets.p99 !== undefined ? { target: { op: '<=' as const, value: targets.p99 } } : {}),
    baseline: { name: 'echo', value: echo.p99 },
  },
];

/**
 * Prefetch path (docs/performance.md, targets): the standard patient-view request with full
 * prefetch, one client in sequence over keep-alive HTTP; the baseline is the bare Express echo of
 * the same body, measured the same way in the same run.
 */
export async function measurePrefetchPath(
  service: ChildServer,
  echo: ChildServer,
  bodies: StandardBodies,
  plan: BenchPlan,
): Promise<PrefetchPathResult> {
  const echoUrl = `${echo.baseUrl}/echo`;
  const pumpUrl = `${service.baseUrl}/cds-services/pump-evaluation`;
  const trialUrl = `${service.baseUrl}/cds-services/trial-referral`;
  const echoPump = await sequentialCalls(echoUrl, bodies.pump, plan);
  const pump = await sequentialCalls(pumpUrl, bodies.pump, plan, { expectCards: true });
  const echoSmall = await sequentialCalls(echoUrl, bodies.small, plan);
  const small = await sequentialCalls(pumpUrl, bodies.small, plan, { expectCards: true });
  const echoOrder = await sequentialCalls(echoUrl, bodies.orderSign, plan);
  const orderSign = await sequentialCalls(
    `${service.baseUrl}/cds-services/${ORDER_SIGN_SERVICE}`,
    bodies.orderSign,
    plan,
    {
      expectCards: true,
    },
  );
  const echoTrial = await sequentialCalls(echoUrl, bodies.trial, plan);
  const trial = await sequentialCalls(trialUrl, bodies.trial, plan, { expectCards: true });
  const echoBoth = await bothAtOnce(
    [
      { url: echoUrl, body: bodies.pump },
      { url: echoUrl, body: bodies.trial },
    ],
    plan,
  );
  const both = await bothAtOnce(
    [
      { url: pumpUrl, body: bodies.pump },
      { url: trialUrl, body: bodies.trial },
    ],
    plan,
  );
  return {
    rows: [
      ...latencyRows('prefetch path, pump-evaluation', pump, echoPump, { p50: 3, p99: 15 }),
      // Issue 16, point 9: small calls keep the same latency target.
      ...latencyRows('prefetch path, pump-evaluation, small body', small, echoSmall, { p50: 3 }),
      // Issue 17, point 5: the order hooks compute the facts twice and keep the patient-view target.
      ...latencyRows('prefetch path, order-sign (facts before and after the draft)', orderSign, echoOrder, { p50: 3 }),
      ...latencyRows('prefetch path, trial-referral (2 trials)', trial, echoTrial),
      ...latencyRows('prefetch path, both services at once', both, echoBoth),
    ],
    echo: { pump: echoPump, trial: echoTrial, both: echoBoth, small: echoSmall, orderSign: echoOrder },
    pump,
    orderSign,
    small,
    trial,
    both,
  };
}
