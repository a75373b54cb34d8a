import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { main } from '../bin/screen.js';
import { createLogger } from '../config/logger.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { NO_TOKEN } from '../screening/bulk/token-source.js';
import type { SpillPolicy } from '../screening/compressed-json.js';
import { screenPopulation, screeningServices } from '../screening/screen-population.js';
import { ScreeningReportSchema, reportJsonSchema } from '../screening/screening-report.js';
import { loadServices } from '../services/load-services.js';
import { openMigrated } from '../store/open-card-store.js';
import { ScreeningStore } from '../store/screening-store.js';
import type { Card } from '../services/card-schema.js';
import type { TrialScreening } from '../services/trial-screening.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

/*
 * Population screening (docs/screening.md) against the embedded sandbox FHIR server, which
 * answers $export: the same trial outcome and criterion statuses as a patient-view call for every
 * fixture patient, the report's fixed format, the CSV, opt-outs, and the search fallback.
 */

let server: TestServer;
let dir: string;
let fhir: string;

const rules = loadServices('rules', {});
const { services, trialIds } = screeningServices(rules.services);
const dataSource = new FhirClientSource({ timeoutMs: 10_000, maxPages: 50, logger: createLogger('silent') });

/** Statuses by patient, then trial, then criterion: `met`, `not-met`... and whether the card fires. */
type Outcomes = Map<string, Map<string, { candidate: boolean; criteria: Record<string, string> }>>;

function record(into: Outcomes, patientId: string, screenings: readonly TrialScreening[]): void {
  const trials = new Map<string, { candidate: boolean; criteria: Record<string, string> }>();
  for (const s of screenings) {
    trials.set(s.trialId, {
      candidate: s.candidate,
      criteria: Object.fromEntries(s.criteria.map((c) => [c.id, c.status])),
    });
  }
  into.set(patientId, trials);
}

async function screen(options: { fetch?: typeof fetch; optOut?: Set<string>; spill?: SpillPolicy } = {}) {
  const outcomes: Outcomes = new Map();
  const result = await screenPopulation(
    { fhirBaseUrl: fhir, optOut: options.optOut ?? new Set(), concurrency: 4, deadline: Date.now() + 120_000 },
    {
      services,
      ports: { valueSets: rules.valueSets, alcoholGramsPerDrink: server.config.alcoholGramsPerDrink },
      rulesVersion: rules.version,
      http: { fetch: options.fetch ?? fetch, tokens: NO_TOKEN, requestTimeoutMs: 10_000 },
      dataSource,
      now: () => TEST_NOW,
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
      onScreened: (id, s) => record(outcomes, id, s),
      ...(options.spill ? { spill: options.spill } : {}),
    },
  );
  return { ...result, outcomes };
}

let bulk: Awaited<ReturnType<typeof screen>>;

