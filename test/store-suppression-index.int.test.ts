import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../config/logger.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadFeedbackPolicy } from '../rules/feedback-policy.js';
import type { CardStore, IssuedCard } from '../store/card-store.js';
import { openCardStore } from '../store/open-card-store.js';
import { SuppressionIndex } from '../store/suppression-index.js';
import { tablesIn } from '../store/tables.js';
import { openTestDatabase, type TestDatabase } from './support/test-database.js';

const policy = loadFeedbackPolicy(DEFAULT_RULES_DIR);
const silent = createLogger('silent');
const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date();

function card(patient: string): IssuedCard {
  return {
    uuid: randomUUID(),
    serviceId: 'pump-evaluation',
    hookInstance: randomUUID(),
    patientRef: `Patient/${patient}`,
    cardKey: 'pump-evaluation',
    kind: 'pump-evaluation',
    matchedRules: ['pump-evaluation'],
    suggestionUuids: [randomUUID()],
    issuedAt: NOW,
    rulesVersion: 'sha256:0000000000000000',
  };
}

describe('the in-memory suppression index', () => {
  const s = (cardKey: string, days: number) => ({
    cardKey,
    until: new Date(NOW.getTime() + days * DAY),
    outcome: 'overridden' as const,
    reason: 'patient-declines',
    feedbackAt: NOW,
  });

  test('keeps the longest suppression per card and answers per service and patient', () => {
    const index = new SuppressionIndex();
    index.add('svc', 'Patient/a', s('pump-evaluation', 180));
    index.add('svc', 'Patient/a', s('pump-evaluation', 90));
    index.add('svc', 'Patient/b', s('pump-evaluation', 30));
    expect(index.active('svc', 'Patient/a', NOW).map((x) => x.until)).toEqual([s('x', 180).until]);
    expect(index.active('other', 'Patient/a', NOW)).toEqual([]);
    expect(index.active('svc', 'Patient/b', new Date(NOW.getTime() + 31 * DAY))).toEqual([]);
  });

  test('answers each suppressed card of a patient with every field as stored', () => {
    const index = new SuppressionIndex();
    index.add('svc', 'Patient/a', s('k1', 10));
    index.add('svc', 'Patient/a', { ...s('k2', 20), outcome: 'accepted', reason: 'accepted' });
    index.add('svc', 'Patient/a', s('k1', 40));
    const byKey = new Map(index.active('svc', 'Patient/a', NOW).map((x) => [x.cardKey, x]));
    expect(byKey.get('k1')).toEqual(s('k1', 40));
    expect(byKey.get('k2')).toEqual({ ...s('k2', 20), outcome: 'accepted', reason: 'accepted' });
    expect(index.size).toBe(2);
  });

  test('prune forgets suppressions that have ended', () => {
    const index = new SuppressionIndex();
    index.add('svc', 'Patient/a', s('k1', 1));
    index.add('svc', 'Patient/a', s('k2', 10));
    index.prune(new Date(NOW.getTime() + 2 * DAY));
    expect(index.size).toBe(1);
  });
});

