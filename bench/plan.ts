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
};

/** `--quick`: every case and every row, a few seconds of measurement in all. */
export const QUICK_PLAN: BenchPlan = {
  quick: true,
  warmup: 20,
  iterations: 60,
  fhirIterations: 8,
  loadDurationS: 1,
  loadWarmupS: 0,
  connections: 32,
  searchIterations: 30,
};
