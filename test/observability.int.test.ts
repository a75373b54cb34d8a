import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Express } from 'express';
import request from 'supertest';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import type { AppDeps } from '../hooks/deps.js';
import { loadFeedbackPolicy } from '../rules/feedback-policy.js';
import { rulesVersion } from '../rules/rules-version.js';
import type { Card } from '../services/card-schema.js';
import type { CardStore } from '../store/card-store.js';
import { openCardStore } from '../store/open-card-store.js';
import { capturingLogger } from './support/fhir-log-capture.js';
import { buildStoreTestApp, patientViewRequest } from './support/store-test-app.js';
import { openTestDatabase, type TestDatabase } from './support/test-database.js';

const SERVICE = 'test-cards';
// Secrets and personal data a request may carry; none may reach the log.
const PATIENT_GIVEN = 'Zebulon';
const PATIENT_FAMILY = 'Quillfeatherstone';
const JWT =
  'eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCIsImtpZCI6Im9icy1raWQifQ.eyJpc3MiOiJodHRwczovL2Voci5leGFtcGxlIiwic3ViIjoib2JzLXN1YmplY3QifQ.b2JzZXJ2YWJpbGl0eS1zaWduYXR1cmUtbWFya2Vy';
const ACCESS_TOKEN = 'access-token-marker-7d1e9c';
const BODY_MARKER = 'body-marker-4b2f0a';
const COMMENT_MARKER = 'comment-marker-93aa51';
const SECRETS = [
  PATIENT_GIVEN,
  PATIENT_FAMILY,
  JWT,
  ...JWT.split('.'),
  ACCESS_TOKEN,
  BODY_MARKER,
  COMMENT_MARKER,
  'Bearer',
];

function hookRequest(patientId: string): Record<string, unknown> {
  const base = patientViewRequest(patientId);
  return {
    ...base,
    context: { userId: `Practitioner/${BODY_MARKER}`, patientId },
    fhirServer: 'https://ehr.example/fhir',
    fhirAuthorization: {
      access_token: ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'patient/*.read',
      subject: 'cds',
    },
    prefetch: {
      patient: {
        resourceType: 'Patient',
        id: patientId,
        birthDate: '1961-04-02',
        name: [{ given: [PATIENT_GIVEN], family: PATIENT_FAMILY, text: `${PATIENT_GIVEN} ${PATIENT_FAMILY}` }],
      },
    },
  };
}

