import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Express } from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { main as feedbackReport } from '../bin/feedback-report.js';
import { createLogger } from '../config/logger.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import type { AppDeps } from '../hooks/deps.js';
import { ERROR_CODE_SYSTEM } from '../hooks/errors.js';
import { SUPPRESSED_EXTENSION } from '../hooks/invoke.js';
import { loadFeedbackPolicy } from '../rules/feedback-policy.js';
import type { Card } from '../services/card-schema.js';
import type { CardStore } from '../store/card-store.js';
import { MIGRATIONS } from '../store/migrations.js';
import { openCardStore } from '../store/open-card-store.js';
import { tablesIn } from '../store/tables.js';
import { FIXED_TRIAL_ID } from './support/fixed-card-service.js';
import { buildStoreTestApp, patientViewRequest } from './support/store-test-app.js';
import { DRIVERS, openTestDatabase, seedPgliteDataDir, type TestDatabase } from './support/test-database.js';

const policy = loadFeedbackPolicy(DEFAULT_RULES_DIR);
const SERVICE = 'test-cards';
const DAY = 24 * 60 * 60 * 1000;

interface Issue {
  readonly expression?: string[];
  readonly details: { coding: { system: string; code: string }[] };
}

function codesOf(body: { issue: Issue[] }): string[] {
  return body.issue.map((i) => i.details.coding.find((c) => c.system === ERROR_CODE_SYSTEM)!.code);
}

function fieldsOf(body: { issue: Issue[] }): string[] {
  return body.issue.flatMap((i) => i.expression ?? []);
}

