import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { createLogger } from '../config/logger.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { NO_TOKEN } from '../screening/bulk/token-source.js';
import { patientOf } from '../screening/population-records.js';
import { screenPopulation, screeningServices, type ScreeningResult } from '../screening/screen-population.js';
import { loadServices } from '../services/load-services.js';

/*
 * A messy Bulk Data export must never list a patient as a candidate by mistake (docs/screening.md,
 * "What the export may get wrong"): versioned references, two versions of one resource, a byte
 * order mark, lines that are not resources, the server's error files, an empty export, a stalled
 * download, resources that name no patient, and a multi-patient Bundle for `evaluate --bundle`.
 */

const NOW = new Date('2026-11-22T10:00:00Z');
const BASE = 'https://ehr.example/fhir';
const NAFLD = 'NCT04270656';
const rules = loadServices('rules', {});
const { services } = screeningServices(rules.services);

const fixture = (id: string) => ALL_FIXTURES.find((f) => f.id === id)!.resources(NOW);
/** The full-match candidate's resources, as patient `id`. */
const candidate = (id: string): FhirResource[] =>
  JSON.parse(
    JSON.stringify(fixture('trial-nafld-full-match')).replaceAll('trial-nafld-full-match', id),
  ) as FhirResource[];
/** An excluding Condition (chronic hepatitis C) whose subject is `reference`. */
function hcv(id: string, reference: string | undefined, extra: Record<string, unknown> = {}): FhirResource {
  const c = JSON.parse(
    JSON.stringify(fixture('trial-nafld-hepatitis-c').find((r) => r.resourceType === 'Condition' && /hcv/.test(r.id!))),
  ) as Record<string, unknown>;
  delete c.meta;
  delete c.subject;
  return { ...c, id, ...(reference ? { subject: { reference } } : {}), ...extra } as unknown as FhirResource;
}
const ENTERED_IN_ERROR = {
  verificationStatus: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' }],
  },
};

type Body = string | (() => ReadableStream<Uint8Array>);

/** NDJSON files by type, in the order given. */
function byType(resources: readonly FhirResource[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const r of resources)
    files[`${r.resourceType}.ndjson`] = (files[`${r.resourceType}.ndjson`] ?? '') + `${JSON.stringify(r)}\n`;
  return files;
}

/** A Bulk Data server over these files: kick-off, one status answer with the manifest, the files, the DELETE. */
function exportFetch(files: Record<string, Body>, errors: Record<string, string> = {}): typeof fetch {
  const status = `${BASE}/status/1`;
  const url = (name: string) => `${BASE}/files/${name}`;
  const manifest = {
    transactionTime: NOW.toISOString(),
    request: `${BASE}/Patient/$export`,
    requiresAccessToken: false,
    output: Object.keys(files).map((n) => ({ type: n.split('.')[0]!, url: url(n) })),
    error: Object.keys(errors).map((n) => ({ type: 'OperationOutcome', url: url(n) })),
  };
  return (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const u = input instanceof Request ? input.url : input.toString();
    if (/\/\$export(\?|$)/.test(u))
      return Promise.resolve(new Response(null, { status: 202, headers: { 'Content-Location': status } }));
    if (u === status)
      return Promise.resolve(
        (init?.method ?? 'GET') === 'DELETE' ? new Response(null, { status: 202 }) : Response.json(manifest),
      );
    for (const [name, body] of Object.entries({ ...files, ...errors }))
      if (u === url(name))
        return Promise.resolve(new Response(typeof body === 'string' ? body : body(), { status: 200 }));
    return Promise.resolve(new Response('{"resourceType":"OperationOutcome"}', { status: 404 }));
  };
}

async function screen(
  files: Record<string, Body>,
  options: { errors?: Record<string, string>; requestTimeoutMs?: number; deadlineMs?: number } = {},
): Promise<ScreeningResult> {
  const started = Date.now();
  return screenPopulation(
    { fhirBaseUrl: BASE, optOut: new Set(), concurrency: 1, deadline: NOW.getTime() + (options.deadlineMs ?? 600_000) },
    {
      services,
      ports: { valueSets: rules.valueSets, alcoholGramsPerDrink: 10 },
      rulesVersion: rules.version,
      http: {
        fetch: exportFetch(files, options.errors),
        tokens: NO_TOKEN,
        requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      },
      dataSource: new FhirClientSource({ timeoutMs: 1000, maxPages: 1, logger: createLogger('silent') }),
      // The run's clock goes as real time does, from NOW.
      now: () => new Date(NOW.getTime() + (Date.now() - started)),
      sleep: () => Promise.resolve(),
    },
  );
}

