import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Bundle, BundleEntry, CapabilityStatement, FhirResource, OperationOutcome } from 'fhir/r4.js';
import { loadResources } from '../sandbox/fhir/sandbox-fhir.js';
import { startSandboxServer, type RunningSandbox } from './support/fhir-sandbox-server.js';

/**
 * `_include` in the embedded sandbox, over HTTP: referenced resources come back once each,
 * after the matches, with search mode `include`. https://hl7.org/fhir/R4/search.html#include
 */

const PATIENT = 'incl-1';
const PAGED = 'incl-2';
const subject = (id: string) => ({ reference: `Patient/${id}` });

let sandbox: RunningSandbox;

function order(id: string, medication: Partial<FhirResource> & Record<string, unknown>, day = 1): FhirResource {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: subject(id.startsWith('incl-p') ? PAGED : PATIENT),
    authoredOn: `2026-01-${String(day).padStart(2, '0')}`,
    ...medication,
  } as FhirResource;
}

const medicationOf = (id: string): FhirResource => ({ resourceType: 'Medication', id, code: { text: id } });

/** One patient whose orders reference Medications every way a reference can be written. */
function includePatient(base: string): FhirResource[] {
  return [
    { resourceType: 'Patient', id: PATIENT },
    medicationOf('incl-med-a'),
    medicationOf('incl-med-b'),
    medicationOf('incl-med-c'),
    order('incl-mr-1', { medicationReference: { reference: 'Medication/incl-med-a' } }),
    order('incl-mr-2', { medicationReference: { reference: 'Medication/incl-med-a' } }),
    order('incl-mr-3', {
      contained: [{ resourceType: 'Medication', id: 'c1', code: { text: 'contained' } }],
      medicationReference: { reference: '#c1' },
    }),
    order('incl-mr-4', { medicationReference: { reference: 'Medication/incl-not-stored' } }),
    order('incl-mr-5', { medicationReference: { reference: `${base}/Medication/incl-med-b` } }),
    order('incl-mr-6', { medicationCodeableConcept: { text: 'metformin' } }),
    order('incl-mr-7', { medicationReference: { reference: 'http://elsewhere.example/fhir/Medication/incl-med-c' } }),
    {
      resourceType: 'MedicationStatement',
      id: 'incl-ms-1',
      status: 'active',
      subject: subject(PATIENT),
      medicationReference: { reference: 'Medication/incl-med-b' },
    },
    {
      resourceType: 'Observation',
      id: 'incl-obs-1',
      status: 'final',
      code: { text: 'panel' },
      subject: subject(PATIENT),
      hasMember: [{ reference: 'Observation/incl-obs-2' }],
    },
    { resourceType: 'Observation', id: 'incl-obs-2', status: 'final', code: { text: 'x' }, subject: subject(PATIENT) },
    {
      resourceType: 'DiagnosticReport',
      id: 'incl-dr-1',
      status: 'final',
      code: { text: 'report' },
      subject: subject(PATIENT),
      result: [{ reference: 'Observation/incl-obs-1' }, { reference: 'Observation/incl-obs-2' }],
    },
    { resourceType: 'Device', id: 'incl-dev-1', patient: subject(PATIENT) },
    {
      resourceType: 'DeviceUseStatement',
      id: 'incl-dus-1',
      status: 'active',
      subject: subject(PATIENT),
      device: { reference: 'Device/incl-dev-1' },
    },
  ] as FhirResource[];
}

/** Five orders over three pages of two; incl-pm-0 is referenced from the first and the second page. */
const PAGED_ORDERS: readonly (readonly [string, string])[] = [
  ['incl-p0', 'incl-pm-0'],
  ['incl-p1', 'incl-pm-1'],
  ['incl-p2', 'incl-pm-0'],
  ['incl-p3', 'incl-pm-2'],
  ['incl-p4', 'incl-pm-3'],
];

function pagedPatient(): FhirResource[] {
  return [
    { resourceType: 'Patient', id: PAGED },
    ...['incl-pm-0', 'incl-pm-1', 'incl-pm-2', 'incl-pm-3'].map(medicationOf),
    ...PAGED_ORDERS.map(([id, med], i) =>
      order(id, { medicationReference: { reference: `Medication/${med}` } }, i + 1),
    ),
  ] as FhirResource[];
}

beforeAll(async () => {
  sandbox = await startSandboxServer({ extraPatients: 3 });
  await loadResources(sandbox.store, [...includePatient(sandbox.baseUrl), ...pagedPatient()]);
});
afterAll(async () => {
  await sandbox.close();
});