beforeAll(async () => {
  server = await startTestServer({ env: { ELIGIBILITY_APP: 'off' } });
  fhir = `${server.baseUrl}/fhir`;
  dir = mkdtempSync(join(tmpdir(), 'screening-'));
  bulk = await screen();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The trials a patient-view call over HTTP shows a card for. */
async function cardsOverHttp(patientId: string): Promise<string[]> {
  const res = await request(server.baseUrl)
    .post('/cds-services/trial-referral')
    .send({
      hook: 'patient-view',
      hookInstance: '3f1b7c2a-8d4e-4a5b-9c6d-0e1f2a3b4c5d',
      fhirServer: fhir,
      context: { userId: 'Practitioner/example', patientId },
    });
  expect(res.status).toBe(200);
  return (res.body as { cards: Card[] }).cards.map((c) => /NCT\d{8}/.exec(c.source.label)?.[0] ?? '?').sort();
}

/** Every criterion's status as the patient-view path reads the record (prefetch templates over FHIR search). */
async function statusesOverPatientView(patientId: string): Promise<Outcomes> {
  const outcome = await runPipeline(
    {
      patientId,
      services,
      source: { kind: 'request', context: { patientId }, access: () => ({ baseUrl: fhir }), dataSource },
      now: TEST_NOW,
      screen: true,
    },
    { valueSets: rules.valueSets, alcoholGramsPerDrink: server.config.alcoholGramsPerDrink },
  );
  const out: Outcomes = new Map();
  record(
    out,
    patientId,
    outcome.services.flatMap((s) => s.screening ?? []),
  );
  return out;
}

describe('screening gives the cards’ outcome for every fixture patient', () => {
  test('the bulk run is complete and screened the sandbox population', () => {
    expect(bulk.error).toBeUndefined();
    expect(bulk.report.complete).toBe(true);
    expect(bulk.report.source.method).toBe('bulk-export');
    const skipped = Object.values(bulk.report.patientsSkipped).reduce((a, b) => a + b, 0);
    expect(bulk.report.patientsScreened + skipped).toBe(ALL_FIXTURES.length);
    expect(bulk.report.patientsScreened).toBeGreaterThan(100);
  });

  test.each(ALL_FIXTURES.map((f) => [f.id, f] as const))('%s', async (id, fixture) => {
    const screened = bulk.outcomes.get(id);
    const cards = await cardsOverHttp(id);
    // Every fixture is evaluated (none opted out; a closed record gate gives no candidate and no card).
    expect(screened).toBeDefined();
    const candidates = [...screened!]
      .filter(([, t]) => t.candidate)
      .map(([trial]) => trial)
      .sort();
    expect(candidates).toEqual(cards);
    expect(screened).toEqual((await statusesOverPatientView(id)).get(id));
    // And as the fixture says, where it says.
    for (const [trial, expected] of Object.entries(fixture.expected.trials ?? {})) {
      expect(screened!.get(trial)?.candidate).toBe(expected.fires);
      const statuses = screened!.get(trial)!.criteria;
      for (const [criterion, status] of Object.entries(expected.criteria))
        expect([criterion, statuses[criterion]]).toEqual([criterion, status]);
    }
    const listed = trialIds.filter((t) => bulk.report.trials[t]!.candidates.some((c) => c.patient === `Patient/${id}`));
    expect(listed.sort()).toEqual(cards);
  });
});

describe('the report', () => {
  test('matches its schema, and docs/ holds that schema', () => {
    expect(ScreeningReportSchema.safeParse(bulk.report).success).toBe(true);
    expect(JSON.parse(readFileSync('docs/screening-report.schema.json', 'utf8'))).toEqual(reportJsonSchema());
    expect(bulk.report.rulesVersion).toBe(rules.version);
  });

  test('a candidate lists its criteria met with evidence and dates, and what to confirm', () => {
    const nafld = bulk.report.trials.NCT04270656!;
    const match = nafld.candidates.find((c) => c.patient === 'Patient/trial-nafld-full-match');
    expect(match).toBeDefined();
    expect(match!.met.length).toBeGreaterThan(3);
    const hba1c = match!.evidence.find((e) => /HbA1c/.test(e.text));
    expect(hba1c?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(nafld.notMetCounts).length).toBeGreaterThan(0);
  });

  test('possible candidates are those only an unknown key criterion keeps from the card', () => {
    for (const trial of trialIds) {
      for (const p of bulk.report.trials[trial]!.possibleCandidates) {
        const t = bulk.outcomes.get(p.patient.slice('Patient/'.length))!.get(trial)!;
        expect(t.candidate).toBe(false);
        for (const m of p.missing) expect(t.criteria[m]).toBe('unknown');
      }
    }
  });
});

describe('the command', () => {
  test('writes the JSON and the CSV, prints a summary, and exits 0', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const json = join(dir, 'run.json');
    const csv = join(dir, 'run.csv');
    const optOut = join(dir, 'opt-out.txt');
    writeFileSync(optOut, '# asked not to be contacted\nPatient/trial-nafld-full-match\n');
    const code = await main(
      ['--fhir', fhir, '--out', json, '--csv', csv, '--opt-out', optOut, '--trial', 'NCT04270656', '--no-store'],
      { out: (l) => out.push(l), err: (l) => err.push(l), env: { LOG_LEVEL: 'silent' }, now: () => TEST_NOW },
      { progress: { write: () => undefined, isTTY: false, now: () => Date.now() } },
    );
    expect([code, err]).toEqual([0, []]);
    const report = ScreeningReportSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(Object.keys(report.trials)).toEqual(['NCT04270656']);
    expect(report.patientsSkipped['opted-out']).toBe(1);
    const nafld = report.trials.NCT04270656!;
    expect(nafld.candidates.map((c) => c.patient)).not.toContain('Patient/trial-nafld-full-match');
    expect(nafld.candidates.length).toBe(bulk.report.trials.NCT04270656!.candidates.length - 1);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('trial,patient,met,to_confirm,evidence,run_id,finished_at');
    expect(rows.length).toBe(nafld.candidates.length + 1);
    expect(out.join('\n')).toContain(`NCT04270656: ${nafld.candidates.length} candidates`);
    expect(out.at(-1)).toBe('not stored: not asked (--no-store)');
  });

  test('keeps runs in the database: a later run marks who no longer fits, and why', async () => {
    const dataDir = join(dir, 'store');
    const quiet = { write: () => undefined, isTTY: false, now: () => Date.now() };
    const screenInto = async (extra: string[], env: Record<string, string> = {}) => {
      const out: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), now: () => TEST_NOW };
      const code = await main(
        ['--fhir', fhir, '--trial', 'NCT04270656', ...extra],
        { ...io, env: { LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env } },
        { progress: quiet },
      );
      return { code, out };
    };
    // The first run holds no record in memory: every block goes to the store's spill and back.
    const first = await screenInto([], { SCREENING_MEMORY_MB: '0' });
    const found = bulk.report.trials.NCT04270656!;
    expect(first.code).toBe(0);
    expect(first.out.at(-2)).toMatch(/^memory: \d+ blocks of records past SCREENING_MEMORY_MB went to the database$/);
    expect(first.out.at(-1)).toBe(
      `stored: ${found.candidates.length} new candidates, ${found.possibleCandidates.length} new possible, 0 listed again, 0 no longer fit`,
    );
    const optOut = join(dir, 'opt-out-2.txt');
    writeFileSync(optOut, 'Patient/trial-nafld-full-match\n');
    const second = await screenInto(['--opt-out', optOut]);
    expect(second.out.at(-1)).toBe('stored: 0 new candidates, 0 new possible, 0 listed again, 1 no longer fit');
    const { sql, tables } = await openMigrated({ dataDir, logger: createLogger('silent') });
    try {
      const store = new ScreeningStore(sql, tables);
      const [gone] = await store.candidates({ trialId: 'NCT04270656', fit: 'no-longer-fits' });
      expect(gone).toMatchObject({
        patientRef: 'Patient/trial-nafld-full-match',
        retiredReason: 'not screened: opted-out',
        status: 'new',
      });
      expect((await store.runs()).map((r) => r.state)).toEqual(['complete', 'complete']);
      // The spill went with its run.
      expect(await sql.query(`SELECT 1 FROM ${tables.screeningSpill}`)).toEqual([]);
    } finally {
      await sql.close();
    }
  });

  test.each([
    ['a bad base URL', 2, ['--fhir', 'ftp://x']],
    ['an unknown trial', 2, ['--fhir', 'http://127.0.0.1:9/fhir', '--trial', 'NCT00000000']],
    ['a bad --since', 2, ['--fhir', 'http://127.0.0.1:9/fhir', '--since', 'yesterday']],
    ['a server that is not there', 1, ['--fhir', 'http://127.0.0.1:9/fhir', '--no-store']],
  ] as [string, number, string[]][])('%s exits %s with a message', async (_name, expected, args) => {
    const err: string[] = [];
    const code = await main(
      args,
      { out: () => undefined, err: (l) => err.push(l), env: { LOG_LEVEL: 'silent' }, now: () => TEST_NOW },
      { progress: { write: () => undefined, isTTY: false, now: () => Date.now() } },
    );
    expect(code).toBe(expected);
    expect(err.join('\n')).toMatch(/^screen: /);
  });
});

