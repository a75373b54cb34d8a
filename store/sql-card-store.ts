import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../config/logger.js';
import { suppressionFor, type FeedbackPolicy } from '../rules/feedback-policy.js';
import type { AuditWriter } from './audit-writer.js';
import type {
  CardStore,
  FeedbackInput,
  FeedbackItemStatus,
  FeedbackResult,
  IssuedCard,
  PatientsCleared,
  StoreBackgroundError,
  Suppression,
} from './card-store.js';
import { FeedbackRejectedError, type FeedbackProblem } from './feedback-rejected.js';
import { MIGRATIONS } from './migrations.js';
import { ScreeningStore } from './screening-store.js';
import type { Listener, SqlClient } from './sql-client.js';
import { SuppressionIndex } from './suppression-index.js';
import { storableText } from './storable-text.js';
import type { Tables } from './tables.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const findIssued = (t: Tables): string => `
  SELECT card_uuid, patient_ref, card_key, suggestion_uuids, open_suggestion_uuids
  FROM ${t.issuedCard} WHERE service_id = $1 AND card_uuid = ANY($2::text[])`;

// One statement: atomic on its own, and ON CONFLICT DO NOTHING turns a re-sent item
// (same card, outcome and outcomeTimestamp) into a no-op that RETURNING does not list.
const insertFeedback = (t: Tables): string => `
  INSERT INTO ${t.feedback} (card_uuid, service_id, patient_ref, card_key, outcome, accepted_suggestions,
                        override_code, override_system, override_display, user_comment,
                        outcome_at, received_at, suppress_reason, suppress_until)
  SELECT card_uuid, service_id, patient_ref, card_key, outcome, accepted_suggestions,
         override_code, override_system, override_display, user_comment,
         outcome_at, received_at, suppress_reason, suppress_until
  FROM jsonb_to_recordset($1::jsonb) AS r(card_uuid text, service_id text, patient_ref text, card_key text,
       outcome text, accepted_suggestions jsonb, override_code text, override_system text, override_display text,
       user_comment text, outcome_at timestamptz, received_at timestamptz, suppress_reason text,
       suppress_until timestamptz)
  ON CONFLICT ON CONSTRAINT feedback_once DO NOTHING
  RETURNING card_uuid, outcome, outcome_at`;

// What the in-memory index reads of a feedback row (SuppressionRow).
const SUPPRESSION_COLUMNS =
  'id::text AS id, service_id, patient_ref, card_key, suppress_until, outcome, suppress_reason, outcome_at, cleared_at';

// The suppressions in force, for a full load of the in-memory index (partial index feedback_in_force).
const suppressionsInForce = (t: Tables): string => `
  SELECT ${SUPPRESSION_COLUMNS} FROM ${t.feedback}
  WHERE suppress_until > $1 AND cleared_at IS NULL`;

// The newest feedback id: where incremental reads start after a full load.
const newestId = (t: Tables): string => `SELECT coalesce(max(id), 0)::text AS id FROM ${t.feedback}`;

// Feedback rows after an id (the primary key: a database-assigned sequence, indexed).
const feedbackAfter = (t: Tables): string => `
  SELECT ${SUPPRESSION_COLUMNS} FROM ${t.feedback}
  WHERE id > $1::bigint ORDER BY id LIMIT 10000`;

// Feedback rows by id, as announced on the schema's channel.
const feedbackByIds = (t: Tables): string => `
  SELECT ${SUPPRESSION_COLUMNS} FROM ${t.feedback}
  WHERE id = ANY($1::bigint[])`;

// The sandbox's demo reset: the rows stay, stamped, and stop holding cards back.
const clearFeedback = (t: Tables): string => `
  WITH cleared AS (
    UPDATE ${t.feedback} SET cleared_at = $2
    WHERE patient_ref = ANY($1::text[]) AND cleared_at IS NULL
    RETURNING 1)
  SELECT count(*)::int AS n FROM cleared`;

interface IssuedRow {
  card_uuid: string;
  patient_ref: string;
  card_key: string;
  suggestion_uuids: string[];
  open_suggestion_uuids: string[];
}

interface SuppressionRow extends SuppressionColumns {
  /** bigint, read as text: pg returns int8 as a string, PGlite as a bigint. */
  id: string;
  service_id: string;
  patient_ref: string;
  cleared_at: Date | string | null;
}

/** The columns a suppression is read from, as the database returns them or as we insert them. */
interface SuppressionColumns {
  card_key: string;
  suppress_until: Date | string;
  outcome: 'accepted' | 'overridden';
  suppress_reason: string;
  outcome_at: Date | string;
}

function toSuppression(row: SuppressionColumns): Suppression {
  return {
    cardKey: row.card_key,
    until: new Date(row.suppress_until),
    outcome: row.outcome,
    reason: row.suppress_reason,
    feedbackAt: new Date(row.outcome_at),
  };
}

function itemKey(card: string, outcome: string, atMs: number): string {
  return `${card}\u0000${outcome}\u0000${atMs}`;
}

function nullableText(text: string | undefined): string | null {
  return text === undefined ? null : storableText(text);
}

/** One feedback row as inserted (through jsonb_to_recordset). */
interface FeedbackRow extends SuppressionColumns {
  card_uuid: string;
  service_id: string;
  patient_ref: string;
  accepted_suggestions: string[];
  override_code: string | null;
  override_system: string | null;
  override_display: string | null;
  user_comment: string | null;
  received_at: string;
}

/** Tuning of the SQL card store. */
export interface SqlCardStoreOptions {
  /**
   * How long to keep looking for a card before declaring it unknown: another instance of the
   * service may have issued it and not yet flushed its audit queue, which on a loaded machine
   * takes more than its 50 ms interval. Looked up again after 100 ms, then after twice as long
   * each time, within this budget (default 1,000 ms; 0 looks once).
   */
  readonly unknownCardGraceMs?: number;
  /**
   * With a shared PostgreSQL, the store listens for the feedback other instances store and,
   * every this many milliseconds, reads any row after the last one it saw, in case a
   * notification was lost; 0 turns both off, right for PGlite, which only this process can
   * open (default 0).
   */
  readonly suppressionRefreshMs?: number;
  /** Where a failed background refresh is reported. */
  readonly logger?: Logger;
  /** Called on every failed background read or listener error (the metric of background errors). */
  readonly onBackgroundError?: (what: StoreBackgroundError) => void;
}

/** How long notified ids are gathered before they are read, so a burst costs one query. */
const NOTIFY_BATCH_MS = 5;

/** The CardStore on PostgreSQL (PGlite or a server), through a SqlClient. */
export class SqlCardStore implements CardStore {
  private readonly graceMs: number;
  private readonly logger: Logger | undefined;
  private readonly sqlFindIssued: string;
  private readonly sqlInsertFeedback: string;
  private readonly sqlInForce: string;
  private readonly sqlNewestId: string;
  private readonly sqlAfter: string;
  private readonly sqlByIds: string;
  private readonly sqlClearFeedback: string;
  private readonly sqlSchemaVersion: string;
  private readonly onBackgroundError: SqlCardStoreOptions['onBackgroundError'];
  private index = new SuppressionIndex();
  /**
   * While a fresh index loads, every change made to the current one, replayed on the fresh one
   * before it takes over: a suppression stored (or a patient cleared) between the load's read and
   * its swap would otherwise be missing until its notification is read.
   */
  private changesDuringLoad: ((index: SuppressionIndex) => void)[] | undefined;
  /** The newest feedback id read into the index. */
  private cursor = 0n;
  private refreshTimer: NodeJS.Timeout | undefined;
  private listener: Listener | undefined;
  private readonly notified = new Set<string>();
  private notifyTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sql: SqlClient,
    private readonly tables: Tables,
    private readonly policy: FeedbackPolicy,
    private readonly writer: AuditWriter,
    options: SqlCardStoreOptions = {},
  ) {
    this.graceMs = options.unknownCardGraceMs ?? 1000;
    this.logger = options.logger;
    this.sqlFindIssued = findIssued(tables);
    this.sqlInsertFeedback = insertFeedback(tables);
    this.sqlInForce = suppressionsInForce(tables);
    this.sqlNewestId = newestId(tables);
    this.sqlAfter = feedbackAfter(tables);
    this.sqlByIds = feedbackByIds(tables);
    this.sqlClearFeedback = clearFeedback(tables);
    this.sqlSchemaVersion = `SELECT max(version)::int AS v FROM ${tables.migrations}`;
    this.onBackgroundError = options.onBackgroundError;
    const refreshMs = options.suppressionRefreshMs ?? 0;
    if (refreshMs > 0) {
      this.refreshTimer = setInterval(() => {
        this.readAfterCursor(new Date()).catch((err: unknown) => this.onRefreshError(err));
      }, refreshMs);
      this.refreshTimer.unref();
      this.listener = sql.listen?.(tables.feedbackChannel, {
        onNotify: (id) => this.onNotified(id),
        // Listening again after a drop: what was announced meanwhile is lost, and a row can
        // commit with an id below the cursor, so the index is loaded afresh.
        onListening: () => {
          this.loadSuppressions(new Date()).catch((err: unknown) => this.onRefreshError(err));
        },
        onError: (err) => {
          this.onBackgroundError?.('feedback-listener');
          this.logger?.warn({ err: err.message }, 'feedback listener: connection failed, retrying');
        },
      });
    }
  }

  private onRefreshError(err: unknown): void {
    // The index keeps what it had; the next refresh tries again.
    this.onBackgroundError?.('suppression-refresh');
    this.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'suppression refresh failed');
  }

  /** A feedback id announced by some instance (this one included): read soon, with others of the burst. */
  private onNotified(id: string): void {
    if (!/^\d{1,19}$/.test(id)) return;
    this.notified.add(id);
    this.notifyTimer ??= setTimeout(() => {
      this.notifyTimer = undefined;
      const ids = [...this.notified];
      this.notified.clear();
      this.sql
        .query<SuppressionRow>(this.sqlByIds, [ids])
        .then((rows) => this.apply(rows, new Date()))
        .catch((err: unknown) => this.onRefreshError(err));
    }, NOTIFY_BATCH_MS);
  }

  /** Adds rows to the index, or, for a row cleared by a demo reset, forgets its patient's suppressions. */
  private apply(rows: readonly SuppressionRow[], now: Date): void {
    for (const r of rows) {
      if (r.cleared_at !== null) this.change((index) => index.removePatients([r.patient_ref], now));
      else if (new Date(r.suppress_until).getTime() > now.getTime())
        this.change((index) => index.add(r.service_id, r.patient_ref, toSuppression(r)));
      const id = BigInt(r.id);
      if (id > this.cursor) this.cursor = id;
    }
  }

  /** Reads the rows stored after the newest one seen (the safety net under notifications). */
  private async readAfterCursor(now: Date): Promise<void> {
    for (;;) {
      const rows = await this.sql.query<SuppressionRow>(this.sqlAfter, [this.cursor.toString()]);
      this.apply(rows, now);
      if (rows.length < 10_000) break;
    }
    this.index.prune(now);
  }

  /**
   * Loads the suppressions in force into a fresh in-memory index (at start-up, and whenever the
   * listener connects again). The newest id is read first, so a row stored during the load is
   * read again later rather than missed.
   */
  async loadSuppressions(now: Date): Promise<void> {
    const changes: ((index: SuppressionIndex) => void)[] = [];
    this.changesDuringLoad = changes;
    try {
      const [newest] = await this.sql.query<{ id: string }>(this.sqlNewestId);
      const rows = await this.sql.query<SuppressionRow>(this.sqlInForce, [now]);
      const index = new SuppressionIndex();
      for (const r of rows) index.add(r.service_id, r.patient_ref, toSuppression(r));
      // What changed meanwhile, in order (adding again what the load read is harmless).
      for (const apply of changes) apply(index);
      this.index = index;
      this.cursor = BigInt(newest?.id ?? '0');
      this.index.prune(now);
    } finally {
      if (this.changesDuringLoad === changes) this.changesDuringLoad = undefined;
    }
  }

  /** Changes the index, and the one being loaded if any. */
  private change(apply: (index: SuppressionIndex) => void): void {
    apply(this.index);
    this.changesDuringLoad?.push(apply);
  }

  /** Queues the cards for the audit trail (write-behind; see AuditWriter). */
  recordIssued(cards: readonly IssuedCard[]): Promise<void> {
    this.writer.addIssued(cards);
    return Promise.resolve();
  }

  /** Checks and stores the items; resolves after COMMIT and, on PGlite, after the WAL fsync. */
  async recordFeedback(serviceId: string, items: readonly FeedbackInput[], receivedAt: Date): Promise<FeedbackResult> {
    // A card issued a moment ago may still sit in the write-behind queue.
    await this.writer.flush();
    const uuids = [...new Set(items.map((i) => i.card))];
    let issued = await this.findIssued(serviceId, uuids);
    let waited = 0;
    for (let step = 100; issued.size < uuids.length && waited < this.graceMs; step *= 2) {
      const pause = Math.min(step, this.graceMs - waited);
      await sleep(pause);
      waited += pause;
      issued = await this.findIssued(serviceId, uuids);
    }
    const problems = this.checkItems(items, issued);
    if (problems.length > 0) throw new FeedbackRejectedError(problems);

    const rows = items.flatMap((item) => {
      const card = issued.get(item.card);
      return card ? [this.feedbackRow(serviceId, card, item, receivedAt)] : [];
    });
    const inserted = new Set<string>();
    if (rows.length > 0) {
      const returned = await this.sql.query<{ card_uuid: string; outcome: string; outcome_at: Date }>(
        this.sqlInsertFeedback,
        [JSON.stringify(rows)],
      );
      for (const r of returned) inserted.add(itemKey(r.card_uuid, r.outcome, new Date(r.outcome_at).getTime()));
      await this.sql.syncDurable();
      // Committed: the suppressions take effect for the next call.
      for (const row of rows) this.change((index) => index.add(row.service_id, row.patient_ref, toSuppression(row)));
    }
    // The first of identical items in one request is the one stored; the rest are duplicates.
    const statuses = items.map((item): FeedbackItemStatus => {
      if (!issued.has(item.card)) return 'unknown-card';
      return inserted.delete(itemKey(item.card, item.outcome, Date.parse(item.outcomeTimestamp)))
        ? 'stored'
        : 'duplicate';
    });
    const stored = statuses.filter((s) => s === 'stored').length;
    return {
      stored,
      duplicates: rows.length - stored,
      unknownCards: uuids.filter((u) => !issued.has(u)),
      items: statuses,
    };
  }

  /** From the in-memory index: no database round trip on the hot path. */
  activeSuppressions(serviceId: string, patientRef: string, now: Date): Promise<Suppression[]> {
    return Promise.resolve(this.index.active(serviceId, patientRef, now));
  }

  /** Counts held-back cards per day (write-behind). The patient is not kept: the report needs counts only. */
  recordSuppressed(serviceId: string, _patientRef: string, cardKeys: readonly string[], at: Date): Promise<void> {
    this.writer.addSuppressed(serviceId, cardKeys, at);
    return Promise.resolve();
  }

  /**
   * Marks the patients' feedback cleared, then forgets their suppressions here. Other
   * instances sharing a PostgreSQL hear of it on the feedback channel and forget them too.
   */
  async clearPatients(patientRefs: readonly string[], at: Date): Promise<PatientsCleared> {
    const refs = [...new Set(patientRefs)].filter((r) => !r.includes('\u0000'));
    if (refs.length === 0) return { feedbackCleared: 0, suppressionsCleared: 0 };
    // Counted before the update: with a shared PostgreSQL, the update's own announcement may
    // reach this instance's listener and lift them before this method does.
    const inForce = this.index.countPatients(refs, at);
    const cleared = await this.sql.query<{ n: number }>(this.sqlClearFeedback, [refs, at]);
    await this.sql.syncDurable();
    this.change((index) => index.removePatients(refs, at));
    return { feedbackCleared: cleared[0]?.n ?? 0, suppressionsCleared: inForce };
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  pendingWrites(): number {
    return this.writer.pending;
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  async schemaVersion(): Promise<{ current: number; expected: number }> {
    const [row] = await this.sql.query<{ v: number | null }>(this.sqlSchemaVersion);
    return { current: row?.v ?? 0, expected: Math.max(...MIGRATIONS.map((m) => m.version)) };
  }

  screening(): ScreeningStore {
    return new ScreeningStore(this.sql, this.tables);
  }

  async close(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    await this.listener?.close();
    try {
      await this.writer.close();
    } finally {
      await this.sql.close();
    }
  }

  private async findIssued(serviceId: string, uuids: readonly string[]): Promise<Map<string, IssuedRow>> {
    // An id with U+0000 cannot be stored by PostgreSQL, so it was never issued.
    const candidates = uuids.filter((u) => !u.includes('\u0000'));
    if (candidates.length === 0) return new Map();
    const rows = await this.sql.query<IssuedRow>(this.sqlFindIssued, [serviceId, candidates]);
    return new Map(rows.map((r) => [r.card_uuid, r]));
  }

  private checkItems(items: readonly FeedbackInput[], issued: ReadonlyMap<string, IssuedRow>): FeedbackProblem[] {
    const problems: FeedbackProblem[] = [];
    items.forEach((item, i) => {
      if (!(Date.parse(item.outcomeTimestamp) >= 0)) {
        problems.push({ field: `feedback[${i}].outcomeTimestamp`, message: 'not a date-time from 1970 on' });
      }
      const card = issued.get(item.card);
      if (!card) return;
      (item.acceptedSuggestions ?? []).forEach((s, j) => {
        if (!card.suggestion_uuids.includes(s.id)) {
          problems.push({
            field: `feedback[${i}].acceptedSuggestions[${j}].id`,
            message: 'not a suggestion of this card',
          });
        }
      });
    });
    return problems;
  }

  private feedbackRow(serviceId: string, card: IssuedRow, item: FeedbackInput, receivedAt: Date): FeedbackRow {
    const accepted = (item.acceptedSuggestions ?? []).map((s) => s.id);
    // Accepting only suggestions that leave the topic open (removing a draft order) holds nothing back.
    const keepsOpen =
      item.outcome === 'accepted' &&
      accepted.length > 0 &&
      accepted.every((id) => (card.open_suggestion_uuids ?? []).includes(id));
    const rule = keepsOpen
      ? { days: 0, reason: 'accepted' }
      : suppressionFor(this.policy, item.outcome, item.overrideReason?.reason);
    // Counted from when the clinician acted, but never from the future: a client clock
    // ahead of ours must not stretch the suppression.
    const start = Math.min(Date.parse(item.outcomeTimestamp), receivedAt.getTime());
    const reason = item.overrideReason?.reason;
    return {
      card_uuid: card.card_uuid,
      service_id: serviceId,
      patient_ref: card.patient_ref,
      card_key: card.card_key,
      outcome: item.outcome,
      accepted_suggestions: (item.acceptedSuggestions ?? []).map((s) => s.id),
      override_code: nullableText(reason?.code),
      override_system: nullableText(reason?.system),
      override_display: nullableText(reason?.display),
      user_comment: nullableText(item.overrideReason?.userComment),
      // Millisecond precision, as JS dates have, so RETURNING rows match their items.
      outcome_at: new Date(Date.parse(item.outcomeTimestamp)).toISOString(),
      received_at: receivedAt.toISOString(),
      suppress_reason: storableText(rule.reason),
      suppress_until: new Date(start + rule.days * DAY_MS).toISOString(),
    };
  }
}
