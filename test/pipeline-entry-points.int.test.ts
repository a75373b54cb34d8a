import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { main } from '../bin/evaluate.js';
import type { EvaluationReport } from '../bin/evaluate-report.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import type { Card } from '../services/card-schema.js';
import { loadServices, type LoadedRules } from '../services/load-services.js';
import { oneInFour } from './support/fixture-sample.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

/*
 * The CLI loads and validates the whole rules folder on every run, as a command must; here, 734
 * runs in one process, those loads were 40% of the suite. Each distinct load (same folder, same
 * options: the key) is made once, with the real loader, and given to the runs that ask for it
 * again (EvaluateDeps.loadRules). The HTTP server loads its rules on its own.
 */
const loaded = new Map<string, LoadedRules>();
const loadOnce: typeof loadServices = (rulesDir, options = {}) => {
  const key = JSON.stringify([rulesDir, options]);
  let rules = loaded.get(key);
  if (!rules) loaded.set(key, (rules = loadServices(rulesDir, options)));
  return rules;
};

/*
 * Every entry point runs the one pipeline (pipeline/run-pipeline.ts): a CDS Hooks call over HTTP
 * and `npm run evaluate` give the same cards for every fixture patient, whether the CLI reads
 * the FHIR server or a Bundle file. Only uuids may differ.
 */

const SERVICES = ['pump-evaluation', 'trial-referral'] as const;

const FHIR_DEADLINE = '15000';
let server: TestServer;
let dir: string;

