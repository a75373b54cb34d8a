import { randomUUID } from 'node:crypto';
import type { Consent, FhirResource } from 'fhir/r4.js';
import type { PatientDataSource } from '../fhir/data-source.js';
import { resourcesOf, type PatientRecord } from '../fhir/patient-record.js';
import { mergedTemplates } from '../pipeline/merged-templates.js';
import { runPipeline, type PipelinePorts } from '../pipeline/run-pipeline.js';
import type { CdsService } from '../services/service.js';
import type { TrialScreening } from '../services/trial-screening.js';
import { BulkExportError } from './bulk/bulk-export-error.js';
import { originOnly, type BulkHttp } from './bulk/bulk-http.js';
import { readBulkExport, readExportFiles, type ExportResult } from './bulk/bulk-export.js';
import { listPatients } from './patient-listing.js';
import type { SpillPolicy } from './compressed-json.js';
import { PopulationRecords, patientOf } from './population-records.js';
import { RecordView } from './record-view.js';
import { refusesResearch } from './research-opt-out.js';
import { ScreeningReportBuilder, type ScreeningReport, type SkipReason } from './screening-report.js';
import type { ScreeningProgress } from './screening-progress.js';
import { recordBySearch } from './search-record.js';
import { inShard, shardLabel, type Shard } from './shard/shard.js';
import type { ManifestSource } from './shard/shared-export.js';
import type { ShardExchange } from './shard/shard-exchange.js';
import { readShardedExport } from './shard/sharded-read.js';

/** What one run screens, and how. */
export interface ScreeningRun {
  readonly fhirBaseUrl: string;
  readonly group?: string;
  /** Only patients whose record changed since this instant (their whole record is read). */
  readonly since?: string;
  /** The trials to report; every trial of the catalogue when absent. */
  readonly trialIds?: readonly string[];
  /** The site's opt-out list: patient ids never screened. */
  readonly optOut: ReadonlySet<string>;
  /** Patients read at once on the search path. */
  readonly concurrency: number;
  /** The whole run must end by then (ms since the epoch, on `now`'s clock). */
  readonly deadline: number;
  readonly runId?: string;
  /**
   * Screen only the patients whose id hashes to this shard (screening/shard/shard.ts): one part
   * of a sharded run, whose other shards screen the rest (docs/screening.md, "Sharded runs").
   */
  readonly shard?: Shard;
}

/** What a run is built from: the services (those with a trial catalogue screen), HTTP, the clock. */
export interface ScreeningDeps {
  readonly services: readonly CdsService[];
  readonly ports: Pick<PipelinePorts, 'valueSets' | 'alcoholGramsPerDrink'>;
  readonly rulesVersion: string;
  readonly http: BulkHttp;
  /** Reads one patient's record on the search path (the hooks' FHIR fallback). */
  readonly dataSource: PatientDataSource;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly progress?: ScreeningProgress;
  /** Told of each patient evaluated, with every trial's outcome (the run's store; tests). */
  readonly onScreened?: (patientId: string, screenings: readonly TrialScreening[]) => void;
  /** Told of each patient not screened, and why (the run's store). */
  readonly onSkipped?: (patientId: string, reason: SkipReason) => void;
  /**
   * The export a sharded run shares (screening/shard/shared-export.ts): its manifest comes from
   * there instead of a kick-off of this run's own, and this run does not delete it (the last
   * shard to report does).
   */
  readonly sharedExport?: ManifestSource;
  /**
   * Where the records read go past a memory budget (docs/screening.md, "Memory"); without one,
   * the whole population's compressed records stay in memory.
   */
  readonly spill?: SpillPolicy;
  /**
   * With `sharedExport`: the shards split the export's files among them and pass each other the
   * resources of their patients here (screening/shard/sharded-read.ts); without, every shard
   * reads every file and keeps its own patients'.
   */
  readonly exchange?: { readonly exchange: ShardExchange; readonly waitMs: number };
}

/** Patients whose records are fetched back from the spill in one round. */
const RESTORE_BATCH = 500;

/** A run's report, and what stopped it early when something did. */
export interface ScreeningResult {
  readonly report: ScreeningReport;
  readonly error?: BulkExportError;
  /** Blocks of compressed records that went to the spill, past the memory budget. */
  readonly spilledBlocks: number;
}

/** A population of no one is taken for a failed export: such a run must retire no one. */
function noPatients(): BulkExportError {
  return new BulkExportError(
    'failed',
    'the server gave no patients: an empty population is taken for a failed export, so the run is not complete and retires no one',
  );
}

/**
 * A candidate's outcome held back to "possible": the record held two versions of one resource
 * (of these types) that could not be ordered, so the card's firing is not to be trusted.
 */
function notCandidate(s: TrialScreening, conflicted: ReadonlySet<string>): TrialScreening {
  return {
    trialId: s.trialId,
    candidate: false,
    missingKeys: [...s.missingKeys, `conflicting-versions:${[...conflicted].sort().join(',')}`],
    gateClosed: s.gateClosed,
    recruiting: s.recruiting,
    alreadyReferred: s.alreadyReferred,
    criteria: s.criteria,
    checklist: () => s.checklist(),
  };
}

