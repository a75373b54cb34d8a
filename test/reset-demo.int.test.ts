import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../bin/reset-demo.js';
import { createLogger } from '../config/logger.js';
import { DEFAULT_RULES_DIR, PROJECT_ROOT } from '../config/project-paths.js';
import { loadFeedbackPolicy } from '../rules/feedback-policy.js';
import { LOCK_FILE } from '../store/data-dir-lock.js';
import { openCardStore } from '../store/open-card-store.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { backendKey, clientAssertion, requestToken } from './support/smart-app.js';
import { startAll } from './support/start-all.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

const POSITIVE = 'pump-positive-main';
const TRIAL_KEY = 'trial:NCT04270656';
const SUPPRESSED = 'org.diabetes-cds-hooks.suppressed';
const CONFIRM = { confirm: 'reset' };

interface HookAnswer {
  cards: { uuid: string; suggestions?: { uuid: string }[] }[];
  extension?: Record<string, { key: string }[]>;
}

interface ResetAnswer {
  patients: number;
  feedbackCleared: number;
  suppressionsCleared: number;
  resourcesRestored: number;
}

/** A backend client of the sandbox EHR: writes to /fhir need a token (sandbox/smart/). */
const BACKEND_ID = 'reset-demo-test-writer';

let server: TestServer;
let prod: TestServer;
/** `Authorization` for writes to the sandbox FHIR server, as an app that writes during the demo. */
let writer: Record<string, string>;

beforeAll(async () => {
  const key = await backendKey('ES384');
  [server, prod] = await startAll<[TestServer, TestServer]>([
    startTestServer({
      page: true,
      ownPublicUrl: true,
      smartClients: [
        {
          kind: 'backend',
          clientId: BACKEND_ID,
          name: 'reset-demo test writer',
          jwks: { keys: [key.publicJwk] },
          scopes: ['system/*.cruds'],
        },
      ],
    }),
    startTestServer({ page: true, env: { SANDBOX: 'off' } }),
  ]);
  const tokenUrl = `${server.baseUrl}/sandbox-ehr/smart/token`;
  const { status, body } = await requestToken(tokenUrl, {
    grant_type: 'client_credentials',
    scope: 'system/*.cruds',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(key, BACKEND_ID, tokenUrl, TEST_NOW),
  });
  expect(status).toBe(200);
  writer = { authorization: `Bearer ${String(body.access_token)}` };
});
afterAll(async () => {
  await server?.close();
  await prod?.close();
});

async function postJson(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
}

/** patient-view at one service, the record read from the sandbox FHIR server. */
async function fire(serviceId: string, patientId = POSITIVE): Promise<HookAnswer> {
  const { status, body } = await postJson(server.baseUrl, `/cds-services/${serviceId}`, {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    fhirServer: `${server.baseUrl}/fhir`,
    context: { userId: 'Practitioner/example', patientId },
  });
  expect(status).toBe(200);
  return body as HookAnswer;
}

function reset(body: unknown = CONFIRM, headers: Record<string, string> = {}) {
  return postJson(server.baseUrl, '/sandbox-ehr/reset', body, headers);
}

