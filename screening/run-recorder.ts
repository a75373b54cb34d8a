import type { TrialScreening } from '../services/trial-screening.js';
import {
  keyOf,
  type RunChanges,
  type RunEnd,
  type RunScope,
  type ScreeningStore,
  type ShardEnd,
} from '../store/screening-store.js';
import type { ScreeningReport, SkipReason } from './screening-report.js';
import type { Shard } from './shard/shard.js';

/** Why a patient some run listed does not fit a trial any more, in a few words (no patient data). */
export function noLongerFitsReason(s: TrialScreening): string {
  if (s.gateClosed) return 'record gate closed (deceased, inactive or merged record)';
  if (!s.recruiting) return 'the trial is not recruiting';
  if (s.alreadyReferred) return 'already referred to the study team or enrolled';
  const against = s.criteria.filter((c) => (c.type === 'inclusion' ? c.status === 'not-met' : c.status === 'met'));
  if (against.length > 0) {
    return against
      .map((c) => (c.type === 'inclusion' ? `inclusion ${c.id} not met` : `exclusion ${c.id} met`))
      .join('; ');
  }
  return 'no longer fits';
}

/**
 * Follows a run patient by patient: whom it saw, and why the patients the list holds (`listed`,
 * by `keyOf`) no longer fit. Pure, so that it can run in the worker that evaluates.
 */
export class ListedTracker {
  readonly seen = new Set<string>();
  readonly reasons = new Map<string, string>();

  constructor(
    private readonly listed: ReadonlySet<string>,
    private readonly trialIds: readonly string[],
  ) {}

  screened(patientId: string, screenings: readonly TrialScreening[]): void {
    const ref = `Patient/${patientId}`;
    this.seen.add(ref);
    for (const s of screenings) {
      const key = keyOf(s.trialId, ref);
      if (this.listed.has(key) && !s.candidate && s.missingKeys.length === 0)
        this.reasons.set(key, noLongerFitsReason(s));
    }
  }

  skipped(patientId: string, reason: SkipReason): void {
    const ref = `Patient/${patientId}`;
    this.seen.add(ref);
    for (const trial of this.trialIds) {
      const key = keyOf(trial, ref);
      if (this.listed.has(key)) this.reasons.set(key, `not screened: ${reason}`);
    }
  }
}

/** A run's end for the store, from its report and what the tracker saw. */
export function runEndOf(
  report: ScreeningReport,
  seen: ReadonlySet<string>,
  reasons: ReadonlyMap<string, string>,
): RunEnd {
  const trials = Object.fromEntries(
    Object.entries(report.trials).map(([id, t]) => [
      id,
      {
        candidates: t.candidates.map((c) => ({
          patientRef: c.patient,
          met: c.met,
          toConfirm: c.toConfirm,
          missing: [],
          evidence: c.evidence,
        })),
        possible: t.possibleCandidates.map((p) => ({
          patientRef: p.patient,
          met: [],
          toConfirm: [],
          missing: p.missing,
          evidence: [],
        })),
      },
    ]),
  );
  const summary = Object.fromEntries(
    Object.entries(report.trials).map(([id, t]) => [
      id,
      {
        candidates: t.candidates.length,
        possibleCandidates: t.possibleCandidates.length,
        alreadyReferred: t.alreadyReferred,
        notMetCounts: t.notMetCounts,
      },
    ]),
  );
  return {
    finishedAt: new Date(report.finishedAt),
    complete: report.complete,
    patientsScreened: report.patientsScreened,
    patientsSkipped: report.patientsSkipped,
    summary: { trials: summary, problems: report.problems.length },
    trials,
    seen,
    reasons,
  };
}

/**
 * Keeps a run in the store: begins it, notes as patients are evaluated or skipped why those the
 * list holds no longer fit, and at the end brings the list up to date
 * (store/screening-store.ts decides whom the run may retire).
 */
export class RunRecorder {
  private readonly tracker: ListedTracker;

  private constructor(
    private readonly store: ScreeningStore,
    private readonly runId: string,
    listed: ReadonlySet<string>,
    trialIds: readonly string[],
    /** The shard of a sharded run this recorder keeps, and which attempt of it this is. */
    private readonly shard?: Shard & { readonly attempt: number },
  ) {
    this.tracker = new ListedTracker(listed, trialIds);
  }

  static async begin(
    store: ScreeningStore,
    run: { runId: string; startedAt: Date; scope: RunScope; source: Record<string, unknown>; rulesVersion: string },
    trialIds: readonly string[],
  ): Promise<RunRecorder> {
    await store.beginRun(run);
    return new RunRecorder(store, run.runId, await store.listed(trialIds), trialIds);
  }

  /**
   * Joins one shard of a sharded run (docs/screening.md, "Sharded runs"): the first shard begins
   * the run, the others join it. Refused (ShardRefusedError) when the run was begun with other
   * settings or is complete, or when this shard has already completed.
   */
  static async beginShard(
    store: ScreeningStore,
    run: { runId: string; startedAt: Date; scope: RunScope; source: Record<string, unknown>; rulesVersion: string },
    trialIds: readonly string[],
    shard: Shard,
  ): Promise<RunRecorder> {
    const { attempt } = await store.beginShard(run, { index: shard.index, shards: shard.of, trialIds });
    return new RunRecorder(store, run.runId, await store.listed(trialIds), trialIds, { ...shard, attempt });
  }

  /** Which attempt of its shard this is: 2 and up when the shard is run again (a Job's retry). */
  get attempt(): number | undefined {
    return this.shard?.attempt;
  }

  screened(patientId: string, screenings: readonly TrialScreening[]): void {
    this.tracker.screened(patientId, screenings);
  }

  skipped(patientId: string, reason: SkipReason): void {
    this.tracker.skipped(patientId, reason);
  }

  async finish(report: ScreeningReport): Promise<RunChanges> {
    return this.store.finishRun(this.runId, runEndOf(report, this.tracker.seen, this.tracker.reasons));
  }

  /**
   * Reports this shard's part: its findings are listed at once; the run ends, and retires those
   * it no longer lists, when this is the last shard to report and every shard was complete.
   */
  async finishShard(report: ScreeningReport): Promise<ShardEnd> {
    if (!this.shard) throw new Error('finishShard: this run is not sharded (use finish)');
    return this.store.finishShard(this.runId, this.shard, runEndOf(report, this.tracker.seen, this.tracker.reasons));
  }
}
