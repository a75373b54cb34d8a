import type { SqlClient } from './sql-client.js';
import type { Tables } from './tables.js';

/** One schema change; applied once, in version order, recorded in schema_migrations. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** One statement per entry (PGlite's extended protocol runs one statement per query). */
  readonly statements: (t: Tables) => readonly string[];
}

/** Every migration, oldest first. Never edit a released one: add a new version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit, feedback and suppression',
    statements: (t) => [
      // The audit trail: one row per card returned to an EHR.
      `CREATE TABLE ${t.issuedCard} (
        card_uuid text PRIMARY KEY,
        service_id text NOT NULL,
        hook_instance text NOT NULL,
        patient_ref text NOT NULL,
        card_key text NOT NULL,
        kind text NOT NULL,
        trial_id text,
        matched_rules jsonb NOT NULL DEFAULT '[]',
        suggestion_uuids jsonb NOT NULL DEFAULT '[]',
        issued_at timestamptz NOT NULL
      )`,
      `CREATE INDEX issued_card_service_time ON ${t.issuedCard} (service_id, issued_at)`,
      // patient_ref and card_key are copied from the audit row so that finding the
      // suppressions in force is one indexed read on the hot path, without a join.
      `CREATE TABLE ${t.feedback} (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        card_uuid text NOT NULL REFERENCES ${t.issuedCard} (card_uuid),
        service_id text NOT NULL,
        patient_ref text NOT NULL,
        card_key text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
        accepted_suggestions jsonb NOT NULL DEFAULT '[]',
        override_code text,
        override_system text,
        override_display text,
        user_comment text,
        outcome_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        suppress_reason text NOT NULL,
        suppress_until timestamptz NOT NULL,
        CONSTRAINT feedback_once UNIQUE (card_uuid, outcome, outcome_at)
      )`,
      `CREATE INDEX feedback_suppression ON ${t.feedback} (service_id, patient_ref, suppress_until)`,
      // Cards held back by suppression, counted per day for the feedback report.
      `CREATE TABLE ${t.suppressedCount} (
        service_id text NOT NULL,
        card_key text NOT NULL,
        day date NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (service_id, card_key, day)
      )`,
    ],
  },
  {
    version: 2,
    name: 'feedback cleared by a sandbox demo reset',
    // A cleared row is kept (what the clinician did stays on record) but holds no card back.
    // Adding a nullable column without a default rewrites nothing.
    statements: (t) => [`ALTER TABLE ${t.feedback} ADD COLUMN cleared_at timestamptz`],
  },
  {
    version: 3,
    name: 'feedback announced to every instance',
    // Replicas on one PostgreSQL learn of each other's feedback at once (docs/reliability.md,
    // "Replicas"): a row inserted, or cleared by a demo reset, is announced on the schema's
    // channel with its id, delivered at COMMIT to every listening session
    // (https://www.postgresql.org/docs/current/sql-notify.html). The id is the catch-up cursor:
    // assigned by the database, so no application clock decides what is read again. The partial
    // index serves the full reload of the suppressions in force.
    statements: (t) => [
      `CREATE FUNCTION ${t.schema}.announce_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_notify(TG_ARGV[0], NEW.id::text);
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER feedback_announced AFTER INSERT OR UPDATE OF cleared_at ON ${t.feedback}
       FOR EACH ROW EXECUTE FUNCTION ${t.schema}.announce_feedback('${t.feedbackChannel}')`,
      `CREATE INDEX feedback_in_force ON ${t.feedback} (suppress_until) WHERE cleared_at IS NULL`,
    ],
  },
  {
    version: 4,
    name: 'token ids seen by any instance',
    // A token's jti, claimed by the first instance that accepts it and kept until the token
    // expires, so that no replica accepts it again, before or after a restart
    // (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients). The key is a digest of issuer and
    // jti; nothing of the token itself is stored. Purged by expiry (store/seen-tokens.ts).
    statements: (t) => [
      `CREATE TABLE ${t.seenToken} (
        token_key text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`,
      `CREATE INDEX seen_token_expiry ON ${t.seenToken} (expires_at)`,
    ],
  },
  {
    version: 5,
    name: 'rules version of each issued card',
    // Which rules and trial catalogue produced a card (rules/rules-version.ts): during a rolling
    // update two versions answer side by side, and an audit must tell their cards apart. Rows
    // written before this migration keep NULL: their version was not recorded.
    statements: (t) => [`ALTER TABLE ${t.issuedCard} ADD COLUMN rules_version text`],
  },
  {
    version: 6,
    name: 'suggestions that leave a card topic open',
    // A suggestion that only removes a draft order (the order hooks' "remove the order") keeps
    // the topic open: accepting it must not hold the trial card back (docs/order-hooks.md).
    statements: (t) => [`ALTER TABLE ${t.issuedCard} ADD COLUMN open_suggestion_uuids jsonb NOT NULL DEFAULT '[]'`],
  },
  {
    version: 7,
    name: 'population screening runs and candidates',
    // docs/screening.md, "Runs and candidates": a run, then one row per trial and patient that
    // some run listed, which later runs update and never delete (a coordinator's status stays),
    // and the trail of what happened to each (found, no longer fits, status changes, views).
    statements: (t) => [
      `CREATE TABLE ${t.screeningRun} (
        run_id text PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        state text NOT NULL CHECK (state IN ('running', 'complete', 'partial')),
        scope text NOT NULL CHECK (scope IN ('population', 'group', 'since')),
        source jsonb NOT NULL,
        rules_version text NOT NULL,
        patients_screened integer,
        patients_skipped jsonb,
        summary jsonb
      )`,
      `CREATE INDEX screening_run_started ON ${t.screeningRun} (started_at)`,
      `CREATE TABLE ${t.screeningCandidate} (
        trial_id text NOT NULL,
        patient_ref text NOT NULL,
        status text NOT NULL DEFAULT 'new'
          CHECK (status IN ('new', 'reviewed', 'contacted', 'consented', 'declined', 'not-eligible')),
        fit text NOT NULL CHECK (fit IN ('candidate', 'possible', 'no-longer-fits')),
        met jsonb NOT NULL DEFAULT '[]',
        to_confirm jsonb NOT NULL DEFAULT '[]',
        missing jsonb NOT NULL DEFAULT '[]',
        evidence jsonb NOT NULL DEFAULT '[]',
        first_run_id text NOT NULL,
        last_run_id text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        retired_at timestamptz,
        retired_reason text,
        status_changed_at timestamptz,
        status_changed_by text,
        PRIMARY KEY (trial_id, patient_ref)
      )`,
      `CREATE INDEX screening_candidate_last_seen ON ${t.screeningCandidate} (last_seen_at)`,
      `CREATE TABLE ${t.screeningEvent} (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        trial_id text NOT NULL,
        patient_ref text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL CHECK (action IN ('found', 'fits-again', 'no-longer-fits', 'status', 'viewed')),
        run_id text,
        detail jsonb NOT NULL DEFAULT '{}'
      )`,
      `CREATE INDEX screening_event_candidate ON ${t.screeningEvent} (trial_id, patient_ref, at)`,
      `CREATE INDEX screening_event_at ON ${t.screeningEvent} (at)`,
    ],
  },
  {
    version: 8,
    name: 'sharded screening runs',
    // docs/screening.md, "Sharded runs": the shards of one run meet here. One row per sharded
    // run holds its shard count and trials (a shard started with other settings is refused) and
    // the one bulk export they share: claimed by the first shard, which stores its status URL and
    // then its manifest for the others, or why it failed; a heartbeat lets another shard take it
    // over when its owner died. One row per shard holds its latest attempt and, once it has
    // reported, its counts and what the run's end needs to retire (whom it listed, which listed
    // patients it saw, and why they no longer fit): the run completes, and retires, only when
    // every shard has reported complete. Both go with their run (ON DELETE CASCADE), so retention
    // needs nothing more.
    statements: (t) => [
      `CREATE TABLE ${t.screeningShardedRun} (
        run_id text PRIMARY KEY REFERENCES ${t.screeningRun} (run_id) ON DELETE CASCADE,
        shards integer NOT NULL CHECK (shards BETWEEN 1 AND 64),
        trials jsonb NOT NULL,
        export_state text NOT NULL DEFAULT 'none'
          CHECK (export_state IN ('none', 'kicking-off', 'ready', 'failed', 'deleted')),
        export_owner integer,
        export_attempt integer,
        export_heartbeat_at timestamptz,
        export_status_url text,
        export_type_filter boolean,
        export_manifest jsonb,
        export_error_kind text,
        export_error text
      )`,
      `CREATE TABLE ${t.screeningShard} (
        run_id text NOT NULL REFERENCES ${t.screeningShardedRun} (run_id) ON DELETE CASCADE,
        shard integer NOT NULL,
        attempt integer NOT NULL,
        state text NOT NULL CHECK (state IN ('running', 'complete', 'partial')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        patients_screened integer,
        patients_skipped jsonb,
        summary jsonb,
        listed jsonb,
        seen jsonb,
        reasons jsonb,
        PRIMARY KEY (run_id, shard)
      )`,
    ],
  },
  {
    version: 9,
    name: 'screening spill',
    // docs/screening.md, "Memory": a run past its memory budget writes the oldest blocks of
    // compressed records here while it reads the export, and reads them back as it evaluates
    // their patients. A spill belongs to one process's run (or shard) and is deleted when it
    // ends; one left by a process that died is purged by the next spill opened a day later.
    statements: (t) => [
      `CREATE TABLE ${t.screeningSpill} (
        spill_id text NOT NULL,
        block integer NOT NULL,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (spill_id, block)
      )`,
      `CREATE INDEX screening_spill_created ON ${t.screeningSpill} (created_at)`,
    ],
  },
  {
    version: 10,
    name: 'sharded runs split the export files',
    // docs/screening.md, "Sharded runs": each shard reads its part of the export's files and
    // passes every resource to the shard that owns its patient, as compressed blocks of NDJSON
    // tagged with the export they come from; `sent_export` says which export a shard has sent
    // all of its files from. The blocks go when every shard has reported (and with the run).
    statements: (t) => [
      `CREATE TABLE ${t.screeningExchange} (
        run_id text NOT NULL REFERENCES ${t.screeningShardedRun} (run_id) ON DELETE CASCADE,
        export_id text NOT NULL,
        from_shard integer NOT NULL,
        to_shard integer NOT NULL,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (run_id, to_shard, from_shard, seq)
      )`,
      `ALTER TABLE ${t.screeningShard} ADD COLUMN sent_export text`,
    ],
  },
];

/**
 * Brings the schema up to date inside one transaction. A transaction-scoped advisory lock
 * makes processes starting at once on the same PostgreSQL take turns: the later ones find
 * the migrations recorded. https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 * Returns the versions it applied.
 */
export async function migrate(sql: SqlClient, t: Tables): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`diabetes-cds-hooks:migrate:${t.schema}`]);
    if (t.schema !== 'public') await tx.query(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${t.migrations} (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const rows = await tx.query<{ version: number }>(`SELECT version FROM ${t.migrations}`);
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements(t)) await tx.query(statement);
      await tx.query(`INSERT INTO ${t.migrations} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