describe('logs, metrics and health', () => {
  let db: TestDatabase;
  let store: CardStore;
  let app: Express;
  let deps: AppDeps;
  let optionalAuthApp: Express;
  const log = capturingLogger('debug');

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    const policy = loadFeedbackPolicy(DEFAULT_RULES_DIR);
    store = await openCardStore({
      sql: db.sql,
      schema: db.newSchema(),
      policy,
      logger: log.logger,
      unknownCardGraceMs: 0,
    });
    ({ app, deps } = buildStoreTestApp({ store, logger: log.logger }));
    ({ app: optionalAuthApp } = buildStoreTestApp({ store, logger: log.logger, authMode: 'optional' }));
  });

  afterAll(async () => {
    await store?.close();
    await db?.close();
  });

  test('no request body, prefetch, JWT, access token or patient name is ever logged', async () => {
    const res = await request(app)
      .post(`/cds-services/${SERVICE}`)
      .set('Authorization', `Bearer ${JWT}`)
      .send(hookRequest('obs-1'))
      .expect(200);
    const card = (res.body as { cards: Card[] }).cards[0]!;
    await request(app)
      .post(`/cds-services/${SERVICE}/feedback`)
      .set('Authorization', `Bearer ${JWT}`)
      .send({
        feedback: [
          {
            card: card.uuid,
            outcome: 'overridden',
            overrideReason: { userComment: `${COMMENT_MARKER} ${PATIENT_FAMILY}` },
            outcomeTimestamp: new Date().toISOString(),
          },
        ],
      })
      .expect(200);
    // Refused requests: malformed JSON, a schema error, and a JWT the optional-auth app rejects.
    await request(app)
      .post(`/cds-services/${SERVICE}`)
      .set('Content-Type', 'application/json')
      .send(`{"hook":"patient-view","prefetch":{"name":"${PATIENT_FAMILY}"`)
      .expect(400);
    await request(app)
      .post(`/cds-services/${SERVICE}`)
      .send({ ...hookRequest('obs-2'), hookInstance: `${BODY_MARKER} ${PATIENT_GIVEN}` })
      .expect(400);
    await request(optionalAuthApp)
      .post(`/cds-services/${SERVICE}`)
      .set('Authorization', `Bearer ${JWT}`)
      .send(hookRequest('obs-3'))
      .expect(401);

    const text = log.text();
    for (const secret of SECRETS) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });

    const requests = log.lines().filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(5);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      route: '/cds-services/:id',
      status: 200,
      serviceId: SERVICE,
      hook: 'patient-view',
      cards: 2,
      suppressed: 0,
      fhirRounds: 0,
    });
    expect(requests.map((l) => [l.status, l.serviceId])).toEqual([
      [200, SERVICE],
      [200, SERVICE],
      [400, SERVICE],
      [400, SERVICE],
      [401, SERVICE],
    ]);
    for (const line of requests) expect(typeof line.durationMs).toBe('number');
  });

  test('/metrics exposes request duration, cards, FHIR fetches, feedback and suppressions, with no patient data', async () => {
    const res = await request(app).post(`/cds-services/${SERVICE}`).send(hookRequest('obs-4')).expect(200);
    const pump = (res.body as { cards: Card[] }).cards.find((c) => c.summary.includes('pump'))!;
    await request(app)
      .post(`/cds-services/${SERVICE}/feedback`)
      .send({
        feedback: [
          {
            card: pump.uuid,
            outcome: 'overridden',
            overrideReason: { reason: pump.overrideReasons![0] },
            outcomeTimestamp: new Date().toISOString(),
          },
        ],
      })
      .expect(200);
    await request(app).post(`/cds-services/${SERVICE}`).send(hookRequest('obs-4')).expect(200);

    const metrics = (await request(app).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(
      new RegExp(`cds_request_duration_seconds_count\\{service="${SERVICE}",status="200"\\} [1-9]`),
    );
    expect(metrics).toMatch(
      new RegExp(`cds_cards_issued_total\\{service="${SERVICE}",kind="pump-evaluation"\\} [1-9]`),
    );
    expect(metrics).toMatch(new RegExp(`cds_cards_issued_total\\{service="${SERVICE}",kind="trial-referral"\\} [1-9]`));
    expect(metrics).toContain(`cds_cards_suppressed_total{service="${SERVICE}",kind="pump-evaluation"} 1`);
    expect(metrics).toMatch(new RegExp(`cds_feedback_total\\{service="${SERVICE}",outcome="overridden"\\} [1-9]`));
    expect(metrics).toContain('# TYPE cds_fhir_fetch_duration_seconds histogram');
    expect(metrics).toContain('# TYPE cds_fhir_fetch_errors_total counter');
    expect(metrics).toContain('# TYPE cds_store_background_errors_total counter');
    for (const secret of SECRETS) expect(metrics.includes(secret)).toBe(false);
    expect(deps.metrics.registry.contentType).toContain('text/plain');
  });

  test('/healthz answers alive; /readyz checks the rules and the database', async () => {
    expect((await request(app).get('/healthz').expect(200)).body).toEqual({
      status: 'ok',
      rulesVersion: rulesVersion(DEFAULT_RULES_DIR),
    });
    expect((await request(app).get('/readyz').expect(200)).body).toEqual({
      status: 'ready',
      checks: { rules: 'ok', lifecycle: 'ok', database: 'ok' },
    });
  });
});