describe('past the memory budget', () => {
  test('with every block of records spilled to the service’s database, each patient’s outcome is the same', async () => {
    const { store } = server.composition.deps.screening!;
    const db = await store.openSpill('screening-int-spill', TEST_NOW);
    const calls = { write: 0, read: 0 };
    const spill = {
      write: (blocks: Parameters<typeof db.write>[0]) => (calls.write++, db.write(blocks)),
      read: (blocks: readonly number[]) => (calls.read++, db.read(blocks)),
      drop: () => db.drop(),
    };
    const spilled = await screen({ spill: { spill, budgetBytes: 0 } });
    expect(spilled.report.complete).toBe(true);
    expect(spilled.spilledBlocks).toBeGreaterThan(0);
    expect(calls.write).toBeGreaterThan(0);
    expect(calls.read).toBeGreaterThan(0);
    expect(spilled.outcomes).toEqual(bulk.outcomes);
    for (const trial of trialIds)
      expect(spilled.report.trials[trial]!.candidates).toEqual(bulk.report.trials[trial]!.candidates);
    expect((await db.read([0])).size).toBe(0);
  });
});

describe('without $export', () => {
  test('the run reads patient by patient and finds the same candidates', async () => {
    // The same server, as one that has no $export: kick-offs answer 404.
    const noExport: typeof fetch = (input, init) =>
      (input instanceof Request ? input.url : input.toString()).includes('$export')
        ? Promise.resolve(
            new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [] }), { status: 404 }),
          )
        : fetch(input, init);
    const search = await screen({ fetch: noExport });
    expect(search.report.source.method).toBe('search');
    expect(search.report.complete).toBe(true);
    for (const trial of trialIds) {
      expect(search.report.trials[trial]!.candidates).toEqual(bulk.report.trials[trial]!.candidates);
    }
  });
});
