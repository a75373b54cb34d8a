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

/**
 * NODE_OPTIONS of a production replica (SANDBOX=off, feedback in PostgreSQL): the Kubernetes base
 * Deployment sets it, and the benchmark's production profile runs with it
 * (test/kubernetes-manifests.test.ts checks that they agree).
 *
 * `--max-old-space-size=256` puts a ceiling on V8's old generation. Without one, V8 sizes it from
 * the machine's memory (about 4 GB on a 23 GB node, whatever the pod's limit) and, with so much
 * room, leaves garbage uncollected: under load the resident memory reached 284 MB for a live
 * heap of about 30 MB. With the ceiling V8 collects sooner: 187 MB at the same throughput
 * (1,385-1,418 against 1,491 req/s, within the machine's noise; docs/performance.md, "Memory").
 * The sandbox does not get it: its in-process FHIR store with 5,000 generated patients needs
 * more than 256 MB of heap.
 */
export const PRODUCTION_NODE_OPTIONS = '--max-old-space-size=256';
