import type { SqlClient, SqlQueryable } from './sql-client.js';
import type { Tables } from './tables.js';

/** Where a coordinator has got with a candidate (issue 18; docs/screening.md, "Runs and candidates"). */
export const CANDIDATE_STATUSES = ['new', 'reviewed', 'contacted', 'consented', 'declined', 'not-eligible'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** Whether a later run still lists the patient: a candidate, a possible one, or no more. */
export type CandidateFit = 'candidate' | 'possible' | 'no-longer-fits';

/** What a run covered, which decides whom its end may retire. */
export type RunScope = 'population' | 'group' | 'since';

/** A run as it starts. */
export interface RunStart {
  readonly runId: string;
  readonly startedAt: Date;
  readonly scope: RunScope;
  readonly source: Readonly<Record<string, unknown>>;
  readonly rulesVersion: string;
}

/** One patient a run lists for one trial. */
export interface Finding {
  readonly patientRef: string;
  readonly met: readonly string[];
  readonly toConfirm: readonly string[];
  /** Possible candidates: the key criteria unknown. */
  readonly missing: readonly string[];
  readonly evidence: readonly unknown[];
}

/** A run as it ends. */
export interface RunEnd {
  readonly finishedAt: Date;
  /** A run that stopped early (an export error, a deadline) retires no one. */
  readonly complete: boolean;
  readonly patientsScreened: number;
  readonly patientsSkipped: Readonly<Record<string, number>>;
  /** Counts to show with the run (per trial: candidates, possible, not-met counts). */
  readonly summary: Readonly<Record<string, unknown>>;
  readonly trials: Readonly<Record<string, { candidates: readonly Finding[]; possible: readonly Finding[] }>>;
  /** Patients the run evaluated or skipped: only they can be told to no longer fit on a group run. */
  readonly seen: ReadonlySet<string>;
  /** Why a listed patient is not listed any more, by `<trial> <patientRef>`, as the run found it. */
  readonly reasons: ReadonlyMap<string, string>;
}

/** What a run's end changed in the list, per trial. */
export interface RunChanges {
  readonly found: Record<string, number>;
  readonly fitsAgain: Record<string, number>;
  readonly noLongerFits: Record<string, number>;
}

/** A candidate as the worklist shows it. */
export interface StoredCandidate {
  readonly trialId: string;
  readonly patientRef: string;
  readonly status: CandidateStatus;
  readonly fit: CandidateFit;
  readonly met: string[];
  readonly toConfirm: string[];
  readonly missing: string[];
  readonly evidence: unknown[];
  readonly firstRunId: string;
  readonly lastRunId: string;
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly retiredAt?: Date;
  readonly retiredReason?: string;
  readonly statusChangedAt?: Date;
  readonly statusChangedBy?: string;
}

/** One line of a candidate's trail. */
export interface CandidateEvent {
  readonly at: Date;
  readonly actor: string;
  readonly action: 'found' | 'fits-again' | 'no-longer-fits' | 'status' | 'viewed';
  readonly runId?: string;
  readonly detail: Record<string, unknown>;
}

/** Who the screening run itself is, in the trail. */
export const RUN_ACTOR = 'screening-run';

export const keyOf = (trialId: string, patientRef: string): string => `${trialId} ${patientRef}`;

interface CandidateRow {
  trial_id: string;
  patient_ref: string;
  status: CandidateStatus;
  fit: CandidateFit;
  met: string[];
  to_confirm: string[];
  missing: string[];
  evidence: unknown[];
  first_run_id: string;
  last_run_id: string;
  first_seen_at: Date;
  last_seen_at: Date;
  retired_at: Date | null;
  retired_reason: string | null;
  status_changed_at: Date | null;
  status_changed_by: string | null;
}

function candidateOf(r: CandidateRow): StoredCandidate {
  return {
    trialId: r.trial_id,
    patientRef: r.patient_ref,
    status: r.status,
    fit: r.fit,
    met: r.met,
    toConfirm: r.to_confirm,
    missing: r.missing,
    evidence: r.evidence,
    firstRunId: r.first_run_id,
    lastRunId: r.last_run_id,
    firstSeenAt: new Date(r.first_seen_at),
    lastSeenAt: new Date(r.last_seen_at),
    ...(r.retired_at ? { retiredAt: new Date(r.retired_at) } : {}),
    ...(r.retired_reason ? { retiredReason: r.retired_reason } : {}),
    ...(r.status_changed_at ? { statusChangedAt: new Date(r.status_changed_at) } : {}),
    ...(r.status_changed_by ? { statusChangedBy: r.status_changed_by } : {}),
  };
}

const json = (v: unknown): string => JSON.stringify(v);

/**
 * Screening runs and their candidates in the service's database (PGlite or PostgreSQL), the
 * coordinators' statuses and the trail of each candidate. A run's end updates the list and
 * never deletes from it: a new candidate is marked found; one a complete run no longer lists is
 * marked no longer fitting, with the reason, and keeps the status a coordinator set; a partial
 * or `since` run only adds and refreshes.
 */
export class ScreeningStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly t: Tables,
  ) {}

  async beginRun(run: RunStart): Promise<void> {
    await this.sql.query(
      `INSERT INTO ${this.t.screeningRun} (run_id, started_at, state, scope, source, rules_version)
       VALUES ($1, $2, 'running', $3, $4::jsonb, $5)`,
      [run.runId, run.startedAt, run.scope, json(run.source), run.rulesVersion],
    );
  }

  /** The patients each trial lists now (candidates and possible ones), by `keyOf`. */
  async listed(trialIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.sql.query<{ trial_id: string; patient_ref: string }>(
      `SELECT trial_id, patient_ref FROM ${this.t.screeningCandidate}
       WHERE fit <> 'no-longer-fits' AND trial_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [json(trialIds)],
    );
    return new Set(rows.map((r) => keyOf(r.trial_id, r.patient_ref)));
  }

  /** Ends a run: records it, and brings each trial's list up to date in one transaction. */
  async finishRun(runId: string, end: RunEnd): Promise<RunChanges> {
    const changes: RunChanges = { found: {}, fitsAgain: {}, noLongerFits: {} };
    const bump = (counts: Record<string, number>, trial: string) => (counts[trial] = (counts[trial] ?? 0) + 1);
    await this.sql.transaction(async (tx) => {
      const [run] = await tx.query<{ scope: RunScope }>(
        `UPDATE ${this.t.screeningRun} SET finished_at = $2, state = $3, patients_screened = $4,
           patients_skipped = $5::jsonb, summary = $6::jsonb
         WHERE run_id = $1 RETURNING scope`,
        [
          runId,
          end.finishedAt,
          end.complete ? 'complete' : 'partial',
          end.patientsScreened,
          json(end.patientsSkipped),
          json(end.summary),
        ],
      );
      if (!run) throw new Error(`no screening run ${runId}`);
      for (const [trialId, lists] of Object.entries(end.trials)) {
        const before = new Map(
          (
            await tx.query<{ patient_ref: string; fit: CandidateFit }>(
              `SELECT patient_ref, fit FROM ${this.t.screeningCandidate} WHERE trial_id = $1`,
              [trialId],
            )
          ).map((r) => [r.patient_ref, r.fit]),
        );
        const listedNow = new Set<string>();
        for (const [fit, findings] of [
          ['candidate', lists.candidates],
          ['possible', lists.possible],
        ] as const) {
          for (const f of findings) {
            listedNow.add(f.patientRef);
            const was = before.get(f.patientRef);
            await this.upsert(tx, runId, trialId, fit, f, end.finishedAt);
            if (was === undefined) bump(changes.found, trialId);
            else if (was === 'no-longer-fits') bump(changes.fitsAgain, trialId);
            if (was === undefined || was === 'no-longer-fits') {
              await this.event(
                tx,
                trialId,
                f.patientRef,
                end.finishedAt,
                RUN_ACTOR,
                was ? 'fits-again' : 'found',
                runId,
                {
                  fit,
                },
              );
            }
          }
        }
        // Whom this run may retire: no one unless it is complete and not a `since` run; on a
        // Group run only the patients it saw (the others were not looked at).
        if (!end.complete || run.scope === 'since') continue;
        for (const [patientRef, fit] of before) {
          if (fit === 'no-longer-fits' || listedNow.has(patientRef)) continue;
          const seen = end.seen.has(patientRef);
          if (!seen && run.scope === 'group') continue;
          const reason =
            end.reasons.get(keyOf(trialId, patientRef)) ?? (seen ? 'no longer fits' : 'not in the population screened');
          await tx.query(
            `UPDATE ${this.t.screeningCandidate} SET fit = 'no-longer-fits', retired_at = $3, retired_reason = $4,
               last_run_id = $5
             WHERE trial_id = $1 AND patient_ref = $2`,
            [trialId, patientRef, end.finishedAt, reason, runId],
          );
          await this.event(tx, trialId, patientRef, end.finishedAt, RUN_ACTOR, 'no-longer-fits', runId, { reason });
          bump(changes.noLongerFits, trialId);
        }
      }
    });
    return changes;
  }

  private async upsert(
    tx: SqlQueryable,
    runId: string,
    trialId: string,
    fit: 'candidate' | 'possible',
    f: Finding,
    at: Date,
  ): Promise<void> {
    // The status and who set it are left as they are: a run never undoes a coordinator's work.
    await tx.query(
      `INSERT INTO ${this.t.screeningCandidate} (trial_id, patient_ref, fit, met, to_confirm, missing, evidence,
         first_run_id, last_run_id, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8, $8, $9, $9)
       ON CONFLICT (trial_id, patient_ref) DO UPDATE SET fit = EXCLUDED.fit, met = EXCLUDED.met,
         to_confirm = EXCLUDED.to_confirm, missing = EXCLUDED.missing, evidence = EXCLUDED.evidence,
         last_run_id = EXCLUDED.last_run_id, last_seen_at = EXCLUDED.last_seen_at,
         retired_at = NULL, retired_reason = NULL`,
      [trialId, f.patientRef, fit, json(f.met), json(f.toConfirm), json(f.missing), json(f.evidence), runId, at],
    );
  }

  private async event(
    tx: SqlQueryable,
    trialId: string,
    patientRef: string,
    at: Date,
    actor: string,
    action: CandidateEvent['action'],
    runId: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.t.screeningEvent} (trial_id, patient_ref, at, actor, action, run_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [trialId, patientRef, at, actor, action, runId, json(detail)],
    );
  }

  /**
   * A coordinator's status change, with who (the OpenID Connect `sub`) and when, kept in the
   * trail. False when the trial lists no such patient.
   */
  async setStatus(
    trialId: string,
    patientRef: string,
    status: CandidateStatus,
    actor: string,
    at: Date,
  ): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ status: CandidateStatus }>(
        `SELECT status FROM ${this.t.screeningCandidate} WHERE trial_id = $1 AND patient_ref = $2 FOR UPDATE`,
        [trialId, patientRef],
      );
      if (!row) return false;
      await tx.query(
        `UPDATE ${this.t.screeningCandidate} SET status = $3, status_changed_at = $4, status_changed_by = $5
         WHERE trial_id = $1 AND patient_ref = $2`,
        [trialId, patientRef, status, at, actor],
      );
      await this.event(tx, trialId, patientRef, at, actor, 'status', null, { from: row.status, to: status });
      return true;
    });
  }

  /** Someone looked at a candidate's record: the trail keeps it. */
  async recordView(trialId: string, patientRef: string, actor: string, at: Date): Promise<void> {
    await this.event(this.sql, trialId, patientRef, at, actor, 'viewed', null, {});
  }

  /** A trial's list, newest first, filtered by status, fit, or a criterion left to confirm. */
  async candidates(filter: {
    trialId: string;
    status?: CandidateStatus;
    fit?: CandidateFit;
    toConfirm?: string;
  }): Promise<StoredCandidate[]> {
    const params: unknown[] = [filter.trialId];
    const where = ['trial_id = $1'];
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.fit) where.push(`fit = $${params.push(filter.fit)}`);
    if (filter.toConfirm) where.push(`to_confirm @> $${params.push(json([filter.toConfirm]))}::jsonb`);
    const rows = await this.sql.query<CandidateRow>(
      `SELECT * FROM ${this.t.screeningCandidate} WHERE ${where.join(' AND ')} ORDER BY first_seen_at DESC, patient_ref`,
      params,
    );
    return rows.map(candidateOf);
  }

  /** One candidate's trail, oldest first. */
  async history(trialId: string, patientRef: string): Promise<CandidateEvent[]> {
    const rows = await this.sql.query<{
      at: Date;
      actor: string;
      action: CandidateEvent['action'];
      run_id: string | null;
      detail: Record<string, unknown>;
    }>(
      `SELECT at, actor, action, run_id, detail FROM ${this.t.screeningEvent}
       WHERE trial_id = $1 AND patient_ref = $2 ORDER BY at, id`,
      [trialId, patientRef],
    );
    return rows.map((r) => ({
      at: new Date(r.at),
      actor: r.actor,
      action: r.action,
      ...(r.run_id ? { runId: r.run_id } : {}),
      detail: r.detail,
    }));
  }

  /** The latest runs, newest first. */
  async runs(limit = 20): Promise<Record<string, unknown>[]> {
    return this.sql.query(
      `SELECT run_id, started_at, finished_at, state, scope, rules_version, patients_screened, patients_skipped, summary
       FROM ${this.t.screeningRun} ORDER BY started_at DESC LIMIT $1`,
      [limit],
    );
  }

  /**
   * Drops what is older than the retention period (SCREENING_RETENTION_DAYS): runs started
   * before `before`, candidates no run has listed since, and trail lines older than it.
   */
  async purge(before: Date): Promise<{ runs: number; candidates: number; events: number }> {
    return this.sql.transaction(async (tx) => {
      const count = async (q: string) => (await tx.query(q, [before])).length;
      return {
        runs: await count(`DELETE FROM ${this.t.screeningRun} WHERE started_at < $1 RETURNING run_id`),
        candidates: await count(`DELETE FROM ${this.t.screeningCandidate} WHERE last_seen_at < $1 RETURNING trial_id`),
        events: await count(`DELETE FROM ${this.t.screeningEvent} WHERE at < $1 RETURNING id`),
      };
    });
  }
}