describe('suppressions shared through one PostgreSQL by two instances', () => {
  let db: TestDatabase;
  let schema: string;
  let a: CardStore;
  let b: CardStore;

  beforeAll(async () => {
    db = await openTestDatabase('pg');
    schema = db.newSchema();
    a = await openCardStore({ sql: db.sql, schema, policy, logger: silent });
    b = await openCardStore({ sql: await db.openClient(), schema, policy, logger: silent, suppressionRefreshMs: 50 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.close();
  });

  test('feedback stored by one instance suppresses the card on the other after a refresh', async () => {
    const issued = card('shared-1');
    await a.recordIssued([issued]);
    await a.flush();
    const result = await a.recordFeedback(
      'pump-evaluation',
      [
        {
          card: issued.uuid,
          outcome: 'overridden',
          overrideReason: { reason: { code: 'patient-declines', system: policy.overrideReasonSystem } },
          outcomeTimestamp: NOW.toISOString(),
        },
      ],
      NOW,
    );
    expect(result.stored).toBe(1);
    expect((await a.activeSuppressions('pump-evaluation', 'Patient/shared-1', NOW)).map((x) => x.reason)).toEqual([
      'patient-declines',
    ]);
    const deadline = Date.now() + 3000;
    let seen: string[] = [];
    while (Date.now() < deadline && seen.length === 0) {
      await new Promise((r) => setTimeout(r, 50));
      seen = (await b.activeSuppressions('pump-evaluation', 'Patient/shared-1', NOW)).map((x) => x.reason);
    }
    expect(seen).toEqual(['patient-declines']);
  });

  test('a new instance loads the suppressions already in force when it opens', async () => {
    const c = await openCardStore({ sql: db.sql, schema, policy, logger: silent });
    try {
      expect(await c.activeSuppressions('pump-evaluation', 'Patient/shared-1', NOW)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});

/** A dismissal of `issued` ("patient declines"), as the feedback endpoint stores it. */
function dismissal(issued: IssuedCard, at: Date) {
  return [
    {
      card: issued.uuid,
      outcome: 'overridden' as const,
      overrideReason: { reason: { code: 'patient-declines', system: policy.overrideReasonSystem } },
      outcomeTimestamp: at.toISOString(),
    },
  ];
}

/** Polls `check` every 10 ms; resolves to the milliseconds it took, or throws after `timeoutMs`. */
async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const suppressed = async (store: CardStore, patient: string) =>
  (await store.activeSuppressions('pump-evaluation', `Patient/${patient}`, new Date())).length > 0;

describe('replicas on one PostgreSQL: announced feedback, read by a database-assigned id', () => {
  let db: TestDatabase;
  let schema: string;
  let a: CardStore;
  let b: CardStore;
  // The safety-net read after the cursor runs once a minute here: what arrives in time came by LISTEN/NOTIFY.
  const SLOW = 60_000;

  beforeAll(async () => {
    db = await openTestDatabase('pg');
    schema = db.newSchema();
    a = await openCardStore({ sql: db.sql, schema, policy, logger: silent, suppressionRefreshMs: SLOW });
    b = await openCardStore({ sql: await db.openClient(), schema, policy, logger: silent, suppressionRefreshMs: SLOW });
    // Both listeners are up once a dismissal stored by one reaches the other.
    const probe = card('listen-probe');
    await a.recordIssued([probe]);
    await a.flush();
    await a.recordFeedback('pump-evaluation', dismissal(probe, NOW), NOW);
    await within(5000, () => suppressed(b, 'listen-probe'));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.close();
  });

  test.each([
    ['a clock in step', 0],
    ['a clock 10 minutes slow (the old received_at refresh skipped such rows)', -10 * 60_000],
    ['a clock 10 minutes fast', 10 * 60_000],
  ])('a dismissal stored by one replica with %s suppresses the card on the other within 1 s', async (_n, skew) => {
    const patient = `skew-${skew}`;
    const issued = card(patient);
    await a.recordIssued([issued]);
    await a.flush();
    const at = new Date(Date.now() + skew);
    expect((await a.recordFeedback('pump-evaluation', dismissal(issued, at), at)).stored).toBe(1);
    expect(await within(1000, () => suppressed(b, patient))).toBeLessThan(1000);
  });

  test('1,000 dismissals written concurrently through both replicas, with skewed clocks: none missed on either', async () => {
    const cards = Array.from({ length: 1000 }, (_, i) => card(`many-${i}`));
    await a.recordIssued(cards.slice(0, 500));
    await b.recordIssued(cards.slice(500));
    await Promise.all([a.flush(), b.flush()]);
    // 16 writers at a time, alternating replicas, clocks up to a minute either way.
    let next = 0;
    const writer = async () => {
      for (let i = next++; i < cards.length; i = next++) {
        const store = i < 500 ? a : b;
        const at = new Date(Date.now() + ((i * 7919) % 120_000) - 60_000);
        await store.recordFeedback('pump-evaluation', dismissal(cards[i]!, at), at);
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    const missing = async (store: CardStore) => {
      const flags = await Promise.all(cards.map((c) => suppressed(store, c.patientRef.slice('Patient/'.length))));
      return flags.filter((f) => !f).length;
    };
    await within(1000, async () => (await missing(a)) === 0 && (await missing(b)) === 0);
    expect([await missing(a), await missing(b)]).toEqual([0, 0]);
  });

  test("a demo reset on one replica lifts the patient's suppression on the other", async () => {
    const issued = card('reset-me');
    await a.recordIssued([issued]);
    await a.flush();
    await a.recordFeedback('pump-evaluation', dismissal(issued, NOW), NOW);
    await within(1000, () => suppressed(b, 'reset-me'));
    await a.clearPatients!(['Patient/reset-me'], new Date());
    await within(1000, async () => !(await suppressed(b, 'reset-me')));
  });

  test('a listener whose connection is cut reconnects, and catches up on what it missed', async () => {
    const killed = await db.sql.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE query = $1 AND pid <> pg_backend_pid()`,
      [`LISTEN ${tablesIn(schema).feedbackChannel}`],
    );
    expect(killed[0]?.n).toBe(2);
    // Stored while the listeners are down or reconnecting: found by the reload that follows.
    const during = card('while-down');
    await a.recordIssued([during]);
    await a.flush();
    await a.recordFeedback('pump-evaluation', dismissal(during, NOW), NOW);
    await within(5000, () => suppressed(b, 'while-down'));
    // And announced again once listening.
    const after = card('after-reconnect');
    await a.recordIssued([after]);
    await a.flush();
    await within(5000, async () => {
      const stored = await a.recordFeedback('pump-evaluation', dismissal(after, NOW), NOW);
      return stored.stored + stored.duplicates === 1;
    });
    await within(5000, () => suppressed(b, 'after-reconnect'));
  });
});
