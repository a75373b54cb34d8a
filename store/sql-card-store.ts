import { setTimeout as sleep } from 'node:timers/promises';
import { suppressionFor, type FeedbackPolicy } from '../rules/feedback-policy.js';
import type { AuditWriter } from './audit-writer.js';
import type {
  CardStore,
  FeedbackInput,
  FeedbackItemStatus,
  FeedbackResult,
  IssuedCard,
  Suppression,
} from './card-store.js';
import { FeedbackRejectedError, type FeedbackProblem } from './feedback-rejected.js';
import type { SqlClient } from './sql-client.js';
import { storableText } from './storable-text.js';
import type { Tables } from './tables.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const findIssued = (t: Tables): string => `
  SELECT card_uuid, patient_ref, card_key, suggestion_uuids
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

// Served by the feedback_suppression index; the longest suppression per card key wins.
const activeSuppressions = (t: Tables): string => `
  SELECT DISTINCT ON (card_key) card_key, suppress_until, outcome, suppress_reason, outcome_at
  FROM ${t.feedback}
  WHERE service_id = $1 AND patient_ref = $2 AND suppress_until > $3
  ORDER BY card_key, suppress_until DESC`;

interface IssuedRow {
  card_uuid: string;
  patient_ref: string;
  card_key: string;
  suggestion_uuids: string[];
}

interface SuppressionRow {
  card_key: string;
  suppress_until: Date;
  outcome: 'accepted' | 'overridden';
  suppress_reason: string;
  outcome_at: Date;
}

function itemKey(card: string, outcome: string, atMs: number): string {
  return `${card}\u0000${outcome}\u0000${atMs}`;
}

function nullableText(text: string | undefined): string | null {
  return text === undefined ? null : storableText(text);
}

/** Tuning of the SQL card store. */
export interface SqlCardStoreOptions {
  /**
   * How long to wait before declaring a card unknown, once: another instance of the
   * service may have issued it and not yet flushed its audit queue (default 150 ms).
   */
  readonly unknownCardGraceMs?: number;
}

/** The CardStore on PostgreSQL (PGlite or a server), through a SqlClient. */
export class SqlCardStore implements CardStore {
  private readonly graceMs: number;
  private readonly sqlFindIssued: string;
  private readonly sqlInsertFeedback: string;
  private readonly sqlActiveSuppressions: string;

  constructor(
    private readonly sql: SqlClient,
    tables: Tables,
    private readonly policy: FeedbackPolicy,
    private readonly writer: AuditWriter,
    options: SqlCardStoreOptions = {},
  ) {
    this.graceMs = options.unknownCardGraceMs ?? 150;
    this.sqlFindIssued = findIssued(tables);
    this.sqlInsertFeedback = insertFeedback(tables);
    this.sqlActiveSuppressions = activeSuppressions(tables);
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
    if (issued.size < uuids.length && this.graceMs > 0) {
      await sleep(this.graceMs);
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

  /** One indexed query on the feedback table; feedback rows exist only for flushed audit rows. */
  async activeSuppressions(serviceId: string, patientRef: string, now: Date): Promise<Suppression[]> {
    const rows = await this.sql.query<SuppressionRow>(this.sqlActiveSuppressions, [serviceId, patientRef, now]);
    return rows.map((r) => ({
      cardKey: r.card_key,
      until: new Date(r.suppress_until),
      outcome: r.outcome,
      reason: r.suppress_reason,
      feedbackAt: new Date(r.outcome_at),
    }));
  }

  /** Counts held-back cards per day (write-behind). The patient is not kept: the report needs counts only. */
  recordSuppressed(serviceId: string, _patientRef: string, cardKeys: readonly string[], at: Date): Promise<void> {
    this.writer.addSuppressed(serviceId, cardKeys, at);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  async close(): Promise<void> {
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

  private feedbackRow(
    serviceId: string,
    card: IssuedRow,
    item: FeedbackInput,
    receivedAt: Date,
  ): Record<string, unknown> {
    const rule = suppressionFor(this.policy, item.outcome, item.overrideReason?.reason);
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
