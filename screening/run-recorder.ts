import type { TrialScreening } from '../services/trial-screening.js';
import { keyOf, type RunChanges, type RunScope, type ScreeningStore } from '../store/screening-store.js';
import type { ScreeningReport, SkipReason } from './screening-report.js';

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
 * Keeps a run in the store: begins it, notes as patients are evaluated or skipped why those the
 * list holds no longer fit, and at the end brings the list up to date
 * (store/screening-store.ts decides whom the run may retire).
 */
export class RunRecorder {
  private readonly seen = new Set<string>();
  private readonly reasons = new Map<string, string>();

  private constructor(
    private readonly store: ScreeningStore,
    private readonly runId: string,
    private readonly listed: ReadonlySet<string>,
    private readonly trialIds: readonly string[],
  ) {}

  static async begin(
    store: ScreeningStore,
    run: { runId: string; startedAt: Date; scope: RunScope; source: Record<string, unknown>; rulesVersion: string },
    trialIds: readonly string[],
  ): Promise<RunRecorder> {
    await store.beginRun(run);
    return new RunRecorder(store, run.runId, await store.listed(trialIds), trialIds);
  }

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

  async finish(report: ScreeningReport): Promise<RunChanges> {
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
    return this.store.finishRun(this.runId, {
      finishedAt: new Date(report.finishedAt),
      complete: report.complete,
      patientsScreened: report.patientsScreened,
      patientsSkipped: report.patientsSkipped,
      summary: { trials: summary, problems: report.problems.length },
      trials,
      seen: this.seen,
      reasons: this.reasons,
    });
  }
}