describe.each(DRIVERS)('feedback endpoint on %s', (driver) => {
  let db: TestDatabase;
  let store: CardStore;
  let app: Express;
  let deps: AppDeps;

  beforeAll(async () => {
    db = await openTestDatabase(driver);
    const logger = createLogger('silent');
    store = await openCardStore({ sql: db.sql, schema: db.newSchema(), policy, logger, unknownCardGraceMs: 0 });
    ({ app, deps } = buildStoreTestApp({ store, logger }));
  });

  afterAll(async () => {
    await store?.close();
    await db?.close();
  });

  async function cardsFor(patientId: string): Promise<{ cards: Card[]; extension?: Record<string, unknown> }> {
    const res = await request(app).post(`/cds-services/${SERVICE}`).send(patientViewRequest(patientId)).expect(200);
    return res.body as { cards: Card[]; extension?: Record<string, unknown> };
  }

  function sendFeedback(items: unknown[]): request.Test {
    return request(app).post(`/cds-services/${SERVICE}/feedback`).send({ feedback: items });
  }

  async function metric(name: string): Promise<string[]> {
    const text = (await deps.metrics.registry.getSingleMetricAsString(name)).split('\n');
    return text.filter((l) => !l.startsWith('#'));
  }

  test('an overridden card answers 200 once committed and is held back on the next call, with the reason', async () => {
    const first = await cardsFor('fb-1');
    expect(first.cards).toHaveLength(2);
    const pump = first.cards.find((c) => c.summary.includes('pump'))!;
    const at = new Date().toISOString();
    const res = await sendFeedback([
      {
        card: pump.uuid,
        outcome: 'overridden',
        overrideReason: { reason: pump.overrideReasons![0], userComment: 'prefers pens' },
        outcomeTimestamp: at,
      },
    ]).expect(200);
    expect(res.body).toEqual({ stored: 1, duplicates: 0 });
    expect(await store.activeSuppressions(SERVICE, 'Patient/fb-1', new Date())).toHaveLength(1);

    const second = await cardsFor('fb-1');
    expect(second.cards.map((c) => c.summary)).toEqual([`Consider referral to trial ${FIXED_TRIAL_ID}`]);
    const held = (second.extension?.[SUPPRESSED_EXTENSION] ?? []) as { key: string; reason: string; until: string }[];
    expect(held).toEqual([{ key: 'pump-evaluation', reason: 'patient-declines', until: expect.any(String) }]);
    expect(Date.parse(held[0]!.until) - Date.parse(at)).toBe(180 * DAY);

    // Another patient still gets both cards.
    expect((await cardsFor('fb-2')).cards).toHaveLength(2);
    expect(await metric('cds_feedback_total')).toContain(
      `cds_feedback_total{service="${SERVICE}",outcome="overridden"} 1`,
    );
    expect(await metric('cds_cards_suppressed_total')).toContain(
      `cds_cards_suppressed_total{service="${SERVICE}",kind="pump-evaluation"} 1`,
    );
  });

  test('an accepted trial referral is held back too', async () => {
    const { cards } = await cardsFor('fb-3');
    const trial = cards.find((c) => c.summary.includes(FIXED_TRIAL_ID))!;
    await sendFeedback([
      {
        card: trial.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: trial.suggestions![0]!.uuid }],
        outcomeTimestamp: new Date().toISOString(),
      },
    ]).expect(200);
    const again = await cardsFor('fb-3');
    expect(again.cards.map((c) => c.summary)).toEqual(['Consider an insulin pump evaluation']);
  });

  test('feedback sent twice answers 200 both times and is stored once', async () => {
    const { cards } = await cardsFor('fb-4');
    const item = { card: cards[0]!.uuid, outcome: 'overridden', outcomeTimestamp: '2026-02-01T09:30:00.123Z' };
    expect((await sendFeedback([item]).expect(200)).body).toEqual({ stored: 1, duplicates: 0 });
    expect((await sendFeedback([item]).expect(200)).body).toEqual({ stored: 0, duplicates: 1 });
    expect(await metric('cds_feedback_items_total')).toContain(
      `cds_feedback_items_total{service="${SERVICE}",result="duplicate"} 1`,
    );
  });

  test('feedback naming a card this service never issued answers 404, naming each such item', async () => {
    const { cards } = await cardsFor('fb-5');
    const res = await sendFeedback([
      { card: cards[0]!.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() },
      {
        card: '5f0b7a0e-0000-4000-8000-000000000000',
        outcome: 'overridden',
        outcomeTimestamp: new Date().toISOString(),
      },
    ]).expect(404);
    expect(codesOf(res.body)).toEqual(['unknown-card']);
    expect(fieldsOf(res.body)).toEqual(['feedback[1].card']);
  });

  test.each([
    ['outcomeTimestamp is missing', { outcome: 'overridden' }, 'feedback[0].outcomeTimestamp'],
    [
      'outcomeTimestamp is not a date-time',
      { outcome: 'overridden', outcomeTimestamp: 'yesterday' },
      'feedback[0].outcomeTimestamp',
    ],
    [
      'outcomeTimestamp is before 1970',
      { outcome: 'overridden', outcomeTimestamp: '0000-01-01T00:00:00Z' },
      'feedback[0].outcomeTimestamp',
    ],
    [
      'an accepted outcome has no acceptedSuggestions',
      { outcome: 'accepted', outcomeTimestamp: '2026-01-01T00:00:00Z' },
      'feedback[0].acceptedSuggestions',
    ],
    ['the outcome is unknown', { outcome: 'ignored', outcomeTimestamp: '2026-01-01T00:00:00Z' }, 'feedback[0].outcome'],
    [
      'an accepted suggestion is not one of the card',
      {
        outcome: 'accepted',
        acceptedSuggestions: [{ id: 'not-a-suggestion' }],
        outcomeTimestamp: '2026-01-01T00:00:00Z',
      },
      'feedback[0].acceptedSuggestions[0].id',
    ],
  ])('400 invalid-feedback when %s, naming the field', async (_name, item, field) => {
    const { cards } = await cardsFor('fb-6');
    const res = await sendFeedback([{ card: cards[0]!.uuid, ...item }]).expect(400);
    expect(codesOf(res.body)).toEqual(['invalid-feedback']);
    expect(fieldsOf(res.body)).toContain(field);
    expect(await store.activeSuppressions(SERVICE, 'Patient/fb-6', new Date())).toEqual([]);
  });
});

describe('feedback endpoint with a failing database', () => {
  test('answers 503 storage-unavailable so the EHR can send it again, and /readyz reports the database', async () => {
    const db = await openTestDatabase('pg');
    const logger = createLogger('silent');
    const sql = await db.openClient();
    const store = await openCardStore({ sql, schema: db.newSchema(), policy, logger, unknownCardGraceMs: 0 });
    try {
      const { app } = buildStoreTestApp({ store, logger });
      const res = await request(app).post(`/cds-services/${SERVICE}`).send(patientViewRequest('fb-7')).expect(200);
      const card = (res.body as { cards: Card[] }).cards[0]!;
      await request(app).get('/readyz').expect(200);
      await sql.close();
      const failed = await request(app)
        .post(`/cds-services/${SERVICE}/feedback`)
        .send({ feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }] })
        .expect(503);
      expect(codesOf(failed.body)).toEqual(['storage-unavailable']);
      expect(failed.headers['retry-after']).toMatch(/^\d+$/);
      // Still ready for hook calls, which never wait on the database; /healthz says why it is degraded.
      const ready = await request(app).get('/readyz').expect(200);
      expect(ready.body).toEqual({
        status: 'ready',
        checks: { rules: 'ok', lifecycle: 'ok', database: 'unreachable' },
      });
      const health = await request(app).get('/healthz').expect(200);
      expect(health.body).toMatchObject({ status: 'degraded', reasons: ['database unreachable'] });
      await request(app).post(`/cds-services/${SERVICE}`).send(patientViewRequest('fb-7')).expect(200);
    } finally {
      await store.close().catch(() => undefined);
      await db.close();
    }
  });
});

