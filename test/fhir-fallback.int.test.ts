import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { createLogger } from '../config/logger.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { FhirFetchError, type FhirAccess } from '../fhir/data-source.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { readSearchAnswer } from '../fhir/fhir-client/answer-reader.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { resolvePrefetchTemplate } from '../fhir/prefetch-template.js';
import { loadPatientRecord, type LoadStats } from '../fhir/record-loader.js';
import { startLatencyProxy, type LatencyProxy } from '../bench/latency-proxy.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import type { FixturePatient } from '../sandbox/patients/fixture.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { loadServices } from '../services/load-services.js';
import type { CdsService, ProposedCard } from '../services/service.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startSandboxServer, type RunningSandbox } from './support/fhir-sandbox-server.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const TODAY = new Date(Date.UTC(2026, 10, 22));
const TOKEN = 'ehr-access-token-91d2';
const { services, valueSets } = loadServices(DEFAULT_RULES_DIR);

let open: RunningSandbox; // what the EHR reads its prefetch from
let locked: RunningSandbox; // the same data behind a bearer token: the FHIR path must send it

const source = new FhirClientSource({ timeoutMs: 2000, maxPages: 5, logger: createLogger('silent') });
const access = (): FhirAccess => ({ baseUrl: locked.baseUrl, accessToken: TOKEN });

beforeAll(async () => {
  [open, locked] = await Promise.all([
    startSandboxServer({ today: TODAY }),
    startSandboxServer({ today: TODAY, requireToken: TOKEN }),
  ]);
});
afterAll(async () => {
  await Promise.all([open.close(), locked.close()]);
});

/*
 * One fixture in three, spread over the whole set (every kind of record, both styles): every
 * fixture already goes through the FHIR path over HTTP, compared with its prefetch answer, in
 * fixtures-http.int.test.ts. What this suite adds (every service, a token-guarded server, the
 * keys fetched, at most two rounds) does not depend on which patient is read, and the full set
 * here took 200 s of a CI run.
 */
const SAMPLE = ALL_FIXTURES.filter((_, i) => i % 3 === 0);

function context(patientId: string): Record<string, string> {
  return { patientId, userId: 'Practitioner/example' };
}

/** The pipeline after the record: facts once, then the service's cards (as hooks/call-service.ts does). */
function evaluate(service: CdsService, patientId: string, record: PatientRecord): Promise<ProposedCard[]> {
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  return service.evaluate({ patientId, facts, record, now: NOW });
}

/** A card without what differs on every call (uuids). */
function comparable(p: ProposedCard): unknown {
  return JSON.parse(
    JSON.stringify(p, (key, value: unknown) =>
      key === 'uuid' || (typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value)) ? '<uuid>' : value,
    ),
  );
}

async function viaPrefetch(service: CdsService, fixture: FixturePatient): Promise<ProposedCard[]> {
  const templates = service.definition.prefetch;
  const prefetch = await prefetchFromFhir(open.baseUrl, templates, fixture.id);
  // The EHR sends fhirServer too: Medications that prefetch references but does not carry are read from it.
  const { record } = await loadPatientRecord({
    patientId: fixture.id,
    templates,
    context: context(fixture.id),
    prefetch,
    access,
    source,
  });
  return await evaluate(service, fixture.id, record);
}

async function viaFhir(
  service: CdsService,
  fixture: FixturePatient,
): Promise<{ cards: ProposedCard[]; stats: LoadStats }> {
  const templates = service.definition.prefetch;
  const { record, stats } = await loadPatientRecord({
    patientId: fixture.id,
    templates,
    context: context(fixture.id),
    access,
    source,
  });
  return { cards: await evaluate(service, fixture.id, record), stats };
}

describe('FHIR fallback with no prefetch, against the embedded FHIR server over HTTP', () => {
  test('the bearer token is sent: the server demands it, reads with it succeed and reads without it are refused', async () => {
    const queries = new Map([['patient', `Patient/${ALL_FIXTURES[0]!.id}`]]);
    const withToken = await source.fetchQueries(access(), queries);
    expect(withToken.get('patient')?.resources[0]).toMatchObject({ resourceType: 'Patient', id: ALL_FIXTURES[0]!.id });
    const refused = await source.fetchQueries({ baseUrl: locked.baseUrl }, queries).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FhirFetchError);
    expect((refused as FhirFetchError).kind).toBe('unauthorized');
  });

  test.each(SAMPLE.map((f) => [f.id, f] as const))(
    '%s: every service gives the same cards as the prefetch path, and the cards the fixture expects',
    async (_id, fixture) => {
      const keys: string[] = [];
      for (const service of services) {
        const expected = await viaPrefetch(service, fixture);
        const { cards, stats } = await viaFhir(service, fixture);
        expect(cards.map(comparable)).toEqual(expected.map(comparable));
        expect(stats.fhirRounds).toBeGreaterThanOrEqual(1);
        expect(stats.fhirRounds).toBeLessThanOrEqual(2);
        expect([...stats.fetchedKeys].sort()).toEqual(Object.keys(service.definition.prefetch).sort());
        keys.push(...cards.map((c) => c.key));
      }
      expect(keys.includes('pump-evaluation')).toBe(fixture.expected.pump !== null);
      const firing = Object.entries(fixture.expected.trials ?? {})
        .filter(([, t]) => t.fires)
        .map(([id]) => id);
      expect(
        keys
          .filter((k) => k.startsWith('trial:'))
          .map((k) => k.slice('trial:'.length))
          .sort(),
      ).toEqual(firing.sort());
    },
  );
});

