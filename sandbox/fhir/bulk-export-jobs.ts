import { randomUUID } from 'node:crypto';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';

/** How the sandbox bounds and paces bulk exports. */
export interface BulkExportLimits {
  /**
   * How long a job reports "in progress" before its files are ready. The sandbox takes its
   * snapshot at once; the wait is there so that clients go through the status polling
   * (`202` with `Retry-After`) as they must with a real server. Tests set 0.
   */
  readonly readyAfterMs: number;
  /** At most this many resources per file: a larger type is split over several files. */
  readonly maxResourcesPerFile: number;
  /** At most this many live jobs (in progress or complete, until deleted or expired); more get 429. */
  readonly maxJobs: number;
  /** A job and its files are dropped this long after the kick-off (the manifest's `Expires`). */
  readonly jobLifetimeMs: number;
}

export const DEFAULT_BULK_EXPORT_LIMITS: BulkExportLimits = {
  readyAfterMs: 1000,
  maxResourcesPerFile: 1000,
  maxJobs: 5,
  jobLifetimeMs: 60 * 60 * 1000,
};

/** The limits with the defaults for those not given. */
export function bulkExportLimits(given: Partial<BulkExportLimits> = {}): BulkExportLimits {
  return {
    readyAfterMs: given.readyAfterMs ?? DEFAULT_BULK_EXPORT_LIMITS.readyAfterMs,
    maxResourcesPerFile: given.maxResourcesPerFile ?? DEFAULT_BULK_EXPORT_LIMITS.maxResourcesPerFile,
    maxJobs: given.maxJobs ?? DEFAULT_BULK_EXPORT_LIMITS.maxJobs,
    jobLifetimeMs: given.jobLifetimeMs ?? DEFAULT_BULK_EXPORT_LIMITS.jobLifetimeMs,
  };
}

/** One NDJSON file of a job: resources of one type. */
export interface ExportFile {
  readonly name: string;
  readonly type: string;
  readonly resources: readonly Resource[];
}

/** What the manifest and the file requests need of a job. */
export interface ExportJob {
  /** A random UUID: the status and file URLs are unguessable. */
  readonly id: string;
  /** The kick-off URL, as the manifest's `request` reports it. */
  readonly request: string;
  readonly transactionTime: string;
  readonly requiresAccessToken: boolean;
  /** Who started it (a client id), when status and file requests must come from the same. */
  readonly owner?: string;
  readonly readyAt: number;
  readonly expiresAt: number;
  readonly output: readonly ExportFile[];
  readonly error: readonly ExportFile[];
  readonly files: ReadonlyMap<string, ExportFile>;
}

/** A job to start: the selected resources by type, and the messages for the `error` files. */
export interface NewExportJob {
  readonly request: string;
  readonly transactionTime: string;
  readonly requiresAccessToken: boolean;
  readonly owner?: string;
  readonly selected: ReadonlyMap<string, readonly Resource[]>;
  readonly messages: readonly OperationOutcome[];
}

/**
 * Splits each type's resources into files of at most `cap`: `<prefix><Type>-1.ndjson`,
 * `-2`... "Each file SHALL contain resources of only one type, but a server MAY create more
 * than one file for each resource type" (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#response---complete-status).
 */
export function splitIntoFiles(
  byType: ReadonlyMap<string, readonly Resource[]>,
  cap: number,
  prefix = '',
): ExportFile[] {
  const files: ExportFile[] = [];
  for (const [type, resources] of byType) {
    for (let start = 0, n = 1; start < resources.length; start += cap, n++) {
      files.push({ name: `${prefix}${type}-${n}.ndjson`, type, resources: resources.slice(start, start + cap) });
    }
  }
  return files;
}

/**
 * The bulk export jobs, in memory. Jobs expire `jobLifetimeMs` after their kick-off and at
 * most `maxJobs` live at once, so that exports cannot grow memory without bound (the spec asks
 * servers to mitigate denial of service, https://hl7.org/fhir/uv/bulkdata/STU2/export.html#privacy-and-security-considerations).
 * Expired jobs are dropped as requests arrive; no timer keeps the process busy.
 */
export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();

  constructor(
    readonly limits: BulkExportLimits,
    private readonly now: () => number = Date.now,
  ) {
    const { readyAfterMs, maxResourcesPerFile, maxJobs, jobLifetimeMs } = limits;
    if (!(Number.isInteger(maxResourcesPerFile) && maxResourcesPerFile >= 1 && maxJobs >= 1)) {
      throw new Error('bulk export limits: maxResourcesPerFile and maxJobs must be whole numbers of at least 1');
    }
    if (!(readyAfterMs >= 0 && jobLifetimeMs > readyAfterMs)) {
      throw new Error('bulk export limits: readyAfterMs must be at least 0 and below jobLifetimeMs');
    }
  }

  /** Seconds until the oldest job expires and frees a place, when `maxJobs` are live; undefined when there is room. */
  secondsUntilRoom(): number | undefined {
    this.prune();
    if (this.jobs.size < this.limits.maxJobs) return undefined;
    const soonest = Math.min(...[...this.jobs.values()].map((j) => j.expiresAt));
    return Math.max(1, Math.ceil((soonest - this.now()) / 1000));
  }

  create(spec: NewExportJob): ExportJob {
    const now = this.now();
    const cap = this.limits.maxResourcesPerFile;
    const output = splitIntoFiles(spec.selected, cap);
    const error = splitIntoFiles(new Map([['OperationOutcome', spec.messages]]), cap, 'error-');
    const job: ExportJob = {
      id: randomUUID(),
      request: spec.request,
      transactionTime: spec.transactionTime,
      requiresAccessToken: spec.requiresAccessToken,
      ...(spec.owner !== undefined ? { owner: spec.owner } : {}),
      readyAt: now + this.limits.readyAfterMs,
      expiresAt: now + this.limits.jobLifetimeMs,
      output,
      error,
      files: new Map([...output, ...error].map((f) => [f.name, f])),
    };
    this.jobs.set(job.id, job);
    return job;
  }

  /** The live job, or undefined (unknown, deleted or expired). */
  get(id: string): ExportJob | undefined {
    this.prune();
    return this.jobs.get(id);
  }

  delete(id: string): void {
    this.jobs.delete(id);
  }

  /** Milliseconds until the job's files are ready; 0 when they are. */
  msUntilReady(job: ExportJob): number {
    return Math.max(0, job.readyAt - this.now());
  }

  private prune(): void {
    const now = this.now();
    for (const [id, job] of this.jobs) if (job.expiresAt <= now) this.jobs.delete(id);
  }
}
