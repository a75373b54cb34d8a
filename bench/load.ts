import autocannon, { type Options } from 'autocannon';

/** What a load run measured. */
export interface LoadFigures {
  /** Completed requests per second over the run. */
  readonly rps: number;
  readonly total: number;
  readonly latencyP50: number;
  readonly latencyP99: number;
  /** Connection errors, timeouts, non-2xx answers and failed body checks. */
  readonly errors: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly durationS: number;
}

/**
 * Runs autocannon in this process against a server in another process and summarises it.
 * https://github.com/mcollina/autocannon#autocannonopts-cb
 */
export async function runLoad(options: Options): Promise<LoadFigures> {
  // autocannon stops at its first sample (every 1 s by default) after `duration`: a shorter run
  // (`--quick`) samples once at its end, or it would last the whole second anyway.
  const { duration } = options;
  const sampleInt = duration !== undefined && duration < 1 ? duration * 1000 : undefined;
  const result = await autocannon({ timeout: 10, ...(sampleInt !== undefined ? { sampleInt } : {}), ...options });
  const total = Object.values(result.statusCodeStats).reduce((n, s) => n + s.count, 0);
  return {
    rps: total / result.duration,
    total,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
    durationS: result.duration,
  };
}
