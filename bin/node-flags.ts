/**
 * The node flags the service runs with: `npm start`, the Dockerfile and the benchmarks all use
 * these (test/seed.int.test.ts checks that they agree).
 *
 * `--max-semi-space-size=32` doubles V8's young generation from its 16 MB default. A hook call
 * allocates about 230 KB, so with the default a scavenge ran every ~70 calls, and under load
 * garbage collection took about a tenth of the CPU. With 32 MB the throughput at 32
 * connections rose 10-20 % for about 30 MB more resident memory; 64 MB gained no more and
 * would break the 250 MB memory target (docs/performance.md, "Garbage collection").
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
