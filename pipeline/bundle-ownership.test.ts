import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { patientResources } from './bundle-ownership.js';

const MRN = 'urn:oid:1.2.3.4';
const patient = (id: string, mrn?: string) =>
  ({
    resourceType: 'Patient',
    id,
    ...(mrn ? { identifier: [{ system: MRN, value: mrn }] } : {}),
  }) as FhirResource;
const a1c = (id: string, subject?: Record<string, unknown>) =>
  ({ resourceType: 'Observation', id, status: 'final', code: {}, ...(subject ? { subject } : {}) }) as FhirResource;

describe("which resources of a file are this patient's", () => {
  test.each<[string, FhirResource[], string[], string[]]>([
    ['a reference to the patient', [patient('p1'), a1c('o', { reference: 'Patient/p1' })], ['p1', 'o'], []],
    [
      'an identifier of the patient, with several patients in the file',
      [patient('p1', 'M1'), patient('p2', 'M2'), a1c('o', { identifier: { system: MRN, value: 'M1' } })],
      ['p1', 'o'],
      [],
    ],
    [
      "another patient's identifier: left out, and Observations prove nothing",
      [patient('p1', 'M1'), a1c('o', { identifier: { system: MRN, value: 'M2' } })],
      ['p1'],
      ['Observation'],
    ],
    ['a display alone', [patient('p1'), a1c('o', { display: 'DUPONT Jean' })], ['p1'], ['Observation']],
    // The evaluate CLI writes a reference to the Patient entry's fullUrl as Patient/<id>: one left
    // as it came points at someone the file does not show.
    [
      'a bundle reference (urn:uuid) no entry resolves to the Patient',
      [patient('p1'), a1c('o', { reference: 'urn:uuid:9f2c' })],
      ['p1'],
      ['Observation'],
    ],
    ['a Group', [patient('p1'), a1c('o', { reference: 'Group/registry-2026' })], ['p1'], ['Observation']],
    ['a contained Patient', [patient('p1'), a1c('o', { reference: '#p1' })], ['p1'], ['Observation']],
    [
      "a conditional reference by the Patient's own identifier",
      [patient('p1', '7734521'), a1c('o', { reference: `Patient?identifier=${MRN}|7734521` })],
      ['p1', 'o'],
      [],
    ],
    [
      'a conditional reference by identifier',
      [patient('p1'), a1c('o', { reference: 'Patient?identifier=urn:oid:1.2.250.1.71|7734512' })],
      ['p1'],
      ['Observation'],
    ],
    ['no patient field in a one-patient file', [patient('p1'), a1c('o')], ['p1', 'o'], []],
    ['no patient field beside two patients', [patient('p1'), patient('p2'), a1c('o')], ['p1'], []],
    ["another patient's reference", [patient('p1'), a1c('o', { reference: 'Patient/p2' })], ['p1'], []],
    [
      'a Medication, which no patient holds',
      [patient('p1'), patient('p2'), { resourceType: 'Medication', id: 'm' }],
      ['p1', 'm'],
      [],
    ],
  ])('%s', (_name, resources, ownIds, unowned) => {
    const { own, unowned: untied } = patientResources(resources, 'p1');
    expect(own.map((r) => r.id)).toEqual(ownIds);
    expect([...untied]).toEqual(unowned);
  });
});
