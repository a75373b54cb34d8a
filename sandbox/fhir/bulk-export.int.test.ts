import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import express, { type Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import type { CapabilityStatement, FhirResource, Group, OperationOutcome } from 'fhir/r4.js';
import { createLogger } from '../../config/logger.js';
import {
  backendKey,
  clientAssertion,
  eligibilityAppToken,
  requestToken,
  type BackendKey,
} from '../../test/support/smart-app.js';
import { createSandboxIssuer, type SandboxIssuer } from '../auth/sandbox-issuer.js';
import { ALL_FIXTURES } from '../patients/index.js';
import { defaultSmartClients } from '../smart/smart-clients.js';
import { createSmartEhr } from '../smart/smart-ehr.js';
import { ExportJobs, type BulkExportLimits } from './bulk-export-jobs.js';
import { patientsReferencedBy } from './compartment-repository.js';
import { POPULATION_GROUP_ID } from './population-group.js';
import { createSandboxFhir, type SandboxFhir, type SandboxFhirOptions } from './sandbox-fhir.js';

/*
 * FHIR Bulk Data Access v2.0.0 `$export` on the sandbox FHIR server, over HTTP: kick-off at the
 * three levels, status polling, NDJSON files, delete, parameters and refusals, limits, and
 * access with a fixed token or through the SMART layer.
 * https://hl7.org/fhir/uv/bulkdata/STU2/export.html
 */

const TODAY = new Date(Date.UTC(2026, 4, 1));
const TOKEN = 'bulk-export-test-token';
const BACKEND = 'screening-backend';
const HBA1C = 'http://loinc.org|4548-4';
const KICK_OFF = { accept: 'application/fhir+json', prefer: 'respond-async' };
const JOB_URL =
  /^http:\/\/127\.0\.0\.1:\d+\/fhir\/\$export-poll-status\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Running {
  readonly fhir: SandboxFhir;
  /** The FHIR base URL, `http://127.0.0.1:<port>/fhir`. */
  readonly base: string;
  readonly origin: string;
  close(): Promise<void>;
}

/** Listens on a loopback port first, so that the SMART layer can be built knowing its own URL. */
async function started(mount: (app: Express, origin: string) => Promise<SandboxFhir>): Promise<Running> {
  const app = express();
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fhir = await mount(app, origin);
  return {
    fhir,
    base: `${origin}/fhir`,
    origin,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function sandboxOptions(bulkExport: Partial<BulkExportLimits>, extra: Partial<SandboxFhirOptions> = {}) {
  return { fixtures: ALL_FIXTURES, today: TODAY, logger: createLogger('silent'), bulkExport, ...extra };
}

async function startPlain(bulkExport: Partial<BulkExportLimits>, extra: Partial<SandboxFhirOptions> = {}) {
  return started(async (app) => {
    const fhir = await createSandboxFhir(sandboxOptions(bulkExport, extra));
    app.use('/fhir', fhir.router);
    return fhir;
  });
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

async function call(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const res = await fetch(url, { method, headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Starts an export; returns its status URL. */
async function kickOff(url: string, headers: Record<string, string> = {}): Promise<string> {
  const answer = await call(url, { ...KICK_OFF, ...headers });
  expect(answer.status).toBe(202);
  return answer.headers.get('content-location')!;
}

interface ManifestItem {
  type: string;
  url: string;
  count: number;
}
interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: ManifestItem[];
  error: ManifestItem[];
}

/** Polls until the manifest (every 50 ms: the tests do not wait the whole Retry-After). */
async function manifestOf(statusUrl: string, token?: string): Promise<Manifest> {
  for (let i = 0; i < 100; i++) {
    const answer = await call(statusUrl, { accept: 'application/json', ...bearer(token) });
    if (answer.status === 200) {
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('expires')).toBeTruthy();
      return JSON.parse(answer.text) as Manifest;
    }
    expect(answer.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the export never completed');
}

/** Downloads every file of a manifest section, checking each is NDJSON of its declared type. */
async function download(items: readonly ManifestItem[], token?: string): Promise<Map<string, FhirResource[]>> {
  const byType = new Map<string, FhirResource[]>();
  for (const item of items) {
    const answer = await call(item.url, bearer(token));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/fhir+ndjson');
    expect(answer.text.endsWith('\n')).toBe(true);
    const lines = answer.text.slice(0, -1).split('\n');
    const resources = lines.map((line) => JSON.parse(line) as FhirResource);
    expect(resources.every((r) => r.resourceType === item.type)).toBe(true);
    expect(resources).toHaveLength(item.count);
    byType.set(item.type, [...(byType.get(item.type) ?? []), ...resources]);
  }
  return byType;
}

/** Kick-off, manifest, files, then DELETE (a place for the next job). */
async function exportAll(
  url: string,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<{ manifest: Manifest; files: Map<string, FhirResource[]>; errors: Map<string, FhirResource[]> }> {
  const statusUrl = await kickOff(url, { ...bearer(options.token), ...options.headers });
  const manifest = await manifestOf(statusUrl, options.token);
  const files = await download(manifest.output, options.token);
  const errors = await download(manifest.error, options.token);
  expect((await call(statusUrl, bearer(options.token), 'DELETE')).status).toBe(202);
  return { manifest, files, errors };
}

function ids(resources: readonly FhirResource[] = []): string[] {
  return resources.map((r) => r.id!).sort();
}

function outcomeText(answer: Answer): string {
  expect(answer.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  const outcome = JSON.parse(answer.text) as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  return outcome.issue.map((i) => i.diagnostics).join(' ');
}

describe('an open sandbox: exports at the three levels, parameters, refusals', () => {
  let sandbox: Running;
  beforeAll(async () => {
    // Jobs stay "in progress" 300 ms, so that the first poll gets a 202.
    sandbox = await startPlain({ readyAfterMs: 300 }, { extraPatients: 3 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  test.each([
    ['system', '/$export'],
    ['Group', `/Group/${POPULATION_GROUP_ID}/$export`],
    ['Patient', '/Patient/$export'],
  ])(
    '%s level: 202 with the status URL, 202 with Retry-After while in progress, then a manifest of NDJSON files holding every patient',
    async (level, path) => {
      const kickOffAnswer = await call(`${sandbox.base}${path}`, KICK_OFF);
      expect(kickOffAnswer.status).toBe(202);
      const statusUrl = kickOffAnswer.headers.get('content-location')!;
      expect(statusUrl).toMatch(JOB_URL);

      const first = await call(statusUrl, { accept: 'application/json' });
      expect(first.status).toBe(202);
      expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(first.headers.get('x-progress')).toMatch(/in progress/);

      const manifest = await manifestOf(statusUrl);
      expect(manifest).toMatchObject({ request: `${sandbox.base}${path}`, requiresAccessToken: false, error: [] });
      expect(Date.parse(manifest.transactionTime)).not.toBeNaN();
      const files = await download(manifest.output);
      expect(ids(files.get('Patient'))).toEqual([...sandbox.fhir.patientIds].sort());
      expect(files.get('Medication')?.length).toBeGreaterThan(0); // the stand-alone Medication/<id> of a fixture
      if (level === 'system') {
        expect(ids(files.get('Group'))).toEqual([POPULATION_GROUP_ID]);
      } else {
        // Every resource is a patient's, or a Medication one of the patients' orders references.
        const patients = new Set(sandbox.fhir.patientIds);
        const referenced = new Set(
          [...(files.get('MedicationRequest') ?? []), ...(files.get('MedicationStatement') ?? [])].flatMap((r) =>
            'medicationReference' in r && r.medicationReference?.reference ? [r.medicationReference.reference] : [],
          ),
        );
        for (const [type, resources] of files) {
          for (const r of resources) {
            if (type === 'Medication') expect(referenced).toContain(`Medication/${r.id}`);
            else expect([...patientsReferencedBy(r as unknown as Resource)].some((p) => patients.has(p))).toBe(true);
          }
        }
      }

      expect((await call(statusUrl, {}, 'DELETE')).status).toBe(202);
      const gone = await call(statusUrl);
      expect(gone.status).toBe(404);
      expect(outcomeText(gone)).toMatch(/no such export/);
      expect((await call(manifest.output[0]!.url)).status).toBe(404);
    },
  );

  test('Group/sandbox-population is an actual group of every loaded patient, and the demo reset brings it back', async () => {
    const read = async () => call(`${sandbox.base}/Group/${POPULATION_GROUP_ID}`, { accept: 'application/fhir+json' });
    const group = JSON.parse((await read()).text) as Group;
    expect(group).toMatchObject({ type: 'person', actual: true, quantity: sandbox.fhir.patientIds.length });
    expect(group.member!.map((m) => m.entity.reference)).toEqual(sandbox.fhir.patientIds.map((id) => `Patient/${id}`));
    expect((await call(`${sandbox.base}/Group/${POPULATION_GROUP_ID}`, {}, 'DELETE')).status).toBe(200);
    expect((await read()).status).toBe(404);
    await sandbox.fhir.restore();
    expect(JSON.parse((await read()).text)).toMatchObject({ id: POPULATION_GROUP_ID, member: group.member });
  });

  test('_type keeps to the types named, comma-separated or repeated', async () => {
    const { files } = await exportAll(`${sandbox.base}/Patient/$export?_type=Patient,Condition&_type=Medication`);
    expect([...files.keys()].sort()).toEqual(['Condition', 'Medication', 'Patient']);
  });

  test('_since in the future gives no files; _since just before a write gives just what was written', async () => {
    const future = await exportAll(`${sandbox.base}/$export?_since=2999-01-01T00:00:00Z`);
    expect(future.manifest.output).toEqual([]);

    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const id = sandbox.fhir.patientIds[0]!;
    const patient = (await sandbox.fhir.store.readResource('Patient', id)) as unknown as FhirResource;
    await sandbox.fhir.store.updateResource({ ...patient, active: false } as never);
    try {
      const recent = await exportAll(`${sandbox.base}/$export?_since=${encodeURIComponent(since)}`);
      expect(recent.manifest.output.map((o) => [o.type, o.count])).toEqual([['Patient', 1]]);
      expect(ids(recent.files.get('Patient'))).toEqual([id]);
    } finally {
      await sandbox.fhir.restore();
    }
  });

  test('_typeFilter keeps the resources its search matches, as the sandbox search finds them', async () => {
    const filter = encodeURIComponent(`Observation?code=${HBA1C}`);
    const { files } = await exportAll(`${sandbox.base}/$export?_type=Observation,Patient&_typeFilter=${filter}`);
    const expected = await sandbox.fhir.store.search(parseSearchRequest(`Observation?code=${HBA1C}`));
    expect(files.get('Observation')).toHaveLength(expected.total!);
    expect(files.get('Observation')!.length).toBeGreaterThan(sandbox.fhir.patientIds.length);
    expect(ids(files.get('Patient'))).toEqual([...sandbox.fhir.patientIds].sort());
  });

  test('an unsupported parameter is ignored and reported in the error file, or refused under handling=strict', async () => {
    const { manifest, errors } = await exportAll(`${sandbox.base}/$export?_type=Group&_elements=id`);
    expect(manifest.output.map((o) => o.type)).toEqual(['Group']);
    const [outcome] = errors.get('OperationOutcome') as OperationOutcome[];
    expect(outcome!.issue[0]).toMatchObject({ severity: 'warning', code: 'not-supported' });
    expect(outcome!.issue[0]!.diagnostics).toMatch(/_elements/);

    const strict = await call(`${sandbox.base}/$export?_elements=id`, {
      ...KICK_OFF,
      prefer: 'respond-async, handling=strict',
    });
    expect(strict.status).toBe(400);
    expect(outcomeText(strict)).toMatch(/_elements/);
  });

  test.each([
    ['application/fhir+ndjson', encodeURIComponent('application/fhir+ndjson')],
    ['application/fhir+ndjson with the + unencoded', 'application/fhir+ndjson'],
    ['application/ndjson', 'application/ndjson'],
    ['ndjson', 'ndjson'],
  ])('_outputFormat %s is accepted', async (_name, value) => {
    const statusUrl = await kickOff(`${sandbox.base}/$export?_type=Group&_outputFormat=${value}`);
    expect((await call(statusUrl, {}, 'DELETE')).status).toBe(202);
  });

  const UNKNOWN_JOB = '00000000-0000-4000-8000-000000000000';
  test.each<[string, number, string, string, Record<string, string>, RegExp]>([
    ['no Prefer: respond-async', 400, 'GET', '/$export', { accept: 'application/fhir+json' }, /Prefer: respond-async/],
    [
      'an Accept it cannot answer in',
      400,
      'GET',
      '/$export',
      { ...KICK_OFF, accept: 'application/fhir+xml' },
      /Accept/,
    ],
    ['an unknown _type', 400, 'GET', '/$export?_type=Patient,Nonsense', KICK_OFF, /"Nonsense"/],
    ['an _outputFormat other than NDJSON', 400, 'GET', '/$export?_outputFormat=text%2Fcsv', KICK_OFF, /_outputFormat/],
    ['a _since that is not a FHIR instant', 400, 'GET', '/$export?_since=2024-01-01', KICK_OFF, /_since "2024-01-01"/],
    ['an unknown Group', 404, 'GET', '/Group/no-such-group/$export', KICK_OFF, /Group\/no-such-group/],
    [
      'a _typeFilter the sandbox cannot run, under handling=strict',
      400,
      'GET',
      `/$export?_typeFilter=${encodeURIComponent('Observation?colour=blue')}`,
      { ...KICK_OFF, prefer: 'respond-async, handling=strict' },
      /_typeFilter "Observation\?colour=blue": unknown search parameter "colour"/,
    ],
    ['a POST kick-off (GET only)', 405, 'POST', '/$export', KICK_OFF, /POST/],
    ['an unknown job', 404, 'GET', `/$export-poll-status/${UNKNOWN_JOB}`, {}, /no such export/],
    ['a file of an unknown job', 404, 'GET', `/$export-file/${UNKNOWN_JOB}/Patient-1.ndjson`, {}, /no such export/],
  ])('%s → %i OperationOutcome', async (_name, status, method, path, headers, message) => {
    const answer = await call(`${sandbox.base}${path}`, headers, method);
    expect(answer.status).toBe(status);
    expect(outcomeText(answer)).toMatch(message);
  });

  test('the CapabilityStatement declares the export operations of the Bulk Data IG', async () => {
    const statement = JSON.parse((await call(`${sandbox.base}/metadata`)).text) as CapabilityStatement;
    const rest = statement.rest![0]!;
    const bulk = 'http://hl7.org/fhir/uv/bulkdata';
    expect(statement.instantiates).toEqual([`${bulk}/CapabilityStatement/bulk-data`]);
    expect(rest.operation).toEqual([
      expect.objectContaining({ name: 'export', definition: `${bulk}/OperationDefinition/export` }),
    ]);
    for (const [type, definition] of [
      ['Patient', 'patient-export'],
      ['Group', 'group-export'],
    ]) {
      expect(rest.resource!.find((r) => r.type === type)!.operation).toEqual([
        expect.objectContaining({ name: 'export', definition: `${bulk}/OperationDefinition/${definition}` }),
      ]);
    }
  });
});

describe('the job registry', () => {
  test('a job is ready after readyAfterMs, and expires with its files after jobLifetimeMs, freeing its place', () => {
    let now = 0;
    const jobs = new ExportJobs(
      { readyAfterMs: 1000, maxResourcesPerFile: 2, maxJobs: 1, jobLifetimeMs: 5000 },
      () => now,
    );
    const patients = ['a', 'b', 'c'].map((id) => ({ resourceType: 'Patient' as const, id }));
    const job = jobs.create({
      request: 'http://x/fhir/$export',
      transactionTime: new Date(0).toISOString(),
      requiresAccessToken: false,
      selected: new Map([['Patient', patients]]),
      messages: [],
    });
    expect(job.output.map((f) => [f.name, f.resources.length])).toEqual([
      ['Patient-1.ndjson', 2],
      ['Patient-2.ndjson', 1],
    ]);
    expect(jobs.msUntilReady(job)).toBe(1000);
    expect(jobs.secondsUntilRoom()).toBe(5);
    now = 1000;
    expect(jobs.msUntilReady(job)).toBe(0);
    now = 5000;
    expect(jobs.get(job.id)).toBeUndefined();
    expect(jobs.secondsUntilRoom()).toBeUndefined();
  });
});

describe('a sandbox that requires a token, with small files and two jobs at most', () => {
  let sandbox: Running;
  beforeAll(async () => {
    sandbox = await startPlain({ readyAfterMs: 0, maxResourcesPerFile: 10, maxJobs: 2 }, { requireToken: TOKEN });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  test('requiresAccessToken is true, and the status URL and the files need the token', async () => {
    const statusUrl = await kickOff(`${sandbox.base}/$export?_type=Patient`, bearer(TOKEN));
    expect((await call(statusUrl)).status).toBe(401);
    const manifest = await manifestOf(statusUrl, TOKEN);
    expect(manifest.requiresAccessToken).toBe(true);
    const url = manifest.output[0]!.url;
    for (const headers of [{}, bearer('not-the-token')]) expect((await call(url, headers)).status).toBe(401);
    const files = await download(manifest.output, TOKEN);
    expect(ids(files.get('Patient'))).toEqual([...sandbox.fhir.patientIds].sort());
    expect((await call(statusUrl, {}, 'DELETE')).status).toBe(401);
    expect((await call(statusUrl, bearer(TOKEN), 'DELETE')).status).toBe(202);
  });

  test('the file cap splits a type over several files, each of at most 10 resources', async () => {
    const { manifest, files } = await exportAll(`${sandbox.base}/$export?_type=Observation`, { token: TOKEN });
    expect(manifest.output.length).toBeGreaterThan(2);
    expect(new Set(manifest.output.map((o) => o.url)).size).toBe(manifest.output.length);
    expect(manifest.output.every((o) => o.type === 'Observation' && o.count >= 1 && o.count <= 10)).toBe(true);
    const all = await sandbox.fhir.store.search(parseSearchRequest('Observation'));
    expect(ids(files.get('Observation'))).toEqual(all.entry!.map((e) => e.resource!.id).sort());
  });

  test('past the job limit a kick-off gets 429 with Retry-After; deleting a job makes room', async () => {
    const started = [
      await kickOff(`${sandbox.base}/$export?_type=Group`, bearer(TOKEN)),
      await kickOff(`${sandbox.base}/$export?_type=Group`, bearer(TOKEN)),
    ];
    const refused = await call(`${sandbox.base}/$export?_type=Group`, { ...KICK_OFF, ...bearer(TOKEN) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(outcomeText(refused)).toMatch(/at most 2 exports/);
    expect((await call(started[0]!, bearer(TOKEN), 'DELETE')).status).toBe(202);
    started[0] = await kickOff(`${sandbox.base}/$export?_type=Group`, bearer(TOKEN));
    for (const url of started) expect((await call(url, bearer(TOKEN), 'DELETE')).status).toBe(202);
  });
});

describe('through the SMART layer: backend tokens with system/ scopes export, others do not', () => {
  let sandbox: Running;
  let key: BackendKey;
  let issuer: SandboxIssuer;

  /** A backend token (client_credentials with a signed assertion) for `scope`. */
  async function backendToken(scope: string): Promise<string> {
    const tokenUrl = `${sandbox.origin}/sandbox-ehr/smart/token`;
    const { status, body } = await requestToken(tokenUrl, {
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(key, BACKEND, tokenUrl, new Date()),
    });
    expect(status).toBe(200);
    return String(body.access_token);
  }

  beforeAll(async () => {
    key = await backendKey('ES384');
    sandbox = await started(async (app, origin) => {
      issuer = await createSandboxIssuer({ publicBaseUrl: origin });
      const smart = createSmartEhr({
        publicBaseUrl: origin,
        clock: () => new Date(),
        clients: [
          ...defaultSmartClients(origin),
          {
            kind: 'backend',
            clientId: BACKEND,
            name: 'A population screening backend',
            jwks: { keys: [key.publicJwk] },
            scopes: ['system/*.rs'],
          },
        ],
        pageIssuer: Promise.resolve(issuer),
      });
      const fhir = await createSandboxFhir(
        sandboxOptions({ readyAfterMs: 0 }, { access: (store) => smart.fhirAccess(store) }),
      );
      app.use(smart.routes);
      app.use('/fhir', fhir.router);
      return fhir;
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  test.each(['system/*.rs', 'system/*.read'])('a backend token with %s exports every patient', async (scope) => {
    const token = await backendToken(scope);
    const statusUrl = await kickOff(`${sandbox.base}/Group/${POPULATION_GROUP_ID}/$export`, bearer(token));
    const manifest = await manifestOf(statusUrl, token);
    expect(manifest.requiresAccessToken).toBe(true);
    expect((await call(manifest.output[0]!.url)).status).toBe(401);
    const files = await download(manifest.output, token);
    expect(ids(files.get('Patient'))).toEqual([...sandbox.fhir.patientIds].sort());
    // Another client's token (the EHR page's, which reads everything) cannot follow this export.
    const other = await issuer.signToken(sandbox.base);
    expect((await call(statusUrl, bearer(other))).status).toBe(403);
    expect((await call(statusUrl, bearer(token), 'DELETE')).status).toBe(202);
  });

  test('per-type system scopes: without _type the export keeps to those types; a _type beyond them → 403', async () => {
    const token = await backendToken('system/Patient.rs system/Condition.rs');
    const { manifest } = await exportAll(`${sandbox.base}/Patient/$export`, { token });
    expect([...new Set(manifest.output.map((o) => o.type))].sort()).toEqual(['Condition', 'Patient']);
    const refused = await call(`${sandbox.base}/$export?_type=Observation`, { ...KICK_OFF, ...bearer(token) });
    expect(refused.status).toBe(403);
  });

  test('a patient-scoped app token cannot export (403); without a token the export is open, as reads are', async () => {
    const patient = ALL_FIXTURES[0]!.id;
    const app = String((await eligibilityAppToken(sandbox.origin, patient, '{}')).access_token);
    for (const path of ['/$export', '/Patient/$export', `/Group/${POPULATION_GROUP_ID}/$export`]) {
      const refused = await call(`${sandbox.base}${path}`, { ...KICK_OFF, ...bearer(app) });
      expect(refused.status).toBe(403);
      expect(outcomeText(refused)).toMatch(/system\/ scope/);
    }
    const statusUrl = await kickOff(`${sandbox.base}/Patient/$export?_type=Patient`, KICK_OFF);
    const manifest = await manifestOf(statusUrl);
    expect(manifest.requiresAccessToken).toBe(false);
    const files = await download(manifest.output);
    expect(ids(files.get('Patient'))).toEqual([...sandbox.fhir.patientIds].sort());
    // A job started with a token stays its client's: its status needs that client's token.
    const token = await backendToken('system/*.rs');
    const owned = await kickOff(`${sandbox.base}/Patient/$export?_type=Patient`, { ...KICK_OFF, ...bearer(token) });
    expect((await call(owned)).status).toBe(401);
    expect((await manifestOf(owned, token)).requiresAccessToken).toBe(true);
  });
});
