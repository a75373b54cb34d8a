import { percentile } from './search-benchmark.js';

/** Latency of calls sent one after the other, in milliseconds. */
export interface LatencyFigures {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
  readonly samples: number;
}

/** Summarises latency samples (milliseconds). */
export function summarise(samples: readonly number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    max: sorted[sorted.length - 1] ?? NaN,
    samples: sorted.length,
  };
}

/**
 * Runs `call` `warmup` times unmeasured (JIT, connection set-up), then `iterations` times in
 * sequence, timing each call from send to the last byte of the answer.
 */
export async function measureSequential(
  call: (i: number) => Promise<void>,
  options: { readonly warmup: number; readonly iterations: number },
): Promise<LatencyFigures> {
  for (let i = 0; i < options.warmup; i++) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const t = performance.now();
    await call(options.warmup + i);
    samples.push(performance.now() - t);
  }
  return summarise(samples);
}