const candidates = (r: ScreeningResult) => r.report.trials[NAFLD]!.candidates.map((c) => c.patient).sort();
const possible = (r: ScreeningResult) => r.report.trials[NAFLD]!.possibleCandidates.map((c) => c.patient).sort();

test('the full-match patient alone is a candidate of a complete run (the baseline of what follows)', async () => {
  const r = await screen(byType(candidate('ok')));
  expect(r.report.complete).toBe(true);
  expect(candidates(r)).toEqual(['Patient/ok']);
});

describe('versioned patient references', () => {
  test('an exclusion or an opt-out naming Patient/<id>/_history/<n>, relative or absolute, is the patient’s', async () => {
    const r = await screen(
      byType([
        ...candidate('ok'),
        ...candidate('v-rel'),
        ...candidate('v-abs'),
        ...candidate('v-consent'),
        hcv('h-rel', 'Patient/v-rel/_history/2'),
        hcv('h-abs', 'https://ehr/fhir/Patient/v-abs/_history/3'),
        {
          resourceType: 'Consent',
          id: 'no-research',
          status: 'active',
          scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'research' }] },
          category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
          patient: { reference: 'Patient/v-consent/_history/1' },
          dateTime: '2025-01-01',
          provision: { type: 'deny' },
        },
      ]),
    );
    expect(r.report.complete).toBe(true);
    expect(candidates(r)).toEqual(['Patient/ok']);
    expect(possible(r)).toEqual([]);
    expect(r.report.patientsSkipped['opted-out']).toBe(1);
  });

  test('a --since run reads the patient of a versioned reference too', () => {
    expect(patientOf(hcv('h', 'Patient/x/_history/7'))).toBe('x');
    expect(patientOf(hcv('h', 'https://ehr/fhir/Patient/y/_history/3'))).toBe('y');
  });
});

describe('two versions of one resource', () => {
  test('the higher meta.versionId (as a number) wins, else the later meta.lastUpdated, whatever the line order', async () => {
    const r = await screen(
      byType([
        ...candidate('by-version'),
        ...candidate('by-date'),
        hcv('c1', 'Patient/by-version', { ...ENTERED_IN_ERROR, meta: { versionId: '9' } }),
        hcv('c1', 'Patient/by-version', { meta: { versionId: '10' } }),
        hcv('c2', 'Patient/by-date', { ...ENTERED_IN_ERROR, meta: { lastUpdated: '2026-01-01T00:00:00Z' } }),
        hcv('c2', 'Patient/by-date', { meta: { lastUpdated: '2026-06-01T00:00:00Z' } }),
      ]),
    );
    expect(r.report.complete).toBe(true);
    expect(candidates(r)).toEqual([]);
    expect(possible(r)).toEqual([]);
  });

  test('two differing versions nothing orders keep the patient at most a possible candidate, with a problem', async () => {
    const [patient, ...rest] = candidate('undecided').sort((a) => (a.resourceType === 'Patient' ? -1 : 1));
    const other = { ...patient, name: [{ family: 'Autre' }] } as FhirResource;
    const r = await screen(byType([patient!, other, ...rest]));
    expect(candidates(r)).toEqual([]);
    expect(possible(r)).toEqual(['Patient/undecided']);
    expect(r.report.problems.join('\n')).toMatch(/1 patients had two differing versions/);
  });

  test('evaluate --bundle keeps the same version as the screening: the newer Patient, not the last', async () => {
    const resources = candidate('p');
    const old = resources.find((r) => r.resourceType === 'Patient')!;
    const newer = { ...old, meta: { versionId: '2' }, deceasedBoolean: true } as FhirResource;
    const outcome = await runPipeline(
      {
        patientId: 'p',
        services,
        source: {
          kind: 'resources',
          resources: [newer, ...resources.filter((r) => r !== old), { ...old, meta: { versionId: '1' } }],
        },
        now: NOW,
        screen: true,
      },
      { valueSets: rules.valueSets, alcoholGramsPerDrink: 10 },
    );
    expect(outcome.record.patient?.meta?.versionId).toBe('2');
    const nafld = outcome.services.flatMap((s) => s.screening ?? []).find((s) => s.trialId === NAFLD)!;
    expect(nafld.candidate).toBe(false);
  });
});