/** Runs `task` over `items`, `limit` at a time; the first failure stops the others taking more. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await task(items[next++]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** The screening services (patient-view services with a trial catalogue) and their trials. */
export function screeningServices(services: readonly CdsService[]): { services: CdsService[]; trialIds: string[] } {
  const screening = services.filter((s) => s.screen && s.definition.hook === 'patient-view');
  return { services: screening, trialIds: screening.flatMap((s) => s.trialIds ?? []) };
}

/**
 * Screens a population for the trial catalogue through the same pipeline as the hooks, so that
 * a patient's trial outcome is the card's (docs/screening.md):
 * - by FHIR Bulk Data (`$export` at Group or Patient level, limited by `_type` and `_typeFilter`
 *   to what the services' prefetch reads), each record put together through the same record view;
 * - patient by patient through FHIR search when the server has no `$export`, and for `since`
 *   runs, whose patients the export names and whose whole records are then read (a partial
 *   record would hide exclusions).
 * A run that fails part way keeps what it evaluated and says it is not complete.
 */
export async function screenPopulation(run: ScreeningRun, deps: ScreeningDeps): Promise<ScreeningResult> {
  const { services, trialIds: allTrials } = screeningServices(deps.services);
  const templates = mergedTemplates(services);
  const view = new RecordView(templates);
  const startedAt = deps.now();
  const types = [...view.types, 'Consent'];
  let method: 'bulk-export' | 'search' = 'bulk-export';
  const newReport = () =>
    new ScreeningReportBuilder(
      {
        runId: run.runId ?? randomUUID(),
        startedAt: startedAt.toISOString(),
        source: {
          fhir: run.fhirBaseUrl,
          method,
          ...(run.group ? { group: run.group } : {}),
          ...(run.since ? { since: run.since } : {}),
          ...(run.shard ? { shard: shardLabel(run.shard) } : {}),
        },
        rulesVersion: deps.rulesVersion,
      },
      run.trialIds ?? allTrials,
    );
  let report = newReport();

  // Files' bodies are read within the run's deadline too (a stalled download ends the run).
  const http: BulkHttp = {
    ...deps.http,
    deadline: { at: run.deadline, now: () => deps.now().getTime() },
    tokenOrigin: originOnly(run.fhirBaseUrl),
  };
  let conflictedPatients = 0;
  const screen = async (
    patientId: string,
    record: PatientRecord,
    consents: readonly Consent[],
    conflicted: ReadonlySet<string> = new Set(),
  ): Promise<void> => {
    const skip = (reason: SkipReason) => {
      report.skip(reason);
      deps.onSkipped?.(patientId, reason);
    };
    if (run.optOut.has(patientId) || consents.some((c) => refusesResearch(c, startedAt))) skip('opted-out');
    else if (!record.patient) skip('no-patient-resource');
    else {
      try {
        const outcome = await runPipeline(
          { patientId, services, source: { kind: 'record', record }, now: startedAt, screen: true },
          deps.ports,
        );
        let screenings = outcome.services.flatMap((s) => s.screening ?? []);
        if (conflicted.size > 0) {
          conflictedPatients++;
          screenings = screenings.map((s) => (s.candidate ? notCandidate(s, conflicted) : s));
        }
        report.add(patientId, screenings);
        deps.onScreened?.(patientId, screenings);
      } catch {
        // Nothing below the record throws on odd data; a failure here is a defect, counted, not fatal.
        skip('evaluation-failed');
      }
    }
    deps.progress?.patient(report.patientsScreened, report.candidateCount);
  };
  const pastDeadline = () => {
    if (deps.now().getTime() > run.deadline)
      throw new BulkExportError('timeout', 'the run passed its deadline (--deadline)');
  };
  const bySearch = (ids: readonly string[]) =>
    eachLimited(ids, run.concurrency, async (id) => {
      pastDeadline();
      let record: PatientRecord;
      try {
        record = await recordBySearch(id, {
          baseUrl: run.fhirBaseUrl,
          templates,
          tokens: http.tokens,
          dataSource: deps.dataSource,
        });
      } catch (err) {
        if (err instanceof BulkExportError) throw err;
        report.skip('record-unreadable');
        deps.onSkipped?.(id, 'record-unreadable');
        report.problem(`a record could not be read (${(err as Error).name})`);
        return;
      }
      await screen(id, record, resourcesOf<Consent>(record, 'Consent'));
    });

  const records = new PopulationRecords(view, deps.spill);
  try {
    let searchIds: string[] | undefined;
    try {
      const changed = new Set<string>();
      const request = {
        baseUrl: run.fhirBaseUrl,
        ...(run.group ? { group: run.group } : {}),
        ...(run.since ? { since: run.since } : {}),
        types,
        typeFilters: run.since ? [] : view.typeFilters,
      };
      const poll = { deadline: run.deadline, now: () => deps.now().getTime(), sleep: deps.sleep };
      const keep = (r: FhirResource, line?: string) => {
        records.add(r, line);
        return records.spillDue ? records.flush() : undefined;
      };
      const onResource = (r: FhirResource, line?: string): Promise<void> | undefined => {
        deps.progress?.resource();
        // A shard keeps the resources of its own patients, and those that name no patient
        // (Medications, ResearchStudies), which any patient's orders and subjects may point to.
        const owner = run.shard ? patientOf(r) : undefined;
        if (owner !== undefined && !inShard(owner, run.shard!)) return undefined;
        if (!run.since) return keep(r, line);
        const id = owner ?? patientOf(r);
        if (id) changed.add(id);
        else if (!view.included.has(r.resourceType)) unattributed++;
        return undefined;
      };
      const exportProgress = {
        status: (p: string | undefined) => deps.progress?.exportStatus(p),
        file: (t: string, i: number, n: number) => deps.progress?.file(t, i, n),
      };
      let unattributed = 0;
      let result: Pick<ExportResult, 'serverErrors' | 'errorIssues' | 'badLines'>;
      if (deps.sharedExport) {
        const { manifest } = await deps.sharedExport.manifest(request, { ...poll, onProgress: exportProgress.status });
        if (deps.exchange && run.shard && run.runId && !run.since) {
          const sharded = await readShardedExport(
            http,
            manifest,
            { runId: run.runId, shard: run.shard, exchange: deps.exchange.exchange, waitMs: deps.exchange.waitMs },
            view,
            keep,
            {
              elapsed: () => performance.now(),
              sleep: deps.sleep,
              pastDeadline: () => deps.now().getTime() > run.deadline,
            },
            { ...exportProgress, resource: () => deps.progress?.resource() },
          );
          if (sharded.readForOthers.length > 0) {
            report.problem(
              `shards ${sharded.readForOthers.join(', ')} had not sent their files: this shard read them itself`,
            );
          }
          unattributed += sharded.unattributed;
          result = sharded;
        } else result = await readExportFiles(http, manifest, onResource, exportProgress);
      } else {
        result = await readBulkExport(http, request, poll, onResource, exportProgress);
      }
      for (const e of result.serverErrors) report.problem(`the server's error file: ${e}`);
      unattributed += records.unattributed;
      if (unattributed > 0) {
        report.problem(
          `${unattributed} resources named no patient of the export (no subject, an identifier only, a urn:uuid reference): left out of every record`,
        );
      }
      // What the export lacks may be any patient's exclusion: the run stops, as when a file fails.
      if (result.badLines > 0) {
        throw new BulkExportError(
          'failed',
          `${result.badLines} lines of the export were not FHIR resources (bad JSON, a cut line): any record may miss one, so the run is not complete`,
        );
      }
      if (result.errorIssues > 0) {
        throw new BulkExportError(
          'failed',
          `the server's error files report ${result.errorIssues} errors: some resources were not exported, so the run is not complete`,
        );
      }
      if (!run.since && !run.shard && records.patientCount === 0) throw noPatients();
      if (run.since) searchIds = [...changed];
      else {
        deps.progress?.evaluating(records.patientCount);
        const ids = records.patientIds();
        for (let start = 0; start < ids.length; start += RESTORE_BATCH) {
          const batch = ids.slice(start, start + RESTORE_BATCH);
          await records.prepare(batch);
          for (const id of batch) {
            pastDeadline();
            const consents = records.consentsOf(id);
            const { record, conflicted } = records.takeChecked(id);
            await screen(id, record, consents, conflicted);
          }
          records.release();
        }
      }
    } catch (err) {
      if (!(err instanceof BulkExportError) || err.kind !== 'unsupported') throw err;
      method = 'search';
      report = newReport();
      report.problem(`no bulk export (${err.message}): read patient by patient`);
      searchIds = await listPatients(http, run.fhirBaseUrl, {
        ...(run.group ? { group: run.group } : {}),
        ...(run.since ? { since: run.since } : {}),
        types,
      });
      // Every shard lists the population, and reads the records of its own patients.
      if (!run.since && !run.shard && searchIds.length === 0) throw noPatients();
      if (run.shard) searchIds = searchIds.filter((id) => inShard(id, run.shard!));
    }
    if (searchIds) {
      deps.progress?.evaluating(searchIds.length);
      await bySearch(searchIds);
    }
    if (conflictedPatients > 0) {
      report.problem(
        `${conflictedPatients} patients had two differing versions of one resource that neither meta.versionId nor meta.lastUpdated orders: listed at most as possible candidates`,
      );
    }
    return { report: report.finish(deps.now(), true), spilledBlocks: records.spilledBlocks };
  } catch (err) {
    const error =
      err instanceof BulkExportError
        ? err
        : new BulkExportError('failed', `the run stopped (${(err as Error).message})`);
    report.problem(error.message);
    return { report: report.finish(deps.now(), false), error, spilledBlocks: records.spilledBlocks };
  } finally {
    await records.close().catch(() => undefined);
  }
}
