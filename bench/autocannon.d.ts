// The part of autocannon 9's API the bench uses (the package ships no types).
// https://github.com/mcollina/autocannon#api
declare module 'autocannon' {
  export interface Histogram {
    readonly min: number;
    readonly max: number;
    readonly average: number;
    readonly stddev: number;
    readonly p50: number;
    readonly p90: number;
    readonly p97_5: number;
    readonly p99: number;
    readonly total?: number;
  }
  export interface RequestSpec {
    method?: string;
    path?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
    setupRequest?: (req: RequestSpec, context: Record<string, unknown>) => RequestSpec | undefined | null | false;
    onResponse?: (
      status: number,
      body: string,
      context: Record<string, unknown>,
      headers: Record<string, string>,
    ) => void;
  }
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    /** Milliseconds between samples (default 1000); the run stops at the first sample after `duration`. */
    sampleInt?: number;
    amount?: number;
    timeout?: number;
    method?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
    requests?: RequestSpec[];
    overallRate?: number;
    connectionRate?: number;
    verifyBody?: (body: string) => boolean;
    initialContext?: Record<string, unknown>;
  }
  export interface Result {
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly throughput: Histogram;
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly mismatches: number;
    readonly non2xx: number;
    readonly statusCodeStats: Record<string, { count: number }>;
    readonly '2xx': number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
