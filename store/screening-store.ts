import { SqlBlockSpill } from './screening-spill-store.js';
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
  /** Candidates listed for the first time. */
  readonly found: Record<string, number>;
  /** Possible candidates listed for the first time. */
  readonly foundPossible: Record<string, number>;
  readonly fitsAgain: Record<string, number>;
  readonly noLongerFits: Record<string, number>;
}

/** A shard joining a sharded run. */
export interface ShardStart {
  readonly index: number;
  readonly shards: number;
  /** The trials the run reports: every shard must report the same. */
  readonly trialIds: readonly string[];
}

/** What a shard's report changed, and where its run stands. */
export interface ShardEnd extends RunChanges {
  readonly shards: number;
  /** Shards that have reported (complete or not), this one included. */
  readonly reported: number;
  /** Shards that reported a partial part: the run cannot complete until they are run again. */
  readonly failedShards: readonly number[];
  /** `running` until every shard has reported; then `complete` or `partial`. */
  readonly runState: 'running' | 'complete' | 'partial';
  /** The shared export's status URL, when this last shard is the one to delete it on the server. */
  readonly exportToDelete?: string;
}

/** A shard that may not join, or report to, a run: the message says why (no patient data). */
export class ShardRefusedError extends Error {
  override readonly name = 'ShardRefusedError';
}

interface ShardRow {
  shard: number;
  state: 'running' | 'complete' | 'partial';
  patients_screened: number | null;
  patients_skipped: Record<string, unknown> | null;
  summary: Record<string, unknown> | null;
  listed: Record<string, string[]> | null;
  seen: string[] | null;
  reasons: Record<string, string> | null;
}

/** Adds up objects of counts, however nested (`{trials: {NCT…: {candidates: 3}}}`); other values are kept from the first. */
export function sumCounts(parts: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      const have = out[k];
      if (typeof v === 'number') out[k] = (typeof have === 'number' ? have : 0) + v;
      else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        out[k] = sumCounts([
          typeof have === 'object' && have !== null ? (have as Record<string, unknown>) : {},
          v as Record<string, unknown>,
        ]);
      } else if (!(k in out)) out[k] = v;
    }
  }
  return out;
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
const bump = (counts: Record<string, number>, trial: string) => (counts[trial] = (counts[trial] ?? 0) + 1);

/**
 * Screening runs and their candidates in the service's database (PGlite or PostgreSQL), the
 * coordinators' statuses and the trail of each candidate. A run's end updates the list and
 * never deletes from it: a new candidate is marked found; one a complete run no longer lists is
 * marked no longer fitting, with the reason, and keeps the status a coordinator set; a partial
 * or `since` run only adds and refreshes.
 */
/** What the worklist filters a trial's list by. */
export interface CandidateFilter {
  readonly trialId: string;
  readonly status?: CandidateStatus;
  readonly fit?: CandidateFit;
  readonly toConfirm?: string;
}

