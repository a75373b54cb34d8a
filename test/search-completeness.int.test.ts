import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readSearchAnswer } from '../fhir/fhir-client/answer-reader.js';
import { InvalidPrefetchError, readPrefetchValue } from '../fhir/prefetch.js';
import { ERROR_CODE_SYSTEM } from '../hooks/errors.js';
import { parseCardsResponse } from './support/card-expectations.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/*
 * A search answer can say it lost results without a `next` link: `Bundle.total` above the matches
 * it holds, or an OperationOutcome entry (search mode `outcome`) with an error or a warning that
 * results were left out. Such an answer is partial, so no absence is read from it: a pump that
 * might be in the missing results keeps the pump card from firing (docs/clinical-rules.md,
 * "Unknown, never absent"; fhir/search-completeness.ts).
 */

const P = 'pump-positive-main';
const outcome = (severity: string, code: string) => ({
  search: { mode: 'outcome' },
  resource: { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics: 'from the EHR' }] },
});
const outcomeSaying = (severity: string, code: string, text: string) => ({
  search: { mode: 'outcome' },
  resource: { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] },
});
// A glucose sensor: a device that is known not to be a pump.
const device = {
  resourceType: 'Device',
  id: 'cgm',
  status: 'active',
  type: { text: 'FreeStyle Libre 2 sensor' },
  patient: { reference: `Patient/${P}` },
};
const searchset = (extra: Record<string, unknown>) => ({ resourceType: 'Bundle', type: 'searchset', ...extra });

const CASES: [string, boolean, Record<string, unknown>][] = [
  ['total 1, no entries', true, searchset({ total: 1 })],
  ['total 1, an empty entry list', true, searchset({ total: 1, entry: [] })],
  ['total 3, one match', true, searchset({ total: 3, entry: [{ resource: device, search: { mode: 'match' } }] })],
  ['total 0, no entries', false, searchset({ total: 0 })],
  [
    'total equal to the matches',
    false,
    searchset({ total: 1, entry: [{ resource: device, search: { mode: 'match' } }] }),
  ],
  ['no total, no entries', false, searchset({})],
  ['an outcome with an error', true, searchset({ entry: [outcome('error', 'exception')] })],
  ['an outcome with a fatal issue', true, searchset({ entry: [outcome('fatal', 'exception')] })],
  ['an outcome warning that results were suppressed', true, searchset({ entry: [outcome('warning', 'suppressed')] })],
  ['an outcome warning that the search was too costly', true, searchset({ entry: [outcome('warning', 'too-costly')] })],
  ['an informational outcome', false, searchset({ entry: [outcome('information', 'informational')] })],
  ['a warning about an ignored parameter', false, searchset({ entry: [outcome('warning', 'not-supported')] })],
  // The meaning in the words, under a generic code (a review of prefetch shapes, 2026-12-07).
  [
    'a processing warning "Additional data may be present for patient"',
    true,
    searchset({ entry: [outcomeSaying('warning', 'processing', 'Additional data may be present for patient')] }),
  ],
  [
    'an informational issue "Some results have been suppressed"',
    true,
    searchset({ entry: [outcomeSaying('information', 'informational', 'Some results have been suppressed')] }),
  ],
  [
    'an informational issue "Données masquées (confidentialité)"',
    true,
    searchset({ entry: [outcomeSaying('information', 'informational', 'Données masquées (confidentialité)')] }),
  ],
  [
    'an informational issue about paging',
    false,
    searchset({ entry: [outcomeSaying('information', 'informational', 'Results sorted by date, 50 per page')] }),
  ],
];

describe('a prefetch search Bundle that says results are missing is partial', () => {
  test.each(CASES)('%s → partial: %s', (_name, partial, bundle) => {
    const read = readPrefetchValue({ devices: bundle }, 'devices', 'Device', P);
    expect(read).toMatchObject({ state: 'data', partial });
  });

  test('a search key sent as one resource instead of a Bundle may be the first of several: partial', () => {
    expect(readPrefetchValue({ devices: device }, 'devices', 'Device', P)).toMatchObject({
      state: 'data',
      partial: true,
    });
    const patient = { resourceType: 'Patient', id: P };
    expect(readPrefetchValue({ patient }, 'patient', 'Patient', P)).toMatchObject({ state: 'data', partial: false });
  });

  test('a Patient with no id cannot be shown to be the patient: refused, naming the field', () => {
    const read = () =>
      readPrefetchValue({ patient: { resourceType: 'Patient', active: true } }, 'patient', 'Patient', P);
    expect(read).toThrow(InvalidPrefetchError);
    expect(() => read()).toThrow(expect.objectContaining({ field: 'prefetch.patient.id' }));
  });
});

describe('a FHIR server search answer that says results are missing', () => {
  test.each(CASES)('%s → results missing: %s', (_name, cut, bundle) => {
    const answer = readSearchAnswer(bundle, 'Device', 'the Device search');
    const missing = answer.incomplete === true || (answer.total !== undefined && answer.total > (answer.matches ?? 0));
    expect(missing).toBe(cut);
  });
});

let service: TestServer;
let prefetch: Record<string, unknown>;
beforeAll(async () => {
  service = await startTestServer();
  const discovery = (await (await fetch(`${service.baseUrl}/cds-services`)).json()) as {
    services: { id: string; prefetch: Record<string, string> }[];
  };
  const pump = discovery.services.find((s) => s.id === 'pump-evaluation')!;
  prefetch = await prefetchFromFhir(`${service.baseUrl}/fhir`, pump.prefetch, P);
});
afterAll(async () => {
  await service?.close();
});

async function call(body: Record<string, unknown>) {
  const res = await fetch(`${service.baseUrl}/cds-services/pump-evaluation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { userId: 'Practitioner/example', patientId: P },
      ...body,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the pump card over a devices search that lost results', () => {
  test.each(CASES)('%s (partial: %s): a card only when the search is whole', async (_name, partial, devices) => {
    const { status, body } = await call({ prefetch: { ...prefetch, devices } });
    expect(status).toBe(200);
    const cards = parseCardsResponse(body).cards;
    // The glucose sensor of the whole answers is not a pump: the card fires.
    expect(cards.map((c) => c.summary.startsWith('Consider insulin pump evaluation'))).toEqual(partial ? [] : [true]);
  });

  test('a prefetch key the request lacks, with no fhirServer: 412 naming the key', async () => {
    const rest = Object.fromEntries(Object.entries(prefetch).filter(([key]) => key !== 'devices'));
    const { status, body } = await call({ prefetch: rest });
    expect(status).toBe(412);
    expect(body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [
        {
          details: { coding: [{ system: ERROR_CODE_SYSTEM, code: 'data-unavailable' }] },
          expression: ['prefetch.devices'],
        },
      ],
    });
  });
});