describe('lines that are not resources', () => {
  test('a leading byte order mark does not lose the first line', async () => {
    const files = byType([hcv('h-bom', 'Patient/bom'), ...candidate('bom')]);
    files['Condition.ndjson'] = `\uFEFF${files['Condition.ndjson']!}`;
    const r = await screen(files);
    expect(r.report.complete).toBe(true);
    expect(candidates(r)).toEqual([]);
  });

  test('a cut last line leaves the run incomplete, and no one listed', async () => {
    const files = byType(candidate('cut'));
    files['Condition.ndjson'] = `${files['Condition.ndjson']!}{"resourceType":"Condition","id":"x","subj`;
    const r = await screen(files);
    expect(r.report.complete).toBe(false);
    expect(r.error?.message).toMatch(/1 lines of the export were not FHIR resources/);
    expect(candidates(r)).toEqual([]);
  });
});

describe("the server's error files", () => {
  const issue = (severity: string) =>
    `${JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity, code: 'exception', diagnostics: 'Condition/9 failed' }] })}\n`;

  test('an error issue leaves the run incomplete', async () => {
    const r = await screen(byType(candidate('e')), { errors: { 'err.ndjson': issue('error') } });
    expect(r.report.complete).toBe(false);
    expect(r.error?.message).toMatch(/error files report 1 errors/);
    expect(candidates(r)).toEqual([]);
  });

  test('a warning is a note of a complete run', async () => {
    const r = await screen(byType(candidate('w')), { errors: { 'err.ndjson': issue('warning') } });
    expect(r.report.complete).toBe(true);
    expect(r.report.problems.join('\n')).toMatch(/warning exception: Condition\/9 failed/);
  });
});

test('an export with no patients is an incomplete run, said so', async () => {
  const r = await screen({});
  expect(r.report.complete).toBe(false);
  expect(r.error?.message).toMatch(/no patients/);
});

describe('a stalled download', () => {
  const stalled = () => () =>
    new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode(`${JSON.stringify(candidate('s')[0])}\n`)),
    });

  test('ends the run when the file sends nothing for the request timeout', async () => {
    const r = await screen({ ...byType(candidate('s')), 'Condition.ndjson': stalled() }, { requestTimeoutMs: 100 });
    expect(r.report.complete).toBe(false);
    expect(r.error?.kind).toBe('timeout');
  }, 10_000);

  test('ends the run at its deadline', async () => {
    const r = await screen(
      { ...byType(candidate('s')), 'Condition.ndjson': stalled() },
      { requestTimeoutMs: 60_000, deadlineMs: 300 },
    );
    expect(r.report.complete).toBe(false);
    expect(r.error?.kind).toBe('timeout');
    expect(r.error?.message).toMatch(/deadline/);
  }, 10_000);
});

test('resources that name no patient are counted in the report', async () => {
  const r = await screen(
    byType([
      ...candidate('n'),
      hcv('no-subject', undefined),
      hcv('urn', 'urn:uuid:9c6d0e1f-2a3b-4c5d-8e4a-5b9c6d0e1f2a'),
    ]),
  );
  expect(r.report.complete).toBe(true);
  expect(r.report.problems.join('\n')).toMatch(/2 resources named no patient/);
});

test('evaluate --bundle with several patients leaves out what names no patient (an orphan HbA1c)', async () => {
  const a = candidate('a');
  const isA1c = (r: FhirResource) => r.resourceType === 'Observation' && /4548-4/.test(JSON.stringify(r));
  const orphans = a.filter(isA1c).map((r) => {
    const o = { ...r } as Record<string, unknown>;
    delete o.subject;
    return o as unknown as FhirResource;
  });
  expect(orphans.length).toBeGreaterThan(0);
  const b = candidate('b').filter((r) => r.resourceType === 'Patient');
  const outcome = await runPipeline(
    {
      patientId: 'a',
      services,
      source: { kind: 'resources', resources: [...a.filter((r) => !isA1c(r)), ...orphans, ...b] },
      now: NOW,
      screen: true,
    },
    { valueSets: rules.valueSets, alcoholGramsPerDrink: 10 },
  );
  expect((outcome.record.resources.get('Observation') ?? []).some(isA1c)).toBe(false);
  const nafld = outcome.services.flatMap((s) => s.screening ?? []).find((s) => s.trialId === NAFLD)!;
  expect(nafld.candidate).toBe(false);
});