beforeAll(async () => {
  // The command line serves no eligibility app, so its trial cards carry no SMART link: the HTTP
  // side runs without the app too, to compare the rest of the cards as they are.
  // The table compares cards, not latency: on a loaded 2-core CI machine the first, cold call once
  // took the sandbox FHIR server past the 2 s default deadline (412 fhir-timeout).
  server = await startTestServer({ env: { ELIGIBILITY_APP: 'off', FHIR_TIMEOUT_MS: FHIR_DEADLINE } });
  dir = mkdtempSync(join(tmpdir(), 'pipeline-entry-points-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Cards with what differs on every call (uuids) blanked. */
function comparable(cards: readonly Card[]): unknown {
  return JSON.parse(JSON.stringify(cards), (key, value: unknown) => (key === 'uuid' ? '<uuid>' : value));
}

async function overHttp(serviceId: string, patientId: string): Promise<Card[]> {
  const res = await request(server.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .send({
      hook: 'patient-view',
      hookInstance: '3f1b7c2a-8d4e-4a5b-9c6d-0e1f2a3b4c5d',
      fhirServer: `${server.baseUrl}/fhir`,
      context: { userId: 'Practitioner/example', patientId },
    });
  expect(res.status).toBe(200);
  return (res.body as { cards: Card[] }).cards;
}

async function overCli(serviceId: string, patientId: string, source: string[]): Promise<Card[]> {
  const out: string[] = [];
  const code = await main(
    [...source, '--patient', patientId, '--service', serviceId, '--json'],
    {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      env: { LOG_LEVEL: 'silent', FHIR_TIMEOUT_MS: FHIR_DEADLINE },
      now: () => TEST_NOW,
    },
    { suppressions: { activeSuppressions: () => Promise.resolve([]) }, loadRules: loadOnce },
  );
  expect(code).toBe(0);
  const report = JSON.parse(out.join('\n')) as EvaluationReport;
  return report.services[0]!.cards.map((p) => p.card);
}

function bundleFile(patientId: string): string {
  const fixture = ALL_FIXTURES.find((f) => f.id === patientId)!;
  const file = join(dir, `${patientId}.json`);
  const entry = fixture.resources(TEST_NOW).map((resource) => ({ resource }));
  writeFileSync(file, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry }));
  return file;
}

/*
 * Every fixture goes through HTTP and the CLI reading a Bundle. The CLI reading the FHIR server
 * reads it as the HTTP call's fhirServer does (fhir/fhir-client-source.ts, which fixtures-http
 * runs on every fixture), so one fixture in four, spread over the set, checks that the command
 * composes it the same way: those reads were a third of this suite's time on a 2-core CI machine.
 */
const readsFhirServer = oneInFour;
const ROWS = ALL_FIXTURES.flatMap((f, i) => SERVICES.map((s) => [f.id, s, readsFhirServer(f, i)] as const));

describe('HTTP and the evaluate CLI give the same cards', () => {
  test.each(ROWS)(
    '%s → %s: HTTP and the CLI reading a Bundle (and the FHIR server: %s)',
    async (id, service, viaFhir) => {
      const http = comparable(await overHttp(service, id));
      if (viaFhir) {
        expect(comparable(await overCli(service, id, ['--fhir', `${server.baseUrl}/fhir`]))).toEqual(http);
      }
      expect(comparable(await overCli(service, id, ['--bundle', bundleFile(id)]))).toEqual(http);
    },
  );

  test('the CLI reads the FHIR server for fixtures of both services, firing and silent', () => {
    const sampled = ALL_FIXTURES.filter(readsFhirServer);
    expect(sampled.some((f) => f.expected.pump !== null)).toBe(true);
    expect(sampled.some((f) => f.expected.pump === null)).toBe(true);
    expect(sampled.some((f) => Object.keys(f.expected.trials ?? {}).length > 0)).toBe(true);
    expect(sampled.length).toBeGreaterThan(100);
  });

  test('the table is not empty on either side', async () => {
    // One call at a time, as the table above does: six at once on a loaded 2-core CI machine made
    // the sandbox FHIR server miss the service's deadline once (412 fhir-timeout).
    const firing: Card[][] = [];
    for (const [id, s] of ROWS.slice(0, 6)) firing.push(await overHttp(s, id));
    expect(firing.flat().length).toBeGreaterThan(0);
  });
});

/**
 * A transaction Bundle of several patients, as an export or Synthea writes it: every entry has a
 * `urn:uuid` fullUrl and points at its patient by that fullUrl, or (`byId`) as `Patient/<id>`.
 */
function multiPatientBundle(patientIds: readonly string[], byId: boolean): string {
  const entry = patientIds.flatMap((patientId, p) => {
    const fixture = ALL_FIXTURES.find((f) => f.id === patientId)!;
    const patientUrl = `urn:uuid:00000000-0000-4000-8000-00000000000${p}`;
    return fixture.resources(TEST_NOW).map((resource, i) => {
      const withRef = JSON.parse(JSON.stringify(resource), (key, value: unknown) =>
        !byId && key === 'reference' && value === `Patient/${patientId}` ? patientUrl : value,
      ) as typeof resource;
      const fullUrl = resource.resourceType === 'Patient' ? patientUrl : `urn:uuid:${p}-${i}`;
      return { fullUrl, resource: withRef, request: { method: 'POST', url: resource.resourceType } };
    });
  });
  const file = join(dir, `several-${byId ? 'by-id' : 'by-fullurl'}.json`);
  writeFileSync(file, JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }));
  return file;
}

describe('a Bundle file holding several patients', () => {
  // One patient the pump card fires for, one it must not: the second may never borrow the first's record.
  const firing = 'pump-positive-main';
  const silent = ALL_FIXTURES.find((f) => f.expected.pump === null)!.id;

  test.each([
    ['references written Patient/<id>', true],
    ['references written as the Patient entry fullUrl (urn:uuid)', false],
  ])('%s: each patient gets the cards of its own record only', async (_name, byId) => {
    const file = multiPatientBundle([firing, silent], byId);
    for (const id of [firing, silent]) {
      for (const service of SERVICES) {
        const http = comparable(await overHttp(service, id));
        expect(comparable(await overCli(service, id, ['--bundle', file]))).toEqual(http);
      }
    }
    expect(await overCli('pump-evaluation', silent, ['--bundle', file])).toEqual([]);
    expect(await overCli('pump-evaluation', firing, ['--bundle', file])).toHaveLength(1);
  });
});
