import { createHash } from 'node:crypto';
import type { FhirResource } from 'fhir/r4.js';
import { readExportFiles, type ExportProgress, type ResourceSink } from '../bulk/bulk-export.js';
import type { BulkHttp } from '../bulk/bulk-http.js';
import type { BulkManifest } from '../bulk/bulk-manifest.js';
import { patientOf } from '../population-records.js';
import type { RecordView } from '../record-view.js';
import { inShard, shardOf, type Shard } from './shard.js';
import { ExchangeSender, receivedResources, type ShardExchange, type ShardSenderState } from './shard-exchange.js';

/** A shard's part of a sharded run's reading. */
export interface ShardedRead {
  readonly runId: string;
  readonly shard: Shard;
  readonly exchange: ShardExchange;
  /**
   * How long, once its own files are sent, a shard waits for another that is still running and
   * has not sent its files yet, before it reads that shard's files itself.
   */
  readonly waitMs: number;
}

/** Waiting on the other shards: a look every second, for `waitMs` of real time, or to the run's deadline. */
export interface ShardedClock {
  /** Milliseconds of real time, for the wait (the run's own clock may stand still in tests). */
  readonly elapsed: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Whether the run has passed its deadline. */
  readonly pastDeadline: () => boolean;
}

/** What reading gave, for the report. */
export interface ShardedReadResult {
  readonly serverErrors: readonly string[];
  /** Issues of the server's error files that are errors (bulk-export.ts). */
  readonly errorIssues: number;
  readonly badLines: number;
  /** Resources of this shard's files that name no patient and that no patient's orders may point to. */
  readonly unattributed: number;
  /** Shards whose files this one read itself (they had not sent them). */
  readonly readForOthers: readonly number[];
}

/** Names the export the shards share: the same files in the same order give the same id. */
export function exportIdOf(manifest: BulkManifest): string {
  const files = JSON.stringify(manifest.output.map((f) => f.url));
  return createHash('sha256').update(files).digest('hex').slice(0, 16);
}

/** The output files shard `k` of `n` reads: every n-th, from the k-th. */
const filesOf = (manifest: BulkManifest, k: number, n: number): BulkManifest => ({
  ...manifest,
  output: manifest.output.filter((_, i) => i % n === k),
  error: [],
});

/**
 * Reads a sharded run's part of the export the shards share (docs/screening.md, "Sharded runs"):
 * 1. this shard reads every `n`-th output file from its index, and passes each resource the
 *    record view keeps to the shard that owns its patient (resources of no patient, Medications
 *    and ResearchStudies, to every shard), through the database, then says it has sent them;
 * 2. it takes what every shard sent it, its own included, as each shard's sending is done;
 * 3. a shard that has reported without sending from this export (a run whose failed shard is
 *    tried again takes a new export), or that has not sent within `waitMs`, has its files read
 *    here instead, keeping this shard's patients: the run never waits on a shard that is gone.
 * Every resource reaches `keep`, which takes this shard's patients' resources only.
 */
export async function readShardedExport(
  http: BulkHttp,
  manifest: BulkManifest,
  part: ShardedRead,
  view: RecordView,
  keep: ResourceSink,
  clock: ShardedClock,
  progress: ExportProgress & { resource?: () => void },
): Promise<ShardedReadResult> {
  const { runId, shard, exchange } = part;
  const n = shard.of;
  const exportId = exportIdOf(manifest);
  let badLines = 0;
  let unattributed = 0;
  const kept = (r: FhirResource) => view.included.has(r.resourceType) || view.queriesOf(r).length > 0;

  let senders = await exchange.senders(runId);
  if (senders.find((s) => s.shard === shard.index)?.sentExport !== exportId) {
    // Anything an earlier attempt of this shard sent is replaced.
    await exchange.clear(runId, shard.index);
    const sender = new ExchangeSender(exchange, runId, exportId, shard.index, n);
    const everyShard = Array.from({ length: n }, (_, i) => i);
    const read = await readExportFiles(
      http,
      filesOf(manifest, shard.index, n),
      (r, line) => {
        progress.resource?.();
        if (r.resourceType !== 'Consent' && !kept(r)) return undefined;
        const owner = patientOf(r);
        if (owner !== undefined) sender.put(r, [shardOf(owner, n)], line);
        else if (view.included.has(r.resourceType)) sender.put(r, everyShard, line);
        else unattributed++;
        return sender.due ? sender.flush() : undefined;
      },
      progress,
    );
    badLines += read.badLines;
    await sender.finish();
    await exchange.markSent(runId, shard.index, exportId);
    senders = await exchange.senders(runId);
  }

  const waitUntil = clock.elapsed() + part.waitMs;
  const waited = () => clock.elapsed() >= waitUntil || clock.pastDeadline();
  const left = new Set(Array.from({ length: n }, (_, i) => i));
  const readForOthers: number[] = [];
  for (;;) {
    const byShard = new Map<number, ShardSenderState>(senders.map((s) => [s.shard, s]));
    for (const k of [...left]) {
      const s = byShard.get(k);
      if (s?.sentExport === exportId) {
        for await (const { resource, line } of receivedResources(exchange, runId, exportId, k, shard.index)) {
          const wait = keep(resource, line);
          if (wait) await wait;
        }
        left.delete(k);
      } else if ((s !== undefined && s.state !== 'running') || waited()) {
        const read = await readExportFiles(
          http,
          filesOf(manifest, k, n),
          (r, line) => {
            progress.resource?.();
            const owner = patientOf(r);
            return owner !== undefined && !inShard(owner, shard) ? undefined : keep(r, line);
          },
          progress,
        );
        badLines += read.badLines;
        readForOthers.push(k);
        left.delete(k);
      }
    }
    if (left.size === 0) break;
    progress.status?.(`waiting for shards ${[...left].join(', ')} to send their files`);
    await clock.sleep(1000);
    senders = await exchange.senders(runId);
  }

  const errors = await readExportFiles(http, { ...manifest, output: [] }, () => undefined);
  return {
    serverErrors: errors.serverErrors,
    errorIssues: errors.errorIssues,
    badLines: badLines + errors.badLines,
    unattributed,
    readForOthers,
  };
}
