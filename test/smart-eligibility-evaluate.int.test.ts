import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { OperationOutcome, Questionnaire } from 'fhir/r4.js';
import { ERROR_CODE_SYSTEM } from '../hooks/errors.js';
import { defaultSmartClients } from '../sandbox/smart/smart-clients.js';
import type { TrialChecklist } from '../services/eligibility-checklist.js';
import { eligibilityAppToken } from './support/smart-app.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/*
 * The eligibility app's side of the service (docs/smart-app.md): its pages, its words, and
 * POST /apps/eligibility/evaluate, which reads the record from the EHR with the app's SMART token
 * through the hook's pipeline and answers a trial's whole checklist.
 */

const PATIENT = 'trial-nafld-full-match';
const TRIAL = 'NCT04270656';
const APP_CONTEXT = JSON.stringify({ trialId: TRIAL });

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ ownPublicUrl: true });
  token = String((await eligibilityAppToken(server.baseUrl, PATIENT, APP_CONTEXT)).access_token);
});
afterAll(async () => {
  await server?.close();
});

function evaluate(body: unknown, auth: string | undefined = `Bearer ${token}`) {
  return fetch(`${server.baseUrl}/apps/eligibility/evaluate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(body),
  });
}

function codeOf(outcome: OperationOutcome): string | undefined {
  return outcome.issue[0]?.details?.coding?.find((c) => c.system === ERROR_CODE_SYSTEM)?.code;
}

describe('the app is served by the service', () => {
  test.each(['launch.html', 'index.html', 'app.js', 'launch.js', 'words.js', 'styles.css', 'vendor/fhir-client.js'])(
    'GET /apps/eligibility/%s',
    async (file) => {
      const res = await fetch(`${server.baseUrl}/apps/eligibility/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    },
  );

  test('messages.json: every app. key of the configured locale, and nothing else', async () => {
    const body = (await (await fetch(`${server.baseUrl}/apps/eligibility/messages.json`)).json()) as {
      locale: string;
      messages: Record<string, string>;
    };
    expect(body.locale).toBe('en');
    expect(body.messages['app.title']).toBe('Trial eligibility checklist');
    expect(Object.keys(body.messages).every((k) => k.startsWith('app.'))).toBe(true);
  });

  test('launch.json: the client id and scopes the app authorizes with are those the sandbox EHR grants', async () => {
    const body = (await (await fetch(`${server.baseUrl}/apps/eligibility/launch.json`)).json()) as {
      clientId: string;
      scope: string;
    };
    expect(body.clientId).toBe('eligibility-checklist');
    const asked = body.scope.split(' ');
    expect(asked).toEqual(expect.arrayContaining(['launch', 'patient/Observation.rs', 'patient/ServiceRequest.crus']));
    const granted = defaultSmartClients(server.baseUrl).find((c) => c.clientId === body.clientId)!.scopes;
    expect(granted).toEqual(expect.arrayContaining(asked));
  });
});