/** Every resource in the sandbox store without its server-managed meta, by `Type/id`. */
function storeContents(): Map<string, unknown> {
  const store = server.composition.sandbox!.store;
  return new Map(
    [...store.versions().keys()].map((key) => {
      const [type, id] = key.split('/') as [string, string];
      const content = Object.entries(store.find(type, id)!).filter(([field]) => field !== 'meta');
      return [key, Object.fromEntries(content)];
    }),
  );
}

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { LOG_LEVEL: 'silent', ...env },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('demo reset: the README walkthrough can be replayed in any order', () => {
  const initial = new Map<string, unknown>();

  test('the sandbox starts with both cards for the positive patient', async () => {
    for (const [key, content] of storeContents()) initial.set(key, content);
    expect((await fire('pump-evaluation')).cards).toHaveLength(1);
    expect((await fire('trial-referral')).cards).toHaveLength(1);
  });

  test('after feedback and writes to /fhir, the cards are held back and the store has changed', async () => {
    const pump = (await fire('pump-evaluation')).cards[0]!;
    const trial = (await fire('trial-referral')).cards[0]!;
    const now = new Date().toISOString();
    const accepted = await postJson(server.baseUrl, '/cds-services/pump-evaluation/feedback', {
      feedback: [
        {
          card: pump.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: pump.suggestions![0]!.uuid }],
          outcomeTimestamp: now,
        },
      ],
    });
    expect(accepted.status).toBe(200);
    const dismissed = await postJson(server.baseUrl, '/cds-services/trial-referral/feedback', {
      feedback: [{ card: trial.uuid, outcome: 'overridden', outcomeTimestamp: now }],
    });
    expect(dismissed.status).toBe(200);

    // What an app writes during the demo: a referral, a changed patient, a new patient, a deleted result.
    const referral = await postJson(
      server.baseUrl,
      '/fhir/ServiceRequest',
      {
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: `Patient/${POSITIVE}` },
        code: { text: 'Referral for insulin pump evaluation' },
      },
      writer,
    );
    expect(referral.status).toBe(201);
    const patient = (await (await fetch(`${server.baseUrl}/fhir/Patient/${POSITIVE}`)).json()) as Record<
      string,
      unknown
    >;
    const renamed = await fetch(`${server.baseUrl}/fhir/Patient/${POSITIVE}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json', ...writer },
      body: JSON.stringify({ ...patient, name: [{ family: 'Renamed', given: ['During', 'the', 'demo'] }] }),
    });
    expect(renamed.status).toBe(200);
    const created = await fetch(`${server.baseUrl}/fhir/Patient/demo-new-patient`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json', ...writer },
      body: JSON.stringify({ resourceType: 'Patient', id: 'demo-new-patient', gender: 'female' }),
    });
    expect(created.status).toBe(201);
    const hba1c = [...initial.keys()].find((k) => k.startsWith('Observation/') && k.includes(POSITIVE))!;
    expect((await fetch(`${server.baseUrl}/fhir/${hba1c}`, { method: 'DELETE', headers: writer })).status).toBe(200);

    const pumpAgain = await fire('pump-evaluation');
    const trialAgain = await fire('trial-referral');
    // No pump card: the record now holds the referral (and the accepted card is held back too).
    expect(pumpAgain.cards).toEqual([]);
    expect(trialAgain.cards).toEqual([]);
    expect(trialAgain.extension?.[SUPPRESSED]).toEqual([expect.objectContaining({ key: TRIAL_KEY })]);
    expect(storeContents()).not.toEqual(initial);
  });

  test('the endpoint refuses a request without its confirmation, or from another site, and changes nothing', async () => {
    for (const body of [{}, { confirm: 'yes' }, { confirm: true }, ['reset'], 'reset']) {
      const { status, body: outcome } = await reset(body);
      expect(status).toBe(400);
      expect(outcome).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ details: { coding: [{ code: 'invalid-request' }] }, expression: ['confirm'] }],
      });
    }
    const notJson = await fetch(`${server.baseUrl}/sandbox-ehr/reset`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(CONFIRM),
    });
    expect(notJson.status).toBe(415);
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of crossSite) {
      const { status, body: outcome } = await reset(CONFIRM, headers);
      expect(status).toBe(403);
      expect(outcome).toMatchObject({ issue: [{ details: { coding: [{ code: 'cross-origin-refused' }] } }] });
    }
    expect((await fetch(`${server.baseUrl}/sandbox-ehr/reset`)).status).toBe(405);
    expect((await fire('pump-evaluation')).cards).toEqual([]);
    expect(server.composition.sandbox!.store.has('Patient', 'demo-new-patient')).toBe(true);
  });

  test('npm run reset-demo asks the running service, and says what it cleared', async () => {
    const { code, out, err } = await cli(['--url', `${server.baseUrl}/`]);
    expect(err).toBe('');
    expect(code).toBe(0);
    // The fixtures, plus the patient created during the demo.
    expect(out).toContain(`Demo reset at ${server.baseUrl}: ${ALL_FIXTURES.length + 1} sandbox patients.`);
    expect(out).toMatch(/feedback cleared: +2$/m);
    expect(out).toMatch(/suppressions lifted: +2$/m);
    expect(out).toMatch(/resources restored: +4 /m);
  });

  test('after the reset both cards are back, and the sandbox FHIR store is exactly as loaded', async () => {
    expect((await fire('pump-evaluation')).cards).toHaveLength(1);
    expect((await fire('trial-referral')).cards).toHaveLength(1);
    expect(storeContents()).toEqual(initial);
    const search = (await (
      await fetch(`${server.baseUrl}/fhir/ServiceRequest?subject=Patient/${POSITIVE}`)
    ).json()) as { total?: number; entry?: unknown[] };
    expect(search.entry ?? []).toEqual([]);
    expect((await fetch(`${server.baseUrl}/fhir/Patient/demo-new-patient`)).status).toBe(404);
    // The patient list shows the fixtures again, with their own names.
    const list = (await (await fetch(`${server.baseUrl}/sandbox-ehr/patients`)).json()) as {
      patients: { id: string; name: string }[];
    };
    expect(list.patients.map((p) => p.id).sort()).toEqual(ALL_FIXTURES.map((f) => f.id).sort());
    expect(list.patients.find((p) => p.id === POSITIVE)!.name).toBe('Gérard Essai-Pompe');
  });

  test('resetting again clears nothing more; the endpoint answers the counts as JSON', async () => {
    const { status, body } = await reset(CONFIRM, { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' });
    expect(status).toBe(200);
    expect(body).toEqual({
      patients: ALL_FIXTURES.length,
      feedbackCleared: 0,
      suppressionsCleared: 0,
      resourcesRestored: 0,
    } satisfies ResetAnswer);
    // The request log names the route, never the body.
    const line = server.logLines().find((l) => l.route === '/sandbox-ehr/reset' && l.status === 200);
    expect(line).toBeDefined();
    expect(JSON.stringify(line)).not.toContain('confirm');
  });

  test('feedback after a reset suppresses the card again', async () => {
    const pump = (await fire('pump-evaluation')).cards[0]!;
    const { status } = await postJson(server.baseUrl, '/cds-services/pump-evaluation/feedback', {
      feedback: [{ card: pump.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }],
    });
    expect(status).toBe(200);
    expect((await fire('pump-evaluation')).cards).toEqual([]);
  });
});

describe('npm run reset-demo when there is no demo to reset', () => {
  test('no service running and no feedback stored yet: nothing to reset, and it says so', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'reset-demo-empty-'));
    const { code, out, err } = await cli([], { PUBLIC_BASE_URL: url, DATA_DIR: dataDir });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`Nothing to reset: no service answers at ${url} (ECONNREFUSED)`);
    expect(out).toContain('every start loads it afresh');
    // It created no database there.
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
  });

  test('no service running: the PGlite data directory is reset directly', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'reset-demo-data-'));
    const policy = loadFeedbackPolicy(DEFAULT_RULES_DIR);
    const logger = createLogger('silent');
    const now = new Date();
    // What a stopped demo leaves: a card dismissed, so held back at the next start.
    const store = await openCardStore({ dataDir, policy, logger });
    const card = {
      uuid: randomUUID(),
      serviceId: 'pump-evaluation',
      hookInstance: randomUUID(),
      patientRef: `Patient/${POSITIVE}`,
      cardKey: 'pump-evaluation',
      kind: 'pump-evaluation',
      matchedRules: [],
      suggestionUuids: [],
      issuedAt: now,
      rulesVersion: 'sha256:0000000000000000',
    };
    await store.recordIssued([card]);
    await store.flush();
    await store.recordFeedback(
      'pump-evaluation',
      [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: now.toISOString() }],
      now,
    );
    await store.close();

    // A lock held by another live process (a service listening elsewhere): the command says so and touches nothing.
    writeFileSync(join(dataDir, LOCK_FILE), String(process.ppid));
    const locked = await cli([], { PUBLIC_BASE_URL: url, DATA_DIR: dataDir });
    expect(locked.code).toBe(1);
    expect(locked.err).toContain(`is in use by process ${process.ppid}`);
    expect(locked.err).toContain('--url');
    rmSync(join(dataDir, LOCK_FILE));

    const { code, out, err } = await cli([], { PUBLIC_BASE_URL: url, DATA_DIR: dataDir });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`Demo reset in ${dataDir} (no service answers at ${url} (ECONNREFUSED)`);
    expect(out).toMatch(/feedback cleared: +1$/m);
    expect(out).toMatch(/suppressions lifted: +1$/m);

    // The next start finds no suppression.
    const reopened = await openCardStore({ dataDir, policy, logger });
    expect(await reopened.activeSuppressions('pump-evaluation', `Patient/${POSITIVE}`, new Date())).toEqual([]);
    await reopened.close();
  });

  test('no service running with PostgreSQL, or outside sandbox mode: it says what to do', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const pg = await cli([], { PUBLIC_BASE_URL: url, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(pg.code).toBe(1);
    expect(pg.err).toContain(`no service answers at ${url} (ECONNREFUSED)`);
    expect(pg.err).toContain('Start the service (npm start), then run npm run reset-demo again');
    const off = await cli([], { PUBLIC_BASE_URL: url, SANDBOX: 'off' });
    expect(off.code).toBe(3);
    expect(off.err).toContain('SANDBOX is off');
    // Another machine that does not answer: its data directory is not this one's, so nothing is reset here.
    const dataDir = mkdtempSync(join(tmpdir(), 'reset-demo-remote-'));
    const remote = await cli(['--url', 'http://demo.invalid:3000'], { DATA_DIR: dataDir });
    expect(remote.code).toBe(1);
    expect(remote.out).toBe('');
    expect(remote.err).toContain('no service answers at http://demo.invalid:3000');
    expect(remote.err).toContain('Start it with: npm start');
  });

  test('a service not in sandbox mode: exit 3, and the endpoint does not exist there (404)', async () => {
    const direct = await postJson(prod.baseUrl, '/sandbox-ehr/reset', CONFIRM);
    expect(direct.status).toBe(404);
    const { code, err } = await cli(['--url', prod.baseUrl]);
    expect(code).toBe(3);
    expect(err).toContain('not in sandbox mode (SANDBOX=off)');
  });

  test('bad arguments: exit 2 with the usage', async () => {
    for (const args of [['--url'], ['--url', 'ftp://example.org'], ['--url', 'not a url'], ['--nope']]) {
      const { code, err } = await cli(args);
      expect(code).toBe(2);
      expect(err).toContain('usage: npm run reset-demo');
    }
  });

  test('package.json runs it like the other tools', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['reset-demo']).toBe('node build-if-stale.js && node dist/bin/reset-demo.js');
  });
});