describe('one round of parallel reads, not a waterfall', () => {
  let slow: LatencyProxy;
  // Long enough that a loaded 2-core CI machine sends every query of the round before the first
  // answer comes back: at 100 ms one CI rehearsal (2026-12-06) saw 18 of 19 in flight. A waterfall
  // still never has two.
  const LATENCY = 400;
  beforeAll(async () => {
    slow = await startLatencyProxy(locked.baseUrl, LATENCY);
  });
  afterAll(async () => {
    await slow.close();
  });

  test('all the queries of every service go out together: every query is in flight before the first answer', async () => {
    const fixture = ALL_FIXTURES[0]!;
    const queries = new Map<string, string>();
    // Each distinct query once, as the pipeline merges the services' templates (the order
    // services repeat the patient-view ones).
    for (const service of services) {
      for (const [key, template] of Object.entries(service.definition.prefetch)) {
        const query = resolvePrefetchTemplate(template, context(fixture.id))!;
        if (![...queries.values()].includes(query)) queries.set(`${service.definition.id}.${key}`, query);
      }
    }
    expect(queries.size).toBeGreaterThanOrEqual(6);
    slow.resetCounts();
    const result = await source.fetchQueries({ baseUrl: slow.url, accessToken: TOKEN }, queries);
    expect([...result.keys()].sort()).toEqual([...queries.keys()].sort());
    // Counted, not timed: the proxy holds each answer for LATENCY ms, so a waterfall never has
    // two queries in flight, while one parallel round has them all. The wall-clock cost of a
    // round is measured by `npm run bench` (FHIR path p50 against the injected latency).
    expect(slow.counts()).toEqual({ requests: queries.size, peakInFlight: queries.size });
  });

  test('Medications by id come in one batched round: Medication?_id=a,b,c, several batches in parallel', async () => {
    const known = ALL_FIXTURES.flatMap((f) => f.resources(TODAY)).filter((r) => r.resourceType === 'Medication');
    expect(known.length).toBeGreaterThan(0);
    const ids = [...known.map((m) => m.id!), ...Array.from({ length: 120 }, (_, i) => `unknown-med-${i}`)];
    const BATCH = 50;
    const batched = new FhirClientSource({
      timeoutMs: 2000,
      maxPages: 5,
      logger: createLogger('silent'),
      medicationBatchSize: BATCH,
    });
    slow.resetCounts();
    const meds = await batched.fetchMedications({ baseUrl: slow.url, accessToken: TOKEN }, ids);
    expect(meds.map((m) => m.id).sort()).toEqual(known.map((m) => m.id).sort());
    const batches = Math.ceil(ids.length / BATCH);
    expect(batches).toBeGreaterThan(1);
    expect(slow.counts()).toEqual({ requests: batches, peakInFlight: batches });
  });
});

describe('paging against a real store', () => {
  const patientId = ALL_FIXTURES[0]!.id;
  const observations = ALL_FIXTURES[0]!.resources(TODAY).filter((r) => r.resourceType === 'Observation').length;

  test.each([
    ['a query without _count follows next links to the end', 100, `Observation?patient=${patientId}`, false],
    [
      'a query with an explicit _count reads that page only, marked truncated',
      100,
      `Observation?patient=${patientId}&_count=3`,
      true,
    ],
  ])('%s', async (_name, maxPages, query, truncated) => {
    const result = await source.fetchQueries(access(), new Map([['obs', query]]));
    expect(result.get('obs')?.truncated).toBe(truncated);
    expect(result.get('obs')?.resources.length).toBe(truncated ? 3 : observations);
    expect(maxPages).toBe(100);
  });
});

describe('reading a searchset Bundle', () => {
  const entry = (resource: Record<string, unknown>, mode?: string) => ({
    resource,
    ...(mode ? { search: { mode } } : {}),
  });
  const condition = { resourceType: 'Condition', id: 'c1' };
  const medication = { resourceType: 'Medication', id: 'm1' };
  const outcome = { resourceType: 'OperationOutcome', issue: [] };

  test.each<[string, unknown[], string[] | 'invalid']>([
    ['matches are kept', [entry(condition, 'match')], ['Condition/c1']],
    ['entries without a search mode count as matches', [entry(condition)], ['Condition/c1']],
    [
      'include entries are kept',
      [entry(condition, 'match'), entry(medication, 'include')],
      ['Condition/c1', 'Medication/m1'],
    ],
    ['outcome entries are dropped', [entry(outcome, 'outcome'), entry(condition, 'match')], ['Condition/c1']],
    ['an OperationOutcome without a mode is dropped', [entry(outcome)], []],
    ['a match of another type is invalid', [entry(medication, 'match')], 'invalid'],
    ['an entry that is not an object is invalid', ['nonsense'], 'invalid'],
  ])('%s', (_name, entries, expected) => {
    const read = () =>
      readSearchAnswer({ resourceType: 'Bundle', type: 'searchset', entry: entries }, 'Condition', 'the test');
    if (expected === 'invalid') {
      expect(read).toThrow(FhirFetchError);
      return;
    }
    expect(read().resources.map((r: FhirResource) => `${r.resourceType}/${r.id}`)).toEqual(expected);
  });
});
