import type { Logger } from '../config/logger.js';
import type { IssuedCard, StoreBackgroundError } from './card-store.js';
import { errorSummary } from './database-error.js';
import type { SqlClient } from './sql-client.js';
import { storableText } from './storable-text.js';
import type { Tables } from './tables.js';

/** When the write-behind queue is written out. */
export interface AuditWriterOptions {
  /** Longest a row waits before a background flush (default 50 ms). */
  readonly flushIntervalMs?: number;
  /** Rows that trigger a flush at once (default 200). */
  readonly flushBatchSize?: number;
  /** Wait before retrying a failed background flush (default 1000 ms). */
  readonly retryMs?: number;
  /** Most audit rows kept while the database is failing; the oldest are dropped beyond it (default 50 000). */
  readonly maxQueued?: number;
  /** Called when a background flush fails or rows are dropped (e.g. to count it in /metrics). */
  readonly onBackgroundError?: (what: StoreBackgroundError) => void;
}

/** Rows per INSERT statement; one JSON parameter carries them all. */
const ROWS_PER_STATEMENT = 500;

const insertIssued = (t: Tables): string => `
  INSERT INTO ${t.issuedCard} (card_uuid, service_id, hook_instance, patient_ref, card_key, kind, trial_id,
                           matched_rules, suggestion_uuids, open_suggestion_uuids, issued_at, rules_version)
  SELECT card_uuid, service_id, hook_instance, patient_ref, card_key, kind, trial_id,
         matched_rules, suggestion_uuids, open_suggestion_uuids, issued_at, rules_version
  FROM jsonb_to_recordset($1::jsonb) AS r(card_uuid text, service_id text, hook_instance text, patient_ref text,
       card_key text, kind text, trial_id text, matched_rules jsonb, suggestion_uuids jsonb,
       open_suggestion_uuids jsonb, issued_at timestamptz, rules_version text)
  ON CONFLICT (card_uuid) DO NOTHING`;

const upsertSuppressed = (t: Tables, param = '$1'): string => `
  INSERT INTO ${t.suppressedCount} (service_id, card_key, day, count)
  SELECT service_id, card_key, day, count
  FROM jsonb_to_recordset(${param}::jsonb) AS r(service_id text, card_key text, day date, count integer)
  ON CONFLICT (service_id, card_key, day) DO UPDATE SET count = ${t.suppressedCount}.count + EXCLUDED.count`;

/**
 * Both kinds of rows in one statement: a data-modifying CTE is atomic on its own, and one
 * statement costs PGlite a third of a transaction's BEGIN, INSERT, INSERT and COMMIT.
 * https://www.postgresql.org/docs/16/queries-with.html#QUERIES-WITH-MODIFYING
 */
const insertBoth = (t: Tables): string => `
  WITH issued AS (${insertIssued(t)})
  ${upsertSuppressed(t, '$2')}`;

function issuedRow(card: IssuedCard): Record<string, unknown> {
  return {
    card_uuid: card.uuid,
    service_id: card.serviceId,
    hook_instance: card.hookInstance,
    patient_ref: storableText(card.patientRef),
    card_key: card.cardKey,
    kind: card.kind,
    trial_id: card.trialId ?? null,
    matched_rules: card.matchedRules,
    suggestion_uuids: card.suggestionUuids,
    open_suggestion_uuids: card.openSuggestionUuids ?? [],
    issued_at: card.issuedAt.toISOString(),
    rules_version: card.rulesVersion,
  };
}

/**
 * Write-behind queue for the hot path: issued cards and suppression counts are queued in
 * memory and written in one multi-row statement every `flushIntervalMs` or `flushBatchSize`
 * rows. A failed background flush is logged and retried, never thrown into a request.
 */
export class AuditWriter {
  private issued: IssuedCard[] = [];
  /** `service \0 cardKey \0 day` → count, summed in memory so one upsert touches each row once. */
  private suppressed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  /** Delay before the next retry while the database fails; 0 when healthy. */
  private backoffMs = 0;
  private closed = false;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly retryMs: number;
  private readonly maxQueued: number;

  private readonly insertIssued: string;
  private readonly upsertSuppressed: string;
  private readonly insertBoth: string;

