import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../config/logger.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadFeedbackPolicy } from '../rules/feedback-policy.js';
import { rulesVersion } from '../rules/rules-version.js';
import { AuditWriter } from '../store/audit-writer.js';
import type { CardStore, FeedbackInput, IssuedCard } from '../store/card-store.js';
import { FeedbackRejectedError } from '../store/feedback-rejected.js';
import { clearAllFeedback } from '../store/clear-feedback.js';
import { buildFeedbackReport } from '../store/feedback-report.js';
import { migrate, MIGRATIONS } from '../store/migrations.js';
import { openCardStore, type OpenCardStoreOptions } from '../store/open-card-store.js';
import type { SqlClient } from '../store/sql-client.js';
import { tablesIn } from '../store/tables.js';
import { capturingLogger } from './support/fhir-log-capture.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from './support/test-database.js';
import { until } from './support/until.js';

const policy = loadFeedbackPolicy(DEFAULT_RULES_DIR);
const silent = createLogger('silent');
const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-03-01T10:00:00.000Z');
const SERVICE = 'pump-evaluation';
const RULES_VERSION = rulesVersion(DEFAULT_RULES_DIR);

function issuedCard(overrides: Partial<IssuedCard> = {}): IssuedCard {
  return {
    uuid: randomUUID(),
    serviceId: SERVICE,
    hookInstance: randomUUID(),
    patientRef: 'Patient/p1',
    cardKey: 'pump-evaluation',
    kind: 'pump-evaluation',
    matchedRules: ['t2d', 'mdi', 'hba1c-high'],
    suggestionUuids: [randomUUID(), randomUUID()],
    issuedAt: T0,
    rulesVersion: RULES_VERSION,
    ...overrides,
  };
}

function overridden(card: IssuedCard, code?: string, at = T0, system?: string): FeedbackInput {
  return {
    card: card.uuid,
    outcome: 'overridden',
    ...(code
      ? { overrideReason: { reason: { code, ...(system ? { system } : { system: policy.overrideReasonSystem }) } } }
      : {}),
    outcomeTimestamp: at.toISOString(),
  };
}

function accepted(card: IssuedCard, at = T0): FeedbackInput {
  return {
    card: card.uuid,
    outcome: 'accepted',
    acceptedSuggestions: [{ id: card.suggestionUuids[0]! }],
    outcomeTimestamp: at.toISOString(),
  };
}