describe('GET /apps/eligibility/questionnaire/<trial>: the checklist as a FHIR Questionnaire', () => {
  test('one optional choice item per criterion, answered met / not met / not applicable', async () => {
    const res = await fetch(`${server.baseUrl}/apps/eligibility/questionnaire/${TRIAL}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const q = (await res.json()) as Questionnaire;
    expect(q).toMatchObject({
      resourceType: 'Questionnaire',
      url: `${server.baseUrl}/apps/eligibility/questionnaire/${TRIAL}`,
      status: 'active',
      subjectType: ['Patient'],
      language: 'en',
    });
    expect(q.version).toMatch(/^[0-9a-f]{12}$/);
    const criteria = (await (
      await evaluate({ iss: `${server.baseUrl}/fhir`, patient: PATIENT, trialId: TRIAL })
    ).json()) as {
      checklist: TrialChecklist;
      questionnaire: string;
      answerSystem: string;
    };
    expect(q.item?.map((i) => i.linkId)).toEqual(criteria.checklist.criteria.map((c) => c.id));
    // The evaluation names this very version, and the answers' code system is the Questionnaire's.
    expect(criteria.questionnaire).toBe(`${q.url}|${q.version}`);
    for (const item of q.item ?? []) {
      expect([item.type, item.required]).toEqual(['choice', false]);
      expect(item.answerOption?.map((o) => [o.valueCoding?.system, o.valueCoding?.code])).toEqual(
        ['met', 'not-met', 'not-applicable'].map((code) => [criteria.answerSystem, code]),
      );
    }
    const exclusion = q.item!.find((i) => i.linkId === 't1d')!;
    expect(exclusion.answerOption?.map((o) => o.valueCoding?.display)).toEqual([
      'Present: excludes',
      'Ruled out',
      'Not applicable',
    ]);
  });

  test('an unknown trial is 404 not-found, naming the trial id', async () => {
    const res = await fetch(`${server.baseUrl}/apps/eligibility/questionnaire/NCT00000000`);
    expect(res.status).toBe(404);
    const outcome = (await res.json()) as OperationOutcome;
    expect(codeOf(outcome)).toBe('not-found');
    expect(outcome.issue[0]?.expression).toEqual(['trialId']);
  });
});

describe('POST /apps/eligibility/evaluate', () => {
  test('with the app token: every criterion of the trial, with status, evidence and dates', async () => {
    const res = await evaluate({ iss: `${server.baseUrl}/fhir`, patient: PATIENT, trialId: TRIAL });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { checklist } = (await res.json()) as { checklist: TrialChecklist };
    expect(checklist.trial.id).toBe(TRIAL);
    expect(checklist.fires).toBe(true);
    const statuses = new Set(checklist.criteria.map((c) => c.status));
    expect(statuses).toEqual(new Set(['met', 'not-met', 'unknown', 'not-applicable']));
    const counts = checklist.counts;
    expect(counts.met + counts.notMet + counts.toConfirm + counts.notApplicable).toBe(checklist.criteria.length);
    // A criterion met from the record cites what and when, never only a resource id.
    const hba1c = checklist.criteria.find((c) => c.status === 'met' && c.evidence.some((e) => /%/.test(e.text ?? '')));
    expect(hba1c?.evidence.some((e) => /\d{4}-\d{2}-\d{2}/.test(e.text ?? ''))).toBe(true);
    for (const c of checklist.criteria.filter((x) => x.toConfirm)) {
      expect(c.status).toBe('unknown');
      expect(c.confirm ?? c.why).toBeTruthy();
    }
    expect(checklist.referral).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      subject: { reference: `Patient/${PATIENT}` },
      identifier: [{ system: 'https://clinicaltrials.gov', value: TRIAL }],
    });
  });

  test('the trial card links to the app, with the trial id in appContext', async () => {
    const res = await evaluate({ iss: `${server.baseUrl}/fhir`, patient: PATIENT, trialId: TRIAL });
    const { checklist } = (await res.json()) as { checklist: TrialChecklist };
    const hook = await fetch(`${server.baseUrl}/cds-services/trial-referral`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        hook: 'patient-view',
        hookInstance: '0b3c7a0e-0000-4000-8000-000000000001',
        fhirServer: `${server.baseUrl}/fhir`,
        context: { userId: 'Practitioner/x', patientId: PATIENT },
      }),
    });
    const { cards } = (await hook.json()) as {
      cards: { links?: { type: string; url: string; appContext?: string }[] }[];
    };
    expect(cards).toHaveLength(1);
    const smart = cards[0]!.links?.find((l) => l.type === 'smart');
    expect(smart).toEqual(
      expect.objectContaining({ url: `${server.baseUrl}/apps/eligibility/launch.html`, appContext: APP_CONTEXT }),
    );
    expect(checklist.counts.toConfirm).toBeGreaterThan(0);
  });

  test.each<[string, unknown, string | undefined, number, string, string]>([
    [
      'an iss outside FHIR_SERVER_ALLOWLIST',
      { iss: 'https://evil.example/fhir', patient: PATIENT, trialId: TRIAL },
      undefined,
      403,
      'fhir-server-not-allowed',
      'iss',
    ],
    [
      'no bearer token',
      { iss: 'http://127.0.0.1/fhir', patient: PATIENT, trialId: TRIAL },
      '',
      401,
      'unauthorized',
      'Authorization',
    ],
    ['no trialId', { iss: 'http://127.0.0.1/fhir', patient: PATIENT }, undefined, 400, 'invalid-request', 'trialId'],
    [
      'a patient that is not a FHIR id',
      { iss: 'http://127.0.0.1/fhir', patient: '../x', trialId: TRIAL },
      undefined,
      400,
      'invalid-request',
      'patient',
    ],
  ])('%s', async (_name, body, auth, status, code, field) => {
    const res = await evaluate(body, auth);
    expect(res.status).toBe(status);
    const outcome = (await res.json()) as OperationOutcome;
    expect(codeOf(outcome)).toBe(code);
    expect(outcome.issue[0]?.expression).toEqual([field]);
  });

  test('a trial the catalogue does not hold → 404 not-found on trialId', async () => {
    const res = await evaluate({ iss: `${server.baseUrl}/fhir`, patient: PATIENT, trialId: 'NCT00000000' });
    expect(res.status).toBe(404);
    const outcome = (await res.json()) as OperationOutcome;
    expect(codeOf(outcome)).toBe('not-found');
    expect(outcome.issue[0]?.expression).toEqual(['trialId']);
  });

  test('a token the EHR does not know → 412 fhir-unauthorized (the EHR refused it)', async () => {
    const res = await evaluate(
      { iss: `${server.baseUrl}/fhir`, patient: PATIENT, trialId: TRIAL },
      'Bearer not-a-token-the-ehr-issued',
    );
    expect(res.status).toBe(412);
    expect(codeOf((await res.json()) as OperationOutcome)).toBe('fhir-unauthorized');
  });

  test("another patient than the token's → refused by the EHR, no checklist", async () => {
    const res = await evaluate({
      iss: `${server.baseUrl}/fhir`,
      patient: 'trial-nafld-imaging-degludec',
      trialId: TRIAL,
    });
    expect(res.status).toBe(412);
    expect(codeOf((await res.json()) as OperationOutcome)).toMatch(/^fhir-/);
  });

  test('the token never reaches the log', () => {
    expect(server.logText()).not.toContain(token);
  });
});