  constructor(
    private readonly sql: SqlClient,
    tables: Tables,
    private readonly logger: Logger,
    private readonly options: AuditWriterOptions = {},
  ) {
    this.intervalMs = options.flushIntervalMs ?? 50;
    this.batchSize = options.flushBatchSize ?? 200;
    this.retryMs = options.retryMs ?? 1000;
    this.maxQueued = options.maxQueued ?? 50_000;
    this.insertIssued = insertIssued(tables);
    this.upsertSuppressed = upsertSuppressed(tables);
    this.insertBoth = insertBoth(tables);
  }

  /** Rows waiting to be written. */
  get pending(): number {
    return this.issued.length + this.suppressed.size;
  }

  /** Queues issued cards for the audit trail. */
  addIssued(cards: readonly IssuedCard[]): void {
    this.issued.push(...cards);
    if (this.issued.length > this.maxQueued) {
      const dropped = this.issued.splice(0, this.issued.length - this.maxQueued);
      this.logger.error({ dropped: dropped.length }, 'audit queue full: oldest issued-card rows dropped');
      this.options.onBackgroundError?.('rows-dropped');
    }
    this.schedule();
  }

  /** Counts cards held back by suppression, per service, card key and UTC day. */
  addSuppressed(serviceId: string, cardKeys: readonly string[], at: Date): void {
    const day = at.toISOString().slice(0, 10);
    for (const key of cardKeys) {
      const k = `${serviceId}\u0000${key}\u0000${day}`;
      this.suppressed.set(k, (this.suppressed.get(k) ?? 0) + 1);
    }
    this.schedule();
  }

  /**
   * Writes everything queued so far; rejects when the database fails. The rows then stay
   * queued and a retry is scheduled, whoever called.
   */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.pending === 0) return;
    this.clearTimer();
    this.inFlight = this.writeOnce();
    try {
      await this.inFlight;
      this.backoffMs = 0;
    } catch (err) {
      this.retryLater();
      throw err;
    } finally {
      this.inFlight = undefined;
    }
    // Rows that arrived while this flush was in flight get their own turn.
    if (this.pending > 0) this.schedule();
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    try {
      await this.flush();
    } catch (err) {
      this.logger.error({ err: errorSummary(err), lost: this.pending }, 'audit rows could not be written at shutdown');
      throw err;
    } finally {
      this.clearTimer();
    }
  }

  private schedule(): void {
    // An in-flight flush reschedules when it ends; a failing database is retried on its own timer.
    if (this.inFlight || this.backoffMs > 0 || this.closed) return;
    if (this.pending >= this.batchSize) {
      this.flushInBackground();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flushInBackground(), this.intervalMs);
      this.timer.unref();
    }
  }

  private retryLater(): void {
    this.backoffMs = this.backoffMs > 0 ? Math.min(this.backoffMs * 2, 30_000) : this.retryMs;
    if (this.closed) return;
    this.clearTimer();
    this.timer = setTimeout(() => this.flushInBackground(), this.backoffMs);
    this.timer.unref();
  }

  private flushInBackground(): void {
    this.clearTimer();
    this.flush().catch((err: unknown) => {
      this.logger.error(
        { err: errorSummary(err), pending: this.pending, retryInMs: this.backoffMs },
        'audit flush failed; will retry',
      );
      this.options.onBackgroundError?.('flush-failed');
    });
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async writeOnce(): Promise<void> {
    const issued = this.issued;
    const suppressed = this.suppressed;
    this.issued = [];
    this.suppressed = new Map();
    const counts = [...suppressed].map(([k, count]) => {
      const [service_id, card_key, day] = k.split('\u0000');
      return { service_id, card_key, day, count };
    });
    try {
      if (issued.length <= ROWS_PER_STATEMENT) {
        await this.sql.query(this.insertBoth, [JSON.stringify(issued.map(issuedRow)), JSON.stringify(counts)]);
      } else {
        // A backlog (after an outage) goes in chunks, all or nothing.
        await this.sql.transaction(async (tx) => {
          for (let i = 0; i < issued.length; i += ROWS_PER_STATEMENT) {
            await tx.query(this.insertIssued, [JSON.stringify(issued.slice(i, i + ROWS_PER_STATEMENT).map(issuedRow))]);
          }
          if (counts.length > 0) await tx.query(this.upsertSuppressed, [JSON.stringify(counts)]);
        });
      }
    } catch (err) {
      // Put the rows back in front of anything queued meanwhile, for the retry.
      this.issued = [...issued, ...this.issued];
      for (const [k, n] of suppressed) this.suppressed.set(k, (this.suppressed.get(k) ?? 0) + n);
      throw err;
    }
  }
}
