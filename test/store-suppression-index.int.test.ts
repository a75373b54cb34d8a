import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../config/logger.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadFeedbackPolicy } from '../rules/feedback-policy.js';
import type { CardStore, IssuedCard } from '../store/card-store.js';
import { openCardStore } from '../store/open-card-store.js';
import { SuppressionIndex } from '../store/suppression-index.js';
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
  }, 60_000);
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