describe('readiness and the schema version', () => {
  test('a database holding an older schema than the code needs makes /readyz 503, naming both versions', async () => {
    const db = await openTestDatabase('pg');
    const logger = createLogger('silent');
    const schema = db.newSchema();
    const store = await openCardStore({ sql: db.sql, schema, policy, logger });
    try {
      const { app } = buildStoreTestApp({ store, logger });
      await request(app).get('/readyz').expect(200);
      const newest = Math.max(...MIGRATIONS.map((m) => m.version));
      // As if the newest migration had not run: a replica of newer code on an older database.
      await db.sql.query(`DELETE FROM ${tablesIn(schema).migrations} WHERE version = $1`, [newest]);
      const ready = await request(app).get('/readyz').expect(503);
      expect(ready.body).toEqual({
        status: 'not-ready',
        checks: { rules: 'ok', lifecycle: 'ok', database: `schema ${newest - 1}, needs ${newest}` },
      });
    } finally {
      await store.close();
      await db.close();
    }
  });
});

describe('npm run feedback-report', () => {
  test('prints cards issued, acceptance, overrides by reason and suppressions per service and trial', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-report-'));
    try {
      await seedPgliteDataDir(dir);
      const logger = createLogger('silent');
      const store = await openCardStore({ dataDir: dir, policy, logger });
      const { app } = buildStoreTestApp({ store, logger });
      const call = async (patientId: string): Promise<Card[]> =>
        (
          (await request(app).post(`/cds-services/${SERVICE}`).send(patientViewRequest(patientId)).expect(200))
            .body as { cards: Card[] }
        ).cards;
      const feedback = (item: Record<string, unknown>): request.Test =>
        request(app)
          .post(`/cds-services/${SERVICE}/feedback`)
          .send({ feedback: [{ outcomeTimestamp: new Date().toISOString(), ...item }] })
          .expect(200);
      const [pumpA] = await call('report-a');
      const [, trialB] = await call('report-b');
      await feedback({
        card: pumpA!.uuid,
        outcome: 'overridden',
        overrideReason: { reason: pumpA!.overrideReasons![0] },
      });
      await feedback({
        card: trialB!.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: trialB!.suggestions![0]!.uuid }],
      });
      expect(await call('report-a')).toHaveLength(1);
      expect(await call('report-b')).toHaveLength(1);
      await store.close();

      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { DATA_DIR: dir } };
      expect(await feedbackReport(['--since', '2026-01-01', '--json'], io)).toBe(0);
      const report = JSON.parse(out.join('\n')) as Record<string, unknown>;
      expect(report).toEqual({
        since: '2026-01-01T00:00:00.000Z',
        services: [
          {
            serviceId: SERVICE,
            issued: 6,
            accepted: 1,
            overridden: 1,
            acceptanceRate: 0.1667,
            overrideRate: 0.1667,
            overridesByReason: { 'patient-declines': { count: 1, rate: 0.1667 } },
            suppressed: 2,
          },
        ],
        trials: [
          {
            serviceId: SERVICE,
            trialId: FIXED_TRIAL_ID,
            issued: 3,
            accepted: 1,
            overridden: 0,
            acceptanceRate: 0.3333,
            overrideRate: 0,
            overridesByReason: {},
            suppressed: 1,
          },
        ],
      });

      out.length = 0;
      expect(await feedbackReport([], io)).toBe(0);
      const text = out.join('\n');
      expect(text).toContain('Per service');
      expect(text).toMatch(new RegExp(`${SERVICE}\\s+6\\s+16\\.7%\\s+16\\.7%\\s+2`));
      expect(text).toContain('overridden: patient-declines  1 (16.7%)');
      expect(text).toMatch(new RegExp(`${FIXED_TRIAL_ID} \\(${SERVICE}\\)\\s+3\\s+33\\.3%\\s+0\\.0%\\s+1`));

      expect(await feedbackReport(['--since', 'last tuesday'], io)).toBe(2);
      expect(err.join('\n')).toContain('--since');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