/** The WHERE clause of a filter, and its parameters. */
function candidateWhere(filter: CandidateFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [filter.trialId];
  const where = ['trial_id = $1'];
  if (filter.status) where.push(`status = $${params.push(filter.status)}`);
  if (filter.fit) where.push(`fit = $${params.push(filter.fit)}`);
  if (filter.toConfirm) where.push(`to_confirm @> $${params.push(json([filter.toConfirm]))}::jsonb`);
  return { where: where.join(' AND '), params };
}

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

  /**
   * Begins a run unless another is running (in this process or, on a shared PostgreSQL, another
   * replica), or, for a scheduled run, unless one started since `quietSince` (replicas whose
   * clocks fire the same cron tick seconds apart). A transaction-scoped advisory lock makes the
   * check and the insert one step for every replica
   * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS); a run older
   * than `staleBefore` still marked running belongs to a replica that died, and is ignored.
   */
  async claimRun(
    run: RunStart,
    options: { staleBefore: Date; quietSince?: Date },
  ): Promise<{ claimed: true } | { claimed: false; runId: string }> {
    return this.sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.t.screeningRun} claim`]);
      const [running] = await tx.query<{ run_id: string }>(
        `SELECT run_id FROM ${this.t.screeningRun}
         WHERE (state = 'running' AND started_at >= $1) OR ($2::timestamptz IS NOT NULL AND started_at >= $2)
         ORDER BY started_at DESC LIMIT 1`,
        [options.staleBefore, options.quietSince ?? null],
      );
      if (running) return { claimed: false, runId: running.run_id };
      await tx.query(
        `INSERT INTO ${this.t.screeningRun} (run_id, started_at, state, scope, source, rules_version)
         VALUES ($1, $2, 'running', $3, $4::jsonb, $5)`,
        [run.runId, run.startedAt, run.scope, json(run.source), run.rulesVersion],
      );
      return { claimed: true };
    });
  }

  /** Marks a run that could not finish (its worker failed): partial, retiring no one. */
  async abandonRun(runId: string, at: Date, problem: string): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.t.screeningRun} SET finished_at = $2, state = 'partial', summary = $3::jsonb
       WHERE run_id = $1 AND state = 'running'`,
      [runId, at, json({ problem })],
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
    const changes: RunChanges = { found: {}, foundPossible: {}, fitsAgain: {}, noLongerFits: {} };
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
        const listedNow = await this.list(tx, runId, trialId, lists, end.finishedAt, changes);
        // Whom this run may retire: no one unless it is complete and not a `since` run.
        if (!end.complete || run.scope === 'since') continue;
        await this.retire(tx, runId, trialId, run.scope, listedNow, end, changes);
      }
    });
    return changes;
  }

  /**
   * Lists a run's findings for one trial: new ones are marked found, those that no longer fitted
   * fit again. Returns the patients the run lists for the trial.
   */
  private async list(
    tx: SqlQueryable,
    runId: string,
    trialId: string,
    lists: RunEnd['trials'][string],
    at: Date,
    changes: RunChanges,
  ): Promise<Set<string>> {
    const refs = [...lists.candidates, ...lists.possible].map((f) => f.patientRef);
    const before = new Map(
      (
        await tx.query<{ patient_ref: string; fit: CandidateFit }>(
          `SELECT patient_ref, fit FROM ${this.t.screeningCandidate}
           WHERE trial_id = $1 AND patient_ref IN (SELECT jsonb_array_elements_text($2::jsonb))`,
          [trialId, json(refs)],
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
        await this.upsert(tx, runId, trialId, fit, f, at);
        if (was === undefined) bump(fit === 'candidate' ? changes.found : changes.foundPossible, trialId);
        else if (was === 'no-longer-fits') bump(changes.fitsAgain, trialId);
        if (was === undefined || was === 'no-longer-fits') {
          await this.event(tx, trialId, f.patientRef, at, RUN_ACTOR, was ? 'fits-again' : 'found', runId, { fit });
        }
      }
    }
    return listedNow;
  }

  /**
   * Retires, for one trial, every listed patient the run does not list, with the reason; on a
   * Group run only the patients it saw (the others were not looked at).
   */
  private async retire(
    tx: SqlQueryable,
    runId: string,
    trialId: string,
    scope: RunScope,
    listedNow: ReadonlySet<string>,
    end: Pick<RunEnd, 'finishedAt' | 'seen' | 'reasons'>,
    changes: RunChanges,
  ): Promise<void> {
    const listed = await tx.query<{ patient_ref: string }>(
      `SELECT patient_ref FROM ${this.t.screeningCandidate} WHERE trial_id = $1 AND fit <> 'no-longer-fits'`,
      [trialId],
    );
    for (const { patient_ref: patientRef } of listed) {
      if (listedNow.has(patientRef)) continue;
      const seen = end.seen.has(patientRef);
      if (!seen && scope === 'group') continue;
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

  /**
   * Joins a shard to a sharded run (docs/screening.md, "Sharded runs"): the first shard to come
   * creates the run; the others find it and must have been started with the same settings.
   * A shard that comes again (Kubernetes retrying a failed or lost pod) starts a new attempt,
   * which supersedes the earlier one; a shard that has already completed is refused.
   */
  async beginShard(run: RunStart, shard: ShardStart): Promise<{ attempt: number }> {
    return this.sql.transaction(async (tx) => {
      // The first shard creates the run and its shard row together, in this transaction: a shard
      // that comes at the same time waits on the run's key until then, and finds both.
      const created = await tx.query(
        `INSERT INTO ${this.t.screeningRun} (run_id, started_at, state, scope, source, rules_version)
         VALUES ($1, $2, 'running', $3, $4::jsonb, $5) ON CONFLICT (run_id) DO NOTHING RETURNING run_id`,
        [run.runId, run.startedAt, run.scope, json(run.source), run.rulesVersion],
      );
      if (created.length > 0) {
        await tx.query(
          `INSERT INTO ${this.t.screeningShardedRun} (run_id, shards, trials) VALUES ($1, $2, $3::jsonb)`,
          [run.runId, shard.shards, json([...shard.trialIds].sort())],
        );
      }
      // Taking the run's row serialises the shards' beginnings and ends.
      const [row] = await tx.query<{
        state: string;
        scope: RunScope;
        same_source: boolean;
        rules_version: string;
        shards: number | null;
        trials: string[] | null;
      }>(
        `SELECT r.state, r.scope, r.source = $2::jsonb AS same_source, r.rules_version, s.shards, s.trials
         FROM ${this.t.screeningRun} r LEFT JOIN ${this.t.screeningShardedRun} s ON s.run_id = r.run_id
         WHERE r.run_id = $1 FOR UPDATE OF r`,
        [run.runId, json(run.source)],
      );
      if (!row || row.shards === null || row.trials === null) {
        throw new ShardRefusedError(`run ${run.runId} exists and is not a sharded run`);
      }
      const differs = [
        row.shards !== shard.shards ? `${row.shards} shards` : '',
        row.scope !== run.scope || !row.same_source ? 'another FHIR server, Group or --since' : '',
        row.rules_version !== run.rulesVersion ? `rules ${row.rules_version}` : '',
        json(row.trials) !== json([...shard.trialIds].sort()) ? 'other trials' : '',
      ].filter(Boolean);
      if (differs.length > 0) {
        throw new ShardRefusedError(`run ${run.runId} was begun with other settings (${differs.join(', ')})`);
      }
      if (row.state === 'complete') throw new ShardRefusedError(`run ${run.runId} is already complete`);
      const [attempt] = await tx.query<{ attempt: number }>(
        `INSERT INTO ${this.t.screeningShard} AS s (run_id, shard, attempt, state, started_at)
         VALUES ($1, $2, 1, 'running', $3)
         ON CONFLICT (run_id, shard) DO UPDATE SET attempt = s.attempt + 1, state = 'running',
           started_at = EXCLUDED.started_at, finished_at = NULL, patients_screened = NULL, patients_skipped = NULL,
           summary = NULL, listed = NULL, seen = NULL, reasons = NULL
         WHERE s.state <> 'complete'
         RETURNING attempt`,
        [run.runId, shard.index, run.startedAt],
      );
      if (!attempt) {
        throw new ShardRefusedError(`shard ${shard.index}/${shard.shards} of run ${run.runId} has already completed`);
      }
      // A run left partial by a failed shard is running again while that shard is tried again.
      await tx.query(`UPDATE ${this.t.screeningRun} SET state = 'running', finished_at = NULL WHERE run_id = $1`, [
        run.runId,
      ]);
      return { attempt: attempt.attempt };
    });
  }

  /**
   * Records a shard's part of a run, in one transaction: its findings are listed at once (found,
   * fits again), and its counts and what the run's end needs are kept. When this is the last
   * shard to report, the run ends: complete if every shard reported complete, and only then are
   * those the whole run no longer lists retired (once, for the whole population); else partial,
   * retiring no one. A superseded attempt (the shard was started again) records nothing.
   */
  async finishShard(runId: string, shard: { index: number; attempt: number }, end: RunEnd): Promise<ShardEnd> {
    const changes: RunChanges = { found: {}, foundPossible: {}, fitsAgain: {}, noLongerFits: {} };
    return this.sql.transaction(async (tx) => {
      const [run] = await tx.query<{ scope: RunScope; shards: number }>(
        `SELECT r.scope, s.shards FROM ${this.t.screeningRun} r JOIN ${this.t.screeningShardedRun} s USING (run_id)
         WHERE r.run_id = $1 FOR UPDATE OF r`,
        [runId],
      );
      if (!run) throw new Error(`no sharded screening run ${runId}`);
      const [mine] = await tx.query<{ attempt: number; state: string }>(
        `SELECT attempt, state FROM ${this.t.screeningShard} WHERE run_id = $1 AND shard = $2`,
        [runId, shard.index],
      );
      if (mine?.attempt !== shard.attempt || mine.state !== 'running') {
        throw new ShardRefusedError(
          `shard ${shard.index}/${run.shards} of run ${runId} was started again meanwhile: this attempt's part is not kept`,
        );
      }
      const listed: Record<string, string[]> = {};
      for (const [trialId, lists] of Object.entries(end.trials)) {
        listed[trialId] = [...(await this.list(tx, runId, trialId, lists, end.finishedAt, changes))];
      }
      // Only the listed patients matter to the run's end: it retires no one else.
      const listedRefs = new Set(
        (
          await tx.query<{ patient_ref: string }>(
            `SELECT DISTINCT patient_ref FROM ${this.t.screeningCandidate}
             WHERE fit <> 'no-longer-fits' AND trial_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
            [json(Object.keys(end.trials))],
          )
        ).map((r) => r.patient_ref),
      );
      await tx.query(
        `UPDATE ${this.t.screeningShard} SET state = $3, finished_at = $4, patients_screened = $5,
           patients_skipped = $6::jsonb, summary = $7::jsonb, listed = $8::jsonb, seen = $9::jsonb, reasons = $10::jsonb
         WHERE run_id = $1 AND shard = $2`,
        [
          runId,
          shard.index,
          end.complete ? 'complete' : 'partial',
          end.finishedAt,
          end.patientsScreened,
          json(end.patientsSkipped),
          json(end.summary),
          json(listed),
          json([...end.seen].filter((ref) => listedRefs.has(ref))),
          json(Object.fromEntries(end.reasons)),
        ],
      );
      const parts = await tx.query<ShardRow>(
        `SELECT shard, state, patients_screened, patients_skipped, summary, listed, seen, reasons
         FROM ${this.t.screeningShard} WHERE run_id = $1`,
        [runId],
      );
      const reported = parts.filter((p) => p.state !== 'running');
      const failed = reported.filter((p) => p.state !== 'complete').map((p) => p.shard);
      const progress = { shards: run.shards, reported: reported.length, failedShards: failed.sort((a, b) => a - b) };
      if (reported.length < run.shards) return { ...changes, ...progress, runState: 'running' };

      const complete = failed.length === 0;
      if (complete && run.scope !== 'since') {
        const whole = {
          finishedAt: end.finishedAt,
          seen: new Set(reported.flatMap((p) => p.seen ?? [])),
          reasons: new Map(reported.flatMap((p) => Object.entries(p.reasons ?? {}))),
        };
        for (const trialId of Object.keys(end.trials)) {
          const listedNow = new Set(reported.flatMap((p) => p.listed?.[trialId] ?? []));
          await this.retire(tx, runId, trialId, run.scope, listedNow, whole, changes);
        }
      }
      // The run's counts are the sums of its shards'.
      await tx.query(
        `UPDATE ${this.t.screeningRun} SET finished_at = $2, state = $3, patients_screened = $4,
           patients_skipped = $5::jsonb, summary = $6::jsonb
         WHERE run_id = $1`,
        [
          runId,
          end.finishedAt,
          complete ? 'complete' : 'partial',
          reported.reduce((n, p) => n + (p.patients_screened ?? 0), 0),
          json(sumCounts(reported.map((p) => p.patients_skipped ?? {}))),
          json(sumCounts(reported.map((p) => p.summary ?? {}))),
        ],
      );
      // The export is deleted by this shard, the last one: no shard reads it any more. A shard
      // tried again later takes a new one.
      const [exported] = await tx.query<{ export_status_url: string | null }>(
        `SELECT export_status_url FROM ${this.t.screeningShardedRun}
         WHERE run_id = $1 AND export_state IN ('kicking-off', 'ready') FOR UPDATE`,
        [runId],
      );
      if (exported) {
        await tx.query(
          `UPDATE ${this.t.screeningShardedRun} SET export_state = 'deleted', export_status_url = NULL,
             export_manifest = NULL WHERE run_id = $1`,
          [runId],
        );
      }
      // What the shards passed each other is no use once every shard has reported.
      await tx.query(`DELETE FROM ${this.t.screeningExchange} WHERE run_id = $1`, [runId]);
      const statusUrl = exported?.export_status_url;
      return {
        ...changes,
        ...progress,
        runState: complete ? 'complete' : 'partial',
        ...(statusUrl ? { exportToDelete: statusUrl } : {}),
      };
    });
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
  /**
   * A trial's list, filtered, newest first; `page` takes one slice of it (the worklist pages
   * through a hospital's thousands of candidates), all of it otherwise (the CSV, the funnel).
   */
  async candidates(filter: CandidateFilter, page?: { limit: number; offset: number }): Promise<StoredCandidate[]> {
    const { where, params } = candidateWhere(filter);
    const slice = page ? ` LIMIT $${params.push(page.limit)} OFFSET $${params.push(page.offset)}` : '';
    const rows = await this.sql.query<CandidateRow>(
      `SELECT * FROM ${this.t.screeningCandidate} WHERE ${where} ORDER BY first_seen_at DESC, patient_ref${slice}`,
      params,
    );
    return rows.map(candidateOf);
  }

  /** How many candidates the filter lists. */
  async countCandidates(filter: CandidateFilter): Promise<number> {
    const { where, params } = candidateWhere(filter);
    const [row] = await this.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.t.screeningCandidate} WHERE ${where}`,
      params,
    );
    return row?.n ?? 0;
  }

  /** One patient of a trial's list, if listed. */
  async candidate(trialId: string, patientRef: string): Promise<StoredCandidate | undefined> {
    const rows = await this.sql.query<CandidateRow>(
      `SELECT * FROM ${this.t.screeningCandidate} WHERE trial_id = $1 AND patient_ref = $2`,
      [trialId, patientRef],
    );
    return rows[0] ? candidateOf(rows[0]) : undefined;
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
  /**
   * A run's spill for the records past its memory budget (store/screening-spill-store.ts), after
   * deleting those that processes which died left behind.
   */
  async openSpill(spillId: string, now: Date): Promise<SqlBlockSpill> {
    await SqlBlockSpill.purgeAbandoned(this.sql, this.t, now);
    return new SqlBlockSpill(this.sql, this.t, spillId);
  }

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