describe.each(DRIVERS)('card store on %s', (driver) => {
  let db: TestDatabase;
  const stores: CardStore[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(driver);
  });

  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    await db?.close();
  });

  async function open(options: Partial<OpenCardStoreOptions> = {}): Promise<{ store: CardStore; schema: string }> {
    const schema = options.schema ?? db.newSchema();
    const store = await openCardStore({
      sql: db.sql,
      schema,
      policy,
      logger: silent,
      unknownCardGraceMs: 0,
      ...options,
    });
    stores.push(store);
    return { store, schema };
  }

  async function count(table: string): Promise<number> {
    const rows = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0]!.n;
  }

  describe('migrations', () => {
    test('a new schema is migrated once; opening it again applies nothing', async () => {
      const t = tablesIn(db.newSchema());
      expect(await migrate(db.sql, t)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(db.sql, t)).toEqual([]);
      expect(await count(t.migrations)).toBe(MIGRATIONS.length);
    });

    test('two processes starting at once apply each migration exactly once', async () => {
      const t = tablesIn(db.newSchema());
      const [a, b] = [await db.openClient(), await db.openClient()];
      const results = await Promise.all([migrate(a, t), migrate(b, t)]);
      expect(results.flat()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await count(t.migrations)).toBe(MIGRATIONS.length);
      expect(await count(t.feedback)).toBe(0);
    });
  });

  describe('audit trail', () => {
    /** The shared client, except that its first `n` writes (statements or transactions) fail. */
    function failingFirst(n: number): SqlClient {
      let failuresLeft = n;
      const fail = () => failuresLeft-- > 0;
      return {
        ...db.sql,
        query: (text, params) => (fail() ? Promise.reject(new Error('connection reset')) : db.sql.query(text, params)),
        transaction: (fn) => (fail() ? Promise.reject(new Error('connection reset')) : db.sql.transaction(fn)),
      };
    }

    test('a backlog larger than one statement is written in full, with the suppression counts', async () => {
      const t = tablesIn(db.newSchema());
      await migrate(db.sql, t);
      const writer = new AuditWriter(db.sql, t, silent, { flushIntervalMs: 60_000, flushBatchSize: 10_000 });
      writer.addIssued(Array.from({ length: 1_201 }, () => issuedCard()));
      writer.addSuppressed('pump-evaluation', ['pump-evaluation', 'pump-evaluation'], new Date('2026-11-22T10:00:00Z'));
      await writer.flush();
      expect(await count(t.issuedCard)).toBe(1_201);
      const rows = await db.sql.query<{ count: number }>(`SELECT count FROM ${t.suppressedCount}`);
      expect(rows).toEqual([{ count: 2 }]);
      await writer.close();
    });
    test('an issued card is recorded with service, patient, key, kind, trial, rules, rules version and suggestions', async () => {
      const { store, schema } = await open();
      const card = issuedCard({ kind: 'trial-referral', cardKey: 'trial:NCT04270656', trialId: 'NCT04270656' });
      await store.recordIssued([card]);
      await store.flush();
      const rows = await db.sql.query<Record<string, unknown>>(`SELECT * FROM ${schema}.issued_card`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        card_uuid: card.uuid,
        service_id: SERVICE,
        hook_instance: card.hookInstance,
        patient_ref: 'Patient/p1',
        card_key: 'trial:NCT04270656',
        kind: 'trial-referral',
        trial_id: 'NCT04270656',
        matched_rules: ['t2d', 'mdi', 'hba1c-high'],
        suggestion_uuids: card.suggestionUuids,
        rules_version: RULES_VERSION,
      });
      expect(RULES_VERSION).toMatch(/^sha256:[0-9a-f]{16}$/);
      expect(new Date(rows[0]!.issued_at as Date).toISOString()).toBe(T0.toISOString());
    });

    test('recordIssued returns before writing; the background flush writes after the interval', async () => {
      const { store, schema } = await open({ flushIntervalMs: 30 });
      await store.recordIssued([issuedCard(), issuedCard()]);
      expect(await count(`${schema}.issued_card`)).toBe(0);
      await until(async () => (await count(`${schema}.issued_card`)) === 2);
    });

    test('reaching the batch size writes at once, without waiting for the interval', async () => {
      const { store, schema } = await open({ flushIntervalMs: 60_000, flushBatchSize: 3 });
      await store.recordIssued([issuedCard(), issuedCard()]);
      await store.recordIssued([issuedCard()]);
      await until(async () => (await count(`${schema}.issued_card`)) === 3);
    });

    test('close() writes the rows still queued', async () => {
      const schema = db.newSchema();
      const store = await openCardStore({ sql: db.sql, schema, policy, logger: silent, flushIntervalMs: 60_000 });
      await store.recordIssued([issuedCard(), issuedCard(), issuedCard()]);
      await store.close();
      expect(await count(`${schema}.issued_card`)).toBe(3);
    });

    test('a failed background flush is logged, reported and retried until the rows are written', async () => {
      const t = tablesIn(db.newSchema());
      await migrate(db.sql, t);
      const flaky = failingFirst(2);
      const log = capturingLogger('info');
      const reported: string[] = [];
      const writer = new AuditWriter(flaky, t, log.logger, {
        flushIntervalMs: 5,
        retryMs: 10,
        onBackgroundError: (what) => reported.push(what),
      });
      expect(() => writer.addIssued([issuedCard(), issuedCard()])).not.toThrow();
      await until(async () => (await count(t.issuedCard)) === 2);
      expect(reported).toEqual(['flush-failed', 'flush-failed']);
      const failures = log.lines().filter((l) => l.msg === 'audit flush failed; will retry');
      expect(failures).toHaveLength(2);
      expect(failures[0]).toMatchObject({ level: 50, pending: 2 });
      expect(writer.pending).toBe(0);
    });

    test('an explicit flush that fails rejects, and a retry still writes the rows later', async () => {
      const t = tablesIn(db.newSchema());
      await migrate(db.sql, t);
      const flaky = failingFirst(1);
      const writer = new AuditWriter(flaky, t, silent, { flushIntervalMs: 60_000, retryMs: 10 });
      writer.addIssued([issuedCard()]);
      await expect(writer.flush()).rejects.toThrow('connection reset');
      await until(async () => (await count(t.issuedCard)) === 1);
      await writer.close();
    });
  });

  describe('feedback', () => {
    test('feedback on a card issued a moment ago is stored: the audit queue is flushed first', async () => {
      const { store, schema } = await open({ flushIntervalMs: 60_000 });
      const card = issuedCard();
      await store.recordIssued([card]);
      const result = await store.recordFeedback(SERVICE, [overridden(card, 'patient-declines')], T0);
      expect(result).toEqual({ stored: 1, duplicates: 0, unknownCards: [], items: ['stored'] });
      const rows = await db.sql.query<Record<string, unknown>>(`SELECT * FROM ${schema}.feedback`);
      expect(rows[0]).toMatchObject({
        card_uuid: card.uuid,
        service_id: SERVICE,
        outcome: 'overridden',
        override_code: 'patient-declines',
        override_system: policy.overrideReasonSystem,
        suppress_reason: 'patient-declines',
      });
    });

    test('re-sent feedback (same card, outcome and timestamp) is stored once and counted as a duplicate', async () => {
      const { store, schema } = await open();
      const card = issuedCard();
      await store.recordIssued([card]);
      const item = accepted(card);
      expect(await store.recordFeedback(SERVICE, [item], T0)).toMatchObject({ stored: 1, duplicates: 0 });
      expect(await store.recordFeedback(SERVICE, [item], T0)).toMatchObject({
        stored: 0,
        duplicates: 1,
        items: ['duplicate'],
      });
      // The same instant written with another offset is the same outcomeTimestamp.
      const sameInstant = { ...item, outcomeTimestamp: '2026-03-01T11:00:00+01:00' };
      expect(await store.recordFeedback(SERVICE, [sameInstant], T0)).toMatchObject({ stored: 0, duplicates: 1 });
      expect(await count(`${schema}.feedback`)).toBe(1);
    });

    test('identical items within one request are stored once', async () => {
      const { store, schema } = await open();
      const card = issuedCard();
      await store.recordIssued([card]);
      const item = overridden(card, 'patient-declines');
      const result = await store.recordFeedback(SERVICE, [item, item], T0);
      expect(result).toMatchObject({ stored: 1, duplicates: 1, items: ['stored', 'duplicate'] });
      expect(await count(`${schema}.feedback`)).toBe(1);
    });

    test('a new outcome for the same card (a later timestamp) is a new record', async () => {
      const { store, schema } = await open();
      const card = issuedCard();
      await store.recordIssued([card]);
      await store.recordFeedback(SERVICE, [overridden(card, 'patient-declines', T0)], T0);
      const later = new Date(T0.getTime() + 60_000);
      expect(await store.recordFeedback(SERVICE, [accepted(card, later)], later)).toMatchObject({ stored: 1 });
      expect(await count(`${schema}.feedback`)).toBe(2);
    });

    test.each([
      ['a uuid nobody issued', (_c: IssuedCard) => randomUUID()],
      ['a card issued by another service', (c: IssuedCard) => c.uuid],
      ['an id holding U+0000', (_c: IssuedCard) => `bad\u0000id`],
    ])('feedback naming %s is not stored and is listed as unknown', async (_name, cardId) => {
      const { store, schema } = await open();
      const other = issuedCard({ serviceId: 'trial-referral' });
      const mine = issuedCard();
      await store.recordIssued([other, mine]);
      const unknownId = cardId(other);
      const result = await store.recordFeedback(
        SERVICE,
        [{ ...overridden(mine, 'patient-declines') }, { ...overridden(other), card: unknownId }],
        T0,
      );
      expect(result).toEqual({
        stored: 1,
        duplicates: 0,
        unknownCards: [unknownId],
        items: ['stored', 'unknown-card'],
      });
      expect(await count(`${schema}.feedback`)).toBe(1);
    });

    test('a card issued by another instance, flushed within the grace period, is not called unknown', async () => {
      const schema = db.newSchema();
      const { store: receiver } = await open({ schema, unknownCardGraceMs: 300 });
      const { store: issuer } = await open({ schema, flushIntervalMs: 60_000 });
      const card = issuedCard();
      await issuer.recordIssued([card]);
      setTimeout(() => void issuer.flush(), 100);
      const result = await receiver.recordFeedback(SERVICE, [overridden(card, 'patient-declines')], T0);
      expect(result).toMatchObject({ stored: 1, unknownCards: [] });
    });

    test('an accepted suggestion id that is not on the card rejects the request, naming the field', async () => {
      const { store, schema } = await open();
      const [a, b] = [issuedCard(), issuedCard()];
      await store.recordIssued([a, b]);
      const bad: FeedbackInput = {
        ...accepted(b),
        acceptedSuggestions: [{ id: b.suggestionUuids[1]! }, { id: a.suggestionUuids[0]! }],
      };
      const attempt = store.recordFeedback(SERVICE, [accepted(a), bad], T0);
      await expect(attempt).rejects.toBeInstanceOf(FeedbackRejectedError);
      await expect(attempt).rejects.toMatchObject({
        problems: [{ field: 'feedback[1].acceptedSuggestions[1].id' }],
      });
      expect(await count(`${schema}.feedback`)).toBe(0);
    });

    test('a comment holding U+0000 and a lone surrogate is stored rather than failing', async () => {
      const { store, schema } = await open();
      const card = issuedCard();
      await store.recordIssued([card]);
      const item: FeedbackInput = {
        ...overridden(card, 'patient-declines'),
        overrideReason: { reason: { code: 'patient-declines' }, userComment: 'nul\u0000 and \ud800 here' },
      };
      expect(await store.recordFeedback(SERVICE, [item], T0)).toMatchObject({ stored: 1 });
      const rows = await db.sql.query<{ user_comment: string }>(`SELECT user_comment FROM ${schema}.feedback`);
      expect(rows[0]!.user_comment).toBe('nul and \ufffd here');
    });
  });

  describe('suppression', () => {
    test.each([
      ['accepted', undefined, undefined, policy.acceptedSuppressDays, 'accepted'],
      ['overridden', 'patient-declines', undefined, 180, 'patient-declines'],
      ['overridden', 'unable-to-manage-device', undefined, 365, 'unable-to-manage-device'],
      ['overridden', 'already-under-evaluation', undefined, 90, 'already-under-evaluation'],
      ['overridden', 'trial-not-recruiting', undefined, 90, 'trial-not-recruiting'],
      ['overridden', 'a-reason-we-never-offered', undefined, policy.defaultSuppressDays, 'a-reason-we-never-offered'],
      [
        'overridden',
        'patient-declines',
        'http://another.example/reasons',
        policy.defaultSuppressDays,
        'patient-declines',
      ],
      ['overridden', undefined, undefined, policy.defaultSuppressDays, 'unspecified'],
    ] as const)(
      '%s with reason %s (system %s) suppresses the card for %i days',
      async (outcome, code, system, days, reason) => {
        const { store } = await open();
        const card = issuedCard();
        await store.recordIssued([card]);
        const item = outcome === 'accepted' ? accepted(card) : overridden(card, code, T0, system);
        await store.recordFeedback(SERVICE, [item], T0);
        const justBefore = new Date(T0.getTime() + days * DAY - 1000);
        const justAfter = new Date(T0.getTime() + days * DAY + 1000);
        expect(await store.activeSuppressions(SERVICE, 'Patient/p1', justBefore)).toEqual([
          { cardKey: 'pump-evaluation', until: new Date(T0.getTime() + days * DAY), outcome, reason, feedbackAt: T0 },
        ]);
        expect(await store.activeSuppressions(SERVICE, 'Patient/p1', justAfter)).toEqual([]);
      },
    );

    test('a suppression holds for the same service, patient and card key only', async () => {
      const { store } = await open();
      const pump = issuedCard();
      const trial = issuedCard({ cardKey: 'trial:NCT1', kind: 'trial-referral', trialId: 'NCT1' });
      const sameKeyOtherService = issuedCard({ serviceId: 'other-service' });
      await store.recordIssued([pump, trial, sameKeyOtherService]);
      await store.recordFeedback(SERVICE, [overridden(pump, 'patient-declines')], T0);
      const later = new Date(T0.getTime() + DAY);
      expect((await store.activeSuppressions(SERVICE, 'Patient/p1', later)).map((s) => s.cardKey)).toEqual([
        'pump-evaluation',
      ]);
      expect(await store.activeSuppressions(SERVICE, 'Patient/p2', later)).toEqual([]);
      expect(await store.activeSuppressions('other-service', 'Patient/p1', later)).toEqual([]);
    });

    test('an outcomeTimestamp in the future counts from when the feedback was received', async () => {
      const { store } = await open();
      const card = issuedCard();
      await store.recordIssued([card]);
      const future = new Date(T0.getTime() + 400 * DAY);
      await store.recordFeedback(SERVICE, [overridden(card, 'patient-declines', future)], T0);
      const [s] = await store.activeSuppressions(SERVICE, 'Patient/p1', T0);
      expect(s?.until).toEqual(new Date(T0.getTime() + 180 * DAY));
    });

    test('when several feedbacks suppress one card, the longest suppression is reported', async () => {
      const { store } = await open();
      const [first, second] = [issuedCard(), issuedCard()];
      await store.recordIssued([first, second]);
      await store.recordFeedback(SERVICE, [overridden(first, 'already-under-evaluation')], T0);
      await store.recordFeedback(SERVICE, [overridden(second, 'unable-to-manage-device')], T0);
      const active = await store.activeSuppressions(SERVICE, 'Patient/p1', T0);
      expect(active).toHaveLength(1);
      expect(active[0]).toMatchObject({ reason: 'unable-to-manage-device', until: new Date(T0.getTime() + 365 * DAY) });
    });
  });

  // A full load of the index (at start-up, and when the listener connects again) reads the
  // database, then takes over: what was stored between its read and its swap must not be lost. A
  // CI run found a suppression missing right after it was stored, the listener's first load having
  // swapped in an index read before it.
  test('a suppression stored while the index loads afresh is in force once the load is done', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    // The same database; once armed, the full load's read of the suppressions in force waits to be
    // released. No listener: the test runs the load itself.
    const slowLoad: SqlClient = {
      driver: db.sql.driver,
      query: async <T extends object>(text: string, params?: unknown[]): Promise<T[]> => {
        const rows = await db.sql.query<T>(text, params);
        if (holding && /suppress_until > \$1 AND cleared_at IS NULL/.test(text)) {
          holding = false;
          await held;
        }
        return rows;
      },
      transaction: (fn) => db.sql.transaction(fn),
      syncDurable: () => db.sql.syncDurable(),
      close: () => Promise.resolve(),
    };
    const { store } = await open({ sql: slowLoad });
    const sqlStore = store as unknown as { loadSuppressions(now: Date): Promise<void> };
    holding = true;
    const card = issuedCard({ issuedAt: T0 });
    await store.recordIssued([card]);
    const loading = sqlStore.loadSuppressions(T0);
    await until(() => !holding);
    await store.recordFeedback(SERVICE, [overridden(card, 'patient-declines')], T0);
    release();
    await loading;
    expect(await store.activeSuppressions(SERVICE, 'Patient/p1', T0)).toHaveLength(1);
  });

  describe('clearing patients (the sandbox demo reset)', () => {
    test("lifts those patients' suppressions in every service, keeps the rows, and leaves other patients alone", async () => {
      const { store, schema } = await open();
      const t = tablesIn(schema);
      // Real time: the reopened store below loads the suppressions in force now.
      const t0 = new Date();
      const p1Pump = issuedCard({ issuedAt: t0 });
      const p1Trial = issuedCard({
        serviceId: 'trial-referral',
        cardKey: 'trial:NCT1',
        kind: 'trial-referral',
        trialId: 'NCT1',
        issuedAt: t0,
      });
      const p2Pump = issuedCard({ patientRef: 'Patient/p2', issuedAt: t0 });
      await store.recordIssued([p1Pump, p1Trial, p2Pump]);
      await store.recordFeedback(SERVICE, [accepted(p1Pump, t0)], t0);
      await store.recordFeedback(SERVICE, [overridden(p1Pump, 'patient-declines', new Date(t0.getTime() + 1))], t0);
      await store.recordFeedback('trial-referral', [overridden(p1Trial, 'patient-declines', t0)], t0);
      await store.recordFeedback(SERVICE, [overridden(p2Pump, 'patient-declines', t0)], t0);
      const at = new Date(t0.getTime() + 1000);

      // Three rows for p1 (two on one card key), two suppressions in force; an unknown patient is fine.
      await expect(store.clearPatients!(['Patient/p1', 'Patient/nobody'], at)).resolves.toEqual({
        feedbackCleared: 3,
        suppressionsCleared: 2,
      });
      expect(await store.activeSuppressions(SERVICE, 'Patient/p1', at)).toEqual([]);
      expect(await store.activeSuppressions('trial-referral', 'Patient/p1', at)).toEqual([]);
      expect(await store.activeSuppressions(SERVICE, 'Patient/p2', at)).toHaveLength(1);
      // Nothing left to clear the second time.
      await expect(store.clearPatients!(['Patient/p1'], at)).resolves.toEqual({
        feedbackCleared: 0,
        suppressionsCleared: 0,
      });
      // The audit trail and the feedback stay on record: the report still counts them.
      expect(await count(t.feedback)).toBe(4);
      const cleared = await db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${t.feedback} WHERE cleared_at = $1`,
        [at],
      );
      expect(cleared[0]!.n).toBe(3);
      const report = await buildFeedbackReport(db.sql, t);
      expect(report.services.find((l) => l.serviceId === SERVICE)).toMatchObject({ issued: 2, overridden: 2 });

      // Another store opened on the same tables (a restart) loads p2's suppression, not p1's.
      const { store: reopened } = await open({ schema });
      expect(await reopened.activeSuppressions(SERVICE, 'Patient/p1', at)).toEqual([]);
      expect(await reopened.activeSuppressions('trial-referral', 'Patient/p1', at)).toEqual([]);
      expect(await reopened.activeSuppressions(SERVICE, 'Patient/p2', at)).toHaveLength(1);
    });

    test('clearAllFeedback (reset-demo on a data directory no service holds) clears every patient', async () => {
      const { store, schema } = await open();
      const t = tablesIn(schema);
      const t0 = new Date();
      const p1 = issuedCard({ issuedAt: t0 });
      const p2 = issuedCard({ patientRef: 'Patient/p2', issuedAt: t0 });
      const old = issuedCard({ patientRef: 'Patient/p3', issuedAt: new Date(t0.getTime() - 400 * DAY) });
      await store.recordIssued([p1, p2, old]);
      await store.recordFeedback(SERVICE, [accepted(p1, t0), overridden(p2, 'patient-declines', t0)], t0);
      await store.flush();
      // A row whose suppression has ended counts as cleared feedback, not as a lifted suppression.
      await db.sql.query(
        `INSERT INTO ${t.feedback} (card_uuid, service_id, patient_ref, card_key, outcome, outcome_at, received_at,
           suppress_reason, suppress_until) VALUES ($1, $2, 'Patient/p3', 'pump-evaluation', 'accepted', $3, $3, 'accepted', $3)`,
        [old.uuid, SERVICE, old.issuedAt],
      );
      const at = new Date(t0.getTime() + 1000);
      await expect(clearAllFeedback(db.sql, t, at)).resolves.toEqual({ feedbackCleared: 3, suppressionsCleared: 2 });
      await expect(clearAllFeedback(db.sql, t, at)).resolves.toEqual({ feedbackCleared: 0, suppressionsCleared: 0 });
      expect(await count(t.feedback)).toBe(3);
      const { store: reopened } = await open({ schema });
      expect(await reopened.activeSuppressions(SERVICE, 'Patient/p1', at)).toEqual([]);
      expect(await reopened.activeSuppressions(SERVICE, 'Patient/p2', at)).toEqual([]);
    });

    test('feedback given after a clear suppresses the card again', async () => {
      const { store } = await open();
      const before = issuedCard();
      await store.recordIssued([before]);
      await store.recordFeedback(SERVICE, [accepted(before)], T0);
      await store.clearPatients!(['Patient/p1'], T0);
      const after = issuedCard();
      await store.recordIssued([after]);
      await store.recordFeedback(SERVICE, [overridden(after, 'patient-declines')], T0);
      expect(await store.activeSuppressions(SERVICE, 'Patient/p1', T0)).toEqual([
        expect.objectContaining({ cardKey: 'pump-evaluation', reason: 'patient-declines' }),
      ]);
    });
  });

  describe('report', () => {
    test('per service and per trial: issued, acceptance, overrides by reason, suppressed; --since filters', async () => {
      const { store, schema } = await open();
      const old = issuedCard({ issuedAt: new Date('2025-06-01T00:00:00Z') });
      const pumps = [
        issuedCard({ patientRef: 'Patient/a' }),
        issuedCard({ patientRef: 'Patient/b' }),
        issuedCard({ patientRef: 'Patient/c' }),
        issuedCard({ patientRef: 'Patient/d' }),
      ];
      const trialCard = (patient: string): IssuedCard =>
        issuedCard({
          serviceId: 'trial-referral',
          patientRef: patient,
          cardKey: 'trial:NCT9',
          kind: 'trial-referral',
          trialId: 'NCT9',
        });
      const trials = [trialCard('Patient/a'), trialCard('Patient/b')];
      await store.recordIssued([old, ...pumps, ...trials]);
      await store.recordFeedback(
        SERVICE,
        [
          accepted(pumps[0]!),
          overridden(pumps[1]!, 'patient-declines'),
          overridden(pumps[2]!, 'patient-declines'),
          overridden(old),
        ],
        T0,
      );
      // A later outcome on the same card replaces the earlier one in the report.
      const later = new Date(T0.getTime() + 1000);
      await store.recordFeedback(SERVICE, [overridden(pumps[0]!, 'already-under-evaluation', later)], later);
      await store.recordFeedback('trial-referral', [overridden(trials[0]!, 'trial-not-recruiting')], T0);
      await store.recordSuppressed(SERVICE, 'Patient/b', ['pump-evaluation'], T0);
      await store.recordSuppressed(SERVICE, 'Patient/c', ['pump-evaluation'], T0);
      await store.recordSuppressed('trial-referral', 'Patient/a', ['trial:NCT9'], T0);
      await store.recordSuppressed(SERVICE, 'Patient/x', ['pump-evaluation'], new Date('2025-06-02T00:00:00Z'));
      await store.flush();

      const report = await buildFeedbackReport(db.sql, tablesIn(schema), new Date('2026-01-01T00:00:00Z'));
      expect(report.since).toBe('2026-01-01T00:00:00.000Z');
      expect(report.services).toEqual([
        {
          serviceId: SERVICE,
          issued: 4,
          accepted: 0,
          overridden: 3,
          acceptanceRate: 0,
          overrideRate: 0.75,
          overridesByReason: {
            'patient-declines': { count: 2, rate: 0.5 },
            'already-under-evaluation': { count: 1, rate: 0.25 },
          },
          suppressed: 2,
        },
        {
          serviceId: 'trial-referral',
          issued: 2,
          accepted: 0,
          overridden: 1,
          acceptanceRate: 0,
          overrideRate: 0.5,
          overridesByReason: { 'trial-not-recruiting': { count: 1, rate: 0.5 } },
          suppressed: 1,
        },
      ]);
      expect(report.trials).toEqual([
        {
          serviceId: 'trial-referral',
          trialId: 'NCT9',
          issued: 2,
          accepted: 0,
          overridden: 1,
          acceptanceRate: 0,
          overrideRate: 0.5,
          overridesByReason: { 'trial-not-recruiting': { count: 1, rate: 0.5 } },
          suppressed: 1,
        },
      ]);
      const allTime = await buildFeedbackReport(db.sql, tablesIn(schema));
      expect(allTime.services[0]).toMatchObject({ issued: 5, overridden: 4, suppressed: 3 });
      expect(allTime.services[0]!.overridesByReason.unspecified).toEqual({ count: 1, rate: 0.2 });
    });
  });

  test('ping answers while the database is reachable', async () => {
    const { store } = await open();
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
