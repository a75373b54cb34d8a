import type { ExportOwner, SharedExportStore } from '../../store/shared-export-store.js';
import { BulkExportError, type BulkExportFailure } from '../bulk/bulk-export-error.js';
import { deleteExport } from '../bulk/bulk-export.js';
import type { BulkHttp } from '../bulk/bulk-http.js';
import { BulkManifestSchema, type BulkManifest } from '../bulk/bulk-manifest.js';
import { kickOff, type ExportRequest } from '../bulk/export-kickoff.js';
import { pollStatus, type PollPolicy } from '../bulk/export-status.js';

/** Where a run's finished export comes from, when not from a kick-off of its own. */
export interface ManifestSource {
  /** The manifest of the finished export, and whether the server took the `_typeFilter`s. */
  manifest(request: ExportRequest, poll: PollPolicy): Promise<{ manifest: BulkManifest; typeFilter: boolean }>;
}

/** How often a waiting shard looks for the manifest, and when an owner counts as dead. */
export interface SharedExportTiming {
  /** Between two looks at the database while another shard prepares the export. */
  readonly waitMs: number;
  /**
   * An owner that has not polled for this long is taken to be dead, and another shard takes the
   * export over. Above the longest wait between two polls (60 s, screening/bulk/export-status.ts).
   */
  readonly staleMs: number;
}

export const SHARED_EXPORT_TIMING: SharedExportTiming = { waitMs: 1000, staleMs: 180_000 };

const FAILURES: readonly BulkExportFailure[] = [
  'unsupported',
  'refused',
  'unauthorized',
  'failed',
  'timeout',
  'unreachable',
];
const failureOf = (kind: string): BulkExportFailure =>
  (FAILURES as readonly string[]).includes(kind) ? (kind as BulkExportFailure) : 'failed';

/**
 * The one bulk export the shards of a run share (docs/screening.md, "Sharded runs"). The first
 * shard to ask claims it in the database, kicks it off, polls it and stores the manifest; the
 * others wait for the manifest there, looking every `waitMs` until the run's deadline. A failure
 * of the export (a refused kick-off, a server without `$export`, a failed job) is stored too, so
 * that every shard ends with the same error, and a server without `$export` sends every shard to
 * the search path. The export is deleted on the server by the last shard to report (the store's
 * `finishShard` says which), or by its owner when it failed.
 */
export class SharedExport implements ManifestSource {
  constructor(
    private readonly store: SharedExportStore,
    private readonly http: BulkHttp,
    private readonly owner: ExportOwner,
    private readonly timing: SharedExportTiming = SHARED_EXPORT_TIMING,
  ) {}

  async manifest(request: ExportRequest, poll: PollPolicy): Promise<{ manifest: BulkManifest; typeFilter: boolean }> {
    for (;;) {
      const found = await this.store.claim(this.owner, this.timing.staleMs);
      switch (found.state) {
        case 'owned':
          return this.prepare(request, poll, found.statusUrl, found.typeFilter);
        case 'ready': {
          const parsed = BulkManifestSchema.safeParse(found.manifest);
          if (!parsed.success) throw new BulkExportError('failed', "the run's stored export manifest is not readable");
          return { manifest: parsed.data, typeFilter: found.typeFilter };
        }
        case 'failed':
          throw new BulkExportError(failureOf(found.kind), found.message);
        case 'deleted':
          // Only a first attempt gets here (a retry claims a new export): its run has ended.
          throw new BulkExportError('failed', "the run's export was already read by every shard and deleted");
        case 'kicking-off':
          poll.onProgress?.(`waiting for shard ${found.owner}'s export`);
          if (poll.now() + this.timing.waitMs > poll.deadline) {
            throw new BulkExportError(
              'timeout',
              `the export of shard ${found.owner} was not ready before the deadline`,
            );
          }
          await poll.sleep(this.timing.waitMs);
      }
    }
  }

  /** Kicks the export off (or goes on polling a dead owner's), polls it, and stores the manifest. */
  private async prepare(
    request: ExportRequest,
    poll: PollPolicy,
    resumed: string | undefined,
    resumedTypeFilter: boolean | undefined,
  ): Promise<{ manifest: BulkManifest; typeFilter: boolean }> {
    let statusUrl = resumed;
    let typeFilter = resumedTypeFilter ?? false;
    try {
      if (!statusUrl) {
        ({ statusUrl, typeFilter } = await kickOff(this.http, request));
        await this.store.started(this.owner, statusUrl, typeFilter);
      }
      const manifest = await pollStatus(this.http, statusUrl, {
        ...poll,
        // Each wait between two polls is a sign of life: the others do not take the export over.
        sleep: async (ms) => {
          await this.store.heartbeat(this.owner);
          await poll.sleep(ms);
        },
      });
      await this.store.ready(this.owner, manifest);
      return { manifest, typeFilter };
    } catch (err) {
      const error =
        err instanceof BulkExportError
          ? err
          : new BulkExportError('failed', `the export could not be prepared (${(err as Error).message})`);
      // A failed export is no use to any shard: it goes from the server now, and the others learn why.
      if (statusUrl) await deleteExport(this.http, statusUrl);
      await this.store.failed(this.owner, error.kind, error.message).catch(() => false);
      throw error;
    }
  }
}