async function get<T = Bundle>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(path.startsWith('http') ? path : `${sandbox.baseUrl}${path}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

const key = (e: BundleEntry): string => `${e.resource?.resourceType}/${e.resource?.id}`;
const byMode = (b: Bundle, mode: string): BundleEntry[] => (b.entry ?? []).filter((e) => e.search?.mode === mode);

/** Checks the shape FHIR search asks of a page with includes, and returns its match and include keys. */
function readPage(bundle: Bundle, type: string): { matches: string[]; included: string[] } {
  const entries = bundle.entry ?? [];
  const matches = byMode(bundle, 'match');
  const included = byMode(bundle, 'include');
  expect(matches.length + included.length).toBe(entries.length);
  expect(entries.slice(0, matches.length)).toEqual(matches);
  for (const e of matches) expect(e.resource?.resourceType).toBe(type);
  for (const e of included) expect(e.fullUrl).toBe(`${sandbox.baseUrl}/${key(e)}`);
  expect(new Set(entries.map(key)).size).toBe(entries.length);
  return { matches: matches.map(key), included: included.map(key).sort() };
}

const MR_MEDICATION = '_include=MedicationRequest:medication';

describe('_include: which referenced resources a search adds', () => {
  test.each([
    [
      'two orders naming the same Medication include it once',
      `/MedicationRequest?_id=incl-mr-1,incl-mr-2&${MR_MEDICATION}`,
      ['Medication/incl-med-a'],
    ],
    ['without _include, no Medication comes back', '/MedicationRequest?_id=incl-mr-1,incl-mr-2', []],
    ['a contained (#c1) Medication is not included', `/MedicationRequest?_id=incl-mr-3&${MR_MEDICATION}`, []],
    [
      'a Medication the store lacks is left out, without error',
      `/MedicationRequest?_id=incl-mr-4&${MR_MEDICATION}`,
      [],
    ],
    [
      'an absolute reference on this server is included',
      `/MedicationRequest?_id=incl-mr-5&${MR_MEDICATION}`,
      ['Medication/incl-med-b'],
    ],
    ["another server's URL is not resolved here", `/MedicationRequest?_id=incl-mr-7&${MR_MEDICATION}`, []],
    ['a coded medication references nothing', `/MedicationRequest?_id=incl-mr-6&${MR_MEDICATION}`, []],
    [
      'the Source:param:Target form',
      '/MedicationRequest?_id=incl-mr-1&_include=MedicationRequest:medication:Medication',
      ['Medication/incl-med-a'],
    ],
    [
      "a patient's active orders include each stand-alone Medication once",
      `/MedicationRequest?patient=${PATIENT}&status=active&${MR_MEDICATION}`,
      ['Medication/incl-med-a', 'Medication/incl-med-b'],
    ],
    [
      'a MedicationStatement search with MedicationStatement:medication',
      `/MedicationStatement?patient=${PATIENT}&status=active,on-hold,completed,stopped,not-taken,unknown&_include=MedicationStatement:medication`,
      ['Medication/incl-med-b'],
    ],
    [
      'DiagnosticReport:result includes the result Observations',
      `/DiagnosticReport?patient=${PATIENT}&_include=DiagnosticReport:result`,
      ['Observation/incl-obs-1', 'Observation/incl-obs-2'],
    ],
    [
      'DeviceUseStatement:device includes the Device',
      `/DeviceUseStatement?patient=${PATIENT}&_include=DeviceUseStatement:device`,
      ['Device/incl-dev-1'],
    ],
    [
      'several _include parameters add up',
      `/MedicationRequest?_id=incl-mr-1&${MR_MEDICATION}&_include=MedicationRequest:subject`,
      ['Medication/incl-med-a', `Patient/${PATIENT}`],
    ],
    [
      'a referenced resource that is itself a match is not repeated',
      '/Observation?_id=incl-obs-1,incl-obs-2&_include=Observation:has-member',
      [],
    ],
  ])('%s', async (_name, path, expected) => {
    const { status, body } = await get(path);
    expect(status).toBe(200);
    const type = path.slice(1).split('?')[0]!;
    const { matches, included } = readPage(body, type);
    expect(matches.length).toBeGreaterThan(0);
    expect(body.total).toBe(matches.length);
    expect(included).toEqual([...expected].sort());
  });

  test('POST _search with a form body includes as GET does (the CDS Hooks Sandbox fills prefetch so)', async () => {
    const query = `patient=${PATIENT}&status=active&${MR_MEDICATION}`;
    const viaGet = await get(`/MedicationRequest?${query}`);
    const viaPost = await get('/MedicationRequest/_search', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(query).toString(),
    });
    expect(viaPost.status).toBe(200);
    expect(readPage(viaPost.body, 'MedicationRequest')).toEqual(readPage(viaGet.body, 'MedicationRequest'));
  });

  test('a search inside a batch includes too', async () => {
    const { status, body } = await get('', {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'batch',
        entry: [{ request: { method: 'GET', url: `MedicationRequest?_id=incl-mr-1&${MR_MEDICATION}` } }],
      }),
    });
    expect(status).toBe(200);
    const searchset = body.entry?.[0]?.resource as Bundle;
    expect(byMode(searchset, 'include').map(key)).toEqual(['Medication/incl-med-a']);
  });
});

describe('_include with paging and sorting', () => {
  test('next links keep _include, and each page includes what its own matches reference', async () => {
    let url: string | undefined =
      `${sandbox.baseUrl}/MedicationRequest?patient=${PAGED}&_sort=authoredon&_count=2&${MR_MEDICATION}`;
    const pages: { matches: string[]; included: string[] }[] = [];
    while (url) {
      expect(new URL(url).searchParams.getAll('_include')).toEqual(['MedicationRequest:medication']);
      const { body }: { body: Bundle } = await get(url);
      expect(body.total).toBe(PAGED_ORDERS.length);
      pages.push(readPage(body, 'MedicationRequest'));
      url = body.link?.find((l) => l.relation === 'next')?.url;
      expect(pages.length).toBeLessThan(10);
    }
    const medicationOfOrder = new Map(PAGED_ORDERS.map(([o, m]) => [`MedicationRequest/${o}`, `Medication/${m}`]));
    expect(pages.map((p) => p.matches)).toEqual([
      ['MedicationRequest/incl-p0', 'MedicationRequest/incl-p1'],
      ['MedicationRequest/incl-p2', 'MedicationRequest/incl-p3'],
      ['MedicationRequest/incl-p4'],
    ]);
    for (const page of pages) {
      expect(page.included).toEqual([...new Set(page.matches.map((m) => medicationOfOrder.get(m)!))].sort());
    }
  });
});

describe('_include forms the sandbox refuses', () => {
  test.each([
    ['_revinclude', `/Patient?_id=${PATIENT}&_revinclude=MedicationRequest:subject`, '_revinclude'],
    ['_include=*', '/MedicationRequest?_id=incl-mr-1&_include=*', '_include=*'],
    ['_include=MedicationRequest:*', '/MedicationRequest?_id=incl-mr-1&_include=MedicationRequest:*', '_include='],
    [
      '_include:iterate',
      '/MedicationRequest?_id=incl-mr-1&_include:iterate=MedicationRequest:medication',
      '_include:iterate',
    ],
    [
      'a token parameter (code)',
      '/MedicationRequest?_id=incl-mr-1&_include=MedicationRequest:code',
      'not a reference search parameter',
    ],
    [
      'an unknown parameter',
      '/MedicationRequest?_id=incl-mr-1&_include=MedicationRequest:colour',
      'not a reference search parameter',
    ],
    [
      'another source type',
      '/MedicationRequest?_id=incl-mr-1&_include=MedicationStatement:medication',
      'the source type must be the searched type',
    ],
    [
      'a target type the parameter cannot reference',
      '/MedicationRequest?_id=incl-mr-1&_include=MedicationRequest:medication:Patient',
      'does not reference Patient',
    ],
    ['a value without a parameter', '/MedicationRequest?_id=incl-mr-1&_include=MedicationRequest', '_include='],
  ])('%s answers 400 with an OperationOutcome naming it', async (_name, path, named) => {
    const { status, body } = await get<OperationOutcome>(path);
    expect(status).toBe(400);
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0]).toMatchObject({ severity: 'error', code: 'not-supported' });
    expect(body.issue[0]?.diagnostics).toContain(named);
  });
});

describe('CapabilityStatement', () => {
  test('lists searchInclude for the reference parameters, and no searchRevInclude', async () => {
    const { body } = await get<CapabilityStatement>('/metadata');
    const resources = body.rest![0]!.resource!;
    const includesOf = (type: string) => resources.find((r) => r.type === type)?.searchInclude ?? [];
    expect(includesOf('MedicationRequest')).toEqual(expect.arrayContaining(['MedicationRequest:medication']));
    expect(includesOf('MedicationStatement')).toEqual(expect.arrayContaining(['MedicationStatement:medication']));
    expect(includesOf('DiagnosticReport')).toEqual(expect.arrayContaining(['DiagnosticReport:result']));
    expect(includesOf('MedicationRequest')).not.toContain('MedicationRequest:code');
    for (const r of resources) {
      expect(r.searchRevInclude).toBeUndefined();
      for (const value of r.searchInclude ?? []) expect(value.startsWith(`${r.type}:`)).toBe(true);
    }
  });
});
