import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { loadPatientRecord } from '../fhir/record-loader.js';
import { loadResources } from '../sandbox/fhir/sandbox-fhir.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * The service's read of stand-alone Medications: with `_include=MedicationRequest:medication`
 * honoured, the Medication comes with the orders and no `Medication?_id=` round follows.
 * https://hl7.org/fhir/R4/search.html#include
 */

const PATIENT = 'incl-rounds-1';
const MEDICATION = 'incl-rounds-med';
const ORDERS = 'MedicationRequest?patient={{context.patientId}}&status=active';
const WITH_INCLUDE = `${ORDERS}&_include=MedicationRequest:medication`;

const RESOURCES = [
  { resourceType: 'Patient', id: PATIENT },
  { resourceType: 'Medication', id: MEDICATION, code: { text: 'NovoRapid FlexPen' } },
  {
    resourceType: 'MedicationRequest',
    id: 'incl-rounds-order',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${PATIENT}` },
    medicationReference: { reference: `Medication/${MEDICATION}` },
  },
] as FhirResource[];

let server: TestServer;
const fhirBase = () => `${server.baseUrl}/fhir`;

beforeAll(async () => {
  server = await startTestServer();
  await loadResources(server.composition.sandbox!.store, RESOURCES);
});
afterAll(async () => {
  await server.close();
});

describe('loadPatientRecord reads stand-alone Medications', () => {
  test.each([
    ['with _include honoured, in one round', WITH_INCLUDE, 1],
    ['without _include, in a second Medication?_id= round', ORDERS, 2],
  ])('from fhirServer only, %s', async (_name, template, rounds) => {
    const { record, stats } = await loadPatientRecord({
      patientId: PATIENT,
      templates: { medicationRequests: template },
      context: { patientId: PATIENT },
      access: () => ({ baseUrl: fhirBase() }),
      source: server.composition.deps.dataSource,
    });
    expect(stats.fhirRounds).toBe(rounds);
    expect(record.medications.get(`Medication/${MEDICATION}`)?.code?.text).toBe('NovoRapid FlexPen');
    expect(record.unresolvedMedications).toEqual([]);
    expect(record.resources.get('MedicationRequest')?.map((r) => r.id)).toEqual(['incl-rounds-order']);
  });

  test('from a prefetch the EHR filled with _include, with no FHIR round', async () => {
    const prefetch = await prefetchFromFhir(fhirBase(), { medicationRequests: WITH_INCLUDE }, PATIENT);
    const { record, stats } = await loadPatientRecord({
      patientId: PATIENT,
      templates: { medicationRequests: WITH_INCLUDE },
      context: { patientId: PATIENT },
      prefetch,
    });
    expect(stats.fhirRounds).toBe(0);
    expect(record.keySources).toEqual({ medicationRequests: 'prefetch' });
    expect(record.medications.has(`Medication/${MEDICATION}`)).toBe(true);
    expect(record.unresolvedMedications).toEqual([]);
  });
});
