/** How long each part of the suite runs: the full run publishes figures, the quick one keeps CI honest. */
export interface BenchPlan {
  readonly quick: boolean;
  /** Sequential calls: unmeasured, then measured. */
  readonly warmup: number;
  readonly iterations: number;
  /** FHIR-path calls (each takes about the injected latency). */
  readonly fhirIterations: number;
  /** Seconds of autocannon load, after `loadWarmupS` unmeasured seconds. */
  readonly loadDurationS: number;
  readonly loadWarmupS: number;
  readonly connections: number;
  readonly searchIterations: number;
  /**
   * Settings every server child gets besides its case's own. Quick mode stops the service without
   * its SIGTERM drain delay (SHUTDOWN_DELAY_S, 5 s): no case measures shutdown, and the delays of
   * its nine service stops were more than half of a quick run.
   */
  readonly childEnv: Readonly<Record<string, string>>;
}

/** The published run: a few minutes in all. */
export const FULL_PLAN: BenchPlan = {
  quick: false,
  warmup: 500,
  iterations: 5000,
  fhirIterations: 200,
  loadDurationS: 20,
  loadWarmupS: 3,
  connections: 32,
  searchIterations: 600,
  childEnv: {},
};

/** `--quick`: every case and every row, a few seconds of measurement in all. */
export const QUICK_PLAN: BenchPlan = {
  quick: true,
  warmup: 20,
  iterations: 60,
  fhirIterations: 8,
  // Seven load runs: a second each still sends a few hundred calls per run. Half a second was too
  // short on a busy CI machine: a variant starved for the whole window completed no call at all
  // (a CI rehearsal of 2026-12-07 printed a throughput of 0).
  loadDurationS: 1,
  loadWarmupS: 0,
  connections: 32,
  searchIterations: 30,
  childEnv: { SHUTDOWN_DELAY_S: '0' },
};
